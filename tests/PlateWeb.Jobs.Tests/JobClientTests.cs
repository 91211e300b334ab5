using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PlateWeb.Data;

namespace PlateWeb.Jobs.Tests;

public sealed class JobClientTests
{
    [Fact]
    public async Task Publish_NoBrokerListening_FailsAfterPublishTimeout()
    {
        var data = Directory.CreateTempSubdirectory("plateweb-jobs-client-").FullName;
        try
        {
            var services = new ServiceCollection();
            services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Data:DataDirectory"] = data,
                ["Queue:Provider"] = "RabbitMq",
                ["Queue:RabbitMq:Uri"] = $"amqp://guest:guest@127.0.0.1:{ClosedPort()}/",
                ["Queue:RabbitMq:PublishTimeoutSeconds"] = "2",
            }).Build());
            services.AddLogging();
            services.AddOptions<DataOptions>().BindConfiguration(DataOptions.Section);
            services.AddJobQueue();
            await using var provider = services.BuildServiceProvider();
            var client = provider.GetRequiredService<JobClient>();
            var job = new JobMessage(Guid.NewGuid(), new string('a', 64), "x.jpg", DateTimeOffset.UtcNow);

            var failure = await Assert.ThrowsAsync<JobFailedException>(() => client.PublishAsync(job, CancellationToken.None));

            Assert.Contains("2 s", failure.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
