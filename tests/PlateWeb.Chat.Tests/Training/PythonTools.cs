using System.Diagnostics;

namespace PlateWeb.Chat.Tests.Training;

/// <summary>Runs the training tools of tools/train/ with Debian's Python (scripts/setup.sh installs torch,
/// numpy, sentencepiece and matplotlib for it).</summary>
internal static class PythonTools
{
    public const string Python = "/usr/bin/python3";

    public static string TrainDirectory { get; } = Path.Combine(RepositoryRoot.Path, "tools", "train");

    /// <summary>Runs <c>python3 args</c> in tools/train and returns its standard output; throws with both
    /// streams when the exit code is not 0.</summary>
    public static async Task<string> RunAsync(params string[] args) => (await RunBothAsync(args)).Stdout;

    /// <summary>Like <see cref="RunAsync"/>, with standard error too (where Python's unittest reports).</summary>
    public static async Task<(string Stdout, string Stderr)> RunBothAsync(params string[] args)
    {
        var psi = new ProcessStartInfo(Python)
        {
            WorkingDirectory = TrainDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start " + Python);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"python3 {string.Join(' ', args)} ran for more than 10 minutes");
        }
        var output = await stdout;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"python3 {string.Join(' ', args)} exited with {process.ExitCode}:\n{output}\n{await stderr}");
        }
        return (output, await stderr);
    }
}
