using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace PlateWeb.Web.Tests.Integration;

/// <summary>
/// The test server gives every request the same (empty) remote address; this lets a test say which
/// address a client comes from with a header, as if two machines signed in.
/// </summary>
internal static class ClientAddresses
{
    public const string Header = "X-Test-Remote-Address";

    public static WebApplicationFactory<Program> WithClientAddresses(this WebApplicationFactory<Program> factory) =>
        factory.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<IStartupFilter, AddressFromHeader>()));

    /// <summary>A client (cookies kept, no redirects followed) whose requests come from <paramref name="address"/>.</summary>
    public static HttpClient CreateClientFrom(this WebApplicationFactory<Program> factory, string address)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        client.DefaultRequestHeaders.Add(Header, address);
        return client;
    }

    private sealed class AddressFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, following) =>
            {
                if (IPAddress.TryParse(context.Request.Headers[Header].ToString(), out var address)) context.Connection.RemoteIpAddress = address;
                return following(context);
            });
            next(app);
        };
    }
}
