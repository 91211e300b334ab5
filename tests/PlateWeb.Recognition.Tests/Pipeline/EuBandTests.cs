using OpenCvSharp;
using PlateWeb.Recognition.Pipeline;
using PlateWeb.Recognition.Synthesis;
using Xunit.Abstractions;

namespace PlateWeb.Recognition.Tests.Pipeline;

/// <summary>
/// The country code in a European plate's band decides its country: the same seven characters are a French, an
/// Italian or a Slovak plate depending on the letters in the band. The shipped plate reader reads the band, on plates
/// rendered in the EU design.
/// </summary>
public sealed class EuBandTests(RecognizerFixture fixture, ITestOutputHelper output) : IClassFixture<RecognizerFixture>
{
    private readonly PlateRecognizer _recognizer = fixture.Recognizer;

    private static SyntheticScene Scene(string text, string band) =>
        PlateRenderer.RenderScene(new SceneSpec(960, 640, [new ScenePlacement(new SyntheticPlate(text, PlateStyle.Eu, band), 480, 380, 420)],
            BlurSigma: 0.6f, NoiseSigma: 2, Seed: 5));

    private PlateRead Single(RecognitionResult result)
    {
        foreach (var p in result.Plates) output.WriteLine($"{p.Text} {p.Country} {p.Format} band={p.Band} conf={p.Confidence:0.00}");
        return Assert.Single(result.Plates);
    }

    [Theory]
    [InlineData("F", "FR", "FR-SIV")]
    [InlineData("I", "IT", "IT")]
    [InlineData("SK", "SK", "SK")]
    public void Band_DecidesBetweenFormatsOfTheSameCharacters(string band, string country, string format)
    {
        // "BA 123CD" fits the French SIV, Italian and Slovak (Bratislava) formats alike.
        using var scene = Scene("BA 123CD", band);

        var plate = Single(_recognizer.Recognize(scene.Image));

        Assert.Equal("BA123CD", plate.Text);
        Assert.Equal(band, plate.Band);
        Assert.Equal(country, plate.Country);
        Assert.Equal(format, plate.Format);
    }

    [Fact]
    public void Band_IsReadFromAnEncodedFile_DecodedInColourOnlyForIt()
    {
        // The file path decodes the picture in grey; the band needs the colour picture, decoded again from the file.
        using var scene = Scene("BA 123CD", "I");

        var plate = Single(_recognizer.Recognize(scene.Encode(".jpg")));

        Assert.Equal(("I", "IT"), (plate.Band, plate.Country));
    }

    [Fact]
    public void Band_OfACountryWithoutAFormat_KeepsItsCountry_UnderTheGenericEuropeanFormat()
    {
        // The grammar has no Maltese format; "ABC123" fits other countries' formats, which must not give it their country.
        using var scene = Scene("ABC 123", "M");

        var plate = Single(_recognizer.Recognize(scene.Image));

        Assert.Equal(("ABC123", "M", "MT", "EU-GENERIC"), (plate.Text, plate.Band, plate.Country, plate.Format));
        Assert.Contains("EU band \"M\"", plate.Explanation);
    }

    [Fact]
    public void Band_WhoseCountrysFormatsDoNotFit_IsSetAside()
    {
        // A Hungarian band on seven characters no Hungarian format takes (ABC-123, AA AA-123): the band is the likelier
        // misread (its letters are a few pixels high in a photo), and the plate keeps the formats' country.
        using var scene = Scene("BA 123CD", "H");

        var plate = Single(_recognizer.Recognize(scene.Image));

        Assert.Equal("BA123CD", plate.Text);
        Assert.Null(plate.Band);
        Assert.NotEqual("HU", plate.Country);
    }

    [Fact]
    public void WithoutBandReading_TheFormatsAloneChoose()
    {
        // The same Italian plate with band reading off: the formats' priors make it French. What the band test above
        // sees is the band's doing.
        var tessdata = Directory.CreateTempSubdirectory("plateweb-tessdata-");
        try
        {
            using var recognizer = new PlateRecognizer(new RecognitionOptions
            {
                TessdataPath = tessdata.FullName,
                OcrEngines = 1,
                ReaderModel = RepositoryFiles.ReaderModel,
                ReadEuBand = false,
            });
            using var scene = Scene("BA 123CD", "I");

            var plate = Single(recognizer.Recognize(scene.Image));

            Assert.Null(plate.Band);
            Assert.NotEqual("IT", plate.Country);
        }
        finally
        {
            tessdata.Delete(recursive: true);
        }
    }

    [Fact]
    public void GreyPicture_HasNoBandToRead_AndIsReadAsBefore()
    {
        using var scene = Scene("BA 123CD", "I");
        using var grey = scene.Image.CvtColor(ColorConversionCodes.BGR2GRAY);

        var plate = Single(_recognizer.Recognize(grey));

        Assert.Null(plate.Band);
        Assert.Equal("BA123CD", plate.Text);
    }

    [Theory]
    [InlineData("F", "FR")]
    [InlineData("SLO", "SI")]
    [InlineData("UK", "GB")]
    [InlineData("X", null)]
    [InlineData("", null)]
    public void CountryOf_MapsTheBandsCodes(string code, string? country) => Assert.Equal(country, EuBand.CountryOf(code));
}
