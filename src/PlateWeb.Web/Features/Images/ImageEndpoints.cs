using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.FileProviders;
using PlateWeb.Data.Storage;

namespace PlateWeb.Web.Features.Images;

public static class ImageEndpoints
{
    /// <summary>
    /// GET /images/{id}: the stored file of an image. Only a numeric id comes from the request; the
    /// path on disk comes from the database row, so no user-supplied path reaches the file system.
    /// </summary>
    public static IEndpointRouteBuilder MapStoredImages(this IEndpointRouteBuilder app)
    {
        // Signed-in users (the pages' <img>) or API keys with the read scope; never anonymous.
        app.MapGet("/images/{id:long}", (long id, PlateStore store, CancellationToken ct) => StoredFileAsync(id, store, ct))
            .RequireAuthorization(PlateWeb.Web.Features.Account.Policies.UserOrApiKey, Api.ApiScopes.ReadWhenKey);
        return app;
    }

    /// <summary>The file of a stored image by its id (also GET /api/images/{id}).</summary>
    public static async Task<Results<PhysicalFileHttpResult, NotFound>> StoredFileAsync(long id, PlateStore store, CancellationToken ct)
    {
        var image = await store.FindImageAsync(id, ct);
        if (image is null) return TypedResults.NotFound();
        var path = store.GetFullPath(image);
        if (!File.Exists(path)) return TypedResults.NotFound();
        return TypedResults.PhysicalFile(path, ContentType(path), enableRangeProcessing: false);
    }

    /// <summary>Serves the repository's wwwroot-assets/ (logo, icons) under /assets.</summary>
    public static WebApplication UseProductAssets(this WebApplication app)
    {
        var folder = Path.Combine(app.Environment.ContentRootPath, "wwwroot-assets");
        if (Directory.Exists(folder))
        {
            app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(folder), RequestPath = "/assets" });
        }
        return app;
    }

    private static string ContentType(string path) => Path.GetExtension(path) switch
    {
        ".jpg" => "image/jpeg",
        ".png" => "image/png",
        ".bmp" => "image/bmp",
        ".webp" => "image/webp",
        ".gif" => "image/gif",
        ".tiff" => "image/tiff",
        _ => "application/octet-stream",
    };
}
