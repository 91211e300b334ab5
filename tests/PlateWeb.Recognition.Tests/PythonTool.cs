using System.Diagnostics;

namespace PlateWeb.Recognition.Tests;

/// <summary>Runs one of the project's Python tools (Debian's /usr/bin/python3) and returns its output.</summary>
internal static class PythonTool
{
    /// <summary>The folder that holds the tools' package, plateweb_tools: modules run from here.</summary>
    private static readonly string ToolsDirectory = Path.Combine(RepositoryFiles.Root, "tools");

    /// <summary>Runs <c>python3 -m module args</c> in tools/, e.g. module <c>plateweb_tools.reader.train</c>.</summary>
    public static async Task<string> RunModuleAsync(string module, params string[] args)
    {
        args = ["-m", module, .. args];
        var psi = new ProcessStartInfo("/usr/bin/python3")
        {
            WorkingDirectory = ToolsDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["OMP_WAIT_POLICY"] = "PASSIVE";
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start /usr/bin/python3");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"python3 {string.Join(' ', args)} ran for more than 5 minutes:\n{await stdout}");
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"python3 {string.Join(' ', args)} exited with {process.ExitCode}:\n{await stdout}\n{await stderr}");
        }
        return await stdout;
    }
}
