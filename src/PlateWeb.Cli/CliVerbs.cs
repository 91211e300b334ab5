using System.CommandLine;
using static PlateWeb.Cli.CliOptions;

namespace PlateWeb.Cli;

/// <summary>
/// The options each verb accepts, with their types: a value that does not parse (`--runs abc`) or an option the verb
/// does not know is an error (exit code 2) that names it, never a silent default. The README's "platectl" section and
/// <see cref="CliApp.Usage"/> describe them.
/// </summary>
public static class CliVerbs
{
    private static readonly Dictionary<string, CliVerb> Declared = new(StringComparer.Ordinal)
    {
        ["read"] = Commands.ReadCommand.Verb,
        ["eval"] = Commands.EvalCommand.Verb,
        ["reader-data"] = Commands.ReaderDataCommand.Verb,
        ["bench"] = Commands.BenchCommand.Verb,
        ["sample"] = Commands.SampleCommand.Verb,
        ["explain"] = Commands.ExplainCommand.Verb,
        ["import"] = Commands.ImportCommand.Verb,
        ["export"] = Commands.ExportCommand.Verb,
        ["ask"] = Commands.AskCommand.Verb,
        ["ask-eval"] = Commands.AskEvalCommand.Verb,
        ["ask-bench"] = Commands.AskBenchCommand.Verb,
        ["backup"] = Commands.BackupCommand.Verb,
        ["migrate-data"] = Commands.MigrateDataCommand.Verb,
        ["forget"] = Commands.ForgetCommand.ForgetVerb,
        ["export-plate"] = Commands.ForgetCommand.ExportPlateVerb,
        ["keys"] = Commands.AdminCommands.KeysVerb,
        ["check"] = Commands.AdminCommands.CheckVerb,
        ["load"] = Commands.LoadCommand.Verb,
        ["bench-chat"] = Commands.BenchChatCommand.Verb,
        ["bench-history"] = Commands.BenchHistoryCommand.Verb,
        ["bench-cameras"] = Commands.BenchCamerasCommand.Verb,
        ["worker"] = new("Read the RabbitMQ jobs queue and store each job's reads.", [DataFolder(), Text("--rabbitmq", "URI", "The broker (default Queue:RabbitMq:Uri)."),
            Int("--prefetch", "Unacknowledged jobs at once."), Int("--concurrency", "Jobs read at once."),
            Text("--name", "NAME", "This worker's name on the About page (default Worker:Name, else the host name)."),
            Text("--health-url", "URL", "Answer GET /health there, e.g. http://127.0.0.1:8091 (default Worker:HealthUrl).")]),
        ["enqueue"] = new("Images as RabbitMQ jobs, as web uploads.", [DataFolder(), Text("--rabbitmq", "URI", "The broker (default Queue:RabbitMq:Uri)."),
            Switch("--wait", "Wait for every reply, then print images/s and latencies."),
            Switch("--serial", "One job at a time, each after the last one's reply: the queue's latency without a backlog (implies --wait)."),
            Int("--rendered", "Generated 1920×1080 photos.")]),
    };

    /// <summary>The verb's command with its options (new instances) and an argument list; a verb missing here is a programming error.</summary>
    public static Command CommandFor(string verb)
    {
        if (!Declared.TryGetValue(verb, out var declared)) throw new ArgumentException($"platectl has no options declared for '{verb}'.", nameof(verb));
        var command = new Command(verb, declared.Description);
        foreach (var option in declared.Options) command.Options.Add(option);
        return command;
    }

}

/// <summary>A verb's description and options, as its --help shows them; the verb's file declares it.</summary>
public sealed record CliVerb(string Description, IReadOnlyList<Option> Options);
