namespace PlateWeb.Recognition.Tests;

/// <summary>Files of the repository the tests run from (found by walking up to PlateWeb.sln).</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = Find();

    /// <summary>The plate reader the product ships.</summary>
    public static string ReaderModel => Path.Combine(Root, "models", "plate-reader-v1.onnx");

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PlateWeb.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("PlateWeb.sln not found above " + AppContext.BaseDirectory);
    }
}
