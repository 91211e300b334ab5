using PlateWeb.Chat.Model;

namespace PlateWeb.Chat.Tests.Model;

public sealed class AnswerTextTests
{
    [Fact]
    public void Push_GoesThroughTheStepsInOrder()
    {
        var text = new AnswerText([new Tagging("a"), new Tagging("b")]);

        Assert.Equal("x<a><b>", text.Push("x"));
    }

    [Fact]
    public void End_WhatAStepStillHolds_GoesThroughTheStepsAfterIt()
    {
        var text = new AnswerText([new QuoteHoldback(), new StopTextFilter(StopTextFilter.ChatMarkers)]);

        // The stop filter keeps "<" (a marker may follow); then the hold-back keeps "AB" (a plate may go on).
        Assert.Equal("x ", text.Push("x <"));
        Assert.Equal("", text.Push("AB"));

        // At the end the plate goes through the stop filter, after what that still held.
        Assert.Equal("<AB", text.End(cancelled: false));
    }

    [Fact]
    public void End_TextReleasedAtTheEnd_IsStillCutAtAStopText()
    {
        var text = new AnswerText([new HoldAll(), new StopTextFilter(["STOP"])]);

        Assert.Equal("", text.Push("x STOP y"));

        Assert.Equal("x ", text.End(cancelled: false));
        Assert.True(text.Stopped);
    }

    [Fact]
    public void Push_StopTextSplitOverPieces_StopsAndShowsNoneOfIt()
    {
        var text = GenerationSession.AnswerSteps(guard: null);

        var shown = text.Push("Seen 3 times [1].") + text.Push("<|im_") + text.Push("end|>more");

        Assert.Equal("Seen 3 times [1].", shown);
        Assert.True(text.Stopped);
        Assert.Equal("", text.End(cancelled: false));
    }

    [Fact]
    public void End_Cancelled_DropsAPlateButNotOtherHeldText()
    {
        var plate = new AnswerText([new QuoteHoldback(), new StopTextFilter(StopTextFilter.ChatMarkers)]);
        var marker = new AnswerText([new QuoteHoldback(), new StopTextFilter(StopTextFilter.ChatMarkers)]);

        Assert.Equal("Seen ", plate.Push("Seen 68 UFJ"));
        Assert.Equal("a ", marker.Push("a <"));

        Assert.Equal("", plate.End(cancelled: true));
        Assert.Equal("<", marker.End(cancelled: true));
    }

    /// <summary>Appends its tag to what it passes on.</summary>
    private sealed class Tagging(string tag) : IAnswerTextStep
    {
        public bool Stopped => false;

        public string Push(string text) => text + "<" + tag + ">";

        public string End(bool cancelled) => "";
    }

    /// <summary>Passes nothing on until the end.</summary>
    private sealed class HoldAll : IAnswerTextStep
    {
        private string _held = "";

        public bool Stopped => false;

        public string Push(string text)
        {
            _held += text;
            return "";
        }

        public string End(bool cancelled) => _held;
    }
}
