using PlateWeb.Chat.Evaluation;

namespace PlateWeb.Chat.Tests;

public sealed class EvalQuestionTests
{
    [Fact]
    public void ReadJsonl_FollowUpAndGroups()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(path,
            [
                """{"lang": "en", "today": "2026-11-29", "question": "And last week?", "previous": "How many reads this week?", "kind": "fact", "expect": ["126"], "category": "follow_up", "intent": "count"}""",
                """{"lang": "fr", "today": "2026-11-29", "question": "Combien ?", "kind": "fact", "expect": ["3"], "intent": "count"}""",
                """{"lang": "fr", "today": "2026-11-29", "question": "Qui conduit ?", "kind": "nofacts", "expect": [], "intent": "unknown"}""",
            ]);

            var questions = EvalQuestion.ReadJsonl(path);

            Assert.Equal(("How many reads this week?", "follow_up"), (questions[0].Previous, questions[0].Group));
            Assert.Equal((null, "generated: count"), (questions[1].Previous, questions[1].Group));
            Assert.Equal("generated: nofacts", questions[2].Group);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ReadJsonl_EmptyPrevious_IsRefused()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, """{"lang": "en", "today": "2026-11-29", "question": "And?", "previous": " ", "kind": "fact", "expect": []}""" + "\n");

            Assert.Contains("\"previous\" is empty", Assert.Throws<FormatException>(() => EvalQuestion.ReadJsonl(path)).Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
