namespace PlateWeb.Web.Features.Upload;

/// <summary>Where a plate's text is written over the picture: its left edge and baseline, in image pixels.</summary>
public readonly record struct LabelPlace(float X, float Y);

/// <summary>
/// Places the plate texts over a picture so that no two overlap: each goes just above its plate,
/// else just below, else one line further up or down at a time; always inside the picture. Two cars
/// side by side in a car park have their plates at the same height, and their texts would otherwise
/// be written over each other.
/// </summary>
public static class PlateLabels
{
    /// <summary>Label height in image pixels: readable whatever the picture's size.</summary>
    public static int Size(int imageHeight) => Math.Max(14, imageHeight / 22);

    // Width of one bold monospace character, as a share of the font size (with the outline).
    private const float CharWidth = 0.62f;

    public static IReadOnlyList<LabelPlace> Place(IReadOnlyList<PlateView> plates, int imageWidth, int imageHeight)
    {
        ArgumentNullException.ThrowIfNull(plates);
        var size = Size(imageHeight);
        var taken = new List<(float X, float Top, float W, float H)>();
        var places = new List<LabelPlace>(plates.Count);
        foreach (var plate in plates)
        {
            var xs = Enumerable.Range(0, plate.Quad.Count / 2).Select(i => plate.Quad[2 * i]).ToList();
            var ys = Enumerable.Range(0, plate.Quad.Count / 2).Select(i => plate.Quad[2 * i + 1]).ToList();
            var w = Math.Max(1, plate.Text.Length) * size * CharWidth;
            var x = Math.Clamp(xs.Count == 0 ? 0 : xs.Min(), 0, Math.Max(0, imageWidth - w));
            var above = (ys.Count == 0 ? size : ys.Min()) - size * 0.3f;
            var below = (ys.Count == 0 ? size : ys.Max()) + size;
            var chosen = Candidates(above, below, size)
                .Where(y => y - size >= 0 && y <= imageHeight)
                .Select(y => (float?)y)
                .FirstOrDefault(y => !taken.Any(t => Overlaps(t, (x, y!.Value - size, w, size * 1.2f))))
                ?? Math.Clamp(above, size, imageHeight);
            taken.Add((x, chosen - size, w, size * 1.2f));
            places.Add(new LabelPlace(x, chosen));
        }
        return places;
    }

    /// <summary>Above, below, then a line further up, a line further down…</summary>
    private static IEnumerable<float> Candidates(float above, float below, int size)
    {
        yield return above;
        yield return below;
        for (var k = 1; k <= 12; k++)
        {
            yield return above - k * size * 1.2f;
            yield return below + k * size * 1.2f;
        }
    }

    private static bool Overlaps((float X, float Top, float W, float H) a, (float X, float Top, float W, float H) b) =>
        a.X < b.X + b.W && b.X < a.X + a.W && a.Top < b.Top + b.H && b.Top < a.Top + a.H;
}
