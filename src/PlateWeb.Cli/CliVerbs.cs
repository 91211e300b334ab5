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
        ["read"] = new("Read files or folders.", [.. Engine(), Switch("--jsonl", "One JSON line per image."),
            Text("--crops", "DIR", "Save each region as OCR saw it."), Switch("--why", "Tell what became of each region.")]),
        ["eval"] = new("Score a benchmark folder, or a folder of images without plates (docs/ACCURACY.md).", [.. Engine(), Text("--out", "DIR", "Where the results go (default eval-out)."),
            Switch("--no-hint", "No country hint."), Text("--min-confidence", "X", "Score only plates at or above X (0 to 1).")]),
        ["reader-data"] = new("Plate crops, benchmark plates or plate-free scenes cut as the plate reader sees them.", [Int("--rendered", "Benchmark plates rendered by the project."), Text("--out", "DIR", "The output folder."),
            Text("--labels", "FILE", "The labels file."), Text("--region", "eu|us|br|none", "The plates' region."),
            Text("--source", "NAME", "The source's name."), Int("--seed", "The random seed.")]),
        ["bench"] = Commands.BenchCommand.Verb,
        ["sample"] = Commands.SampleCommand.Verb,
        ["explain"] = Commands.ExplainCommand.Verb,
        ["import"] = new("Read images and store them as the web app stores uploads.", [DataFolder(), .. Engine()]),
        ["export"] = new("Write the stored history (CSV by default).", [DataFolder(), Switch("--csv", "CSV (the default)."), Switch("--json", "JSON."),
            Switch("--rejected", "Only the reads marked \"not a plate\", one JSON line each."), Text("--out", "FILE", "The output file."),
            Text("--time-zone", "ZONE", "Times with the offset of ZONE (an IANA id); UTC by default.")]),
        ["ask"] = new("Ask the chat about the stored history: the answer, then its sources.", [DataFolder(), Switch("--facts", "Print the grounded prompt and run no model."),
            Text("--last-query", "Q", "The previous answer's query, for a follow-up."),
            Text("--time-zone", "ZONE", "The zone of \"today\" and of the times in the answer (an IANA id).")]),
        ["ask-eval"] = new("The chat model on held-out questions.", [Text("--seed", "FILE", "The history the questions are asked about."),
            Text("--questions", "FILE", "The held-out questions."), Int("--limit", "Ask only the first N questions."),
            Text("--out", "FILE", "The results file.")]),
        ["ask-bench"] = Commands.AskBenchCommand.Verb,
        ["backup"] = new("A consistent copy of the database and images (safe while the app runs).", [DataFolder()]),
        ["migrate-data"] = new("Copy a SQLite database into PostgreSQL, then compare each table.", [Text("--from", "sqlite:PATH", "The SQLite database."),
            Text("--to", "postgres:CONNECTION-STRING", "The PostgreSQL database."), Int("--batch-size", "Rows per batch (1000)."),
            Int("--batches", "Stop after N batches."), Switch("--verify", "Compare only.")]),
        ["forget"] = new("List, then with --yes delete, every read and image of a plate.", [DataFolder(), Switch("--yes", "Delete, not only list.")]),
        ["export-plate"] = new("Everything stored about one plate: JSON and images.", [DataFolder(), Text("--out", "FILE.zip", "The archive to write.")]),
        ["keys"] = new("API keys: create NAME, list, revoke ID.", [DataFolder(), Text("--scopes", "read,upload,delete,chat,admin", "The new key's scopes.")]),
        ["check"] = new("Database integrity, rows without file, orphan files.", [DataFolder(), Switch("--repair", "Delete orphan files older than an hour.")]),
        ["load"] = Commands.LoadCommand.Verb,
        ["bench-chat"] = Commands.BenchChatCommand.Verb,
        ["bench-history"] = Commands.BenchHistoryCommand.Verb,
        ["bench-cameras"] = Commands.BenchCamerasCommand.Verb,
        ["worker"] = new("Read the RabbitMQ jobs queue and store each job's reads.", [DataFolder(), Text("--rabbitmq", "URI", "The broker (default Queue:RabbitMq:Uri)."),
            Int("--prefetch", "Unacknowledged jobs at once."), Int("--concurrency", "Jobs read at once.")]),
        ["enqueue"] = new("Images as RabbitMQ jobs, as web uploads.", [DataFolder(), Text("--rabbitmq", "URI", "The broker (default Queue:RabbitMq:Uri)."),
            Switch("--wait", "Wait for every reply, then print images/s."), Int("--rendered", "Generated 1920×1080 photos.")]),
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
