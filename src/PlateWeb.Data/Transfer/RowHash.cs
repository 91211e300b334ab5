using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PlateWeb.Data.Transfer;

/// <summary>
/// SHA-256 over a table's rows in key order, each value written in one canonical form, so the same data read from
/// SQLite and from PostgreSQL hashes the same: what each engine keeps differently is brought to what both keep.
/// </summary>
internal sealed class RowHash : IDisposable
{
    private readonly IncrementalHash _sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly byte[] _buffer = new byte[8];

    public long Rows { get; private set; }

    public void AddRow(IEnumerable<object?> values)
    {
        foreach (var value in values) Add(value);
        Rows++;
    }

    public string Finish() => Convert.ToHexStringLower(_sha.GetHashAndReset());

    public void Dispose() => _sha.Dispose();

    private void Add(object? value)
    {
        switch (value)
        {
            case null:
                Tag('N');
                break;
            case string s:
                Tag('S');
                var bytes = Encoding.UTF8.GetBytes(s);
                Int64(bytes.Length);
                _sha.AppendData(bytes);
                break;
            case bool b:
                Tag(b ? 'T' : 'F');
                break;
            // SQLite keeps a DateTime as text to the tick (100 ns), PostgreSQL's timestamp to the microsecond, and
            // Npgsql truncates: both are compared as microseconds. The kind (Unspecified from either) is not data.
            case DateTime d:
                Tag('D');
                Int64(d.Ticks / 10);
                break;
            case DateTimeOffset o:
                Tag('O');
                Int64(o.UtcTicks / 10);
                break;
            // A float comes back from SQLite's REAL (a double) and from PostgreSQL's real exactly as it was
            // written: the bits are compared, never a printed form that might round differently.
            case float f:
                Tag('R');
                Int64(BitConverter.SingleToInt32Bits(f));
                break;
            case double x:
                Tag('X');
                Int64(BitConverter.DoubleToInt64Bits(x));
                break;
            case float[] floats:
                Tag('A');
                Int64(floats.Length);
                foreach (var f in floats) Int64(BitConverter.SingleToInt32Bits(f));
                break;
            case Enum e:
                Tag('E');
                Int64(Convert.ToInt64(e, CultureInfo.InvariantCulture));
                break;
            case int or long or short or byte:
                Tag('I');
                Int64(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case byte[] blob:
                Tag('B');
                Int64(blob.Length);
                _sha.AppendData(blob);
                break;
            default:
                throw new NotSupportedException($"No canonical form for {value.GetType().Name}: add one to {nameof(RowHash)}.");
        }
    }

    private void Tag(char tag)
    {
        _buffer[0] = (byte)tag;
        _sha.AppendData(_buffer, 0, 1);
    }

    private void Int64(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_buffer, value);
        _sha.AppendData(_buffer);
    }
}
