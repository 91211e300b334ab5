namespace PlateWeb.Web.Features.Account;

/// <summary>
/// Whether any account exists; until one does, every page leads to /account/setup, which needs the
/// one-time setup code. Setups run one at a time, so two posts at once cannot create two admins.
/// </summary>
public sealed class FirstRunState : IDisposable
{
    private readonly SemaphoreSlim _setup = new(1, 1);
    private volatile string? _code;
    private string? _codeFile;

    public volatile bool HasAccounts;

    /// <summary>Arms the setup form with <paramref name="code"/>; <paramref name="codeFile"/>, if any, holds it and is deleted with it.</summary>
    public void AwaitSetup(string code, string? codeFile)
    {
        _codeFile = codeFile;
        _code = code;
    }

    /// <summary>False when no code is armed (an account exists, or the initializer has not run).</summary>
    public bool CodeMatches(string? given) => _code is { } code && SetupCodes.Matches(code, given);

    /// <summary>Waits for the setups before this one; dispose the result to let the next one in.</summary>
    public async Task<IDisposable> EnterSetupAsync(CancellationToken cancellationToken)
    {
        await _setup.WaitAsync(cancellationToken);
        return new Exit(_setup);
    }

    /// <summary>An account exists: the code is spent and its file deleted.</summary>
    public void AccountExists()
    {
        HasAccounts = true;
        _code = null;
        if (Interlocked.Exchange(ref _codeFile, null) is { } file) File.Delete(file);
    }

    public void Dispose() => _setup.Dispose();

    private sealed class Exit(SemaphoreSlim gate) : IDisposable
    {
        private SemaphoreSlim? _gate = gate;

        public void Dispose() => Interlocked.Exchange(ref _gate, null)?.Release();
    }
}
