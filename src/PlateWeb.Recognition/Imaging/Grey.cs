using OpenCvSharp;

namespace PlateWeb.Recognition.Imaging;

/// <summary>The one way every stage turns a picture grey: OpenCV's BGR or BGRA order, or already grey.</summary>
public static class Grey
{
    /// <summary>
    /// The picture in grey: <paramref name="image"/> itself when it is grey (null is returned: nothing to dispose), else a
    /// new grey Mat, returned for the caller to dispose: <c>using var owned = Grey.View(image, out var grey);</c>.
    /// </summary>
    /// <exception cref="ArgumentException">Neither 1, 3 nor 4 channels.</exception>
    public static Mat? View(Mat image, out Mat grey)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Channels() == 1)
        {
            grey = image;
            return null;
        }
        var converted = new Mat();
        try
        {
            Convert(image, converted);
        }
        catch
        {
            converted.Dispose();
            throw;
        }
        grey = converted;
        return converted;
    }

    /// <summary>Writes <paramref name="image"/> in grey into <paramref name="grey"/> (a copy when it is grey already).</summary>
    /// <exception cref="ArgumentException">Neither 1, 3 nor 4 channels.</exception>
    public static void Convert(Mat image, Mat grey)
    {
        ArgumentNullException.ThrowIfNull(image);
        switch (image.Channels())
        {
            case 1:
                image.CopyTo(grey);
                break;
            case 3:
                Cv2.CvtColor(image, grey, ColorConversionCodes.BGR2GRAY);
                break;
            case 4:
                Cv2.CvtColor(image, grey, ColorConversionCodes.BGRA2GRAY);
                break;
            default:
                throw new ArgumentException($"Expected 1, 3 or 4 channels, got {image.Channels()}.", nameof(image));
        }
    }
}
