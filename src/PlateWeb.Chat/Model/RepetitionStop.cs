namespace PlateWeb.Chat.Model;

/// <summary>
/// Notices an answer that has fallen into a loop ("vues vues vues…", "of the of the of the…"), which
/// greedy decoding of a small model sometimes does, so generation can stop there instead of filling
/// MaxTokens with it. A loop is the same block of 2 to 8 tokens four times in a row, or one token
/// eight times in a row (a plate never repeats one character that often).
/// </summary>
public sealed class RepetitionStop
{
    private const int LongestBlock = 8;
    private const int Repeats = 4;
    private const int SingleRepeats = 8;

    private readonly List<int> _tokens = [];

    /// <summary>Adds the token just generated; true when the answer now ends in a loop.</summary>
    public bool Add(int token)
    {
        _tokens.Add(token);
        for (var block = 1; block <= LongestBlock; block++)
        {
            var times = block == 1 ? SingleRepeats : Repeats;
            if (_tokens.Count < block * times) break;
            if (EndsWithRepeats(block, times)) return true;
        }
        return false;
    }

    private bool EndsWithRepeats(int block, int times)
    {
        var end = _tokens.Count;
        for (var i = end - block * times; i < end - block; i++)
        {
            if (_tokens[i] != _tokens[i + block]) return false;
        }
        return true;
    }
}
