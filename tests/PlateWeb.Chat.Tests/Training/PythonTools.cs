using System.Diagnostics;

namespace PlateWeb.Chat.Tests.Training;

/// <summary>Runs the chat model's training tools (tools/plateweb_tools/chat) with Debian's Python
/// (scripts/setup.sh installs torch, numpy, sentencepiece and matplotlib for it).</summary>
internal static class PythonTools
{
    public const string Python = "/usr/bin/python3";

    /// <summary>The folder that holds the tools' package, plateweb_tools: modules run from here.</summary>
    public static string ToolsDirectory { get; } = Path.Combine(RepositoryRoot.Path, "tools");

    /// <summary>Runs the chat tool <c>name</c> (<c>python3 -m plateweb_tools.chat.name args</c>) and returns
    /// its standard output; throws with both streams when the exit code is not 0.</summary>
    public static async Task<string> RunChatToolAsync(string name, params string[] args) =>
        (await RunBothAsync(["-m", "plateweb_tools.chat." + name, .. args])).Stdout;

    /// <summary>Runs <c>python3 args</c> in tools/ and returns both streams (Python's unittest reports on
    /// standard error).</summary>
    public static async Task<(string Stdout, string Stderr)> RunBothAsync(params string[] args)
    {
        var psi = new ProcessStartInfo(Python)
        {
            WorkingDirectory = ToolsDirectory,
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
