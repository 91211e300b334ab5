using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MudBlazor;

namespace PlateWeb.Web.Features.Localization;

public static class LocalizationServiceCollectionExtensions
{
    /// <summary>
    /// IStringLocalizer over the .resx files that sit beside each feature's marker class (no
    /// ResourcesPath: the resources are named after the marker's namespace), the request culture
    /// from the culture cookie then the browser's Accept-Language, and MudBlazor's texts translated.
    /// </summary>
    public static IServiceCollection AddLocalizationFeature(this IServiceCollection services)
    {
        services.AddLocalization();
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.SetDefaultCulture(SupportedCultures.Default)
                .AddSupportedCultures(SupportedCultures.Names)
                .AddSupportedUICultures(SupportedCultures.Names);
            // Cookie first (the user's choice), then the browser's languages. No query-string
            // provider: the circuit's own requests would not carry it, so a page would start in
            // one language and go on in another.
            o.RequestCultureProviders = [new CookieRequestCultureProvider(), new AcceptLanguageHeaderRequestCultureProvider()];
            o.ApplyCurrentCultureToResponseHeaders = true;
        });
        // Replace, not Add: whichever of this and AddMudServices runs first, MudBlazor gets these texts.
        services.Replace(ServiceDescriptor.Transient<MudLocalizer, ResourceMudLocalizer>());
        return services;
    }
}
