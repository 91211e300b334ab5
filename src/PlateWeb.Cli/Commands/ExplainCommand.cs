using System.CommandLine;
using PlateWeb.Recognition.Grammar;
using static PlateWeb.Cli.CliOptions;

namespace PlateWeb.Cli.Commands;

/// <summary>`platectl explain [--fr] TEXT...`: which plate formats a text fits, in words.</summary>
public static class ExplainCommand
{
    private static readonly Option<bool> French = Switch("--fr", "In French.");

    public static CliVerb Verb { get; } = new("Which plate formats a text fits.", [French]);

    public static Task<int> RunAsync(CliContext ctx)
    {
        if (ctx.Positional.Count == 0)
        {
            Console.Error.WriteLine("platectl explain: give at least one plate text, for example AB-123-CD.");
            return Task.FromResult(2);
        }
        var grammar = PlateGrammar.Default;
        var culture = ctx.Parse.GetValue(French) ? "fr" : null;
        var unknown = 0;
        foreach (var raw in ctx.Positional)
        {
            var matches = grammar.Match(raw, culture);
            if (matches.Count == 0)
            {
                unknown++;
                Console.WriteLine($"{PlateGrammar.Normalize(raw)}: {(culture is null ? "fits no known plate format" : "ne correspond à aucun format connu")}");
                continue;
            }
            foreach (var m in matches)
            {
                Console.WriteLine($"{m.DisplayText}\t{m.Format.Id}\t{m.Explanation}");
            }
        }
        return Task.FromResult(unknown == ctx.Positional.Count ? 1 : 0);
    }
}
