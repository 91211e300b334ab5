using PlateWeb.Chat.Model;

namespace PlateWeb.Chat.Tests.Model;

public sealed class StopTextFilterTests
{
    [Fact]
    public void Push_MarkerSplitOverTokens_NeverShowsAnyOfIt()
    {
        var filter = new StopTextFilter(StopTextFilter.ChatMarkers);

        var shown = filter.Push("Seen 3 times [1].") + filter.Push("<|im") + filter.Push("_end") + filter.Push("|>\n<|im_start|>user");

        Assert.Equal("Seen 3 times [1].", shown);
        Assert.True(filter.Stopped);
        Assert.Equal(string.Empty, filter.Flush());
    }

    [Fact]
    public void Push_TextThatOnlyLooksLikeAMarkerStart_IsReleasedOnceItCannotBeOne()
    {
        var filter = new StopTextFilter(StopTextFilter.ChatMarkers);

        Assert.Equal("a ", filter.Push("a <"));
        Assert.Equal("<b", filter.Push("b"));
        Assert.False(filter.Stopped);
    }

    [Fact]
    public void Flush_AtTheEnd_ReleasesWhatWasHeldBack()
    {
        var filter = new StopTextFilter(StopTextFilter.ChatMarkers);

        Assert.Equal("x ", filter.Push("x <|"));

        Assert.Equal("<|", filter.Flush());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void End_ReleasesAHeldPrefix_EvenWhenCancelled(bool cancelled)
    {
        var filter = new StopTextFilter(StopTextFilter.ChatMarkers);
        filter.Push("a </");

        Assert.Equal("</", filter.End(cancelled));
    }

    [Fact]
    public void Push_EarliestOfSeveralStopTexts_CutsThere()
    {
        var filter = new StopTextFilter(StopTextFilter.ChatMarkers);

        Assert.Equal("ok", filter.Push("ok</s><|im_end|>"));
        Assert.True(filter.Stopped);
        Assert.Equal("", filter.Push("more"));
    }
}
