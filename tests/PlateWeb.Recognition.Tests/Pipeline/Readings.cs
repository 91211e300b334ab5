using PlateWeb.Recognition.Ocr;

namespace PlateWeb.Recognition.Tests.Pipeline;

/// <summary>Plate reader outputs built by hand, for the passes that decode them.</summary>
internal static class Readings
{
    private const int Classes = PlateReader.Blank + 1;

    /// <summary>
    /// Network outputs for one character per three steps (blank, character, character): each step's top
    /// class, and optionally a runner-up holding <c>Share</c> of the probability with it; the kind of
    /// plate is <paramref name="region"/>, an index of <see cref="PlateReader.Regions"/> (3: Brazilian).
    /// </summary>
    public static PlateReading Of((char Top, char? Alt, float TopShare)[] characters, int region = 3)
    {
        const int t = PlateReader.Steps;
        var raw = new float[t * Classes + PlateReader.Regions.Count];
        for (var step = 0; step < t; step++)
        {
            var i = step / 3 - 1;
            if (step % 3 == 0 || i < 0 || i >= characters.Length)
            {
                raw[PlateReader.Blank * t + step] = 10f;
                continue;
            }
            var (top, alt, share) = characters[i];
            raw[PlateReader.Classes.IndexOf(top) * t + step] = 10f;
            if (alt is { } a)
            {
                // Softmax: the runner-up's logit for a top share of `share` between the two.
                raw[PlateReader.Classes.IndexOf(a) * t + step] = 10f + MathF.Log((1 - share) / share);
            }
        }
        raw[t * Classes + region] = 5f;
        return PlateReading.FromLogits(raw);
    }
}
