using PlateWeb.Chat.Checking;
using PlateWeb.Chat.Checking.Rules;
using PlateWeb.Chat.Grounding;

namespace PlateWeb.Chat.Tests.Checking;

/// <summary>A camera the answer names must be one the facts (or the question) hold.</summary>
public sealed class CameraRuleTests
{
    private static readonly AnswerChecker Checker = FakeChatModel.Checker;

    private static GroundedQuestion Grounded(string language, string intent, string question, params string[] facts) =>
        new(question, language, intent, "2026-11-29 to 2026-11-29", new DateOnly(2026, 11, 29), facts.Select((f, i) => new GroundingFact(i + 1, f, [], null)).ToList())
        {
            Cameras = ["Gate", "Entrée", "Exit"],
        };

    private static readonly GroundedQuestion GateList = Grounded("en", Intents.List, "Which plates passed at camera Gate today?",
        "read #3: GH-456-JK at 2026-11-29 09:05, country FR (France), confidence 97%, camera Gate",
        "read #1: AB-123-CD at 2026-11-29 08:14, country FR (France), confidence 93%, camera Gate");

    private static readonly GroundedQuestion EntreeCount = Grounded("fr", Intents.Count, "Combien de lectures à la caméra Entrée aujourd'hui ?",
        "count: 2 reads at camera Entrée");

    private static string[] CameraProblems(GroundedQuestion grounded, string answer) =>
        Checker.Check(grounded, answer).Problems.Where(p => p.Detail.StartsWith("camera ", StringComparison.Ordinal)).Select(p => p.Detail).ToArray();

    [Theory]
    [InlineData("GH-456-JK passed camera Gate at 09:05 [1] and AB-123-CD at 08:14 [2].")]
    [InlineData("At the gate camera: GH-456-JK [1] and AB-123-CD [2].")]
    [InlineData("The camera caught GH-456-JK [1] and AB-123-CD [2].")]
    public void CameraTheFactsHold_Passes(string answer) => Assert.Empty(CameraProblems(GateList, answer));

    [Theory]
    [InlineData("GH-456-JK passed camera Exit [1] and AB-123-CD [2].", "camera Exit is in no fact")]
    [InlineData("GH-456-JK passed the Entrée [1] and AB-123-CD [2].", "camera Entrée is in no fact")]
    [InlineData("GH-456-JK passed camera North [1] and AB-123-CD [2].", "camera North is no camera of the history")]
    public void CameraTheFactsDoNotHold_Fails(string answer, string problem)
    {
        Assert.Contains(problem, CameraProblems(GateList, answer));
        Assert.False(Checker.Check(GateList, answer).Passed);
    }

    [Theory]
    [InlineData("La caméra Entrée a fait 2 lectures aujourd'hui [1].", true)]
    [InlineData("La caméra entree a fait 2 lectures aujourd'hui [1].", true)]
    [InlineData("La caméra Gate a fait 2 lectures aujourd'hui [1].", false)]
    [InlineData("La caméra Nord a fait 2 lectures aujourd'hui [1].", false)]
    public void CountTail_HoldsItsCamera(string answer, bool passes) => Assert.Equal(passes, CameraProblems(EntreeCount, answer).Length == 0);

    [Fact]
    public void CameraTheQuestionNames_MayBeRepeated()
    {
        var grounded = Grounded("en", Intents.Count, "How many reads at camera Exit today?", "count: 0 reads at camera Exit");

        Assert.Empty(CameraProblems(grounded, "No read at camera Exit today [1]."));
    }

    [Fact]
    public void FactReader_ReadsTheCameraOfAReadAndOfACount()
    {
        var values = Checker.Values;
        var read = FactReader.Read(new GroundingFact(1, "read #7: EF-458-GH at 2026-11-29 14:00, country FR (France), confidence 55%, corrected from EF-456-GH, camera Gate North", [], null), values);
        var count = FactReader.Read(new GroundingFact(2, "count: 2 reads at camera Gate North with confidence above 90%", [], null), values);

        Assert.Equal(("EF-456-GH", "Gate North"), (read.Detail, read.Camera));
        Assert.Equal((FactKind.Count, 2, "Gate North"), (count.Kind, count.Count, count.Camera));
        Assert.Equal(" at camera Gate North with confidence above 90%", count.Tail);
    }

    [Fact]
    public void Rule_IsRegistered() => Assert.Contains(typeof(CameraRule), Registered());

    private static IEnumerable<Type> Registered()
    {
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        services.AddAnswerCheck();
        return services.Where(s => s.ServiceType == typeof(IAnswerRule)).Select(s => s.ImplementationType!);
    }
}
