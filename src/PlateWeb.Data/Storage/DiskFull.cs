using Microsoft.Data.Sqlite;

namespace PlateWeb.Data.Storage;

/// <summary>Tells a full disk (or an exhausted quota) apart from other I/O failures, through inner exceptions too.</summary>
public static class DiskFull
{
    // IOException.HResult is the errno on Unix (ENOSPC 28, EDQUOT 122 on Linux) and an HRESULT
    // on Windows (ERROR_DISK_FULL 112, ERROR_HANDLE_DISK_FULL 39). SQLITE_FULL is 13.
    private static readonly int[] IoCodes = [28, 122, unchecked((int)0x80070070), unchecked((int)0x80070027)];
    private const int SqliteFull = 13;

    public static bool Is(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is IOException io && IoCodes.Contains(io.HResult)) return true;
            if (e is SqliteException { SqliteErrorCode: SqliteFull }) return true;
        }
        return false;
    }
}
