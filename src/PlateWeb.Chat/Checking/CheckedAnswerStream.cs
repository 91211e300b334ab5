using System.Text;

namespace PlateWeb.Chat.Checking;

/// <summary>
/// Streams an answer piece by piece, each piece checked before it is let out: text is held back until a
/// citation group ends ("… R-ET 8 [5]" is judged with fact 5 before anyone sees it) or a sentence ends, and
/// the whole answer is checked once more when the model is done (<see cref="Complete"/>). The first failure
/// stops the stream: nothing more is let out, and the caller replaces what was shown.
/// </summary>
public sealed class CheckedAnswerStream(AnswerChecker checker, CheckInput input)
{
    private readonly StringBuilder _written = new();
    private int _released;

    /// <summary>Everything the model wrote so far.</summary>
    public string Generated => _written.ToString();

    /// <summary>Set once a piece, or the whole answer, failed the check.</summary>
    public AnswerVerdict? Failure { get; private set; }

    /// <summary>Adds the model's next text; returns what may be shown now ("" while held back or once failed).</summary>
    public string Push(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Failure is not null) return "";
        _written.Append(text);
        var all = _written.ToString();
        var boundary = LastBoundary(all);
        if (boundary <= _released) return "";
        var verdict = checker.Check(input, all[..boundary], final: false);
        if (!verdict.Passed)
        {
            Failure = verdict;
            return "";
        }
        var piece = all[_released..boundary];
        _released = boundary;
        return piece;
    }

    /// <summary>The model is done: checks the whole answer; returns the rest to show, or "" when it failed (<see cref="Failure"/>).</summary>
    public string Complete()
    {
        if (Failure is not null) return "";
        var all = _written.ToString();
        var verdict = checker.Check(input, all.Trim(), final: true);
        if (!verdict.Passed)
        {
            Failure = verdict;
            return "";
        }
        var rest = all[_released..];
        _released = all.Length;
        return rest;
    }

    /// <summary>
    /// Where the last checkable piece ends: just after a citation group once something other than another
    /// citation follows it ("[1] [2]" is one group), or after ".", "!", "?" or a line end followed by a space.
    /// </summary>
    private static int LastBoundary(string text)
    {
        for (var j = text.Length - 1; j > 0; j--)
        {
            if (text[j - 1] == ']')
            {
                var k = j;
                while (k < text.Length && char.IsWhiteSpace(text[k])) k++;
                if (k < text.Length && text[k] != '[') return j;
            }
            if (text[j - 1] is '.' or '!' or '?' or '\n' && char.IsWhiteSpace(text[j])) return j;
        }
        return 0;
    }
}
