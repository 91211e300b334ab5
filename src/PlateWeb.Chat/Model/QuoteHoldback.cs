namespace PlateWeb.Chat.Model;

/// <summary>
/// Holds back the run of capitals, digits, spaces and hyphens an answer ends with until it is over, so
/// that a plate is shown whole or, when the answer is cut (MaxTokens, Stop) in the middle of it, not at all.
/// </summary>
/// <param name="mayEnd">Whether the answer may end where it is now (<see cref="QuoteGuardSamplingPipeline.AllowsEnd"/>:
/// not in the middle of a plate); asked once, when the answer ends. None: it always may.</param>
public sealed class QuoteHoldback(Func<bool>? mayEnd = null) : IAnswerTextStep
{
    private string _pending = "";

    /// <summary>Never: holding back does not end an answer.</summary>
    public bool Stopped => false;

    /// <summary>The text that can be shown now.</summary>
    public string Push(string text)
    {
        var all = _pending + text;
        var start = all.Length;
        while (start > 0 && (IsCode(all[start - 1]) || all[start - 1] is ' ' or '-')) start--;
        // Only a run with a capital or a digit is held; plain spaces go out at once.
        var run = all.AsSpan(start);
        if (run.IndexOfAnyInRange('A', 'Z') < 0 && run.IndexOfAnyInRange('0', '9') < 0) start = all.Length;
        while (start < all.Length && all[start] is ' ' or '-') start++;
        _pending = all[start..];
        return all[..start];
    }

    /// <summary>What is still held: all of it when <paramref name="whole"/>, else without its run.</summary>
    public string Flush(bool whole)
    {
        var rest = whole ? _pending : "";
        _pending = "";
        return rest;
    }

    /// <summary>At the end: the run held back is shown only when it is whole (the answer was not cancelled and may end here).</summary>
    public string End(bool cancelled) => Flush(!cancelled && (mayEnd?.Invoke() ?? true));

    private static bool IsCode(char c) => c is (>= 'A' and <= 'Z') or (>= '0' and <= '9');
}
