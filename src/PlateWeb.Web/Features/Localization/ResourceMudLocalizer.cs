using Microsoft.Extensions.Localization;
using MudBlazor;

namespace PlateWeb.Web.Features.Localization;

/// <summary>
/// Gives MudBlazor the translations of MudStrings.resx; a key the resources lack is reported as
/// not found, so MudBlazor falls back to its built-in English.
/// </summary>
public sealed class ResourceMudLocalizer(IStringLocalizer<MudStrings> strings) : MudLocalizer
{
    public override LocalizedString this[string key] => strings[key];

    public override LocalizedString this[string key, params object[] arguments] => strings[key, arguments];
}
