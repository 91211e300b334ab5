namespace PlateWeb.Web.Hosting;

/// <summary>
/// The app's content root is the repository root, where appsettings.json, tessdata/ and
/// wwwroot-assets/ live, whether it is started by ./plateweb run, by `dotnet run --project
/// src/PlateWeb.Web` from anywhere, or from its bin folder.
/// </summary>
public static class ContentRootLocator
{
    /// <summary>Null when the command line already names one (--contentRoot, as WebApplicationFactory passes it).</summary>
    public static string? Find(string[] args)
    {
        if (args.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase))) return null;
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
