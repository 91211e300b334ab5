using PlateWeb.Recognition.Ocr;

namespace PlateWeb.Recognition.Tests.Ocr;

internal static class OcrTestSettings
{
    /// <summary>The system English model (or TESSDATA_PREFIX's), as the locator finds it.</summary>
    public static TesseractSettings English { get; } = TessdataLocator.Resolve(configuredFolder: null, plateLanguage: "no-such-plate-model").ToSettings();
}
