using System.ComponentModel.DataAnnotations;

namespace PlateWeb.Jobs.Tests;

public sealed class QueueOptionsTests
{
    [Fact]
    public void Validate_InProcessWithoutUri_IsValid() => Assert.Empty(Problems(new QueueOptions()));

    [Fact]
    public void Validate_RabbitMqWithoutUri_NamesTheKey()
    {
        var problem = Assert.Single(Problems(new QueueOptions { Provider = QueueProvider.RabbitMq }));
        Assert.Contains("Queue:RabbitMq:Uri", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_PrefetchOutOfRange_NamesTheKey()
    {
        var options = new QueueOptions { Provider = QueueProvider.RabbitMq, RabbitMq = { Uri = "amqp://localhost", Prefetch = 0 } };
        Assert.Contains(Problems(options), p => p.Contains("Queue:RabbitMq:Prefetch", StringComparison.Ordinal));
    }

    private static List<string> Problems(QueueOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return [.. results.Select(r => r.ErrorMessage ?? "")];
    }
}
