namespace PlateWeb.Web.Features.Cameras;

/// <summary>Who runs a camera, as a lease answers it.</summary>
public enum LeaseState
{
    /// <summary>This node holds the lease (just taken, or renewed): it runs the camera.</summary>
    Held,

    /// <summary>Another node holds it: this one leaves the camera alone.</summary>
    HeldElsewhere,

    /// <summary>The lease store cannot be reached: a node keeps what it runs and starts nothing new.</summary>
    Unknown,
}

/// <param name="Owner">The node holding the lease, in words (its machine name), when it is not this one.</param>
public sealed record LeaseAnswer(LeaseState State, string? Owner = null)
{
    public static readonly LeaseAnswer Held = new(LeaseState.Held);
}

/// <summary>
/// One node runs each camera. With one web node every camera is its own (<see cref="LocalCameraLeases"/>); with several
/// (Redis:Connection set) a camera is run by the node holding its lease in Redis, renewed every third of
/// Cameras:LeaseSeconds; a node that stops or dies lets its leases go and another node takes its cameras over.
/// </summary>
public interface ICameraLeases
{
    /// <summary>Whether other nodes may hold leases: the supervisor then renews them and looks for orphans on a timer.</summary>
    bool Shared { get; }

    /// <summary>Takes the camera's lease if it is free, renews it if this node holds it.</summary>
    Task<LeaseAnswer> HoldAsync(int cameraId, CancellationToken ct);

    /// <summary>Lets the camera's lease go if this node holds it (the camera was stopped, removed or disabled).</summary>
    Task ReleaseAsync(int cameraId, CancellationToken ct);
}

/// <summary>One web node: every camera is this node's.</summary>
public sealed class LocalCameraLeases : ICameraLeases
{
    public bool Shared => false;

    public Task<LeaseAnswer> HoldAsync(int cameraId, CancellationToken ct) => Task.FromResult(LeaseAnswer.Held);

    public Task ReleaseAsync(int cameraId, CancellationToken ct) => Task.CompletedTask;
}
