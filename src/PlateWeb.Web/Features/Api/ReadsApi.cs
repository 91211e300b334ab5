using System.Diagnostics;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using PlateWeb.Data.Storage;
using PlateWeb.Jobs;
using PlateWeb.Recognition.Imaging;
using PlateWeb.Web.Features.Audit;
using PlateWeb.Web.Features.Images;
using PlateWeb.Web.Features.Upload;

namespace PlateWeb.Web.Features.Api;

/// <summary>The REST API under /api: recognise an image, search and read the history, delete a read, fetch an image.</summary>
public static partial class ReadsApi
{
    public const string UploadLimiter = "api-uploads";

    public static IEndpointRouteBuilder MapReadsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapApiGroup("/api");
        api.MapPost("/reads", PostReadAsync)
            .RequireAuthorization(ApiScopes.Upload)
            .DisableAntiforgery() // Scripts authenticate with a key header, not a cookie: there is no cross-site form to forge.
            .RequireRateLimiting(UploadLimiter)
            .WithSummary("Recognise the plates in an image (multipart field 'image') and store them like an upload.");
        api.MapGet("/reads", SearchAsync)
            .RequireAuthorization(ApiScopes.Read)
            .WithSummary("Search the history: q (at most 32 letters and digits) matches plates confusion-tolerantly (O/0, B/8…, one character more or less).");
        api.MapGet("/reads/{id:long}", GetReadAsync).RequireAuthorization(ApiScopes.Read).WithSummary("One stored read.");
        api.MapDelete("/reads/{id:long}", DeleteReadAsync).RequireAuthorization(ApiScopes.Delete).WithSummary("Delete one read (its image stays); needs the delete scope.");
        api.MapGet("/images/{id:long}", GetImageAsync).RequireAuthorization(ApiScopes.Read).WithSummary("The stored image file.");
        return app;
    }

    private static async Task<Results<Ok<ApiImageReads>, ProblemHttpResult>> PostReadAsync(
        HttpRequest request, IImageReader reader, PlateStore store, IOptions<UploadOptions> upload, ILoggerFactory loggers, CancellationToken ct)
    {
        var logger = loggers.CreateLogger(typeof(ReadsApi));
        if (!request.HasFormContentType)
        {
            return Problem(StatusCodes.Status400BadRequest, "Not a form upload", "Send the image as multipart/form-data in a field named 'image'.");
        }
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(ct);
        }
        catch (IOException ex) when (ex is not BadHttpRequestException && !DiskFull.Is(ex))
        {
            // A body cut short or without its closing boundary ("Unexpected end of Stream"). Limits
            // (size, field count) and a full disk go to ProblemExceptionHandler.
            LogMalformed(logger, ex.GetType().Name);
            return Problem(StatusCodes.Status400BadRequest, "Malformed form", "The multipart body is malformed or incomplete: send the image as multipart/form-data in a field named 'image'.");
        }
        var file = form.Files.GetFile("image") ?? (form.Files.Count == 1 ? form.Files[0] : null);
        if (file is null)
        {
            return Problem(StatusCodes.Status400BadRequest, "No image", "Send exactly one file, in a field named 'image'.");
        }
        var fileName = FileNames.Clean(file.FileName);
        if (file.Length == 0)
        {
            LogRefused(logger, "empty file");
            return Problem(StatusCodes.Status400BadRequest, "Empty file", $"{fileName} is empty (0 bytes).");
        }
        if (file.Length > upload.Value.MaxFileBytes)
        {
            LogRefused(logger, "over the size limit");
            return Problem(StatusCodes.Status413PayloadTooLarge, "File too large",
                $"{fileName} is {file.Length / 1048576.0:0.#} MB; the limit is {upload.Value.MaxFileBytes / 1048576.0:0.#} MB (Upload:MaxFileBytes).");
        }

        var bytes = new byte[file.Length];
        await using (var stream = file.OpenReadStream())
        {
            await stream.ReadExactlyAsync(bytes, ct);
        }
        var clock = Stopwatch.StartNew();
        try
        {
            var result = await reader.ReadAsync(new RecognitionJob(Guid.NewGuid(), fileName, bytes), ct);
            var image = await store.FindImageAsync(result.ImageId, ct);
            var plates = (image?.Reads ?? []).OrderByDescending(r => r.Confidence).Select(ApiPlate.From).ToList();
            return TypedResults.Ok(new ApiImageReads(fileName, Math.Round(clock.Elapsed.TotalMilliseconds, 1), null, result.ImageId, result.AlreadyStored, result.Width, result.Height, plates));
        }
        catch (ImageInputException ex)
        {
            LogRefused(logger, ex.Kind.ToString());
            var status = ex.Kind == ImageErrorKind.TooLarge ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest;
            return Problem(status, "Not a usable image", ex.Message);
        }
        catch (JobFailedException ex)
        {
            // Queue:Provider RabbitMq only: the message says whether it timed out or was dead-lettered, by job id.
            LogRefused(logger, "recognition job failed");
            return Problem(StatusCodes.Status503ServiceUnavailable, "Recognition unavailable", ex.Message);
        }
    }

    private static async Task<Results<Ok<ApiReadPage>, ProblemHttpResult>> SearchAsync(
        IReadQueries queries, IOptions<ApiOptions> options, CancellationToken ct,
        string? q = null, string? country = null, float? minConfidence = null, DateTime? from = null, DateTime? to = null,
        int skip = 0, int take = 25)
    {
        if (skip < 0 || take < 1 || take > options.Value.MaxPageSize)
        {
            return Problem(StatusCodes.Status400BadRequest, "Bad paging", $"skip must be ≥ 0 and take between 1 and {options.Value.MaxPageSize}.");
        }
        // NaN is neither below 0 nor above 1: the range is tested the other way round.
        if (minConfidence is { } min && !(min >= 0 && min <= 1))
        {
            return Problem(StatusCodes.Status400BadRequest, "Bad filter", "minConfidence is a number between 0 and 1.");
        }
        if (ReadQuery.SearchProblem(q) is { } tooLong)
        {
            return Problem(StatusCodes.Status400BadRequest, "Search too long", tooLong);
        }
        var page = await queries.SearchAsync(new ReadQuery(q, skip, take, ReadSort.CreatedAt, true, country, minConfidence, ToUtc(from), ToUtc(to)), ct);
        return TypedResults.Ok(new ApiReadPage(page.TotalCount, skip, take, page.Items.Select(ApiReadRow.From).ToList()));
    }

    private static async Task<Results<Ok<ApiPlate>, NotFound>> GetReadAsync(long id, PlateStore store, CancellationToken ct) =>
        await store.FindReadAsync(id, ct) is { } read ? TypedResults.Ok(ApiPlate.From(read)) : TypedResults.NotFound();

    private static async Task<Results<NoContent, NotFound>> DeleteReadAsync(long id, PlateStore store, ClaimsPrincipal user, CancellationToken ct) =>
        await store.DeleteReadAsync(id, ct, AuditActor.Of(user)) ? TypedResults.NoContent() : TypedResults.NotFound();

    private static async Task<Results<PhysicalFileHttpResult, NotFound>> GetImageAsync(long id, PlateStore store, CancellationToken ct) =>
        await ImageEndpoints.StoredFileAsync(id, store, ct);

    private static DateTime? ToUtc(DateTime? value) => value?.Kind switch
    {
        DateTimeKind.Local => value.Value.ToUniversalTime(),
        _ => value is null ? null : DateTime.SpecifyKind(value.Value, DateTimeKind.Utc),
    };

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title);

    [LoggerMessage(Level = LogLevel.Information, Message = "API refused a malformed form ({ExceptionType})")]
    private static partial void LogMalformed(ILogger logger, string exceptionType);

    // Never the file name: it is often the plate itself. The request log line beside it names the key.
    [LoggerMessage(Level = LogLevel.Information, Message = "API refused an image: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);
}
