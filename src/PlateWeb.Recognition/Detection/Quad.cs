namespace PlateWeb.Recognition.Detection;

/// <summary>A point in image pixel coordinates.</summary>
public readonly record struct PointF(float X, float Y);

/// <summary>Four corners in image coordinates: top-left, top-right, bottom-right, bottom-left (reading order of the plate).</summary>
public sealed record Quad(PointF TopLeft, PointF TopRight, PointF BottomRight, PointF BottomLeft)
{
    public IReadOnlyList<PointF> Points => [TopLeft, TopRight, BottomRight, BottomLeft];

    public (float X, float Y, float Width, float Height) Bounds
    {
        get
        {
            var xs = Points.Select(p => p.X).ToArray();
            var ys = Points.Select(p => p.Y).ToArray();
            return (xs.Min(), ys.Min(), xs.Max() - xs.Min(), ys.Max() - ys.Min());
        }
    }

    public Quad Scale(float factor) => new(
        new PointF(TopLeft.X * factor, TopLeft.Y * factor), new PointF(TopRight.X * factor, TopRight.Y * factor),
        new PointF(BottomRight.X * factor, BottomRight.Y * factor), new PointF(BottomLeft.X * factor, BottomLeft.Y * factor));

    /// <summary>Intersection over union of the axis-aligned bounds of two quads.</summary>
    public static float BoundsIoU((float X, float Y, float Width, float Height) a, (float X, float Y, float Width, float Height) b)
    {
        var ix = Math.Max(0, Math.Min(a.X + a.Width, b.X + b.Width) - Math.Max(a.X, b.X));
        var iy = Math.Max(0, Math.Min(a.Y + a.Height, b.Y + b.Height) - Math.Max(a.Y, b.Y));
        var inter = ix * iy;
        var union = a.Width * a.Height + b.Width * b.Height - inter;
        return union <= 0 ? 0 : inter / union;
    }
}
