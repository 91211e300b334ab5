using System.Diagnostics;
using System.Security.Claims;
using System.Text.Json;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace PlateWeb.Web.Features.Api;

public static partial class ApiServiceCollectionExtensions
{
    /// <summary>Authorization policy of every /api endpoint: a valid API key.</summary>
    public const string Policy = "api-key";

    public static IServiceCollection AddApiFeature(this IServiceCollection services)
    {
        services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(Policy, p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser())
            .AddApiScopePolicies();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<ApiOptions>>((o, api) =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, ct) =>
            {
                var chat = context.HttpContext.Request.Path.StartsWithSegments("/api/chat");
                context.HttpContext.Response.Headers.RetryAfter = chat ? "60" : "1";
                var (title, detail) = chat
                    ? ("Too many questions", $"This key may ask {api.Value.ChatPerMinute} questions a minute (Api:ChatPerMinute); retry in a minute.")
                    : context.HttpContext.Request.Path.StartsWithSegments("/api")
                        ? ("Too many uploads at once", "The recognition queue is full; retry in a moment.")
                        : ("Too many attempts", "Too many requests from this address; retry in a minute.");
                context.HttpContext.Response.ContentType = "application/problem+json";
                return new ValueTask(context.HttpContext.Response.WriteAsJsonAsync(new { title, detail, status = 429 }, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json", ct));
            };
            // Per key (the name the key was given), so one script cannot take the model from everyone else.
            o.AddPolicy(ChatApi.ChatLimiter, context => RateLimitPartition.GetFixedWindowLimiter(
                context.User.FindFirstValue(ApiKeyAuthenticationHandler.KeyNameClaim) ?? "(none)",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = api.Value.ChatPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            o.AddConcurrencyLimiter(ReadsApi.UploadLimiter, c =>
            {
                c.PermitLimit = api.Value.MaxConcurrentUploads;
                c.QueueLimit = api.Value.UploadQueueLimit;
                c.QueueProcessingOrder = QueueProcessingOrder.OldestFirst;
            });
        });
        // snake_case like `platectl read --jsonl`, which the API's answers mirror.
        services.Configure<JsonOptions>(o => o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);
        services.AddOpenApi();
        return services;
    }

    /// <summary>
    /// GET /openapi/v1.json for a signed-in user or an API key: the document lists every endpoint of
    /// the app (account, export, history), which an anonymous visitor has no need to map.
    /// </summary>
    /// <summary>
    /// A group of API endpoints under <paramref name="prefix"/>: API keys only (never the site's cookie), listed in
    /// the API document; each endpoint or group adds the scope it needs.
    /// </summary>
    public static RouteGroupBuilder MapApiGroup(this IEndpointRouteBuilder app, string prefix) =>
        app.MapGroup(prefix).RequireAuthorization(Policy).WithTags("PlateWeb");

    public static IEndpointRouteBuilder MapApiDocument(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi().RequireAuthorization(Account.Policies.UserOrApiKey);
        return app;
    }

    /// <summary>Logs every /api request with the key's name, its status and time.</summary>
    public static IApplicationBuilder UseApiRequestLog(this IApplicationBuilder app) =>
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), branch => branch.Use(async (context, next) =>
        {
            var clock = Stopwatch.StartNew();
            try
            {
                await next(context);
            }
            finally
            {
                var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("PlateWeb.Api");
                var key = context.User.FindFirstValue(ApiKeyAuthenticationHandler.KeyNameClaim) ?? "(none)";
                LogRequest(logger, context.Request.Method, context.Request.Path, context.Response.StatusCode, key, clock.Elapsed.TotalMilliseconds);
            }
        }));

    [LoggerMessage(Level = LogLevel.Information, Message = "API {Method} {Path} → {StatusCode} key {KeyName} in {ElapsedMs:0} ms")]
    private static partial void LogRequest(ILogger logger, string method, string path, int statusCode, string keyName, double elapsedMs);
}
