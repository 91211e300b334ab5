using PlateWeb.Recognition.Pipeline;

namespace PlateWeb.Recognition.Tests.Pipeline;

/// <summary>The calibration file: one logistic curve per reader, optionally weighing the reader's "this is a plate".</summary>
public sealed class ConfidenceCalibrationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("calibration-").FullName;

    [Fact]
    public void TwoCoefficients_ApplyPlattsCurve_ToItsReaderOnly_AndIgnoreThePlateProbability()
    {
        var calibration = Load("""{ "plate-reader": { "a": 2.0, "b": -1.0, "reads": 40 } }""");

        // logit(0.8) = ln 4; 2 ln 4 - 1 = ln 16 - 1.
        Assert.Equal(1 / (1 + Math.Exp(1 - Math.Log(16))), calibration.Apply("plate-reader", 0.8f), 5);
        Assert.Equal(calibration.Apply("plate-reader", 0.8f), calibration.Apply("plate-reader", 0.8f, 0.3f));
        Assert.Equal(0.8f, calibration.Apply("tesseract", 0.8f));
    }

    [Fact]
    public void PlateProbabilityCoefficient_LowersAReadTheReaderHalfTookForAPlate_AndNullCountsAsSure()
    {
        var calibration = Load("""{ "plate-reader": { "a": 0.5, "b": 0.2, "c": 0.45 } }""");

        var plate = calibration.Apply("plate-reader", 0.9f, 0.99f);
        var lettering = calibration.Apply("plate-reader", 0.9f, 0.6f);

        Assert.True(lettering < plate - 0.15f, $"{lettering} vs {plate}");
        Assert.Equal(calibration.Apply("plate-reader", 0.9f, 1f), calibration.Apply("plate-reader", 0.9f, null), 5);
    }

    [Fact]
    public void ACoefficientThatIsNotANumber_IsRefusedWithTheFileAndReaderNamed()
    {
        var path = Path.Combine(_dir, "bad.calibration.json");
        File.WriteAllText(path, """{ "plate-reader": { "a": 1, "b": 0, "c": "high" } }""");

        var ex = Assert.Throws<InvalidDataException>(() => ConfidenceCalibration.Load(path));

        Assert.Contains("bad.calibration.json", ex.Message, StringComparison.Ordinal);
        Assert.Contains("plate-reader", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ShippedCurve_KeepsAClearPlate_AndPutsTheSameTextOnADoubtfulRegionUnderTheStorageThreshold()
    {
        var calibration = ConfidenceCalibration.Load(Path.ChangeExtension(RepositoryFiles.ReaderModel, ".calibration.json"));
        var threshold = new RecognitionOptions().MinConfidence;

        Assert.True(calibration.Apply("plate-reader", 0.99f, 0.99f) > 0.9f);
        // A sign's text read cleanly, in a region the reader gave even odds of being a plate.
        Assert.True(calibration.Apply("plate-reader", 0.05f, 0.55f) < threshold);
    }

    private ConfidenceCalibration Load(string json)
    {
        var path = Path.Combine(_dir, $"{Guid.NewGuid():N}.calibration.json");
        File.WriteAllText(path, json);
        return ConfidenceCalibration.Load(path);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
