using PlateWeb.Recognition.Imaging;

namespace PlateWeb.Web.Features.Upload;

/// <summary>One file on the upload page and where it stands.</summary>
public sealed class UploadItem(Guid id, string fileName, long sizeBytes)
{
    public Guid Id { get; } = id;

    public string FileName { get; } = fileName;

    public long SizeBytes { get; } = sizeBytes;

    public UploadStage Stage { get; set; } = UploadStage.Uploading;

    /// <summary>Why it failed: a sentence already in the page's language, or the engine's English text when <see cref="ErrorKind"/> is set.</summary>
    public string? Error { get; set; }

    /// <summary>The input problem behind a failure reported by the worker; the card words it per language.</summary>
    public ImageErrorKind? ErrorKind { get; set; }

    /// <summary>0..1 of the file received while uploading.</summary>
    public double Progress { get; set; }

    public ImageResult? Result { get; set; }

    public bool IsFinished => Stage is UploadStage.Done or UploadStage.Failed;
}

/// <summary>The files one tab has sent, newest first; plain state, rendered by the page and unit-testable.</summary>
public sealed class UploadBatch
{
    /// <summary>Files listed at most: the oldest finished ones leave first (History keeps them all).</summary>
    public const int MaxItems = 200;

    private readonly List<UploadItem> _items = [];

    public IReadOnlyList<UploadItem> Items => _items;

    public UploadItem Add(string fileName, long sizeBytes)
    {
        var item = new UploadItem(Guid.NewGuid(), fileName, sizeBytes);
        _items.Insert(0, item);
        for (var i = _items.Count - 1; i >= 0 && _items.Count > MaxItems; i--)
        {
            if (_items[i].IsFinished) _items.RemoveAt(i);
        }
        return item;
    }

    public static void Fail(UploadItem item, string reason)
    {
        ArgumentNullException.ThrowIfNull(item);
        item.Stage = UploadStage.Failed;
        item.Error = reason;
    }

    /// <summary>Applies an update if it is about one of this batch's files; a late update never undoes a finished one.</summary>
    public bool Apply(UploadUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        var item = _items.Find(i => i.Id == update.JobId);
        if (item is null || item.IsFinished) return false;
        item.Stage = update.Stage;
        item.Error = update.Error;
        item.ErrorKind = update.ErrorKind;
        item.Result = update.Result ?? item.Result;
        return true;
    }
}
