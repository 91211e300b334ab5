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

    /// <summary>The quad lengthened at its left and right ends by the given multiples of its height.</summary>
    public Quad Widen(float extendLeft, float extendRight)
    {
        if (extendLeft == 0 && extendRight == 0) return this;
        var dx = TopRight.X - TopLeft.X;
        var dy = TopRight.Y - TopLeft.Y;
        var len = MathF.Max(1f, MathF.Sqrt(dx * dx + dy * dy));
        var h = MathF.Sqrt((BottomLeft.X - TopLeft.X) * (BottomLeft.X - TopLeft.X) + (BottomLeft.Y - TopLeft.Y) * (BottomLeft.Y - TopLeft.Y));
        var (lx, ly) = (dx / len * extendLeft * h, dy / len * extendLeft * h);
        var (rx, ry) = (dx / len * extendRight * h, dy / len * extendRight * h);
        return new Quad(new PointF(TopLeft.X - lx, TopLeft.Y - ly), new PointF(TopRight.X + rx, TopRight.Y + ry),
            new PointF(BottomRight.X + rx, BottomRight.Y + ry), new PointF(BottomLeft.X - lx, BottomLeft.Y - ly));
    }

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
