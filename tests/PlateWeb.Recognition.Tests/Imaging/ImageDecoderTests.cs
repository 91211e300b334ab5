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
    [InlineData(".tiff")]
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
    public void Sniff_TiffWrittenByOpenCv_GivesFormatAndSize()
    {
        var header = ImageHeader.Sniff(TestImages.SmallScene(".tiff"));

        Assert.Equal("tiff", header.Format);
        Assert.Equal(320, header.Width);
        Assert.Equal(200, header.Height);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Decode_TiffDeclaring30000x30000_IsTooLargeBeforeDecoding(bool littleEndian)
    {
        // Was decoded in full: +880 MB and 6 s for a 1.3 MB file. This one has no pixels at all.
        var bomb = TiffDeclaring(30_000, 30_000, littleEndian);
        Assert.True(bomb.Length < 1000);

        var ex = DecodeFails(bomb);

        Assert.Equal(ImageErrorKind.TooLarge, ex.Kind);
        Assert.Contains("declares 30000×30000", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_BigTiff_IsRefusedForItsUnknownSize()
    {
        byte[] bigTiff = [.. "II+\0"u8, 8, 0, 0, 0, 16, 0, 0, 0, 0, 0, 0, 0, .. new byte[64]];

        var ex = DecodeFails(bigTiff);

        Assert.Equal(ImageErrorKind.Undecodable, ex.Kind);
        Assert.Contains("does not declare its size", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_JpegWithStrayBytesBeforeItsFrame_IsMeasuredBeforeDecoding()
    {
        // libjpeg skips FF 00 (stuffed data) and other stray bytes before a marker; a reader that took
        // FF 00 for a segment jumped over the frame header, found no size, and let the decoder run.
        var jpeg = TestImages.SmallScene(".jpg");
        var sof = jpeg.AsSpan().IndexOf(BaselineFrameOf3Components);
        Assert.True(sof > 0);
        byte[] stray = [.. jpeg[..sof], 0xFF, 0x00, 0x7F, 0xFF, .. jpeg[sof..]];

        var header = ImageHeader.Sniff(stray);
        var ex = DecodeFails(stray, maxPixels: 320 * 200 - 1);
        using var decoded = ImageDecoder.Decode(stray, MaxPixels, MaxBytes);

        Assert.Equal((320L, 200L), (header.Width, header.Height));
        Assert.Contains("declares 320×200", ex.Message, StringComparison.Ordinal);
        Assert.Equal(new Size(320, 200), decoded.Size());
    }

    [Fact]
    public void Sniff_JpegFillBytesAndRestartMarkersBeforeTheFrame_AreSkippedAsByLibjpeg()
    {
        var jpeg = TestImages.SmallScene(".jpg");
        var sof = jpeg.AsSpan().IndexOf(BaselineFrameOf3Components);
        byte[] odd = [.. jpeg[..sof], 0xFF, 0xFF, 0xFF, 0xD3, 0x12, 0xFF, 0x01, .. jpeg[sof..]];

        var header = ImageHeader.Sniff(odd);

        Assert.Equal((320L, 200L), (header.Width, header.Height));
    }

    [Fact]
    public void Decode_JpegWithAScanBeforeAnyFrame_IsRefusedForItsUnknownSize()
    {
        byte[] noFrame = [0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x08, 1, 1, 0, 0, 63, 0, 0x12, 0x34, 0xFF, 0xD9];

        var ex = DecodeFails(noFrame);

        Assert.Equal(ImageErrorKind.Undecodable, ex.Kind);
        Assert.Contains("does not declare its size", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sniff_GifWhoseFirstFrameOutgrowsItsScreen_GivesTheFrame()
    {
        // Screen 16×16, no colour table, one frame at (0,0) declared 40000×30000.
        byte[] gif = [.. "GIF89a"u8, 16, 0, 16, 0, 0, 0, 0, 0x2C, 0, 0, 0, 0, 0x40, 0x9C, 0x30, 0x75, 0, 2, 2, 0x4C, 0x01, 0, 0x3B];

        var header = ImageHeader.Sniff(gif);
        var ex = DecodeFails(gif);

        Assert.Equal((40_000L, 30_000L), (header.Width, header.Height));
        Assert.Equal(ImageErrorKind.TooLarge, ex.Kind);
    }

    [Fact]
    public void OpenCv_ImageOverItsOwnPixelLimit_IsRefusedByOpenCvItself()
    {
        // Set in NativeLibraries before OpenCV loads: OpenCV checks it after reading the header, before
        // allocating (its default, 2^30 pixels, let a 200 MP PNG through).
        var png = TestImages.PngDeclaring(20_000, 10_000);

        var ex = Assert.Throws<OpenCVException>(() =>
        {
            using var mat = Cv2.ImDecode(png, ImreadModes.Grayscale);
        });
        // Through the decoder, with a limit of its own above OpenCV's: refused in words.
        var refused = DecodeFails(png, maxPixels: long.MaxValue);

        Assert.Contains("CV_IO_MAX_IMAGE_PIXELS", ex.Message, StringComparison.Ordinal);
        Assert.Equal(ImageErrorKind.TooLarge, refused.Kind);
    }

    /// <summary>SOF0 with the length of a 3-component frame header, as OpenCV writes a colour JPEG.</summary>
    private static ReadOnlySpan<byte> BaselineFrameOf3Components => [0xFF, 0xC0, 0x00, 0x11];

    /// <summary>An uncompressed 8-bit grey TIFF whose first IFD declares the size, with 64 bytes of pixels.</summary>
    private static byte[] TiffDeclaring(uint width, uint height, bool littleEndian)
    {
        (ushort Tag, ushort Type, uint Value)[] entries =
        [
            (256, 4, width), (257, 4, height), (258, 3, 8), (259, 3, 1), (262, 3, 1),
            (273, 4, 8 + 2 + 12 * 9 + 4), (277, 3, 1), (278, 4, height), (279, 4, width * height),
        ];
        var bytes = new byte[8 + 2 + 12 * entries.Length + 4 + 64];
        void U16(int at, ushort v)
        {
            if (littleEndian) System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(at), v);
            else System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(at), v);
        }
        void U32(int at, uint v)
        {
            if (littleEndian) System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at), v);
            else System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(at), v);
        }
        (littleEndian ? "II"u8 : "MM"u8).CopyTo(bytes);
        U16(2, 42);
        U32(4, 8);
        U16(8, (ushort)entries.Length);
        for (var k = 0; k < entries.Length; k++)
        {
            var at = 10 + 12 * k;
            U16(at, entries[k].Tag);
            U16(at + 2, entries[k].Type);
            U32(at + 4, 1);
            if (entries[k].Type == 3) U16(at + 8, (ushort)entries[k].Value);
            else U32(at + 8, entries[k].Value);
        }
        return bytes;
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
