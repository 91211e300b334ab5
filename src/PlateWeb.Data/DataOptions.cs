using System.ComponentModel.DataAnnotations;

namespace PlateWeb.Data;

/// <summary>Where the database and the stored images live; section "Data" of appsettings.json.</summary>
public sealed class DataOptions
{
    public const string Section = "Data";

    /// <summary>Environment variable that overrides <see cref="DataDirectory"/>.</summary>
    public const string EnvironmentVariable = "PLATEWEB_DATA";

    /// <summary>Folder for the database and the images; relative paths are from the content root (the repository root).</summary>
    [Required(AllowEmptyStrings = false)]
    public string DataDirectory { get; set; } = "data";

    [Required(AllowEmptyStrings = false)]
    [RegularExpression(@"^[\w.-]+$", ErrorMessage = "Data:DatabaseFileName must be a plain file name.")]
    public string DatabaseFileName { get; set; } = "plateweb.db";

    /// <summary>Images and their reads older than this many days are deleted by the retention purge; 0 keeps everything.</summary>
    [Range(0, 36500, ErrorMessage = "Data:RetentionDays must be between 0 (keep everything) and 36500.")]
    public int RetentionDays { get; set; }

    public string DatabasePath => Path.Combine(DataDirectory, DatabaseFileName);

    public string ImagesDirectory => Path.Combine(DataDirectory, "images");
}
