namespace PlateWeb.Data.Sightings;

/// <summary>
/// A plate seen and stored: one read of an uploaded image, or the voted read of one vehicle pass in front of a
/// camera. Watchlists, alerts and the live pages react to these; nothing else is needed to act on a sighting.
/// </summary>
/// <param name="ReadId">The stored read (for a pass: the read of its best frame).</param>
/// <param name="ImageId">The stored image (for a pass: its best frame), served at <c>/images/{id}</c>.</param>
/// <param name="Text">The plate as printed (with the format's separators), for example "AB-123-CD".</param>
/// <param name="NormalizedText">Upper case, letters and digits only.</param>
/// <param name="Country">ISO country code, when the grammar knows it.</param>
/// <param name="Confidence">0..1.</param>
/// <param name="At">When the image was taken or received (UTC).</param>
/// <param name="CameraId">The camera, or null for an upload.</param>
/// <param name="CameraName">The camera's name, or null for an upload.</param>
/// <param name="PassId">The vehicle pass, or null for an upload.</param>
public sealed record PlateSighting(
    long ReadId,
    long ImageId,
    string Text,
    string NormalizedText,
    string? Country,
    double Confidence,
    DateTimeOffset At,
    int? CameraId,
    string? CameraName,
    long? PassId);

/// <summary>One camera as other features name it (alert rules pick cameras by these).</summary>
public sealed record CameraRef(int Id, string Name);

/// <summary>The cameras that exist; empty until the cameras feature registers its own.</summary>
public interface ICameraDirectory
{
    Task<IReadOnlyList<CameraRef>> ListAsync(CancellationToken ct);
}

/// <summary>Used until a cameras feature replaces it (<c>TryAdd</c>): no cameras.</summary>
public sealed class NoCameras : ICameraDirectory
{
    public Task<IReadOnlyList<CameraRef>> ListAsync(CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<CameraRef>>([]);
}
