using PlateWeb.Data.Storage;

namespace PlateWeb.Data.Tests;

public sealed class FileNamesTests
{
    [Theory]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("..\\..\\windows\\system.ini", "system.ini")]
    [InlineData("car\u0000\u0007\u001b[31m.jpg", "car[31m.jpg")]
    [InlineData("line\nbreak\u2028.png", "linebreak.png")]
    [InlineData("Café Ünïcode 車 🚗.jpg", "Café Ünïcode 車 🚗.jpg")]
    [InlineData("..", "upload")]
    [InlineData("", "upload")]
    [InlineData(null, "upload")]
    public void Clean_HostileNames_KeepOnlyAPrintableLastSegment(string? given, string expected) =>
        Assert.Equal(expected, FileNames.Clean(given));

    [Fact]
    public void Clean_VeryLongName_IsCutWithoutSplittingAnEmoji()
    {
        var name = new string('a', 199) + "🚗🚗.jpg";

        var cleaned = FileNames.Clean(name);

        Assert.Equal(199, cleaned.Length);
        Assert.False(char.IsHighSurrogate(cleaned[^1]));
    }
}
