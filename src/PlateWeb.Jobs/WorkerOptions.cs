using System.ComponentModel.DataAnnotations;

namespace PlateWeb.Jobs;

/// <summary>Section "Worker" of appsettings.json: how a `platectl worker` process shows itself.</summary>
public sealed class WorkerOptions : IValidatableObject
{
    public const string Section = "Worker";

    /// <summary>The name shown on the About page and /health; the machine's name when empty.</summary>
    [MaxLength(128)]
    public string? Name { get; set; }

    /// <summary>How often the worker writes its heartbeat row; web nodes show it gone after three missed.</summary>
    [Range(1, 3600)]
    public int HeartbeatSeconds { get; set; } = 15;

    /// <summary>
    /// Where the worker answers GET /health (http://127.0.0.1:8091; http://0.0.0.0:8091 for every interface).
    /// Off when empty, the default. Also `platectl worker --health-url URL`.
    /// </summary>
    public string? HealthUrl { get; set; }

    public string EffectiveName => string.IsNullOrWhiteSpace(Name) ? Environment.MachineName : Name.Trim();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(HealthUrl)) yield break;
        if (!TryHealthPrefix(HealthUrl, out _))
        {
            yield return new ValidationResult(
                $"Worker:HealthUrl (--health-url) must be an http:// address with a port and no path, such as http://127.0.0.1:8091; got '{HealthUrl}'.",
                [nameof(HealthUrl)]);
        }
    }

    /// <summary>
    /// The HttpListener prefix of <paramref name="url"/>: http, an explicit port, nothing after the host but "/"
    /// or "/health". 0.0.0.0 and [::] become "+" (every interface), as HttpListener names it.
    /// </summary>
    public static bool TryHealthPrefix(string url, out string prefix)
    {
        prefix = string.Empty;
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp) return false;
        // An explicit port: Uri fills in 80, and a probe on port 80 is rarely what was meant.
        var authority = url.Trim()["http://".Length..].Split('/')[0];
        if (!authority.Contains(':', StringComparison.Ordinal) || authority.EndsWith(']')) return false;
        if (uri.AbsolutePath is not ("/" or "/health") || uri.Query.Length > 0 || uri.UserInfo.Length > 0) return false;
        var host = uri.Host is "0.0.0.0" or "[::]" or "::" ? "+" : uri.Host;
        prefix = $"http://{host}:{uri.Port}/";
        return true;
    }
}
