using System.ComponentModel.DataAnnotations;

namespace PlateWeb.Web.Features.Api;

/// <summary>Section "Api" of appsettings.json.</summary>
public sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>Header that carries the key.</summary>
    [Required(AllowEmptyStrings = false)]
    public string KeyHeader { get; set; } = "X-Api-Key";

    /// <summary>POST /api/reads requests processed at once; the next ones wait in line (see <see cref="UploadQueueLimit"/>).</summary>
    [Range(1, 1024)]
    public int MaxConcurrentUploads { get; set; } = 8;

    /// <summary>Uploads waiting for a slot; beyond this the API answers 429 Too Many Requests at once.</summary>
    [Range(0, 100_000)]
    public int UploadQueueLimit { get; set; } = 64;

    /// <summary>POST /api/chat questions per key and minute; beyond, 429 Too Many Requests.</summary>
    [Range(1, 100_000)]
    public int ChatPerMinute { get; set; } = 30;

    [Range(1, 1000)]
    public int MaxPageSize { get; set; } = 100;
}
