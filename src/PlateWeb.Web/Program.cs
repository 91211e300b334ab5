using MudBlazor.Services;
using PlateWeb.Data;
using PlateWeb.Recognition.Interop;
using PlateWeb.Web.Components;
using PlateWeb.Web.Features.Account;
using PlateWeb.Web.Features.Api;
using PlateWeb.Web.Features.Cameras;
using PlateWeb.Web.Features.About;
using PlateWeb.Web.Features.Alerts;
using PlateWeb.Web.Features.Chat;
using PlateWeb.Jobs;
using PlateWeb.Web.Features.Errors;
using PlateWeb.Web.Features.Health;
using PlateWeb.Web.Features.History;
using PlateWeb.Web.Features.Images;
using PlateWeb.Web.Features.Inspect;
using PlateWeb.Web.Features.Localization;
using PlateWeb.Web.Features.TimeZones;
using PlateWeb.Web.Features.ScaleOut;
using PlateWeb.Web.Features.Upload;
using PlateWeb.Jobs.Hosting;
using PlateWeb.Web.Hosting;

// libtesseract must be loaded before OpenCV's native library (see NativeLibraries): first thing.
NativeLibraries.Preload();

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    // The repository root holds appsettings.json, tessdata/, wwwroot-assets/ and data/.
    ContentRootPath = ContentRootLocator.Find(args),
});
builder.Configuration.AddEnvironmentVariables("PLATEWEB_");
// Serves _framework/ and _content/MudBlazor/ from a build (not only a publish) in every environment.
builder.WebHost.UseStaticWebAssets();

builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddMudServices();
builder.Services.AddProblemResponses();
builder.Services.AddLocalizationFeature();
builder.Services.AddTimeZoneFeature();
builder.Services.AddRecognitionEngine();
builder.Services.AddPlateData();
builder.Services.AddDataProtectionKeys();
builder.Services.AddUploadFeature();
builder.Services.AddAlertsFeature();
builder.Services.AddCamerasFeature();
builder.Services.AddHistoryFeature();
builder.Services.AddInspectFeature();
builder.Services.AddAboutFeature();
builder.Services.AddHealthFeature();
builder.Services.AddApiFeature();
builder.Services.AddAccountFeature();
builder.Services.AddChatFeature(builder.Configuration);
builder.Services.AddReverseProxySupport(builder.Configuration);
builder.Services.AddScaleOutFeature(builder.Configuration);
builder.Services.AddSingleton<PageWarmup>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<PageWarmup>());

var app = builder.Build();

app.UseReverseProxySupport();
if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/error", createScopeForErrors: true);
}
app.UseSecurityHeaders();
app.UseProblemResponses();
app.UseProductAssets();
app.UseRequestLocalization();
app.UseFirstRunSetup();
app.UseApiRequestLog();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
app.UseAntiforgery();
app.MapStaticAssets();
app.MapStoredImages();
app.MapHistoryExport();
app.MapHealth();
app.MapReadsApi();
app.MapBulkReadsApi();
app.MapChatApi();
app.MapCamerasApi();
app.MapWatchlistsApi();
app.MapAccountEndpoints();
app.MapApiDocument();
app.MapCultureSwitch();
app.MapTimeZoneSwitch();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

app.Run();

/// <summary>Visible to WebApplicationFactory in the integration tests.</summary>
public partial class Program;
