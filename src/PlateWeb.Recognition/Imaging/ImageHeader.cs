using System.Buffers.Binary;

namespace PlateWeb.Recognition.Imaging;

/// <summary>What the first bytes of a file say about it, read without decoding pixels.</summary>
/// <param name="Format">"jpeg", "png", "bmp", "webp", "gif", "tiff" or null when the magic bytes are unknown.</param>
/// <param name="Width">Declared width, or null when the header does not say (or was not found).</param>
/// <param name="Height">Declared height, or null.</param>
/// <param name="LooksComplete">False when the format has an end marker and it is missing.</param>
public sealed record ImageHeader(string? Format, long? Width, long? Height, bool LooksComplete)
{
    public long? PixelCount => Width is { } w && Height is { } h ? w * h : null;

    /// <summary>Reads the header of the common formats; never throws on malformed data.</summary>
    public static ImageHeader Sniff(ReadOnlySpan<byte> data)
    {
        if (data.Length >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
        {
            return Jpeg(data);
        }
        if (data.Length >= 8 && data[..8].SequenceEqual(PngMagic))
        {
            return Png(data);
        }
        if (data.Length >= 26 && data[0] == (byte)'B' && data[1] == (byte)'M')
        {
            var w = BinaryPrimitives.ReadInt32LittleEndian(data[18..]);
            var h = BinaryPrimitives.ReadInt32LittleEndian(data[22..]);
            // BMP heights are negative for top-down images.
            return new ImageHeader("bmp", Math.Abs((long)w), Math.Abs((long)h), true);
        }
        if (data.Length >= 12 && data[..4].SequenceEqual("RIFF"u8) && data[8..12].SequenceEqual("WEBP"u8))
        {
            return WebP(data);
        }
        if (data.Length >= 10 && data[..3].SequenceEqual("GIF"u8))
        {
            return new ImageHeader("gif", BinaryPrimitives.ReadUInt16LittleEndian(data[6..]),
                BinaryPrimitives.ReadUInt16LittleEndian(data[8..]), true);
        }
        if (data.Length >= 4 && (data[..4].SequenceEqual("II*\0"u8) || data[..4].SequenceEqual("MM\0*"u8)))
        {
            return new ImageHeader("tiff", null, null, true);
        }
        return new ImageHeader(null, null, null, true);
    }

    private static ReadOnlySpan<byte> PngMagic => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static ImageHeader Png(ReadOnlySpan<byte> data)
    {
        long? w = null, h = null;
        if (data.Length >= 24 && data[12..16].SequenceEqual("IHDR"u8))
        {
            w = BinaryPrimitives.ReadUInt32BigEndian(data[16..]);
            h = BinaryPrimitives.ReadUInt32BigEndian(data[20..]);
        }
        // Every PNG ends with an IEND chunk: 4-byte length, "IEND", 4-byte CRC.
        var complete = data.Length >= 12 && data[^8..^4].SequenceEqual("IEND"u8);
        return new ImageHeader("png", w, h, complete);
    }

    private static ImageHeader Jpeg(ReadOnlySpan<byte> data)
    {
        long? w = null, h = null;
        var i = 2;
        while (i + 4 <= data.Length)
        {
            if (data[i] != 0xFF) { i++; continue; }
            var marker = data[i + 1];
            if (marker == 0xFF) { i++; continue; }
            if (marker is 0xD8 or 0x01 || marker is >= 0xD0 and <= 0xD7) { i += 2; continue; }
            var len = BinaryPrimitives.ReadUInt16BigEndian(data[(i + 2)..]);
            // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                if (i + 9 <= data.Length)
                {
                    h = BinaryPrimitives.ReadUInt16BigEndian(data[(i + 5)..]);
                    w = BinaryPrimitives.ReadUInt16BigEndian(data[(i + 7)..]);
                }
                break;
            }
            if (marker == 0xDA) break; // start of scan without a frame header: give up on the size
            i += 2 + len;
        }
        // A complete JPEG ends with EOI (FF D9); some writers append padding after it.
        var tail = data[Math.Max(0, data.Length - 64)..];
        var complete = false;
        for (var k = tail.Length - 2; k >= 0; k--)
        {
            if (tail[k] == 0xFF && tail[k + 1] == 0xD9) { complete = true; break; }
        }
        return new ImageHeader("jpeg", w, h, complete);
    }

    private static ImageHeader WebP(ReadOnlySpan<byte> data)
    {
        if (data.Length < 30) return new ImageHeader("webp", null, null, false);
        var chunk = data[12..16];
        var declared = (long)BinaryPrimitives.ReadUInt32LittleEndian(data[4..]) + 8;
        var complete = data.Length >= declared;
        if (chunk.SequenceEqual("VP8X"u8))
        {
            long w = 1 + (data[24] | data[25] << 8 | data[26] << 16);
            long h = 1 + (data[27] | data[28] << 8 | data[29] << 16);
            return new ImageHeader("webp", w, h, complete);
        }
        if (chunk.SequenceEqual("VP8L"u8))
        {
            var bits = BinaryPrimitives.ReadUInt32LittleEndian(data[21..]);
            return new ImageHeader("webp", 1 + (bits & 0x3FFF), 1 + ((bits >> 14) & 0x3FFF), complete);
        }
        if (chunk.SequenceEqual("VP8 "u8))
        {
            return new ImageHeader("webp", BinaryPrimitives.ReadUInt16LittleEndian(data[26..]) & 0x3FFF,
                BinaryPrimitives.ReadUInt16LittleEndian(data[28..]) & 0x3FFF, complete);
        }
        return new ImageHeader("webp", null, null, complete);
    }
}
