using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace PlateWeb.Cli;

/// <summary>
/// Options that several verbs declare the same way: the data folder, the engine's flags, and numbers read with the
/// invariant culture. Each call makes a new option, so every verb owns its own instances.
/// </summary>
public static class CliOptions
{
    public static Option<string> DataFolder() => new("--data")
    {
        HelpName = "DIR",
        Description = "The data folder (database and images); default PLATEWEB_DATA, else Data:DataDirectory.",
    };

    /// <summary>The engine's settings over appsettings.json's Recognition section (see <see cref="CliHost.AddPlateServices"/>).</summary>
    public static Option[] Engine() =>
    [
        new Option<string>("--tessdata") { HelpName = "DIR", Description = "The plate model folder." },
        new Option<string>("--country") { HelpName = "CC", Description = "The country whose plate formats come first." },
        new Option<string>("--reader") { HelpName = "FILE.onnx|none", Description = "The plate reader model, or none." },
        new Option<bool>("--no-tesseract") { Description = "The plate reader alone, no second opinion." },
        new Option<bool>("--one-view") { Description = "The reader reads each row once." },
        new Option<bool>("--no-band") { Description = "The EU band's country code is not read." },
        new Option<bool>("--raw-confidence") { Description = "No calibration; nothing dropped for low confidence." },
    ];

    public static Option<string> Text(string name, string helpName, string description) =>
        new(name) { HelpName = helpName, Description = description };

    /// <summary>A text with a default, shown in the verb's --help.</summary>
    public static Option<string> Text(string name, string helpName, string description, string defaultValue)
    {
        var option = Text(name, helpName, description);
        option.DefaultValueFactory = _ => defaultValue;
        return option;
    }

    public static Option<bool> Switch(string name, string description) => new(name) { Description = description };

    /// <summary>A whole number with a default, shown in the verb's --help.</summary>
    public static Option<int> Int(string name, string description, int defaultValue)
    {
        var option = Int(name, description);
        option.DefaultValueFactory = _ => defaultValue;
        return option;
    }

    /// <summary>A decimal number with a default, shown in the verb's --help.</summary>
    public static Option<double> Number(string name, string helpName, string description, double defaultValue)
    {
        var option = Number(name, helpName, description);
        option.DefaultValueFactory = _ => defaultValue;
        return option;
    }

    /// <summary>A whole number; anything else ("abc", "2.5") is an error naming the option.</summary>
    public static Option<int> Int(string name, string description) => new(name)
    {
        HelpName = "N",
        Description = description,
        CustomParser = result =>
        {
            var token = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
            if (int.TryParse(token, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)) return value;
            result.AddError($"Cannot parse argument '{token}' for option '{name}': a whole number such as 3 is expected.");
            return 0;
        },
    };

    /// <summary>A decimal number written with a dot whatever the machine's culture ("1.3"); anything else is an error naming the option.</summary>
    public static Option<double> Number(string name, string helpName, string description) => new(name)
    {
        HelpName = helpName,
        Description = description,
        CustomParser = result =>
        {
            var token = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
            if (double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)) return value;
            result.AddError($"Cannot parse argument '{token}' for option '{name}': a number such as 1.5 is expected.");
            return 0;
        },
    };
}
