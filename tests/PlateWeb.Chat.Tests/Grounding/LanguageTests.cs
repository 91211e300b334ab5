using PlateWeb.Recognition.Grammar;
using PlateWeb.Chat.Grounding;

namespace PlateWeb.Chat.Tests.Grounding;

public sealed class LanguageTests
{
    private static readonly QuestionAnalyzer Analyzer = new(new PlateGrammar(), QueryRegistry.Default);

    [Theory]
    [InlineData("Hier ?", "fr")]
    [InlineData("Hier?", "fr")]
    [InlineData("Yesterday?", "en")]
    [InlineData("Combien ?", "fr")]
    [InlineData("Et AB-123-CD", "fr")]
    [InlineData("And AB-123-CD", "en")]
    [InlineData("Ça marche ?", "fr")]
    [InlineData("Merci", "fr")]
    [InlineData("Thanks", "en")]
    [InlineData("Plaques allemandes", "fr")]
    [InlineData("German plates", "en")]
    [InlineData("AB-123-CD", "en")]
    [InlineData("Quand a-t-on vu DE-123-LA ?", "fr")] // plate letters are not words
    [InlineData("When did we see LE-123-ET?", "en")]
    [InlineData("Aujourd’hui", "fr")]
    [InlineData("Combien de plates today in French?", "en")]
    [InlineData("Answer in French: how many plates?", "en")]
    public void Language_ShortOrMixedQuestions(string question, string language) =>
        Assert.Equal(language, Analyzer.Analyze(question, new DateOnly(2026, 11, 29), hasContext: false).Language);

    [Theory]
    [InlineData("Did we see AB-123-CD and B-MW 1234?", new[] { "AB123CD", "BMW1234" })]
    [InlineData("Quand a-t-on vu d'AB123CD ?", new[] { "AB123CD" })]
    [InlineData("Is 123 ABC 45 here?", new[] { "123ABC45" })]
    [InlineData("AB-123-CD ET XY-456-ZT", new[] { "AB123CD", "XY456ZT" })]
    [InlineData("How many plates in the last 7 days since 2026-11-23?", new string[0])]
    [InlineData("Plates starting with AB12?", new string[0])]
    [InlineData("How many times did ea 422 eb show up?", new[] { "EA422EB" })]
    [InlineData("combien de fois b mw 1234 ?", new[] { "BMW1234" })]
    [InlineData("how many sightings of ger-bl 79 are there?", new[] { "GERBL79" })]
    [InlineData("How many plates over the past 30 days?", new string[0])]
    [InlineData("Quelles plaques en mars 2025 ?", new string[0])]
    [InlineData("Plates in 2026 and 2027?", new string[0])]
    public void Plates_FoundInTheQuestion(string question, string[] plates) =>
        Assert.Equal(plates, Analyzer.Analyze(question, new DateOnly(2026, 11, 29), hasContext: false).Plates.Select(p => p.Normalized).ToArray());
}
