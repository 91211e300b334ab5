using PlateWeb.Recognition.Pipeline;

namespace PlateWeb.Recognition.Tests.Pipeline;

/// <summary>
/// One recognizer for a test class. Its tessdata folder is a fresh empty directory, so the plate model
/// is never found and the system's "eng" model is used whatever is installed in the repository;
/// the plate reader is the one the product ships, as in production.
/// </summary>
public sealed class RecognizerFixture : IDisposable
{
    private readonly string _emptyTessdata = Directory.CreateTempSubdirectory("plateweb-tessdata-").FullName;

    public RecognizerFixture()
    {
        Recognizer = new PlateRecognizer(new RecognitionOptions
        {
            TessdataPath = _emptyTessdata,
            OcrEngines = 2,
            ReaderModel = RepositoryFiles.ReaderModel,
        });
    }

    public PlateRecognizer Recognizer { get; }

    public void Dispose()
    {
        Recognizer.Dispose();
        Directory.Delete(_emptyTessdata, recursive: true);
    }
}
