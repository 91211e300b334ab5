using System.Text;

namespace PlateWeb.Chat.Tests.Model;

/// <summary>
/// Writes a GGUF v3 file: header, metadata key/values, tensor infos, then the tensor data, each
/// tensor aligned to <see cref="Alignment"/> bytes from the start of the data section. Only what a
/// tiny F32 test model needs (the GGUF spec has more value and tensor types).
/// </summary>
internal sealed class GgufWriter
{
    public const int Alignment = 32;

    private const uint Magic = 0x46554747; // "GGUF" read as a little-endian uint32
    private const uint Version = 3;

    private readonly List<(string Key, Action<BinaryWriter> Write)> _metadata = [];
    private readonly List<(string Name, long[] Shape, float[] Data)> _tensors = [];

    private enum ValueType : uint
    {
        UInt32 = 4,
        Int32 = 5,
        Float32 = 6,
        Bool = 7,
        String = 8,
        Array = 9,
    }

    public GgufWriter Add(string key, string value) => AddValue(key, w => { Type(w, ValueType.String); Str(w, value); });

    public GgufWriter Add(string key, uint value) => AddValue(key, w => { Type(w, ValueType.UInt32); w.Write(value); });

    public GgufWriter Add(string key, float value) => AddValue(key, w => { Type(w, ValueType.Float32); w.Write(value); });

    public GgufWriter Add(string key, bool value) => AddValue(key, w => { Type(w, ValueType.Bool); w.Write((byte)(value ? 1 : 0)); });

    public GgufWriter Add(string key, IReadOnlyList<string> values) => AddValue(key, w =>
    {
        Type(w, ValueType.Array);
        Type(w, ValueType.String);
        w.Write((ulong)values.Count);
        foreach (var v in values) Str(w, v);
    });

    public GgufWriter Add(string key, IReadOnlyList<float> values) => AddValue(key, w =>
    {
        Type(w, ValueType.Array);
        Type(w, ValueType.Float32);
        w.Write((ulong)values.Count);
        foreach (var v in values) w.Write(v);
    });

    public GgufWriter Add(string key, IReadOnlyList<int> values) => AddValue(key, w =>
    {
        Type(w, ValueType.Array);
        Type(w, ValueType.Int32);
        w.Write((ulong)values.Count);
        foreach (var v in values) w.Write(v);
    });

    /// <summary>An F32 tensor. <paramref name="shape"/> is row-major (outermost first), as in PyTorch; GGUF stores
    /// the dimensions the other way round (ne[0] is the contiguous one), so they are reversed on write.</summary>
    public GgufWriter AddTensor(string name, long[] shape, float[] data)
    {
        if (shape.Aggregate(1L, (a, b) => a * b) != data.Length)
        {
            throw new ArgumentException($"Tensor {name}: shape [{string.Join(", ", shape)}] does not hold {data.Length} values.");
        }
        _tensors.Add((name, shape, data));
        return this;
    }

    public void Save(string path)
    {
        using var file = File.Create(path);
        using var w = new BinaryWriter(file, Encoding.UTF8);
        w.Write(Magic);
        w.Write(Version);
        w.Write((ulong)_tensors.Count);
        w.Write((ulong)_metadata.Count);
        foreach (var (key, write) in _metadata)
        {
            Str(w, key);
            write(w);
        }

        ulong offset = 0;
        foreach (var (name, shape, data) in _tensors)
        {
            Str(w, name);
            w.Write((uint)shape.Length);
            foreach (var dim in shape.Reverse()) w.Write((ulong)dim);
            w.Write(0u); // GGML_TYPE_F32
            w.Write(offset);
            offset = Align((ulong)data.Length * sizeof(float) + offset);
        }

        Pad(w);
        var dataStart = file.Position;
        foreach (var (_, _, data) in _tensors)
        {
            foreach (var v in data) w.Write(v);
            Pad(w, dataStart);
        }
    }

    private GgufWriter AddValue(string key, Action<BinaryWriter> write)
    {
        _metadata.Add((key, write));
        return this;
    }

    private static void Type(BinaryWriter w, ValueType type) => w.Write((uint)type);

    private static void Str(BinaryWriter w, string s)
    {
        var bytes = Encoding.UTF8.GetBytes(s);
        w.Write((ulong)bytes.Length);
        w.Write(bytes);
    }

    private static ulong Align(ulong n) => (n + Alignment - 1) / Alignment * Alignment;

    private static void Pad(BinaryWriter w, long from = 0)
    {
        w.Flush();
        var position = w.BaseStream.Position - from;
        var padding = (int)((long)Align((ulong)position) - position);
        for (var i = 0; i < padding; i++) w.Write((byte)0);
    }
}
