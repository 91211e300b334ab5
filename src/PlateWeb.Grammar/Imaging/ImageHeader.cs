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
            return Gif(data);
        }
        if (data.Length >= 8 && (data[..4].SequenceEqual("II*\0"u8) || data[..4].SequenceEqual("MM\0*"u8)))
        {
            return Tiff(data, littleEndian: data[0] == (byte)'I');
        }
        if (data.Length >= 4 && (data[..4].SequenceEqual("II+\0"u8) || data[..4].SequenceEqual("MM\0+"u8)))
        {
            // BigTIFF: OpenCV's libtiff decodes it, so it is named, but its size is not read: it is refused.
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

    /// <summary>
    /// Walks the markers the way libjpeg's next_marker and read_markers do, so the frame size read
    /// here is the one the decoder will use: bytes other than FF before a marker are skipped, FF fill
    /// bytes are skipped, FF 00 is stuffed data (not a marker), TEM and RST0-7 stand alone, other
    /// segments are skipped by their length. The size stays unknown (and the file is refused) when a
    /// scan, the end or a second SOI comes before a frame header.
    /// </summary>
    private static ImageHeader Jpeg(ReadOnlySpan<byte> data)
    {
        long? w = null, h = null;
        var i = 2;
        while (true)
        {
            while (i < data.Length && data[i] != 0xFF) i++;
            while (i < data.Length && data[i] == 0xFF) i++;
            if (i >= data.Length) break;
            var marker = data[i++];
            if (marker is 0x00 or 0x01 || marker is >= 0xD0 and <= 0xD7) continue;
            // SOS before a frame (libjpeg: "Invalid JPEG file structure"), EOI, or a second SOI.
            if (marker is 0xDA or 0xD9 or 0xD8) break;
            if (i + 2 > data.Length) break;
            var length = BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
            if (length < 2) break;
            // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC): length, precision, height, width.
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                if (i + 7 <= data.Length)
                {
                    h = BinaryPrimitives.ReadUInt16BigEndian(data[(i + 3)..]);
                    w = BinaryPrimitives.ReadUInt16BigEndian(data[(i + 5)..]);
                }
                break;
            }
            i += length;
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

    /// <summary>
    /// Width and height from the first IFD (the page OpenCV decodes), in the file's byte order;
    /// tags 256 (ImageWidth) and 257 (ImageLength) as SHORT or LONG. A repeated tag counts at its
    /// largest. An IFD outside the file makes it look truncated.
    /// </summary>
    private static ImageHeader Tiff(ReadOnlySpan<byte> data, bool littleEndian)
    {
        uint U32(ReadOnlySpan<byte> b) => littleEndian ? BinaryPrimitives.ReadUInt32LittleEndian(b) : BinaryPrimitives.ReadUInt32BigEndian(b);
        ushort U16(ReadOnlySpan<byte> b) => littleEndian ? BinaryPrimitives.ReadUInt16LittleEndian(b) : BinaryPrimitives.ReadUInt16BigEndian(b);
        var ifd = (long)U32(data[4..]);
        if (ifd < 8 || ifd + 2 > data.Length) return new ImageHeader("tiff", null, null, false);
        var entries = U16(data[(int)ifd..]);
        if (ifd + 2 + 12L * entries > data.Length) return new ImageHeader("tiff", null, null, false);
        long? w = null, h = null;
        for (var k = 0; k < entries; k++)
        {
            var entry = data.Slice((int)ifd + 2 + 12 * k, 12);
            var tag = U16(entry);
            if (tag is not (256 or 257) || U32(entry[4..]) != 1) continue;
            // A single SHORT or LONG sits in the value field itself, from its first byte in both byte orders.
            long? value = U16(entry[2..]) switch
            {
                3 => U16(entry[8..]),
                4 => U32(entry[8..]),
                _ => null,
            };
            if (value is not { } v) continue;
            if (tag == 256) w = Math.Max(w ?? 0, v);
            else h = Math.Max(h ?? 0, v);
        }
        return new ImageHeader("tiff", w, h, true);
    }

    /// <summary>
    /// The logical screen, grown to hold the first frame (the one OpenCV decodes), whose image
    /// descriptor may declare more than the screen: colour table and extension blocks are skipped.
    /// </summary>
    private static ImageHeader Gif(ReadOnlySpan<byte> data)
    {
        long w = BinaryPrimitives.ReadUInt16LittleEndian(data[6..]);
        long h = BinaryPrimitives.ReadUInt16LittleEndian(data[8..]);
        if (data.Length < 13) return new ImageHeader("gif", null, null, false);
        var i = 13 + ((data[10] & 0x80) != 0 ? 3 << ((data[10] & 7) + 1) : 0);
        while (i < data.Length && data[i] == 0x21)
        {
            // Extension: introducer, label, then sub-blocks of (size, bytes) up to a zero size.
            i += 2;
            while (i < data.Length && data[i] != 0) i += data[i] + 1;
            i++;
        }
        if (i + 9 > data.Length || data[i] != 0x2C) return new ImageHeader("gif", null, null, false);
        var frame = data[(i + 1)..];
        w = Math.Max(w, (long)BinaryPrimitives.ReadUInt16LittleEndian(frame) + BinaryPrimitives.ReadUInt16LittleEndian(frame[4..]));
        h = Math.Max(h, (long)BinaryPrimitives.ReadUInt16LittleEndian(frame[2..]) + BinaryPrimitives.ReadUInt16LittleEndian(frame[6..]));
        return new ImageHeader("gif", w, h, true);
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
