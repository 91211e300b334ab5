using System.Diagnostics.Metrics;

namespace PlateWeb.Chat.Checking;

/// <summary>
/// <c>plateweb.chat.answers</c>: answers by outcome (passed, regenerated, replaced, rendered), language and
/// intent, for <c>dotnet-counters</c> or any OpenTelemetry exporter (meter "PlateWeb.Chat").
/// </summary>
public static class AnswerCheckMetrics
{
    public const string MeterName = "PlateWeb.Chat";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Answers = Meter.CreateCounter<long>("plateweb.chat.answers", "{answer}", "Chat answers by how the check ended");

    public static void Record(AnswerOutcome outcome, string language, string intent) =>
        Answers.Add(1,
            new KeyValuePair<string, object?>("outcome", outcome.ToString().ToLowerInvariant()),
            new KeyValuePair<string, object?>("language", language),
            new KeyValuePair<string, object?>("intent", intent));
}
