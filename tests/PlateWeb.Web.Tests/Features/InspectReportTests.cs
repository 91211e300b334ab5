using PlateWeb.Recognition.Pipeline;
using PlateWeb.Web.Features.Inspect;

namespace PlateWeb.Web.Tests.Features;

public sealed class InspectReportTests
{
    [Fact]
    public void From_KeptAndDroppedRegions_OneRowEachInDetectionOrder()
    {
        var report = InspectReport.From(InspectSamples.KeptAndDropped());

        Assert.Equal((640, 480), (report.Width, report.Height));
        Assert.Equal([1, 2], report.Rows.Select(r => r.Number));
        Assert.Equal([true, false], report.Rows.Select(r => r.Kept));
        Assert.Equal("AB-123-CD", report.Rows[0].PlateText);
        Assert.Null(report.Rows[1].PlateText);
        Assert.Equal("10,20 110,20 110,50 10,50", report.Rows[0].SvgPoints);
        Assert.Equal(("AB12OCD", 0.75f), (report.Rows[0].RawText, report.Rows[0].OcrConfidence));
    }

    [Fact]
    public void From_KeptPlate_ListsCorrectionsWithOneBasedPositions()
    {
        var report = InspectReport.From(InspectSamples.KeptAndDropped());

        Assert.Equal(["position 5: O → 0, pattern FR-SIV expects a digit at position 5"], report.Rows[0].Corrections);
        Assert.Empty(report.Rows[1].Corrections);
    }

    [Fact]
    public void From_CapturedCrops_BecomePngDataUrls()
    {
        var report = InspectReport.From(InspectSamples.KeptAndDropped());

        Assert.All(report.Rows, r =>
        {
            Assert.StartsWith("data:image/png;base64,iVBORw0KGgo", r.RectifiedDataUrl, StringComparison.Ordinal);
            Assert.StartsWith("data:image/png;base64,iVBORw0KGgo", r.BinarizedDataUrl, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void From_NoCapturedCrops_NoDataUrls()
    {
        var sample = InspectSamples.KeptAndDropped();
        var result = sample with { Trace = sample.Trace.Select(t => t with { RectifiedPng = null, BinarizedPng = null }).ToList() };

        var report = InspectReport.From(result);

        Assert.All(report.Rows, r => Assert.Null(r.RectifiedDataUrl ?? r.BinarizedDataUrl));
    }

    [Fact]
    public void From_KeptRegionLaterReplaced_ShowsAsDroppedAndSaysWhy()
    {
        var sample = InspectSamples.KeptAndDropped();
        var result = sample with { Plates = [] };

        var report = InspectReport.From(result);

        Assert.False(report.Rows[0].Kept);
        Assert.EndsWith("then replaced by a stronger read of the same plate", report.Rows[0].Reason, StringComparison.Ordinal);
    }
}
