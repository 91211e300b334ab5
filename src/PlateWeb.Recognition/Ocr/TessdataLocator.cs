namespace PlateWeb.Recognition.Ocr;

/// <summary>Which traineddata to load.</summary>
/// <param name="TessdataPath">Absolute folder containing <c>&lt;Language&gt;.traineddata</c>.</param>
/// <param name="Language">Tesseract language name.</param>
/// <param name="IsFallback">True when the plate model was not found and a generic model (eng) is used instead.</param>
public sealed record TessdataLocation(string TessdataPath, string Language, bool IsFallback)
{
    /// <summary>Default engine settings for this location.</summary>
    public TesseractSettings ToSettings() => new(TessdataPath, Language);
}

/// <summary>No usable traineddata was found.</summary>
public sealed class TessdataNotFoundException : Exception
{
    public TessdataNotFoundException(string message, IReadOnlyList<string> searchedFiles)
        : base(message)
    {
        SearchedFiles = searchedFiles;
    }

    /// <summary>Every traineddata path that was tried, in order.</summary>
    public IReadOnlyList<string> SearchedFiles { get; }
}

/// <summary>
/// Chooses the tessdata folder and language: a dedicated plate model when one is present, otherwise
/// the system's English model.
/// </summary>
/// <remarks>
/// Order: (1) <c>&lt;plateLanguage&gt;.traineddata</c> in the configured folder, then in
/// <c>$TESSDATA_PREFIX</c>; (2) fallback <c>eng.traineddata</c> in the configured folder,
/// <c>$TESSDATA_PREFIX</c>, then Debian's <c>/usr/share/tesseract-ocr/5/tessdata</c>.
/// <c>TESSDATA_PREFIX</c> is taken as the tessdata folder itself (Tesseract 4+ convention); its
/// <c>tessdata</c> sub-folder is tried too, for the older convention.
/// </remarks>
public static class TessdataLocator
{
    /// <summary>Language name of a dedicated plate model (<c>plate.traineddata</c>).</summary>
    public const string DefaultPlateLanguage = "plate";

    /// <summary>Generic model used when no plate model exists.</summary>
    public const string FallbackLanguage = "eng";

    /// <summary>Where Debian 12's <c>tesseract-ocr-eng</c> installs its models.</summary>
    public const string DebianTessdataPath = "/usr/share/tesseract-ocr/5/tessdata";

    /// <summary>Resolves using the process environment (<c>TESSDATA_PREFIX</c>) and the Debian system folder.</summary>
    /// <param name="configuredFolder">Project tessdata folder (e.g. the repo's <c>tessdata/</c>); relative paths are taken from the current directory. May be null.</param>
    /// <param name="plateLanguage">Language name of the plate model.</param>
    /// <exception cref="TessdataNotFoundException">Neither the plate model nor the fallback model exists.</exception>
    public static TessdataLocation Resolve(string? configuredFolder = null, string plateLanguage = DefaultPlateLanguage) =>
        Resolve(configuredFolder, plateLanguage, Environment.GetEnvironmentVariable("TESSDATA_PREFIX"), [DebianTessdataPath]);

    /// <summary>Testable core: the environment and system folders are passed in.</summary>
    internal static TessdataLocation Resolve(
        string? configuredFolder, string plateLanguage, string? tessdataPrefix, IReadOnlyList<string> systemFolders)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(plateLanguage);

        var preferred = new List<string>();
        AddFolder(preferred, configuredFolder);
        if (!string.IsNullOrWhiteSpace(tessdataPrefix))
        {
            AddFolder(preferred, tessdataPrefix);
            AddFolder(preferred, Path.Combine(tessdataPrefix, "tessdata"));
        }

        var fallback = new List<string>(preferred);
        foreach (var folder in systemFolders)
        {
            AddFolder(fallback, folder);
        }

        var searched = new List<string>();
        var found = Find(preferred, plateLanguage, isFallback: false, searched)
            ?? Find(fallback, FallbackLanguage, isFallback: true, searched);
        if (found is not null)
        {
            return found;
        }

        throw new TessdataNotFoundException(
            $"No Tesseract model found. Tried: {string.Join(", ", searched)}. "
            + $"Put {plateLanguage}.traineddata in the configured tessdata folder, set TESSDATA_PREFIX to a folder with "
            + $"{FallbackLanguage}.traineddata, or install the English model: apt-get install tesseract-ocr-eng",
            searched);
    }

    private static TessdataLocation? Find(List<string> folders, string language, bool isFallback, List<string> searched)
    {
        foreach (var folder in folders)
        {
            var file = Path.Combine(folder, language + ".traineddata");
            if (searched.Contains(file))
            {
                continue;
            }

            searched.Add(file);
            if (File.Exists(file))
            {
                return new TessdataLocation(folder, language, isFallback);
            }
        }

        return null;
    }

    private static void AddFolder(List<string> folders, string? folder)
    {
        if (string.IsNullOrWhiteSpace(folder))
        {
            return;
        }

        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        if (!folders.Contains(full))
        {
            folders.Add(full);
        }
    }
}
