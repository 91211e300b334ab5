using PlateWeb.Recognition.Ocr;

namespace PlateWeb.Recognition.Tests.Ocr;

public sealed class TessdataLocatorTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("plateweb-locator-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Folder(string name, params string[] languages)
    {
        var dir = Path.Combine(_root, name);
        Directory.CreateDirectory(dir);
        foreach (var language in languages)
        {
            File.WriteAllBytes(Path.Combine(dir, language + ".traineddata"), [0]);
        }

        return dir;
    }

    [Fact]
    public void Resolve_ConfiguredFolderHasPlateModel_UsesIt()
    {
        var configured = Folder("repo-tessdata", "plate");
        var system = Folder("system", "eng");

        var location = TessdataLocator.Resolve(configured, "plate", tessdataPrefix: null, [system]);

        Assert.Equal(new TessdataLocation(configured, "plate", IsFallback: false), location);
    }

    [Fact]
    public void Resolve_NoPlateModel_FallsBackToSystemEnglish()
    {
        var configured = Folder("repo-tessdata");
        var system = Folder("system", "eng");

        var location = TessdataLocator.Resolve(configured, "plate", tessdataPrefix: null, [system]);

        Assert.Equal(new TessdataLocation(system, "eng", IsFallback: true), location);
    }

    [Fact]
    public void Resolve_TessdataPrefix_IsPreferredOverSystemFolder()
    {
        var prefix = Folder("prefix", "eng");
        var system = Folder("system", "eng");

        var location = TessdataLocator.Resolve(null, "plate", prefix, [system]);

        Assert.Equal(new TessdataLocation(prefix, "eng", IsFallback: true), location);
    }

    [Fact]
    public void Resolve_PlateModelUnderTessdataPrefix_IsNotFallback()
    {
        var prefix = Folder("prefix", "plate", "eng");

        var location = TessdataLocator.Resolve(null, "plate", prefix, []);

        Assert.Equal(new TessdataLocation(prefix, "plate", IsFallback: false), location);
    }

    [Fact]
    public void Resolve_NothingFound_ThrowsWithSearchedPathsAndAptHint()
    {
        var configured = Folder("empty");

        var ex = Assert.Throws<TessdataNotFoundException>(
            () => TessdataLocator.Resolve(configured, "plate", tessdataPrefix: null, [Folder("empty-system")]));

        Assert.Contains("apt-get install tesseract-ocr-eng", ex.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(configured, "plate.traineddata"), ex.SearchedFiles);
        Assert.Contains(Path.Combine(configured, "plate.traineddata"), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_SystemDefaults_FindDebianEnglishModel()
    {
        var location = TessdataLocator.Resolve(configuredFolder: Path.Combine(_root, "missing"));

        Assert.True(location.IsFallback);
        Assert.Equal("eng", location.Language);
        Assert.True(File.Exists(Path.Combine(location.TessdataPath, "eng.traineddata")));
    }
}
