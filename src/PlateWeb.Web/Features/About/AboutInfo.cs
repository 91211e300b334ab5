using Microsoft.Extensions.Options;
using PlateWeb.Data;
using PlateWeb.Data.Storage;
using PlateWeb.Recognition.Ocr;
using PlateWeb.Recognition.Pipeline;

namespace PlateWeb.Web.Features.About;

public sealed record AboutFacts(
    string TesseractVersion, string OpenCvVersion, string TessdataPath, string Language, bool FallbackModel, string? ReaderModel,
    string DatabasePath, long DatabaseBytes, string DataDirectory, int Images, int Reads);

/// <summary>What the About page shows: engine versions, model in use, database and its size.</summary>
public sealed class AboutInfo(PlateRecognizer recognizer, IReadQueries queries, IOptions<DataOptions> data)
{
    public async Task<AboutFacts> GetAsync(CancellationToken ct)
    {
        var (images, reads) = await queries.CountAsync(ct);
        var db = data.Value.DatabasePath;
        // With WAL the recent writes sit in the -wal file until a checkpoint; both count. (PostgreSQL: no file here, 0.)
        var bytes = data.Value.Provider == DatabaseProvider.Sqlite ? new[] { db, db + "-wal" }.Where(File.Exists).Sum(f => new FileInfo(f).Length) : 0;
        return new AboutFacts(
            TesseractEngine.NativeVersion, OpenCvSharp.Cv2.GetVersionString() ?? "unknown", recognizer.Tessdata.TessdataPath,
            recognizer.Tessdata.Language, recognizer.Tessdata.IsFallback, recognizer.ReaderModelPath, PlateDatabase.Describe(data.Value), bytes, data.Value.DataDirectory, images, reads);
    }
}

public static class AboutServiceCollectionExtensions
{
    public static IServiceCollection AddAboutFeature(this IServiceCollection services) => services.AddSingleton<AboutInfo>();
}
