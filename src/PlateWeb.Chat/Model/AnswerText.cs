namespace PlateWeb.Chat.Model;

/// <summary>
/// One step between the token decoder and the reader: it takes the text decoded so far and gives back
/// what may be shown now, holding back what is not settled yet.
/// </summary>
public interface IAnswerTextStep
{
    /// <summary>True once nothing more may be generated (a stop text was written).</summary>
    bool Stopped { get; }

    /// <summary>Adds decoded text; returns what can be shown now.</summary>
    string Push(string text);

    /// <summary>The answer is over: what is still held back and may be shown.</summary>
    /// <param name="cancelled">The answer was cut by cancellation (Stop, the host stopping) rather than ending.</param>
    string End(bool cancelled);
}

/// <summary>
/// The text steps of one answer in order (<see cref="QuoteHoldback"/>, then <see cref="StopTextFilter"/>):
/// each step's output is the next one's input, and at the end what each step still holds goes through
/// the steps after it.
/// </summary>
public sealed class AnswerText(IReadOnlyList<IAnswerTextStep> steps)
{
    /// <summary>True once any step has stopped the answer.</summary>
    public bool Stopped
    {
        get
        {
            foreach (var step in steps)
            {
                if (step.Stopped) return true;
            }
            return false;
        }
    }

    /// <summary>Adds decoded text; returns what can be shown now.</summary>
    public string Push(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var step in steps) text = step.Push(text);
        return text;
    }

    /// <summary>The rest of the answer, once generation is over.</summary>
    public string End(bool cancelled)
    {
        var text = string.Empty;
        foreach (var step in steps) text = (text.Length > 0 ? step.Push(text) : string.Empty) + step.End(cancelled);
        return text;
    }
}
