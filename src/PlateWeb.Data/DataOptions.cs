using System.ComponentModel.DataAnnotations;

namespace PlateWeb.Data;

/// <summary>The database engine that holds the history.</summary>
public enum DatabaseProvider
{
    /// <summary>One file in <see cref="DataOptions.DataDirectory"/>: the default, for one machine.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server named by <see cref="DataOptions.ConnectionString"/>, for several machines.</summary>
    Postgres,
}

/// <summary>Where the database and the stored images live; section "Data" of appsettings.json.</summary>
public sealed class DataOptions : IValidatableObject
{
    public const string Section = "Data";

    /// <summary>Fallback for <see cref="ConnectionString"/>: ConnectionStrings:PlateWeb.</summary>
    public const string ConnectionStringName = "PlateWeb";

    /// <summary>Sqlite (the default: a file in <see cref="DataDirectory"/>) or Postgres (<see cref="ConnectionString"/>).</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>The PostgreSQL connection string (Data:ConnectionString, else ConnectionStrings:PlateWeb); unused with SQLite.</summary>
    public string? ConnectionString { get; set; }

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

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Provider == DatabaseProvider.Postgres && string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return new ValidationResult(
                "Data:Provider is Postgres but no connection string is set: give Data:ConnectionString or ConnectionStrings:PlateWeb.",
                [nameof(ConnectionString)]);
        }
    }
}
