using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace PlateWeb.Web.Features.Upload;

/// <summary>
/// The bounded queue between the pages and the recognition workers. When it is full, uploaders
/// wait (FullMode Wait) rather than the server holding an unbounded pile of images in memory.
/// </summary>
public sealed class RecognitionQueue(IOptions<UploadOptions> options)
{
    private readonly Channel<RecognitionJob> _channel = Channel.CreateBounded<RecognitionJob>(
        new BoundedChannelOptions(options.Value.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleWriter = false,
            SingleReader = false,
        });

    public ValueTask EnqueueAsync(RecognitionJob job, CancellationToken ct) => _channel.Writer.WriteAsync(job, ct);

    public ChannelReader<RecognitionJob> Reader => _channel.Reader;
}
