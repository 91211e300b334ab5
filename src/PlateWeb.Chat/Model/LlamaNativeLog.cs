using LLama.Native;
using Microsoft.Extensions.Logging;

namespace PlateWeb.Chat.Model;

/// <summary>
/// llama.cpp prints dozens of lines per load on standard error; they go to our logger instead (its
/// warnings and errors as warnings, the rest at Debug), once per process: the callback is global.
/// </summary>
internal static class LlamaNativeLog
{
    private static int _routed;

    public static void RouteTo(ILogger logger)
    {
        if (Interlocked.Exchange(ref _routed, 1) == 1) return;
        NativeLogConfig.llama_log_set((level, message) =>
        {
            var text = message.TrimEnd();
            if (text.Length == 0) return;
            var mapped = level is LLamaLogLevel.Warning or LLamaLogLevel.Error ? LogLevel.Warning : LogLevel.Debug;
            if (logger.IsEnabled(mapped)) logger.Log(mapped, "llama.cpp: {NativeMessage}", text);
        });
    }
}
