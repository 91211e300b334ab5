namespace PlateWeb.Web.Features.Images;

/// <summary>A plate shown cropped from its stored picture: the browser crops, no image is re-encoded.</summary>
public static class PlateCrop
{
    /// <summary>The plate's bounds (its quad: x0, y0 … x3, y3) with a margin, as an SVG viewBox over the picture.</summary>
    public static string ViewBox(IReadOnlyList<float> q)
    {
        ArgumentNullException.ThrowIfNull(q);
        if (q.Count < 8) return "0 0 1 1";
        var xs = new[] { q[0], q[2], q[4], q[6] };
        var ys = new[] { q[1], q[3], q[5], q[7] };
        var margin = Math.Max(4, (ys.Max() - ys.Min()) * 0.3f);
        var x = Math.Max(0, xs.Min() - margin);
        var y = Math.Max(0, ys.Min() - margin);
        return FormattableString.Invariant($"{x:0.#} {y:0.#} {xs.Max() - xs.Min() + 2 * margin:0.#} {ys.Max() - ys.Min() + 2 * margin:0.#}");
    }
}
