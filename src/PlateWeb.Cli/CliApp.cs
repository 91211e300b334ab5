using Microsoft.Extensions.Logging;
using PlateWeb.Recognition;
using PlateWeb.Recognition.Imaging;
using PlateWeb.Recognition.Ocr;

namespace PlateWeb.Cli;

/// <summary>Parsed command line: the verb's positional arguments and its --flags.</summary>
public sealed class CliContext(string verb, IReadOnlyList<string> positional, IReadOnlyDictionary<string, string?> flags)
{
    public string Verb { get; } = verb;
    public IReadOnlyList<string> Positional { get; } = positional;

    public bool Has(string flag) => flags.ContainsKey(flag);

    public string? Value(string flag) => flags.TryGetValue(flag, out var v) ? v : null;

    public int IntValue(string flag, int fallback) =>
        flags.TryGetValue(flag, out var v) && int.TryParse(v, out var n) ? n : fallback;

    /// <summary>Engine settings: appsettings.json (current folder, then beside the repository root), then flags.</summary>
    public RecognitionOptions RecognitionOptions()
    {
        var options = AppSettings.Load().Recognition;
        if (Value("--tessdata") is { } t) options.TessdataPath = t;
        if (Value("--country") is { } c) options.CountryHint = c;
        if (Has("--no-tesseract")) options.TesseractSecondOpinion = false;
        if (Has("--one-view")) options.ReaderViews = false;
        if (Has("--raw-confidence"))
        {
            // For fitting a calibration: the readers' own confidences, nothing dropped for being low.
            options.CalibrateConfidence = false;
            options.MinConfidence = 0;
        }
        if (Value("--reader") is { } rm) options.ReaderModel = rm == "none" ? null : Path.GetFullPath(rm);
        return options;
    }

    /// <summary>Data folder: --data DIR, else PLATEWEB_DATA, else appsettings.json (as the web app).</summary>
    public PlateWeb.Data.DataOptions DataOptions()
    {
        var options = AppSettings.Load().Data;
        if (Value("--data") is { } d) options.DataDirectory = Path.GetFullPath(d);
        return options;
    }

    public ILoggerFactory LoggerFactory() => Microsoft.Extensions.Logging.LoggerFactory.Create(b =>
        // Logs go to standard error: standard output carries results (JSONL) that other tools parse.
        b.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(Has("--verbose") ? LogLevel.Debug : LogLevel.Warning)
         .AddFilter((category, level) => level >= LogLevel.Warning || Has("--verbose")));
}

public static class CliApp
{
    // Flags that take a value; every other --flag is a switch.
    private static readonly HashSet<string> ValueFlags = ["--out", "--tessdata", "--country", "--threads", "--seconds", "--data", "--top", "--crops", "--url", "--key", "--clients", "--distinct", "--seed", "--rendered", "--questions", "--limit", "--reads", "--runs", "--model", "--prompt-tokens", "--max-tokens", "--uploads", "--labels", "--region", "--source", "--reader", "--min-confidence", "--last-query", "--scopes", "--time-zone", "--provider", "--connection", "--from", "--to", "--batch-size", "--batches", "--rabbitmq", "--prefetch", "--concurrency", "--name", "--health-url"];

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
                                                           plate reader sees them (tools/reader/README.md)
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
                                                           the chat model on held-out questions (tools/train/eval/*.jsonl)
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
          platectl enqueue [--data DIR] [--rabbitmq URI] [--wait] PATH... | --rendered N
                                                           images as RabbitMQ jobs, as web uploads (--wait: until every
                                                           reply, then images/s; --rendered N: generated 1920×1080 photos)
          platectl bench-history [--reads N] [--runs N] [--uploads N] [--provider sqlite|postgres --connection CONN]
                                                           time the History page's queries on N seeded reads (100 000)
                                                           and uploads of generated 1080p photos, in a temporary database
                                                           (postgres: a new database on CONN's server, dropped afterwards)

        common: --tessdata DIR (plate model folder), --reader FILE.onnx|none (plate reader), --no-tesseract (plate reader alone), --one-view (the reader reads each row once),
                --raw-confidence (no calibration, nothing dropped for low confidence), --verbose
        """;

    public static async Task<int> RunAsync(string[] args, IReadOnlyDictionary<string, Func<CliContext, Task<int>>> verbs)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            Console.WriteLine(Usage);
            return args.Length == 0 ? 2 : 0;
        }
        if (!verbs.TryGetValue(args[0], out var run))
        {
            Console.Error.WriteLine($"platectl: unknown verb '{args[0]}'.");
            Console.Error.WriteLine(Usage);
            return 2;
        }

        var positional = new List<string>();
        var flags = new Dictionary<string, string?>(StringComparer.Ordinal);
        for (var i = 1; i < args.Length; i++)
        {
            var a = args[i];
            if (a.StartsWith("--", StringComparison.Ordinal) && a.Length > 2)
            {
                if (ValueFlags.Contains(a))
                {
                    if (i + 1 >= args.Length)
                    {
                        Console.Error.WriteLine($"platectl: {a} needs a value.");
                        return 2;
                    }
                    flags[a] = args[++i];
                }
                else
                {
                    flags[a] = null;
                }
            }
            else
            {
                positional.Add(a);
            }
        }

        try
        {
            return await run(new CliContext(args[0], positional, flags));
        }
        catch (Exception ex) when (ex is TessdataNotFoundException or TesseractException or ImageInputException or AppSettingsException)
        {
            Console.Error.WriteLine($"platectl: {ex.Message}");
            return 1;
        }
    }
}
