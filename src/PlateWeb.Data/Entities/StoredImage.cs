namespace PlateWeb.Data.Entities;

/// <summary>An uploaded picture, stored once on disk under its SHA-256 (content-addressed).</summary>
public sealed class StoredImage
{
    public long Id { get; set; }

    /// <summary>Lower-case hex SHA-256 of the file's bytes; unique, so an identical re-upload finds this row.</summary>
    public required string Sha256 { get; set; }

    public long SizeBytes { get; set; }

    public int Width { get; set; }

    public int Height { get; set; }

    /// <summary>UTC.</summary>
    public DateTime UploadedAt { get; set; }

    /// <summary>Relative to the data directory, for example <c>images/ab/abcdef….png</c>; never taken from user input.</summary>
    public required string StoredPath { get; set; }

    /// <summary>The name the file had on the uploader's machine (display only).</summary>
    public required string OriginalFileName { get; set; }

    /// <summary>True when recognition ran and found no plate, so "nothing read" is told apart from "not processed".</summary>
    public bool NoPlateFound { get; set; }

    /// <summary>The camera whose frame or snapshot this is; null for an upload.</summary>
    public int? CameraId { get; set; }

    /// <summary>UTC time the camera took the picture; null for an upload.</summary>
    public DateTime? CapturedAt { get; set; }

    public List<PlateReadEntity> Reads { get; set; } = [];
}
