using OpenCvSharp;

namespace PlateWeb.Recognition.Tests.Ocr;

/// <summary>Renders synthetic plate-like text lines: black Hershey glyphs on white with a margin.</summary>
internal static class PlateImages
{
    public static Mat RenderLine(
        string text,
        HersheyFonts font = HersheyFonts.HersheyDuplex,
        double scale = 2.0,
        int thickness = 3,
        int margin = 30)
    {
        var size = Cv2.GetTextSize(text, font, scale, thickness, out var baseline);
        var image = new Mat(size.Height + baseline + 2 * margin, size.Width + 2 * margin, MatType.CV_8UC1, Scalar.All(255));
        Cv2.PutText(image, text, new Point(margin, margin + size.Height), font, scale, Scalar.All(0), thickness, LineTypes.AntiAlias);
        return image;
    }
}
