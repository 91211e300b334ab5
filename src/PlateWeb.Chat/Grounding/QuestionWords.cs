namespace PlateWeb.Chat.Grounding;

/// <summary>
/// Words that only one of the two languages uses (folded: lower case, no accents), for the language of a
/// question, and so that "the 123 abc" is never taken for a plate written in lower case.
/// </summary>
internal static class QuestionWords
{
    public static readonly HashSet<string> French =
    [
        "combien", "quand", "quel", "quelle", "quels", "quelles", "plaque", "plaques", "vu", "vue", "vus", "vues", "fois", "depuis",
        "hier", "aujourd", "hui", "semaine", "mois", "dernier", "derniere", "derniers", "dernieres", "premier", "premiere", "est",
        "ce", "cette", "ces", "le", "la", "les", "des", "du", "de", "un", "une", "et", "ou", "qui", "que", "quoi", "pays", "bonjour",
        "salut", "bonsoir", "coucou", "merci", "aide", "explique", "expliquer", "avons", "avez", "ont", "nous", "vous", "je", "tu",
        "il", "elle", "pourquoi", "comment", "lu", "lue", "lues", "lecture", "lectures", "corrige", "corrigee", "corrigees", "corriges",
        "liste", "montre", "affiche", "donne", "entre", "avec", "sans", "pour", "par", "sur", "dans", "en", "au", "aux", "qu", "l",
        "d", "c", "j", "n", "moi", "toutes", "tous", "commencant", "commence", "sont", "etait", "ete", "fiable", "confiance", "jamais",
        "ai", "as", "peux", "sais", "faire", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "janvier",
        "fevrier", "avril", "juin", "juillet", "aout", "septembre", "octobre", "novembre", "decembre", "derniers", "jours", "nombre",
        "voiture", "vehicule", "immatriculation", "signifie", "ca", "cela", "y", "eu",
    ];

    public static readonly HashSet<string> English =
    [
        "how", "many", "much", "when", "what", "which", "where", "who", "why", "is", "was", "were", "are", "the", "of", "did", "do",
        "does", "we", "you", "i", "see", "seen", "saw", "plate", "plates", "times", "time", "since", "yesterday", "today", "last",
        "week", "month", "first", "country", "countries", "explain", "hello", "hi", "hey", "thanks", "thank", "help", "list", "show",
        "confidence", "confident", "read", "reads", "this", "that", "from", "with", "starting", "and", "or", "in", "at", "it", "have",
        "has", "been", "any", "all", "there", "can", "me", "my", "our", "your", "please", "tell", "about", "give", "get", "number",
        "often", "ever", "between", "corrected", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
        "sunday", "january", "february", "april", "june", "july", "august", "september", "october", "november", "december", "days",
        "sure", "start", "starts", "begin", "beginning", "car", "vehicle", "kind", "type", "mean", "did", "latest", "earliest", "to",
        "they", "these", "those", "would", "could", "should", "will", "for", "per", "any", "all", "top", "new", "old", "ago", "next",
    ];

    // Words both languages use, or that say nothing of the language.
    private static readonly HashSet<string> Neutral = ["a", "on", "format", "formats", "s", "t", "vs", "ok", "plate", "car", "bus"];

    public static bool IsWord(string folded) => French.Contains(folded) || English.Contains(folded) || Neutral.Contains(folded);
}
