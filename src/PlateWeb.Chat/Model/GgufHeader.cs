using System.Buffers.Binary;

namespace PlateWeb.Chat.Model;

/// <summary>
/// Reads the first bytes of a model file before llama.cpp does, so that a file that is plainly not a GGUF
/// model (a download error page, a truncated copy, a safetensors file) gets a precise message.
/// </summary>
public static class GgufHeader
{
    /// <summary>Null when the header looks like GGUF v2 or v3; otherwise what is wrong, for the user.</summary>
    public static string? Problem(string path)
    {
        Span<byte> header = stackalloc byte[24];
        int read;
        using (var file = File.OpenRead(path))
        {
            read = file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        }
        if (read < header.Length)
        {
            return $"the file is only {read} bytes long, too short to be a GGUF model";
        }
        if (!header[..4].SequenceEqual("GGUF"u8))
        {
            return "the file does not start with the GGUF signature (is it a GGUF model, fully copied?)";
        }
        var version = BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
        if (version is not (2 or 3))
        {
            return $"GGUF version {version} is not supported (2 and 3 are)";
        }
        return null;
    }
}
