using PlateWeb.Chat.Grounding;

namespace PlateWeb.Chat.Checking.Rules;

/// <summary>
/// The answer is in the question's language (<c>Language:</c>): words only English or only French use are
/// counted, and the other language must not win. While the answer is written it takes a clearer lead to fail.
/// </summary>
public sealed class LanguageRule : IAnswerRule
{
    private static readonly HashSet<string> English =
    [
        "the", "was", "were", "is", "are", "has", "have", "had", "seen", "read", "reads", "times", "time", "of", "from", "and", "not",
        "data", "with", "last", "first", "that", "there", "it", "its", "in", "at", "corrected", "best", "country", "plates", "plate",
        "latest", "all", "none", "been", "out", "also", "can", "be", "as", "for", "yes", "no", "unknown", "which", "this", "seen",
        "reading", "readings", "confidence", "ask", "me", "about", "what", "when", "never", "only", "one", "once", "into", "any",
    ];

    private static readonly HashSet<string> French =
    [
        "le", "la", "les", "ete", "vue", "vues", "vu", "lue", "lues", "fois", "lecture", "lectures", "de", "du", "des", "est", "et",
        "pas", "dans", "donnees", "pour", "derniere", "premiere", "compte", "plaques", "plaque", "aucune", "aucun", "elle", "il",
        "sur", "au", "aux", "une", "un", "corrigee", "corrigees", "partir", "peut", "aussi", "se", "lire", "ce", "n", "l", "d", "qu",
        "immatriculee", "meilleure", "confiance", "pays", "inconnu", "oui", "non", "tout", "en", "y", "depuis", "jamais", "seule",
        "posez", "moi", "vos", "questions", "sont", "ne", "lu", "entre",
    ];

    public void Check(CheckInput input, string answer, bool final, ICollection<AnswerProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(problems);
        int english = 0, french = 0;
        // Plates, codes and format patterns ("SL 414 Y", "(FR)", "AA-123-AA") are in no language: words with a small letter only.
        var words = string.Join(' ', answer.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Where(t => t.Any(char.IsLower)));
        foreach (var word in TextFolding.Fold(words).Split([' ', '\'', '-'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (English.Contains(word)) english++;
            if (French.Contains(word)) french++;
        }
        var (right, wrong) = input.Language == "fr" ? (french, english) : (english, french);
        var fails = final ? wrong >= 2 && wrong > right : wrong >= 4 && wrong > 2 * right;
        if (fails)
        {
            problems.Add(new AnswerProblem(AnswerProblemKind.WrongLanguage, $"{wrong} words of the other language, {right} of {input.Language}"));
        }
    }
}
