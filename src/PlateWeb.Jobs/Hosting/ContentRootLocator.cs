namespace PlateWeb.Jobs.Hosting;

/// <summary>
/// The content root of every PlateWeb host (the web app, `platectl`, a worker) is the repository root, where
/// appsettings.json, tessdata/ and wwwroot-assets/ live, whether it is started by ./plateweb run, by
/// `dotnet run --project src/PlateWeb.Web` from anywhere, or from its bin folder. Here, beside the engine's
/// registrations, so that every host finds it the same way.
/// </summary>
public static class ContentRootLocator
{
    /// <summary>Null when the command line already names one (--contentRoot, as WebApplicationFactory passes it).</summary>
    public static string? Find(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase))) return null;
        return Find();
    }

    /// <summary>The current folder if it holds appsettings.json, else the repository root, else the current folder.</summary>
    public static string Find()
    {
        if (File.Exists(Path.Combine(Environment.CurrentDirectory, "appsettings.json"))) return Environment.CurrentDirectory;
        return FindRepositoryRoot() ?? Environment.CurrentDirectory;
    }

    /// <summary>The nearest parent of the program's folder that holds PlateWeb.sln.</summary>
    public static string? FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PlateWeb.sln"))) return dir.FullName;
        }
        return null;
    }
}
