namespace PlateWeb.Web.Features.Cameras;

/// <summary>A region of interest in percent of the frame (0..100), as the Cameras page edits it.</summary>
public readonly record struct RoiRect(double X, double Y, double Width, double Height)
{
    public static RoiRect WholeFrame { get; } = new(0, 0, 100, 100);

    /// <summary>
    /// The rectangle a drag gave, kept inside the frame and rounded to 0.1 % (a tenth of a percent of a 1920-pixel
    /// frame is two pixels: finer is noise of the hand). A region under 1 % wide or high becomes 1 %.
    /// </summary>
    public static RoiRect Clamped(double x, double y, double width, double height)
    {
        static double Round(double v) => Math.Round(v, 1, MidpointRounding.AwayFromZero);
        static double Finite(double v) => double.IsFinite(v) ? v : 0;
        x = Round(Math.Clamp(Finite(x), 0, 99));
        y = Round(Math.Clamp(Finite(y), 0, 99));
        width = Round(Math.Clamp(Finite(width), 1, 100 - x));
        height = Round(Math.Clamp(Finite(height), 1, 100 - y));
        return new RoiRect(x, y, width, height);
    }
}
