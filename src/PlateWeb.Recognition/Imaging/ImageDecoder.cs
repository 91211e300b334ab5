using OpenCvSharp;

namespace PlateWeb.Recognition.Imaging;

/// <summary>Turns untrusted bytes into a BGR or grey <see cref="Mat"/>, or a typed <see cref="ImageInputException"/>.</summary>
public static class ImageDecoder
{
    /// <summary>
    /// Validates then decodes, to BGR or, with <paramref name="grey"/>, to one grey channel (a JPEG's
    /// luma is then taken as it is stored, which skips colour conversion: about 3 of 11 ms for a
    /// 1280×1280 photo). The caller owns (and disposes) the returned Mat.
    /// </summary>
    public static Mat Decode(byte[] data, long maxPixels, long maxBytes, bool grey = false)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Length == 0)
        {
            throw new ImageInputException(ImageErrorKind.Empty, "The file is empty (0 bytes).");
        }
        if (data.Length > maxBytes)
        {
            throw new ImageInputException(ImageErrorKind.TooLarge,
                $"The file is {data.Length / 1_048_576.0:0.#} MB; the limit is {maxBytes / 1_048_576.0:0.#} MB.");
        }

        var header = ImageHeader.Sniff(data);
        if (header.PixelCount is { } pixels && pixels > maxPixels)
        {
            // Refuse before decoding: a tiny PNG can declare 50000x50000 and ask for gigabytes.
            throw new ImageInputException(ImageErrorKind.TooLarge,
                $"The image declares {header.Width}×{header.Height} pixels ({pixels / 1e6:0.#} MP); the limit is {maxPixels / 1e6:0.#} MP.");
        }
        if (header.Format is null)
        {
            throw new ImageInputException(ImageErrorKind.Undecodable,
                "This is not an image in a supported format (JPEG, PNG, BMP, WebP, GIF, TIFF).");
        }
        if (!header.LooksComplete)
        {
            throw new ImageInputException(ImageErrorKind.Truncated,
                $"The {header.Format.ToUpperInvariant()} file is truncated: its data ends before the image does.");
        }
        if (header.PixelCount is null)
        {
            // Decoding blind would let a small file ask for gigabytes (a 1.3 MB TIFF of 30000×30000 did).
            throw new ImageInputException(ImageErrorKind.Undecodable,
                $"The {header.Format.ToUpperInvariant()} file does not declare its size where PlateWeb reads it (before its image data), so it is not decoded.");
        }

        Mat mat;
        try
        {
            mat = Cv2.ImDecode(data, grey ? ImreadModes.Grayscale : ImreadModes.Color);
        }
        catch (OpenCVException ex) when (ex.Message.Contains("CV_IO_MAX_IMAGE_PIXELS", StringComparison.Ordinal))
        {
            // OpenCV's own limit (NativeLibraries.OpenCvMaxImagePixels), checked on the size its decoder read.
            throw new ImageInputException(ImageErrorKind.TooLarge,
                $"The image is larger than the decoder accepts ({Interop.NativeLibraries.OpenCvMaxImagePixels / 1e6:0} MP).");
        }
        catch (OpenCVException ex)
        {
            throw new ImageInputException(ImageErrorKind.Undecodable,
                $"The {header.Format.ToUpperInvariant()} file could not be decoded: {ex.ErrMsg?.TrimEnd('.')}.");
        }
        catch (OpenCvSharpException ex)
        {
            throw new ImageInputException(ImageErrorKind.Undecodable,
                $"The {header.Format.ToUpperInvariant()} file could not be decoded: {ex.Message}");
        }
        if (mat.Empty())
        {
            mat.Dispose();
            throw new ImageInputException(ImageErrorKind.Undecodable,
                $"The {header.Format.ToUpperInvariant()} file is damaged and could not be decoded.");
        }
        if ((long)mat.Width * mat.Height > maxPixels)
        {
            var (w, h) = (mat.Width, mat.Height);
            mat.Dispose();
            throw new ImageInputException(ImageErrorKind.TooLarge,
                $"The image is {w}×{h} pixels ({(long)w * h / 1e6:0.#} MP); the limit is {maxPixels / 1e6:0.#} MP.");
        }
        return mat;
    }
}
