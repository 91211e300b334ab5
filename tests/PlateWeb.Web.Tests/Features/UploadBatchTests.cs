using PlateWeb.Web.Features.Upload;

namespace PlateWeb.Web.Tests.Features;

public sealed class UploadBatchTests
{
    [Fact]
    public void Add_BeyondTheLimit_DropsTheOldestFinishedFilesOnly()
    {
        var batch = new UploadBatch();
        var unfinished = batch.Add("still-reading.jpg", 1);
        for (var i = 0; i < UploadBatch.MaxItems + 10; i++) UploadBatch.Fail(batch.Add($"f{i}.jpg", 1), "x");

        Assert.Equal(UploadBatch.MaxItems, batch.Items.Count);
        Assert.Contains(unfinished, batch.Items);
        Assert.Equal($"f{UploadBatch.MaxItems + 9}.jpg", batch.Items[0].FileName);
        Assert.DoesNotContain(batch.Items, i => i.FileName == "f0.jpg");
    }

    [Fact]
    public void Apply_UpdateOfAnotherBatch_IsIgnored()
    {
        var batch = new UploadBatch();
        batch.Add("a.jpg", 10);

        Assert.False(batch.Apply(new UploadUpdate(Guid.NewGuid(), UploadStage.Reading)));
    }

    [Fact]
    public void Apply_LateReadingAfterFailure_KeepsTheFailure()
    {
        var batch = new UploadBatch();
        var item = batch.Add("a.jpg", 10);
        UploadBatch.Fail(item, "too large");

        Assert.False(batch.Apply(new UploadUpdate(item.Id, UploadStage.Reading)));
        Assert.Equal(UploadStage.Failed, item.Stage);
        Assert.Equal("too large", item.Error);
    }

    [Fact]
    public void Add_NewestFirst()
    {
        var batch = new UploadBatch();
        batch.Add("first.jpg", 1);
        batch.Add("second.jpg", 2);

        Assert.Equal(["second.jpg", "first.jpg"], batch.Items.Select(i => i.FileName));
    }
}
