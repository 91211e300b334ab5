using PlateWeb.Chat.Model;

namespace PlateWeb.Chat.Tests.Model;

public sealed class QuoteGuardTests
{
    private static readonly QuoteGuard Guard = new(
        "Facts:\n[1] plate 68 UFJ 13: 12 reads, first 2026-11-20 13:49, last 2026-11-26 09:50, country FR (France)\nwhen did we see ab-123-cd?");

    [Theory]
    [InlineData("", "6")]                         // one character is never checked
    [InlineData("6", "8")]                        // "68" is in the facts
    [InlineData("68 UFJ 1", "3")]
    [InlineData("68 UFJ 13", " has")]             // the run ends at a lower-case word
    [InlineData("68 UFJ 13 ", "has")]
    [InlineData("68 UFJ 13", ":")]
    [InlineData("at 2026-11-26 at 09", ":")]      // digits alone may be part of a longer run (a time after a date)
    [InlineData("68 UF", "J")]                    // not ended yet
    [InlineData("68 UFJ 13 has 1", "2")]           // "12" is in the facts
    [InlineData("last seen on 2026-11-2", "6")]
    [InlineData("AB-123-C", "D")]                 // typed in lower case in the question
    [InlineData("The best", " ")]
    [InlineData("France (", "FR")]
    public void Allows_RunsThePromptHolds(string written, string piece) =>
        Assert.True(Guard.Allows(written, piece));

    [Theory]
    [InlineData("68 UFJ 1", "2")]                 // "68 UFJ 12" is not a plate of the facts
    [InlineData("6", "9")]
    [InlineData("last seen on 2026-11-2", "7")]
    [InlineData("Seen ", "XY")]                   // a multi-character piece is checked too
    [InlineData("Seen ", "ab XY")]
    [InlineData("AB-123", "-CE")]
    [InlineData("UFJ 1", "3")]
    [InlineData("68 UFJ", " has")]                // a plate cut short: "68 UFJ 13" goes on
    [InlineData("68 UFJ ", "has")]
    [InlineData("68 UFJ 1", "]")]                    // part of "68 UFJ 13", not a plate of the facts
    public void Refuses_RunsThePromptDoesNotHold(string written, string piece) =>
        Assert.False(Guard.Allows(written, piece));

    [Fact]
    public void Allows_ASeparatorThatMayStillEndTheRun()
    {
        // "68 UFJ 13 " is not in the facts ("13:" is), but the space may end the plate before a word.
        Assert.True(Guard.Allows("68 UFJ 13", " "));
        Assert.False(Guard.Allows("68 UFJ 13 ", "4"));
    }

    [Fact]
    public void Allows_EndingTheAnswer_OnlyAfterAWholePlate()
    {
        Assert.True(Guard.Allows("Seen 68 UFJ 13", QuoteGuard.End));
        Assert.False(Guard.Allows("Seen 68 UFJ", QuoteGuard.End));
        Assert.False(Guard.Allows("Seen 68 UFJ ", QuoteGuard.End));
    }

    [Fact]
    public void Holdback_ShowsAPlateOnlyOnceItIsOver()
    {
        var held = new QuoteHoldback();

        Assert.Equal("Seen ", held.Push("Seen 6"));
        Assert.Equal("", held.Push("8 UFJ"));
        Assert.Equal("68 UFJ 13 has", held.Push(" 13 has"));
        Assert.Equal(" ", held.Push(" JC-7"));
        Assert.Equal("", held.Flush(whole: false));
        Assert.Equal("", held.Flush(whole: true));

        held.Push("at 09:5");
        Assert.Equal("5", held.Flush(whole: true));
    }
}
