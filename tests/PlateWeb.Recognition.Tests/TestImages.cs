using System.Buffers.Binary;
using System.Text;
using OpenCvSharp;
using PlateWeb.Recognition.Synthesis;

namespace PlateWeb.Recognition.Tests;

/// <summary>Encoded test inputs: good images rendered by the project, and hand-made bad ones.</summary>
internal static class TestImages
{
    /// <summary>A small scene with one French plate, 320×200 pixels.</summary>
    public static byte[] SmallScene(string extension)
    {
        using var scene = PlateRenderer.RenderScene(new SceneSpec(320, 200,
            [new ScenePlacement(new SyntheticPlate("AB-123-CD", PlateStyle.Eu), 160, 110, 220)]));
        return scene.Encode(extension);
    }

    public static byte[] RandomBytes(int length, int seed = 42)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        bytes[0] = 0x00; // no magic number starts with a zero byte
        return bytes;
    }

    public static byte[] TextFile() => Encoding.UTF8.GetBytes(
        "Licence plates seen on Monday\nAB-123-CD at 08:14\nGH-456-JK at 09:02\nThis is a text file, not a picture.\n");

    /// <summary>The first half of the file: the end marker is gone.</summary>
    public static byte[] FirstHalf(byte[] data) => data[..(data.Length / 2)];

    /// <summary>
    /// A syntactically valid PNG (signature, IHDR, empty IDAT, IEND, correct CRCs) that declares
    /// <paramref name="width"/>×<paramref name="height"/> 8-bit RGB pixels: a "decompression bomb" header.
    /// </summary>
    public static byte[] PngDeclaring(uint width, uint height)
    {
        using var ms = new MemoryStream();
        ms.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteUInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8;  // bit depth
        ihdr[9] = 2;  // colour type: truecolour
        ihdr[10] = 0; // deflate
        ihdr[11] = 0; // adaptive filtering
        ihdr[12] = 0; // no interlace
        WriteChunk(ms, "IHDR", ihdr);
        WriteChunk(ms, "IDAT", [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]); // zlib stream of nothing
        WriteChunk(ms, "IEND", []);
        return ms.ToArray();
    }

    private static void WriteChunk(Stream s, string type, byte[] data)
    {
        Span<byte> u32 = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(u32, (uint)data.Length);
        s.Write(u32);
        var typeAndData = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        s.Write(typeAndData);
        BinaryPrimitives.WriteUInt32BigEndian(u32, Crc32(typeAndData));
        s.Write(u32);
    }

    /// <summary>CRC-32 (ISO-HDLC, reflected polynomial 0xEDB88320) as PNG chunks use it.</summary>
    public static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }
        return ~crc;
    }

    /// <summary>Decodes a PNG (or any image) with OpenCV as grey; empty Mat when it does not decode.</summary>
    public static Mat DecodeGray(byte[] data) => Cv2.ImDecode(data, ImreadModes.Grayscale);
}
