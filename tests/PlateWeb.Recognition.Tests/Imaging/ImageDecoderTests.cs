using OpenCvSharp;
using PlateWeb.Recognition.Imaging;

namespace PlateWeb.Recognition.Tests.Imaging;

public sealed class ImageDecoderTests
{
    private const long MaxPixels = 40_000_000;
    private const long MaxBytes = 50L * 1024 * 1024;

    private static ImageInputException DecodeFails(byte[] data, long maxPixels = MaxPixels, long maxBytes = MaxBytes)
    {
        var ex = Assert.Throws<ImageInputException>(() =>
        {
            using var mat = ImageDecoder.Decode(data, maxPixels, maxBytes);
        });
        // Written for a person: a sentence, no exception type names or native error codes.
        Assert.False(string.IsNullOrWhiteSpace(ex.Message));
        Assert.DoesNotContain("Exception", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("OpenCvSharp", ex.Message, StringComparison.Ordinal);
        Assert.EndsWith(".", ex.Message, StringComparison.Ordinal);
        return ex;
    }

    [Fact]
    public void Decode_ZeroBytes_IsEmpty()
    {
        var ex = DecodeFails([]);

        Assert.Equal(ImageErrorKind.Empty, ex.Kind);
        Assert.Contains("empty", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Decode_RandomBytes_IsUndecodable()
    {
        var ex = DecodeFails(TestImages.RandomBytes(4096));

        Assert.Equal(ImageErrorKind.Undecodable, ex.Kind);
        Assert.Contains("not an image", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_TextFile_IsUndecodable()
    {
        var ex = DecodeFails(TestImages.TextFile());

        Assert.Equal(ImageErrorKind.Undecodable, ex.Kind);
        Assert.Contains("JPEG, PNG", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(".jpg", "JPEG")]
    [InlineData(".png", "PNG")]
    public void Decode_FirstHalfOfFile_IsTruncated(string extension, string formatName)
    {
        var whole = TestImages.SmallScene(extension);

        var ex = DecodeFails(TestImages.FirstHalf(whole));

        Assert.Equal(ImageErrorKind.Truncated, ex.Kind);
        Assert.Contains("truncated", ex.Message, StringComparison.Ordinal);
        Assert.Contains(formatName, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_PngDeclaring50000x50000_IsTooLargeBeforeDecoding()
    {
        var bomb = TestImages.PngDeclaring(50_000, 50_000);
        Assert.True(bomb.Length < 100);
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();

        var ex = DecodeFails(bomb);

        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        Assert.Equal(ImageErrorKind.TooLarge, ex.Kind);
        Assert.Contains("50000×50000", ex.Message, StringComparison.Ordinal);
        Assert.Contains("limit", ex.Message, StringComparison.Ordinal);
        Assert.True(allocated < 1_000_000, $"refusing the header allocated {allocated} bytes");
    }

    [Fact]
    public void Decode_MoreBytesThanLimit_IsTooLarge()
    {
        var png = TestImages.SmallScene(".png");

        var ex = DecodeFails(png, maxBytes: png.Length - 1);

        Assert.Equal(ImageErrorKind.TooLarge, ex.Kind);
        Assert.Contains("MB", ex.Message, StringComparison.Ordinal);
        Assert.Contains("limit", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(".png")]
    [InlineData(".jpg")]
    [InlineData(".bmp")]
    [InlineData(".webp")]
    [InlineData(".tiff")] // TIFF headers carry no size in ImageHeader: the limit is checked after decoding
    public void Decode_MorePixelsThanLimit_IsTooLarge(string extension)
    {
        var data = TestImages.SmallScene(extension);

        var ex = DecodeFails(data, maxPixels: 320 * 200 - 1);

        Assert.Equal(ImageErrorKind.TooLarge, ex.Kind);
        Assert.Contains("320×200", ex.Message, StringComparison.Ordinal);
        Assert.Contains("limit", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(".jpg")]
    [InlineData(".png")]
    [InlineData(".bmp")]
    [InlineData(".webp")]
    [InlineData(".tiff")]
    public void Decode_ValidImage_RoundTripsAsBgr(string extension)
    {
        var data = TestImages.SmallScene(extension);

        using var mat = ImageDecoder.Decode(data, maxPixels: 320 * 200, MaxBytes);

        Assert.Equal(320, mat.Width);
        Assert.Equal(200, mat.Height);
        Assert.Equal(MatType.CV_8UC3, mat.Type());
    }

    [Theory]
    [InlineData(".jpg")]
    [InlineData(".png")]
    public void Decode_Grey_GivesTheLumaOfTheColourDecode(string extension)
    {
        using var original = Synthesis.PlateRenderer.RenderScene(new Synthesis.SceneSpec(320, 200, []));
        var data = original.Encode(extension);
        using var colour = ImageDecoder.Decode(data, MaxPixels, MaxBytes);
        using var expected = new Mat();
        Cv2.CvtColor(colour, expected, ColorConversionCodes.BGR2GRAY);

        using var grey = ImageDecoder.Decode(data, MaxPixels, MaxBytes, grey: true);

        Assert.Equal(MatType.CV_8UC1, grey.Type());
        Assert.Equal(colour.Size(), grey.Size());
        using var diff = new Mat();
        Cv2.Absdiff(expected, grey, diff);
        Cv2.MinMaxLoc(diff, out _, out double worst);
        // A JPEG's stored luma and the luma of its decoded colours differ by rounding only.
        Assert.True(worst <= 3, $"largest difference {worst}");
    }

    [Fact]
    public void Decode_LosslessPng_KeepsEveryPixel()
    {
        using var original = Synthesis.PlateRenderer.RenderScene(new Synthesis.SceneSpec(320, 200, []));

        using var decoded = ImageDecoder.Decode(original.Encode(".png"), MaxPixels, MaxBytes);

        using var diff = new Mat();
        Cv2.Absdiff(original.Image, decoded, diff);
        Assert.Equal(0, Cv2.CountNonZero(diff.Reshape(1)));
    }

    [Theory]
    [InlineData(".jpg", "jpeg")]
    [InlineData(".png", "png")]
    [InlineData(".bmp", "bmp")]
    [InlineData(".webp", "webp")]
    public void Sniff_EncodedScene_GivesFormatAndSize(string extension, string format)
    {
        var header = ImageHeader.Sniff(TestImages.SmallScene(extension));

        Assert.Equal(format, header.Format);
        Assert.Equal(320, header.Width);
        Assert.Equal(200, header.Height);
        Assert.Equal(320L * 200, header.PixelCount);
        Assert.True(header.LooksComplete);
    }

    [Fact]
    public void Sniff_Tiff_GivesFormatWithoutSize()
    {
        var header = ImageHeader.Sniff(TestImages.SmallScene(".tiff"));

        Assert.Equal("tiff", header.Format);
        Assert.Null(header.PixelCount);
    }

    [Fact]
    public void Sniff_HandBuiltPngHeader_GivesDeclaredSize()
    {
        var header = ImageHeader.Sniff(TestImages.PngDeclaring(50_000, 50_000));

        Assert.Equal("png", header.Format);
        Assert.Equal(50_000, header.Width);
        Assert.Equal(50_000, header.Height);
        Assert.Equal(2_500_000_000L, header.PixelCount);
        Assert.True(header.LooksComplete);
    }

    [Theory]
    [InlineData(".jpg", "jpeg")]
    [InlineData(".png", "png")]
    public void Sniff_FirstHalfOfFile_LooksIncomplete(string extension, string format)
    {
        var header = ImageHeader.Sniff(TestImages.FirstHalf(TestImages.SmallScene(extension)));

        Assert.Equal(format, header.Format);
        Assert.Equal(320, header.Width);
        Assert.Equal(200, header.Height);
        Assert.False(header.LooksComplete);
    }

    [Fact]
    public void Sniff_TextAndRandomBytes_HaveNoFormat()
    {
        Assert.Null(ImageHeader.Sniff(TestImages.TextFile()).Format);
        Assert.Null(ImageHeader.Sniff(TestImages.RandomBytes(4096)).Format);
        Assert.Null(ImageHeader.Sniff([]).Format);
    }

    [Fact]
    public void Crc32_MatchesKnownCheckValue()
    {
        // The standard check value of CRC-32/ISO-HDLC, so the hand-built PNG chunks carry real CRCs.
        Assert.Equal(0xCBF43926u, TestImages.Crc32("123456789"u8));
    }
}
