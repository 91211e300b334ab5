using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using PlateWeb.Data.Cameras;
using PlateWeb.Data.Entities;
using PlateWeb.Web.Features.Cameras;

namespace PlateWeb.Web.Features.Api;

/// <summary>
/// A camera as the API returns it. Its source only as <see cref="Camera.SourceDisplay"/>: a stream's user name and
/// password are masked ("rtsp://***@host/stream"), as on the Cameras page; the source in clear is never sent back.
/// </summary>
/// <param name="RegionOfInterest">In percent of the frame; null: the whole frame.</param>
public sealed record ApiCamera(
    int Id, string Name, bool Enabled, string Kind, string Source, string AfterRead, double FramesPerSecond, string? CountryHint,
    ApiRegion? RegionOfInterest, int? RetentionDays, DateTime CreatedAt)
{
    public static ApiCamera From(Camera c) => new(
        c.Id, c.Name, c.Enabled, ApiJson.Name(c.Kind), c.SourceDisplay, ApiJson.Name(c.AfterRead), c.FramesPerSecond, c.CountryHint,
        c.RoiX is null ? null : new ApiRegion(Percent(c.RoiX), Percent(c.RoiY), Percent(c.RoiWidth), Percent(c.RoiHeight)),
        c.RetentionDays, DateTime.SpecifyKind(c.CreatedAt, DateTimeKind.Utc));

    private static double Percent(float? fraction) => Math.Round((fraction ?? 0) * 100, 2);
}

/// <summary>A region of the frame in percent (0..100).</summary>
public sealed record ApiRegion(double X, double Y, double Width, double Height);

/// <summary>Where a camera's worker stands, as the Cameras page shows it; <see cref="Reason"/> never holds the source's credentials.</summary>
public sealed record ApiCameraStatus(
    int CameraId, string State, string? Reason, DateTime? Since, long FramesRead, long FramesAnalysed, long FramesStill, long FramesDropped, int Passes)
{
    public static ApiCameraStatus From(CameraStatus s) => new(
        s.CameraId, ApiJson.Name(s.State), s.Reason, s.Since == DateTime.MinValue ? null : DateTime.SpecifyKind(s.Since, DateTimeKind.Utc),
        s.FramesRead, s.FramesAnalysed, s.FramesStill, s.FramesDropped, s.Passes);
}

/// <summary>
/// /api/cameras for keys with the admin scope: list, read, add, change (PATCH: only the fields sent) and remove
/// cameras, through <see cref="CameraService"/> like the Cameras page, so the same checks hold and the source is
/// protected before it is stored.
/// </summary>
public static partial class CamerasApi
{
    public static IEndpointRouteBuilder MapCamerasApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapApiGroup("/api/cameras").RequireAuthorization(ApiScopes.Admin);
        api.MapGet("", ListAsync).WithSummary("Every camera, by name; sources with their credentials masked.");
        api.MapGet("/{id:int}", GetAsync).WithSummary("One camera.");
        api.MapGet("/{id:int}/status", StatusAsync).WithSummary("Where the camera's worker stands: state, reason, frames and passes.");
        api.MapPost("", CreateAsync).WithSummary("Add a camera: JSON {name, kind (stream|folder), source, enabled, after_read, frames_per_second, country_hint, region_of_interest, retention_days}.");
        api.MapPatch("/{id:int}", PatchAsync).WithSummary("Change the fields sent; a source sent replaces the stored one, none keeps it.");
        api.MapDelete("/{id:int}", DeleteAsync).WithSummary("Remove a camera and its passes; its reads stay in the history without a camera.");
        return app;
    }

    private static async Task<Ok<List<ApiCamera>>> ListAsync(CameraStore store, CancellationToken ct) =>
        TypedResults.Ok((await store.AllAsync(ct)).Select(ApiCamera.From).ToList());

    private static async Task<Results<Ok<ApiCamera>, NotFound>> GetAsync(int id, CameraStore store, CancellationToken ct) =>
        await store.FindAsync(id, ct) is { } camera ? TypedResults.Ok(ApiCamera.From(camera)) : TypedResults.NotFound();

    private static async Task<Results<Ok<ApiCameraStatus>, NotFound>> StatusAsync(int id, CameraStore store, CameraBoard board, CancellationToken ct) =>
        await store.FindAsync(id, ct) is null ? TypedResults.NotFound() : TypedResults.Ok(ApiCameraStatus.From(board.StatusOf(id)));

    private static async Task<Results<Created<ApiCamera>, ProblemHttpResult>> CreateAsync(
        HttpRequest request, CameraService service, ILoggerFactory loggers, CancellationToken ct)
    {
        var (body, problem) = await ApiJson.ObjectAsync(request, ct);
        if (body is null) return problem!;
        var (saved, refused) = await SaveAsync(body, new CameraEdit(), service, loggers, ct);
        return saved is null ? refused! : TypedResults.Created($"/api/cameras/{saved.Id}", ApiCamera.From(saved));
    }

    private static async Task<Results<Ok<ApiCamera>, NotFound, ProblemHttpResult>> PatchAsync(
        int id, HttpRequest request, CameraStore store, CameraService service, ILoggerFactory loggers, CancellationToken ct)
    {
        if (await store.FindAsync(id, ct) is not { } camera) return TypedResults.NotFound();
        var (body, problem) = await ApiJson.ObjectAsync(request, ct);
        if (body is null) return problem!;
        var (saved, refused) = await SaveAsync(body, CameraEdit.From(camera), service, loggers, ct);
        return saved is null ? refused! : TypedResults.Ok(ApiCamera.From(saved));
    }

    private static async Task<Results<NoContent, NotFound>> DeleteAsync(int id, CameraStore store, CameraBoard board, CancellationToken ct)
    {
        if (!await store.DeleteAsync(id, ct)) return TypedResults.NotFound();
        board.Forget(id);
        return TypedResults.NoContent();
    }

    /// <summary>The body's fields applied to <paramref name="edit"/> and saved; or the 400 / 409 problem that says why not.</summary>
    private static async Task<(Camera? Saved, ProblemHttpResult? Problem)> SaveAsync(
        JsonObject body, CameraEdit edit, CameraService service, ILoggerFactory loggers, CancellationToken ct)
    {
        var logger = loggers.CreateLogger(typeof(CamerasApi));
        try
        {
            CameraFields.Apply(body, edit);
            return (await service.SaveAsync(edit, ct), null);
        }
        catch (Exception ex) when (ex is InvalidCameraException or ApiFieldException)
        {
            // The messages name the setting, never the source's text.
            LogRefused(logger, ex.Message);
            return (null, ApiJson.Problem(StatusCodes.Status400BadRequest, "Invalid camera", ex.Message));
        }
        catch (CameraNameTakenException ex)
        {
            return (null, ApiJson.Problem(StatusCodes.Status409Conflict, "Name taken", ex.Message));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "API refused camera settings: {Problem}")]
    private static partial void LogRefused(ILogger logger, string problem);
}

/// <summary>Reads the API's camera fields (snake_case) onto a <see cref="CameraEdit"/>; a field absent is left as it is.</summary>
internal static class CameraFields
{
    /// <exception cref="ApiFieldException">An unknown field, or a value of the wrong type (the message names the field).</exception>
    public static void Apply(JsonObject body, CameraEdit edit)
    {
        foreach (var (field, value) in body)
        {
            switch (field)
            {
                case "name": edit.Name = ApiJson.Text(field, value) ?? throw Bad("name must be a text."); break;
                case "enabled": edit.Enabled = ApiJson.Flag(field, value) ?? throw Bad("enabled must be true or false."); break;
                case "kind": edit.Kind = ApiJson.Choice<CameraSourceKind>(field, value) ?? throw Bad("kind must be \"stream\" or \"folder\"."); break;
                case "source": edit.Source = ApiJson.Text(field, value); break;
                case "after_read": edit.AfterRead = ApiJson.Choice<FolderAfterRead>(field, value) ?? throw Bad("after_read must be \"leave\" or \"move\"."); break;
                case "frames_per_second": edit.FramesPerSecond = ApiJson.Number(field, value) ?? throw Bad("frames_per_second must be a number."); break;
                case "country_hint": edit.CountryHint = ApiJson.Text(field, value); break;
                case "retention_days":
                    var days = ApiJson.Number(field, value);
                    if (days is { } d && (d != Math.Floor(d) || d > int.MaxValue)) throw Bad("retention_days must be a whole number of days, or null.");
                    edit.RetentionDays = days is null ? null : (int)days.Value;
                    break;
                case "region_of_interest": Region(value, edit); break;
                default: throw Bad($"Unknown field '{ApiJson.Shown(field)}'; a camera has name, enabled, kind, source, after_read, frames_per_second, country_hint, region_of_interest and retention_days.");
            }
        }
    }

    private static void Region(JsonNode? value, CameraEdit edit)
    {
        if (value is null)
        {
            (edit.RoiX, edit.RoiY, edit.RoiWidth, edit.RoiHeight) = (0, 0, 100, 100);
            return;
        }
        const string Shape = "region_of_interest must be {\"x\", \"y\", \"width\", \"height\"} in percent of the frame, or null for the whole frame.";
        if (value is not JsonObject region || region.Count != 4) throw Bad(Shape);
        double Part(string name) => region.TryGetPropertyValue(name, out var v) && ApiJson.Number(name, v) is { } n ? n : throw Bad(Shape);
        (edit.RoiX, edit.RoiY, edit.RoiWidth, edit.RoiHeight) = (Part("x"), Part("y"), Part("width"), Part("height"));
    }


    private static ApiFieldException Bad(string message) => new(message);
}

/// <summary>The JSON bodies and problems of the admin endpoints (/api/cameras, /api/watchlists).</summary>
internal static class ApiJson
{
    /// <summary>The body as a JSON object, or a 400 problem that says what to send.</summary>
    public static async Task<(JsonObject? Body, ProblemHttpResult? Problem)> ObjectAsync(HttpRequest request, CancellationToken ct)
    {
        if (!request.HasJsonContentType())
        {
            return (null, Problem(StatusCodes.Status400BadRequest, "Not JSON", "Send a JSON object with Content-Type: application/json."));
        }
        try
        {
            return await JsonNode.ParseAsync(request.Body, cancellationToken: ct) is JsonObject body
                ? (body, null)
                : (null, Problem(StatusCodes.Status400BadRequest, "Not a JSON object", "The body must be a JSON object ({ … })."));
        }
        catch (JsonException)
        {
            return (null, Problem(StatusCodes.Status400BadRequest, "Malformed JSON", "The body is not valid JSON."));
        }
    }

    public static string? Text(string field, JsonNode? value) =>
        value is null ? null : value is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw Expected(field, "a text");

    public static bool? Flag(string field, JsonNode? value) =>
        value is null ? null : value is JsonValue v && v.TryGetValue<bool>(out var b) ? b : throw Expected(field, "true or false");

    public static double? Number(string field, JsonNode? value) =>
        value is null ? null : value is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<double>(out var d) ? d : throw Expected(field, "a number");

    /// <summary>An enum value by its snake_case name ("stream", "confusions_and_one_edit"), any case; numbers are refused.</summary>
    public static T? Choice<T>(string field, JsonNode? value)
        where T : struct, Enum =>
        Text(field, value) is { } text && !text.Any(char.IsDigit)
        && Enum.TryParse<T>(text.Replace("_", "", StringComparison.Ordinal), ignoreCase: true, out var choice) && Enum.IsDefined(choice)
            ? choice
            : null;

    /// <summary>An enum value as the API writes it: snake_case, like the JSON's keys.</summary>
    public static string Name<T>(T value)
        where T : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    /// <summary>A time sent as ISO 8601; without an offset it is UTC.</summary>
    public static DateTime? Time(string field, JsonNode? value) =>
        Text(field, value) is not { } text ? null
        : DateTime.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal, out var t)
            ? DateTime.SpecifyKind(t, DateTimeKind.Utc)
            : throw Expected(field, "a time in ISO 8601 (2026-12-31T18:00:00Z)");

    /// <summary>A field name as sent, cut short and without control characters, fit for a message.</summary>
    public static string Shown(string field) => new(field.Where(c => !char.IsControl(c)).Take(40).ToArray());

    private static ApiFieldException Expected(string field, string expected) => new($"{Shown(field)} must be {expected}.");

    public static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title);
}

/// <summary>An unknown JSON field, or one of the wrong type (the message names it); the endpoints answer it with 400.</summary>
public sealed class ApiFieldException(string message) : Exception(message);
