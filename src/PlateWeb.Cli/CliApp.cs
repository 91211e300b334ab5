using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PlateWeb.Recognition;
using PlateWeb.Recognition.Imaging;
using PlateWeb.Recognition.Ocr;

namespace PlateWeb.Cli;

/// <summary>
/// One verb's parsed command line (System.CommandLine; options declared in <see cref="CliVerbs"/>): its positional
/// arguments and options, and the host built from them (<see cref="CliHost"/>: the web app's registrations and
/// configuration, with the options over them).
/// </summary>
public sealed class CliContext(string verb, ParseResult parse) : IDisposable
{
    private IHost? _host;

    public string Verb { get; } = verb;

    public ParseResult Parse { get; } = parse;

    public IReadOnlyList<string> Positional { get; } =
        parse.CommandResult.Command.Arguments.Count > 0 && parse.GetValue<string[]>(parse.CommandResult.Command.Arguments[0].Name) is { } values ? values : [];

    /// <summary>Whether the option was given (a switch, or an option with a value).</summary>
    public bool Has(string flag) => Given(flag) is not null;

    /// <summary>The option's value as written, or null when it was not given.</summary>
    public string? Value(string flag) => Given(flag) switch
    {
        null => null,
        Option<string> text => Parse.GetValue(text),
        var option => Parse.GetResult(option)?.Tokens.LastOrDefault()?.Value,
    };

    /// <summary>A whole-number option's value (the parser has refused one that is not), or the fallback when not given.</summary>
    public int IntValue(string flag, int fallback) => Given(flag) switch
    {
        Option<int> number => Parse.GetValue(number),
        { } => throw new InvalidOperationException($"{flag} is not declared as a whole number for platectl {Verb}."),
        null => fallback,
    };

    private Option? Given(string flag) =>
        Parse.CommandResult.Command.Options.Concat(Parse.RootCommandResult.Command.Options).FirstOrDefault(o => o.Name == flag) is { } option
            && Parse.GetResult(option) is { Implicit: false } ? option : null;

    /// <summary>
    /// The engine and data services, built at the first use and not started: verbs that open the database
    /// migrate it themselves (<see cref="PlateWeb.Data.Storage.StandaloneData"/>) or must see it as it is (check).
    /// </summary>
    public IServiceProvider Services => (_host ??= CliHost.CreateBuilder(this).AddPlateServices(this).Build()).Services;

    /// <summary>Engine settings: appsettings.json and PLATEWEB_ variables as the web app reads them, then the flags.</summary>
    public RecognitionOptions RecognitionOptions() => Services.GetRequiredService<IOptions<RecognitionOptions>>().Value;

    /// <summary>Data folder: --data DIR, else PLATEWEB_DATA, else appsettings.json (as the web app); absolute.</summary>
    public PlateWeb.Data.DataOptions DataOptions() => Services.GetRequiredService<IOptions<PlateWeb.Data.DataOptions>>().Value;

    /// <summary>The host's loggers (standard error; warnings, or everything with --verbose). Owned by the context.</summary>
    public ILoggerFactory Loggers => Services.GetRequiredService<ILoggerFactory>();

    public void Dispose() => _host?.Dispose();
}

/// <summary>
/// platectl's entry: `help` and unknown verbs as the README shows them, then System.CommandLine parses the verb's
/// declared options (<see cref="CliVerbs"/>), refuses a bad value or an unknown option with exit code 2, and runs the
/// verb with a <see cref="CliContext"/> whose host <see cref="CliHost"/> builds.
/// Every verb's file declares its own options (a <see cref="CliVerb"/>) and reads them with ParseResult.GetValue,
/// except `worker` and `enqueue`, declared in <see cref="CliVerbs"/> and read by name through
/// <see cref="CliContext.Value"/>; the options several verbs share (--data, the engine's, --verbose) are read by name
/// in one place, <see cref="CliHost"/>.
/// </summary>
public static class CliApp
{
    public const string Usage = """
        platectl: read licence plates from images

          platectl read [--jsonl] [--country CC] [--crops DIR] [--why] PATH...
                                                           read files or folders (--crops saves each region as OCR saw it,
                                                           --why tells what became of each region)
          platectl eval DIR [--out DIR] [--country CC | --no-hint] [--min-confidence X]
                                                           score a benchmark folder, or a folder of images without
                                                           plates (see docs/ACCURACY.md)
          platectl reader-data FOLDER|--rendered N --out DIR [--labels FILE] [--region eu|us|br|none] [--source NAME]
                                                           plate crops, benchmark plates or plate-free scenes cut as the
                                                           plate reader sees them (tools/plateweb_tools/reader/README.md)
          platectl bench [DIR] [--seconds N]               images/second, 1 thread and all cores
          platectl sample [--out DIR]                      write sample plate pictures rendered by the project
          platectl explain [--fr] TEXT...                  which plate formats a text fits
          platectl import [--data DIR] PATH...             read images and store them as the web app's uploads are
          platectl export [--data DIR] [--csv|--json] [--out FILE] [--time-zone ZONE]
          platectl export [--data DIR] --rejected [--out FILE]
                                                           write the stored history (CSV by default; times with the
                                                           offset of ZONE, an IANA id such as Europe/Paris; UTC by default)
                                                           without the reads marked "not a plate"; --rejected writes only
                                                           those, one JSON line each (picture, quad, text), for training
          platectl ask [--data DIR] [--facts] [--last-query Q] [--time-zone ZONE] "QUESTION"
                                                           ask the chat about the stored history: the answer, then its sources
                                                           (--facts prints the grounded prompt and runs no model); "Query: Q"
                                                           on stderr, passed back with --last-query for a follow-up; "today",
                                                           "after 22:00" and the times in the answer in ZONE (an IANA id;
                                                           default Chat:TimeZone, else this machine's zone)
          platectl ask-eval [--seed FILE] [--questions FILE] [--limit N] [--out FILE]
                                                           the chat model on held-out questions (tools/plateweb_tools/chat/eval)
          platectl ask-bench [--reads N] [--runs N]        grounding time per question on N generated reads (no model)
          platectl backup [--data DIR] DEST                consistent copy of the database and images (safe while the app runs)
          platectl migrate-data --from sqlite:PATH --to postgres:CONNECTION-STRING [--batch-size N] [--batches N] [--verify]
                                                           copy a SQLite database into PostgreSQL (migrated first; every table,
                                                           same keys, N rows (1000) per batch; a second run resumes), then compare
                                                           each table's rows and hash (--verify: compare only; exit 1 on a
                                                           mismatch, 3 when --batches or Ctrl+C stopped it); image files stay where they are
          platectl forget [--data DIR] [--yes] TEXT        list, then with --yes delete, every read and image of a plate
          platectl export-plate [--data DIR] --out FILE.zip TEXT
                                                           everything stored about one plate: JSON and images
          platectl keys [--data DIR] create NAME [--scopes read,upload,delete,chat,admin] | list | revoke ID
                                                           API keys (the secret is printed once, on standard output)
          platectl check [--data DIR] [--repair]           database integrity, rows without file, orphan files
                                                           (--repair deletes orphan files older than an hour)
          platectl load --url URL --key KEY [--clients N] [--seconds N]
                                                           API load test with 1080p photos (tools/load-test.sh runs it)
          platectl bench-chat [--model PATH] [--prompt-tokens 100,250,500] [--max-tokens N] [--runs N]
                                                           chat model load time, first-token time, tokens/s, memory
          platectl bench-cameras [--vehicles N] [--plate-width PX] [--noise S] [--blur S] [--fps F]  camera figures: frames/s on one core, cameras per 2 cores, accuracy per frame vs per pass
          platectl worker [--data DIR] [--rabbitmq URI] [--prefetch N] [--concurrency N] [--name NAME] [--health-url http://127.0.0.1:PORT]
                                                           read the RabbitMQ jobs queue (Queue:Provider RabbitMq): store each
                                                           job's reads, then acknowledge it; one JSON line per job; Ctrl+C stops
                                                           (--health-url: GET /health there, for systemd or a load balancer)
          platectl enqueue [--data DIR] [--rabbitmq URI] [--wait|--serial] PATH... | --rendered N
                                                           images as RabbitMQ jobs, as web uploads (--wait: until every
                                                           reply, then images/s and the wait in the queue, p50/p95;
                                                           --serial: one job at a time, the queue's latency without a
                                                           backlog; --rendered N: generated 1920×1080 photos)
          platectl bench-history [--reads N] [--runs N] [--uploads N] [--provider sqlite|postgres --connection CONN]
                                                           time the History page's queries on N seeded reads (100 000)
                                                           and uploads of generated 1080p photos, in a temporary database
                                                           (postgres: a new database on CONN's server, dropped afterwards)

        common: --tessdata DIR (plate model folder), --reader FILE.onnx|none (plate reader), --no-tesseract (plate reader alone), --one-view (the reader reads each row once),
                --no-band (the EU band's country code is not read), --raw-confidence (no calibration, nothing dropped for low confidence), --verbose
        """;

    public static async Task<int> RunAsync(string[] args, IReadOnlyDictionary<string, Func<CliContext, Task<int>>> verbs)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            Console.WriteLine(Usage);
            return args.Length == 0 ? 2 : 0;
        }
        if (!verbs.ContainsKey(args[0]))
        {
            Console.Error.WriteLine($"platectl: unknown verb '{args[0]}'.");
            Console.Error.WriteLine(Usage);
            return 2;
        }

        var root = new RootCommand("platectl: read licence plates from images");
        root.Options.Add(new Option<bool>("--verbose") { Recursive = true, Description = "Debug logs on standard error." });
        foreach (var (name, run) in verbs)
        {
            var command = CliVerbs.CommandFor(name);
            var arguments = new Argument<string[]>("arguments") { Arity = ArgumentArity.ZeroOrMore, HelpName = "ARGUMENTS" };
            command.Arguments.Add(arguments);
            // The parser takes an option it does not know for an argument; platectl's arguments never start with "--".
            arguments.Validators.Add(result =>
            {
                foreach (var token in result.Tokens.Where(t => t.Value.StartsWith("--", StringComparison.Ordinal) && t.Value.Length > 2))
                {
                    result.AddError($"Unrecognized option '{token.Value}' for platectl {name}.");
                }
            });
            command.SetAction(async (parse, _) =>
            {
                using var ctx = new CliContext(name, parse);
                return await run(ctx);
            });
            root.Subcommands.Add(command);
        }

        // A path may start with '@': no response files.
        var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) Console.Error.WriteLine($"platectl {args[0]}: {error.Message}");
            Console.Error.WriteLine($"platectl {args[0]} --help lists its options.");
            return 2;
        }

        try
        {
            // Exceptions reach the handlers below; Ctrl+C is each verb's own (worker, ask, migrate-data handle it).
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null });
        }
        catch (Exception ex) when (ex is TessdataNotFoundException or TesseractException or ImageInputException or AppSettingsException)
        {
            Console.Error.WriteLine($"platectl: {ex.Message}");
            return 1;
        }
        catch (OptionsValidationException ex)
        {
            Console.Error.WriteLine($"platectl: {AppSettingsException.From(ex).Message}");
            return 1;
        }
    }
}
