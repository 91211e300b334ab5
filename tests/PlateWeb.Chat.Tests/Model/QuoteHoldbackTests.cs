using PlateWeb.Chat.Model;

namespace PlateWeb.Chat.Tests.Model;

public sealed class QuoteHoldbackTests
{
    [Theory]
    [InlineData("Seen AB-1", "Seen ")]            // a plate being written is held
    [InlineData("Seen at 09:5", "Seen at 09:")]   // so are the digits of a time
    [InlineData("the car ", "the car ")]          // plain words and spaces go out at once
    [InlineData("The", "The")]                    // a run that ends in lower case is over
    [InlineData("seen 3 - ", "seen ")]            // separators after a run stay with it
    public void Push_ShowsAllButTheRunItEndsWith(string text, string shown) =>
        Assert.Equal(shown, new QuoteHoldback().Push(text));

    [Fact]
    public void End_AnswerThatMayEndHere_ShowsTheHeldPlate()
    {
        var held = new QuoteHoldback(() => true);
        held.Push("Seen JC-792-PQ");

        Assert.Equal("JC-792-PQ", held.End(cancelled: false));
    }

    [Fact]
    public void End_InTheMiddleOfAPlate_LeavesItOut()
    {
        var held = new QuoteHoldback(() => false);
        held.Push("Seen JC-792");

        Assert.Equal("", held.End(cancelled: false));
    }

    [Fact]
    public void End_Cancelled_LeavesThePlateOutWithoutAskingTheGuard()
    {
        var asked = false;
        var held = new QuoteHoldback(() => asked = true);
        held.Push("Seen JC-792-PQ");

        Assert.Equal("", held.End(cancelled: true));
        Assert.False(asked);
    }

    [Fact]
    public void End_EmptiesWhatIsHeld()
    {
        var held = new QuoteHoldback();
        held.Push("Seen AB");
        held.End(cancelled: false);

        Assert.Equal("", held.End(cancelled: false));
        Assert.False(held.Stopped);
    }
}
