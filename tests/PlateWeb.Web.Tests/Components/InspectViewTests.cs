using System.Globalization;
using PlateWeb.Web.Features.Inspect;
using PlateWeb.Web.Tests.Features;

namespace PlateWeb.Web.Tests.Components;

public sealed class InspectViewTests : MudTestContext
{
    [Fact]
    public void InspectView_KeptAndDropped_ShowsReasonsChipsAndBothCrops()
    {
        var report = InspectReport.From(InspectSamples.KeptAndDropped());

        var view = Render<InspectView>(p => p
            .Add(v => v.Report, report)
            .Add(v => v.ImageUrl, "images/7")
            .Add(v => v.ImageAlt, "car.png"));

        Assert.Equal("images/7", view.Find("img[alt='car.png']").GetAttribute("src"));
        Assert.Equal([("10,20 110,20 110,50 10,50", "#00c853"), ("200,300 260,300 260,320 200,320", "#9e9e9e")],
            view.FindAll("polygon").Select(p => (p.GetAttribute("points"), p.GetAttribute("stroke"))));
        var rows = view.FindAll(".inspect-row");
        Assert.Equal(2, rows.Count);
        Assert.Contains("read as AB1230CD after 1 correction(s) (FR-SIV)", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("grammar rejected \"~i\": too short", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Equal(["kept", "dropped"], rows.Select(r => r.QuerySelector(".mud-chip")!.TextContent.Trim()));
        Assert.Contains("position 5: O → 0, pattern FR-SIV expects a digit at position 5", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("\"AB12OCD\" at 75", rows[0].TextContent, StringComparison.Ordinal);
        Assert.All(rows, r =>
        {
            var crops = r.QuerySelectorAll("img").ToList();
            Assert.Equal(2, crops.Count);
            Assert.All(crops, img =>
            {
                Assert.StartsWith("data:image/png;base64,", img.GetAttribute("src"), StringComparison.Ordinal);
                Assert.False(string.IsNullOrWhiteSpace(img.GetAttribute("alt")));
            });
        });
    }

    [Fact]
    public void InspectView_InFrench_SaysTheEnginesVerdictsInFrench()
    {
        var (culture, ui) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("fr-FR");
        try
        {
            var view = Render<InspectView>(p => p
                .Add(v => v.Report, InspectReport.From(InspectSamples.KeptAndDropped()))
                .Add(v => v.ImageUrl, "images/7"));

            var rows = view.FindAll(".inspect-row");
            Assert.Contains("lue AB1230CD après 1 correction(s) (FR-SIV)", rows[0].TextContent, StringComparison.Ordinal);
            Assert.Contains("position 5\u00a0: O remplacé par 0", rows[0].TextContent, StringComparison.Ordinal);
            Assert.Contains("refusé par la grammaire", rows[1].TextContent, StringComparison.Ordinal);
            Assert.DoesNotContain("too short", view.Markup, StringComparison.Ordinal);
            Assert.Equal(["gardée", "écartée"], rows.Select(r => r.QuerySelector(".mud-chip")!.TextContent.Trim()));
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, ui);
        }
    }
}
