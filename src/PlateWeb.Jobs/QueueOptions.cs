using System.ComponentModel.DataAnnotations;

namespace PlateWeb.Jobs;

/// <summary>Where uploads and API images wait for recognition.</summary>
public enum QueueProvider
{
    /// <summary>A bounded channel inside the web app, read by its own workers: the default, for one machine.</summary>
    InProcess,

    /// <summary>A durable RabbitMQ queue, read by any number of `platectl worker` processes.</summary>
    RabbitMq,
}

/// <summary>Section "Queue" of appsettings.json.</summary>
public sealed class QueueOptions : IValidatableObject
{
    public const string Section = "Queue";

    public QueueProvider Provider { get; set; } = QueueProvider.InProcess;

    public RabbitMqOptions RabbitMq { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Provider != QueueProvider.RabbitMq) yield break;
        if (string.IsNullOrWhiteSpace(RabbitMq.Uri) || !System.Uri.TryCreate(RabbitMq.Uri, UriKind.Absolute, out var uri) || uri.Scheme is not ("amqp" or "amqps"))
        {
            yield return new ValidationResult(
                "Queue:Provider is RabbitMq but Queue:RabbitMq:Uri is not an amqp:// or amqps:// address (amqp://user:password@host:5672/vhost).",
                [nameof(RabbitMq)]);
        }
        // Options validation does not descend into nested objects: the ranges below are checked here, under their keys.
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(RabbitMq, new ValidationContext(RabbitMq), results, validateAllProperties: true);
        foreach (var result in results)
        {
            yield return new ValidationResult($"Queue:RabbitMq:{string.Join(",", result.MemberNames)}: {result.ErrorMessage}", [nameof(RabbitMq)]);
        }
    }
}

/// <summary>Section "Queue:RabbitMq".</summary>
public sealed class RabbitMqOptions
{
    /// <summary>amqp://user:password@host:5672/vhost (the password may come from PLATEWEB_Queue__RabbitMq__Uri instead).</summary>
    public string? Uri { get; set; }

    /// <summary>The durable (quorum) queue of recognition jobs.</summary>
    [RegularExpression(@"^[\w.-]+$")]
    public string JobsQueue { get; set; } = "plateweb.jobs";

    /// <summary>Where jobs go that could not be read <see cref="MaxDeliveries"/> times, or that are not images.</summary>
    [RegularExpression(@"^[\w.-]+$")]
    public string DeadLetterQueue { get; set; } = "plateweb.jobs.dead";

    [RegularExpression(@"^[\w.-]+$")]
    public string DeadLetterExchange { get; set; } = "plateweb.jobs.dlx";

    /// <summary>Jobs a worker holds unacknowledged at once; more than <see cref="Concurrency"/> keeps the next one ready.</summary>
    [Range(1, 1000)]
    public int Prefetch { get; set; } = 4;

    /// <summary>Images one worker process reads at the same time; 0 means one per processor.</summary>
    [Range(0, 256)]
    public int Concurrency { get; set; }

    /// <summary>
    /// Deliveries of one job before it is dead-lettered: a job whose worker crashes (a native fault, kill -9) comes
    /// back, and one that takes down every worker it meets must stop coming back.
    /// </summary>
    [Range(1, 100)]
    public int MaxDeliveries { get; set; } = 3;

    /// <summary>How long a publish may wait for the broker's confirm, reconnections included.</summary>
    [Range(1, 3600)]
    public int PublishTimeoutSeconds { get; set; } = 30;

    /// <summary>How long an API request waits for its image to be read by a worker.</summary>
    [Range(1, 3600)]
    public int ResultTimeoutSeconds { get; set; } = 300;

    /// <summary>Folder of the images waiting to be read; relative to Data:DataDirectory. Web nodes and workers must share it.</summary>
    [Required(AllowEmptyStrings = false)]
    public string SpoolDirectory { get; set; } = "spool";
}
