using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using PlateWeb.Data;
using PlateWeb.Data.Storage;

namespace PlateWeb.Web.Features.Alerts;

/// <summary>
/// The MQTT broker settings in force: "Alerts:Mqtt" of appsettings.json, unless an admin saved others on the MQTT page;
/// those live in <c>&lt;DataDirectory&gt;/mqtt.json</c> (0600), the password protected with Data Protection. Saving
/// tells <see cref="MqttAlertPublisher"/>, which reconnects with them.
/// </summary>
public sealed class MqttSettingsStore
{
    private const string FileName = "mqtt.json";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private readonly MqttOptions _configured;
    private readonly string _path;
    private readonly IDataProtector _protector;
    private readonly Lock _gate = new();
    private MqttOptions _current;

    public MqttSettingsStore(IOptions<MqttOptions> configured, IOptions<DataOptions> data, IDataProtectionProvider protection)
    {
        _configured = configured.Value;
        _path = Path.Combine(data.Value.DataDirectory, FileName);
        _protector = protection.CreateProtector("PlateWeb.Alerts.MqttPassword.v1");
        _current = Load() ?? _configured;
    }

    /// <summary>Raised after a save or a reset, on the saving thread.</summary>
    public event Action? Changed;

    public MqttOptions Current
    {
        get
        {
            lock (_gate) return _current;
        }
    }

    /// <summary>True when the page's settings replace appsettings.json's.</summary>
    public bool IsEdited => File.Exists(_path);

    /// <param name="newPassword">Null: keep the current password; empty: none.</param>
    /// <exception cref="AlertAdminException">A setting is not valid (code BadMqtt).</exception>
    public async Task SaveAsync(MqttOptions edited, string? newPassword, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(edited);
        var options = Copy(edited);
        options.Password = newPassword ?? Current.Password;
        var errors = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true))
            throw new AlertAdminException("BadMqtt", string.Join(" ", errors.Select(e => e.ErrorMessage)));
        var stored = new StoredSettings(options.Enabled, options.Host.Trim(), options.Port, string.IsNullOrWhiteSpace(options.User) ? null : options.User.Trim(),
            string.IsNullOrEmpty(options.Password) ? null : _protector.Protect(options.Password), options.UseTls, options.TopicPrefix, options.DiscoveryPrefix, options.ClientId, options.MaxAttempts);
        var temporary = _path + ".new";
        File.Delete(temporary);
        await PrivateFiles.WriteNewAsync(temporary, JsonSerializer.SerializeToUtf8Bytes(stored, Json), ct);
        File.Move(temporary, _path, overwrite: true);
        lock (_gate) _current = options;
        Changed?.Invoke();
    }

    /// <summary>Back to appsettings.json's settings.</summary>
    public void Reset()
    {
        File.Delete(_path);
        lock (_gate) _current = _configured;
        Changed?.Invoke();
    }

    private MqttOptions? Load()
    {
        if (!File.Exists(_path)) return null;
        var stored = JsonSerializer.Deserialize<StoredSettings>(File.ReadAllBytes(_path), Json);
        if (stored is null) return null;
        return new MqttOptions
        {
            Enabled = stored.Enabled,
            Host = stored.Host,
            Port = stored.Port,
            User = stored.User,
            // Keys lost (a new data folder's key ring): the broker will refuse, and the page asks for the password again.
            Password = stored.PasswordProtected is { } p ? TryUnprotect(p) : null,
            UseTls = stored.UseTls,
            TopicPrefix = stored.TopicPrefix,
            DiscoveryPrefix = stored.DiscoveryPrefix,
            ClientId = stored.ClientId,
            MaxAttempts = stored.MaxAttempts,
        };
    }

    private string? TryUnprotect(string value)
    {
        try
        {
            return _protector.Unprotect(value);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    public static MqttOptions Copy(MqttOptions o) => new()
    {
        Enabled = o.Enabled,
        Host = o.Host,
        Port = o.Port,
        User = o.User,
        Password = o.Password,
        UseTls = o.UseTls,
        TopicPrefix = o.TopicPrefix,
        DiscoveryPrefix = o.DiscoveryPrefix,
        ClientId = o.ClientId,
        MaxAttempts = o.MaxAttempts,
    };

    private sealed record StoredSettings(
        bool Enabled, string Host, int Port, string? User, string? PasswordProtected, bool UseTls,
        string TopicPrefix, string DiscoveryPrefix, string ClientId, int MaxAttempts);
}
