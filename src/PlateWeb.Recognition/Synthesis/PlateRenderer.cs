using OpenCvSharp;
using PlateWeb.Recognition.Detection;

namespace PlateWeb.Recognition.Synthesis;

/// <summary>The look of a rendered plate.</summary>
public enum PlateStyle
{
    /// <summary>White plate, blue EU band on the left with a country letter.</summary>
    Eu,
    /// <summary>White plate with a small coloured state name above dark-blue characters.</summary>
    Us,
    /// <summary>Brazil since 2018: white plate, blue top band with "BRASIL".</summary>
    BrazilMercosul,
    /// <summary>Brazil before 2018: grey plate with a small town name on top.</summary>
    BrazilOld,
    /// <summary>Yellow rear plate (UK, NL), no band.</summary>
    Yellow,
    /// <summary>Square white plate with two lines of characters (motorcycles, some imports); '/' in the text splits the lines.</summary>
    TwoLine,
}

/// <summary>A plate to render: the characters as printed (spaces and dashes allowed; '/' starts a second line) and a style.</summary>
public sealed record SyntheticPlate(string Text, PlateStyle Style, string BandLabel = "F");

/// <summary>Where a plate goes in a scene and how it is seen.</summary>
/// <param name="CenterX">Plate centre, in scene pixels.</param>
/// <param name="CenterY">Plate centre, in scene pixels.</param>
/// <param name="Width">Plate width in scene pixels before perspective.</param>
/// <param name="RotationDeg">In-plane rotation, degrees, positive = clockwise.</param>
/// <param name="Yaw">Perspective squeeze of the right edge relative to the left (0 = frontal, 0.2 = right edge 20 % shorter).</param>
public sealed record ScenePlacement(SyntheticPlate Plate, float CenterX, float CenterY, float Width,
    float RotationDeg = 0, float Yaw = 0);

/// <summary>A whole picture: size, plates and degradations.</summary>
public sealed record SceneSpec(int Width, int Height, IReadOnlyList<ScenePlacement> Plates,
    float BlurSigma = 0, float NoiseSigma = 0, int Seed = 1);

/// <summary>A rendered scene with the true quad of every plate. Owns its image.</summary>
public sealed class SyntheticScene(Mat image, IReadOnlyList<(string Text, Quad Quad)> truth) : IDisposable
{
    public Mat Image { get; } = image;
    public IReadOnlyList<(string Text, Quad Quad)> Truth { get; } = truth;

    /// <summary>The scene encoded as an image file (".jpg", ".png", ".bmp", ".webp").</summary>
    public byte[] Encode(string extension = ".png") => Image.ImEncode(extension);

    public void Dispose() => Image.Dispose();
}

/// <summary>
/// Draws plates with OpenCV's built-in vector font so that tests, samples and the "Try a sample"
/// button have real pictures without shipping anybody's photos or fonts.
/// </summary>
public static class PlateRenderer
{
    // Proportions of a 520 × 110 mm EU plate with 75 mm characters.
    private const double AspectEu = 520.0 / 110.0;

    private static double Aspect(PlateStyle style) => style switch
    {
        PlateStyle.Us => 2.0,
        PlateStyle.BrazilMercosul or PlateStyle.BrazilOld => 3.1,
        PlateStyle.TwoLine => 1.45, // 280 × 200 mm square plates; motorcycle plates are close
        _ => AspectEu,
    };

    /// <summary>Renders one flat plate, <paramref name="height"/> pixels high, as BGR.</summary>
    public static Mat RenderPlate(SyntheticPlate plate, int height = 110)
    {
        var width = (int)Math.Round(height * Aspect(plate.Style));
        var background = plate.Style switch
        {
            PlateStyle.BrazilOld => new Scalar(175, 175, 170),
            PlateStyle.Yellow => new Scalar(40, 205, 250),
            _ => new Scalar(245, 245, 245),
        };
        var ink = plate.Style is PlateStyle.Us ? new Scalar(90, 30, 20) : new Scalar(25, 25, 25);
        var mat = new Mat(height, width, MatType.CV_8UC3, background);

        var border = Math.Max(2, height / 30);
        Cv2.Rectangle(mat, new Rect(border, border, width - 2 * border, height - 2 * border), ink, border);

        var left = border * 3;
        var top = border * 2;
        var bottom = height - border * 2;
        switch (plate.Style)
        {
            case PlateStyle.Eu:
                {
                    var band = width / 11;
                    Cv2.Rectangle(mat, new Rect(border, border, band, height - 2 * border), new Scalar(150, 60, 0), -1);
                    // Bold, as on real bands: the engine reads this code (a lone "I" in hairline strokes reads as nothing).
                    DrawCentered(mat, plate.BandLabel, new Rect(border, height / 2, band, height / 2 - border * 2),
                        new Scalar(255, 255, 255), HersheyFonts.HersheySimplex, Math.Max(2, height / 25));
                    left = border + band + border * 2;
                    break;
                }
            case PlateStyle.Us:
                DrawCentered(mat, "PLATEWEB STATE", new Rect(0, border * 2, width, height / 6), new Scalar(30, 30, 200),
                    HersheyFonts.HersheySimplex, 1);
                top = border * 2 + height / 5;
                break;
            case PlateStyle.BrazilMercosul:
                {
                    var bandH = height / 4;
                    Cv2.Rectangle(mat, new Rect(border, border, width - 2 * border, bandH), new Scalar(150, 60, 0), -1);
                    DrawCentered(mat, "BRASIL", new Rect(0, border + bandH / 6, width, bandH * 2 / 3), new Scalar(255, 255, 255),
                        HersheyFonts.HersheySimplex, 1);
                    top = border + bandH + border * 2;
                    break;
                }
            case PlateStyle.BrazilOld:
                DrawCentered(mat, "SP - SAO PAULO", new Rect(0, border * 2, width, height / 6), ink, HersheyFonts.HersheySimplex, 1);
                top = border * 2 + height / 5;
                break;
        }

        var lines = plate.Text.Split('/');
        var lineHeight = (bottom - top) / lines.Length;
        for (var i = 0; i < lines.Length; i++)
        {
            DrawMonospaced(mat, lines[i], new Rect(left, top + i * lineHeight, width - left - border * 3, lineHeight), ink);
        }
        return mat;
    }

    /// <summary>Renders plates onto a synthetic street-like background with blur and noise.</summary>
    public static SyntheticScene RenderScene(SceneSpec spec)
    {
        var rng = new Random(spec.Seed);
        var scene = new Mat(spec.Height, spec.Width, MatType.CV_8UC3);
        PaintBackground(scene, rng);

        var truth = new List<(string, Quad)>();
        foreach (var placement in spec.Plates)
        {
            var plateHeight = (int)Math.Max(12, placement.Width / Aspect(placement.Plate.Style));
            // Render large then shrink: the vector font looks like print only above ~40 px.
            using var plate = RenderPlate(placement.Plate, Math.Max(plateHeight, 110));
            var quad = PlaceQuad(placement, placement.Width, placement.Width * plate.Height / (float)plate.Width);
            var src = new[] { new Point2f(0, 0), new Point2f(plate.Width, 0), new Point2f(plate.Width, plate.Height), new Point2f(0, plate.Height) };
            var dst = quad.Points.Select(p => new Point2f(p.X, p.Y)).ToArray();
            using var h = Cv2.GetPerspectiveTransform(src, dst);
            using var warped = new Mat();
            using var mask = new Mat();
            Cv2.WarpPerspective(plate, warped, h, scene.Size(), InterpolationFlags.Area, BorderTypes.Constant, Scalar.Black);
            using var ones = new Mat(plate.Size(), MatType.CV_8UC1, Scalar.White);
            Cv2.WarpPerspective(ones, mask, h, scene.Size(), InterpolationFlags.Nearest, BorderTypes.Constant, Scalar.Black);
            warped.CopyTo(scene, mask);
            truth.Add((new string(placement.Plate.Text.Where(char.IsLetterOrDigit).ToArray()).ToUpperInvariant(), quad));
        }

        if (spec.BlurSigma > 0) Cv2.GaussianBlur(scene, scene, new Size(0, 0), spec.BlurSigma);
        if (spec.NoiseSigma > 0)
        {
            using var noise = new Mat(scene.Size(), MatType.CV_16SC3);
            // A generator of this scene's own: OpenCV's shared one (Cv2.Randn) gives the same spec other
            // noise depending on what ran before on the thread, so a test's picture changed with test order.
            var generator = new RNG((ulong)spec.Seed + 0x9E3779B9UL);
            generator.Fill(noise, DistributionType.Normal, Scalar.All(0), Scalar.All(spec.NoiseSigma));
            using var wide = new Mat();
            scene.ConvertTo(wide, MatType.CV_16SC3);
            Cv2.Add(wide, noise, wide);
            wide.ConvertTo(scene, MatType.CV_8UC3);
        }
        return new SyntheticScene(scene, truth);
    }

    /// <summary>A ready-made set of scenes, one per style, used by "Try a sample" and `platectl sample`.</summary>
    public static IReadOnlyList<(string Name, SceneSpec Spec)> Samples() =>
    [
        ("sample-fr.png", new SceneSpec(960, 640, [new ScenePlacement(new SyntheticPlate("AB-123-CD", PlateStyle.Eu), 480, 380, 420, RotationDeg: 3)], 0.8f, 4, 11)),
        ("sample-de.png", new SceneSpec(960, 640, [new ScenePlacement(new SyntheticPlate("M-AB 1234", PlateStyle.Eu, "D"), 460, 400, 440, RotationDeg: -2, Yaw: 0.08f)], 0.8f, 4, 12)),
        ("sample-br.png", new SceneSpec(960, 640, [new ScenePlacement(new SyntheticPlate("BRA2E19", PlateStyle.BrazilMercosul), 480, 400, 400)], 0.8f, 4, 13)),
        ("sample-us.png", new SceneSpec(960, 640, [new ScenePlacement(new SyntheticPlate("7ABC123", PlateStyle.Us), 480, 400, 300, RotationDeg: 2)], 0.8f, 4, 14)),
        ("sample-moto-br.png", new SceneSpec(960, 640, [new ScenePlacement(new SyntheticPlate("QRM/7E33", PlateStyle.TwoLine), 480, 380, 260, RotationDeg: 2)], 0.8f, 4, 16)),
        ("sample-two-cars.png", new SceneSpec(1280, 720,
        [
            new ScenePlacement(new SyntheticPlate("GH-456-JK", PlateStyle.Eu), 330, 420, 360, RotationDeg: -3),
            new ScenePlacement(new SyntheticPlate("LR61 XPT", PlateStyle.Yellow), 960, 470, 380, RotationDeg: 2),
        ], 0.8f, 4, 15)),
    ];

    private static Quad PlaceQuad(ScenePlacement p, float w, float h)
    {
        var rad = p.RotationDeg * Math.PI / 180;
        var (cos, sin) = ((float)Math.Cos(rad), (float)Math.Sin(rad));
        var rightH = h * (1 - p.Yaw);
        (float X, float Y)[] corners = [(-w / 2, -h / 2), (w / 2, -rightH / 2), (w / 2, rightH / 2), (-w / 2, h / 2)];
        var pts = corners.Select(c => new PointF(p.CenterX + c.X * cos - c.Y * sin, p.CenterY + c.X * sin + c.Y * cos)).ToArray();
        return new Quad(pts[0], pts[1], pts[2], pts[3]);
    }

    private static void PaintBackground(Mat scene, Random rng)
    {
        // A vertical gradient (sky to road) with a few large flat shapes (car bodies, bumpers): enough
        // clutter to test that detection is not fooled, and no character-like texture.
        var top = rng.Next(90, 200);
        var bottom = rng.Next(40, 110);
        var height = scene.Height;
        var width = scene.Width;
        for (var y = 0; y < height; y++)
        {
            var v = top + (bottom - top) * y / Math.Max(1, height - 1);
            Cv2.Line(scene, new Point(0, y), new Point(width - 1, y), new Scalar(v, v + 5, v + 10));
        }
        for (var i = 0; i < 4; i++)
        {
            var w = rng.Next(scene.Width / 4, scene.Width / 2);
            var h = rng.Next(scene.Height / 6, scene.Height / 3);
            var x = rng.Next(0, scene.Width - w);
            var y = rng.Next(0, scene.Height - h);
            Cv2.Rectangle(scene, new Rect(x, y, w, h), new Scalar(rng.Next(30, 220), rng.Next(30, 220), rng.Next(30, 220)), -1);
        }
    }

    private static void DrawMonospaced(Mat mat, string text, Rect area, Scalar ink)
    {
        var chars = text.ToUpperInvariant();
        // Plate fonts: glyphs about 0.55 as wide as high, a pitch of 1.2 glyph widths, separators half a pitch.
        var cells = chars.Sum(c => c is ' ' or '-' ? 0.5 : 1.0);
        var glyphH = Math.Min(area.Height * 0.78, area.Width / (cells * 1.2 * 0.55));
        var thickness = Math.Max(2, (int)Math.Round(glyphH / 7));
        var probe = Cv2.GetTextSize("8", HersheyFonts.HersheyDuplex, 1.0, thickness, out _);
        var scale = glyphH / probe.Height;
        var pitch = glyphH * 0.55 * 1.2;
        var x = area.X + (area.Width - cells * pitch) / 2;
        foreach (var c in chars)
        {
            var cellW = c is ' ' or '-' ? pitch / 2 : pitch;
            if (c == '-')
            {
                var y = area.Y + area.Height / 2;
                Cv2.Line(mat, new Point(x + cellW * 0.3, y), new Point(x + cellW * 0.7, y), ink, Math.Max(1, thickness * 2 / 3));
            }
            else if (c != ' ')
            {
                var size = Cv2.GetTextSize(c.ToString(), HersheyFonts.HersheyDuplex, scale, thickness, out _);
                var glyphScale = size.Width > cellW * 0.95 ? scale * cellW * 0.95 / size.Width : scale;
                DrawCentered(mat, c.ToString(), new Rect((int)x, area.Y, (int)cellW, area.Height), ink, HersheyFonts.HersheyDuplex, thickness, glyphScale);
            }
            x += cellW;
        }
    }

    private static void DrawCentered(Mat mat, string text, Rect area, Scalar color, HersheyFonts font, int thickness, double? fixedScale = null)
    {
        var unit = Cv2.GetTextSize(text, font, 1.0, thickness, out _);
        var scale = fixedScale ?? Math.Min(area.Height * 0.9 / unit.Height, area.Width * 0.9 / unit.Width);
        var size = Cv2.GetTextSize(text, font, scale, thickness, out _);
        var origin = new Point(area.X + (area.Width - size.Width) / 2, area.Y + (area.Height + size.Height) / 2);
        Cv2.PutText(mat, text, origin, font, scale, color, thickness, LineTypes.AntiAlias);
    }
}
