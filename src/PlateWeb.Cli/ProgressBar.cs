namespace PlateWeb.Cli;

/// <summary>A one-line progress bar on standard error, so that standard output stays parseable.</summary>
public sealed class ProgressBar(string label, int total)
{
    private readonly bool _interactive = !Console.IsErrorRedirected;
    private int _done;
    private int _lastPercent = -1;

    public void Advance(string? detail = null)
    {
        var done = Interlocked.Increment(ref _done);
        var percent = total == 0 ? 100 : done * 100 / total;
        if (percent == _lastPercent && done != total) return;
        _lastPercent = percent;
        const int width = 30;
        var filled = width * percent / 100;
        var line = $"{label} [{new string('#', filled)}{new string('.', width - filled)}] {done}/{total} {detail}";
        if (_interactive) Console.Error.Write("\r" + line.PadRight(Math.Min(120, line.Length + 10)));
        else if (percent % 25 == 0 || done == total) Console.Error.WriteLine(line);
        if (done == total && _interactive) Console.Error.WriteLine();
    }
}
