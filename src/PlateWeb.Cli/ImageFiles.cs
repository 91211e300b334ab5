namespace PlateWeb.Cli;

/// <summary>Expands command-line paths (files or folders) into image files.</summary>
public static class ImageFiles
{
    private static readonly HashSet<string> Extensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".jpg", ".jpeg", ".png", ".bmp", ".webp", ".gif", ".tif", ".tiff",
    };

    /// <summary>Files are taken as given (whatever their extension: the decoder judges); folders give their images, sorted.</summary>
    public static IEnumerable<string> Expand(IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                foreach (var f in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                             .Where(f => Extensions.Contains(Path.GetExtension(f)))
                             .OrderBy(f => f, StringComparer.Ordinal))
                {
                    yield return f;
                }
            }
            else
            {
                yield return path;
            }
        }
    }
}
