using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using PlateWeb.Data;
using PlateWeb.Recognition;

namespace PlateWeb.Cli;

/// <summary>A setting that fails validation; the message names the key.</summary>
public sealed class AppSettingsException(string message) : Exception(message);

/// <summary>
/// The product's appsettings.json, read the way the web host reads it (JSON file, then PLATEWEB_
/// environment variables), so that platectl and the app agree on every limit.
/// </summary>
public sealed class AppSettings
{
    public required RecognitionOptions Recognition { get; init; }

    /// <summary>Where the web app keeps its database and images; DataDirectory is absolute here.</summary>
    public required DataOptions Data { get; init; }

    /// <summary>Folder holding the appsettings.json in use; relative paths in it are resolved from here.</summary>
    public required string ContentRoot { get; init; }

    public static AppSettings Load()
    {
        var root = FindContentRoot();
        var config = new ConfigurationBuilder()
            .SetBasePath(root)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables("PLATEWEB_")
            .Build();
        var recognition = new RecognitionOptions();
        config.GetSection(RecognitionOptions.Section).Bind(recognition);
        Validate(recognition, RecognitionOptions.Section);
        if (!Path.IsPathRooted(recognition.TessdataPath))
        {
            recognition.TessdataPath = Path.GetFullPath(Path.Combine(root, recognition.TessdataPath));
        }
        if (!string.IsNullOrWhiteSpace(recognition.ReaderModel) && !Path.IsPathRooted(recognition.ReaderModel))
        {
            recognition.ReaderModel = Path.GetFullPath(Path.Combine(root, recognition.ReaderModel));
        }
        var data = new DataOptions();
        config.GetSection(DataOptions.Section).Bind(data);
        // The same precedence as the web app: PLATEWEB_DATA over appsettings.json, relative to the content root.
        if (Environment.GetEnvironmentVariable(DataOptions.EnvironmentVariable) is { Length: > 0 } fromEnvironment) data.DataDirectory = fromEnvironment;
        data.ConnectionString ??= config.GetConnectionString(DataOptions.ConnectionStringName);
        Validate(data, DataOptions.Section);
        data.DataDirectory = Path.GetFullPath(Path.Combine(root, data.DataDirectory));
        return new AppSettings { Recognition = recognition, Data = data, ContentRoot = root };
    }

    /// <summary>The current folder if it has appsettings.json, else the nearest parent of the program that has PlateWeb.sln.</summary>
    public static string FindContentRoot()
    {
        if (File.Exists(Path.Combine(Environment.CurrentDirectory, "appsettings.json"))) return Environment.CurrentDirectory;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PlateWeb.sln"))) return dir.FullName;
        }
        return Environment.CurrentDirectory;
    }

    private static void Validate(object options, string section)
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            var keys = results.Select(r => $"{section}:{string.Join(",", r.MemberNames)} ({r.ErrorMessage})");
            throw new AppSettingsException("Invalid setting in appsettings.json: " + string.Join("; ", keys));
        }
    }
}
