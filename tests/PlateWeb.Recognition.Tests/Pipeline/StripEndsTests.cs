using OpenCvSharp;
using PlateWeb.Recognition.Pipeline;

namespace PlateWeb.Recognition.Tests.Pipeline;

public sealed class StripEndsTests
{
    private const string Text = "HB12H";

    // Both end glyphs are H: cut anywhere, the part left in the strip still holds a full-height stem.
    private static readonly int TextWidth = Cv2.GetTextSize(Text, HersheyFonts.HersheySimplex, 1.4, 3, out _).Width;

    /// <summary>A 52 px strip with dark capitals about 30 px high whose first glyph starts at <paramref name="x"/>.</summary>
    private static Mat Strip(int width, int x)
    {
        var strip = new Mat(52, width, MatType.CV_8UC1, new Scalar(220));
        Cv2.PutText(strip, Text, new Point(x, 41), HersheyFonts.HersheySimplex, 1.4, new Scalar(30), 3, LineTypes.AntiAlias);
        return strip;
    }

    private static PlateStrip.CharLayout Band => new([(20f, 60f)], 11f, 42f);

    [Fact]
    public void GlyphCutByEnds_WholeText_NoEndIsCut()
    {
        using var strip = Strip(TextWidth + 40, 20);

        Assert.Equal((false, false), PlateStrip.GlyphCutByEnds(strip, Band, lightText: false));
    }

    [Fact]
    public void GlyphCutByEnds_LastGlyphPastTheRightEnd_RightIsCut()
    {
        // The strip stops in the middle of the final H.
        using var strip = Strip(20 + TextWidth - 12, 20);

        Assert.Equal((false, true), PlateStrip.GlyphCutByEnds(strip, Band, lightText: false));
    }

    [Fact]
    public void GlyphCutByEnds_FirstGlyphBeforeTheLeftEnd_LeftIsCut()
    {
        using var strip = Strip(TextWidth + 40, -12);

        Assert.Equal((true, false), PlateStrip.GlyphCutByEnds(strip, Band, lightText: false));
    }

    [Fact]
    public void GlyphCutByEnds_LightTextOnDark_JudgedOnTheInk()
    {
        using var dark = Strip(20 + TextWidth - 12, 20);
        using var strip = new Mat();
        Cv2.BitwiseNot(dark, strip);

        Assert.Equal((false, true), PlateStrip.GlyphCutByEnds(strip, Band, lightText: true));
    }
}
