using System.Text;
using Xunit.Abstractions;

namespace PlateWeb.Cli.Tests.EndToEnd;

/// <summary>Tests that swap the process-wide Console.Out/Error must not run beside each other.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCollection
{
    public const string Name = "Console";
}

/// <summary>Redirects Console.Out and Console.Error for its lifetime.</summary>
internal sealed class ConsoleCapture : IDisposable
{
    private readonly TextWriter _out = Console.Out;
    private readonly TextWriter _error = Console.Error;
    private readonly StringWriter _capturedOut = new(new StringBuilder());
    private readonly StringWriter _capturedError = new(new StringBuilder());

    public ConsoleCapture()
    {
        Console.SetOut(_capturedOut);
        Console.SetError(_capturedError);
    }

    public string Out => _capturedOut.ToString();

    public string Error => _capturedError.ToString();

    public void Dispose()
    {
        Console.SetOut(_out);
        Console.SetError(_error);
    }

    /// <summary>Runs platectl in-process with its output captured, and logs the exchange to the test output.</summary>
    public static async Task<(int Code, string Out, string Error)> RunCliAsync(
        IReadOnlyDictionary<string, Func<CliContext, Task<int>>> verbs, ITestOutputHelper? log, params string[] args)
    {
        int code;
        string stdout, stderr;
        using (var capture = new ConsoleCapture())
        {
            code = await CliApp.RunAsync(args, verbs);
            stdout = capture.Out;
            stderr = capture.Error;
        }
        log?.WriteLine($"platectl {string.Join(' ', args)} -> {code}\n--- stdout\n{stdout}--- stderr\n{stderr}");
        return (code, stdout, stderr);
    }
}
