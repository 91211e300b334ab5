using System.ComponentModel.DataAnnotations;
using PlateWeb.Data.Time;

namespace PlateWeb.Chat;

/// <summary>The <c>Chat</c> section of appsettings.json.</summary>
public sealed class ChatOptions
{
    public const string Section = "Chat";

    /// <summary>GGUF file, relative to the content root (the repository root) or absolute.</summary>
    public string ModelPath { get; set; } = "models/plate-chat-v1.gguf";

    [Range(256, 131072)]
    public int ContextSize { get; set; } = 1024;

    /// <summary>0 = as many as the machine has cores.</summary>
    [Range(0, 256)]
    public int Threads { get; set; }

    /// <summary>0 = greedy (the default model is trained for it).</summary>
    [Range(0.0, 2.0)]
    public float Temperature { get; set; }

    /// <summary>With greedy decoding, plates, dates and numbers in an answer must be quoted from the facts or
    /// the question (<see cref="Model.QuoteGuard"/>): the model cannot write a plate that is not in the data.</summary>
    public bool QuoteGuard { get; set; } = true;

    /// <summary>End an answer that has fallen into a loop (<see cref="Model.RepetitionStop"/>).</summary>
    public bool StopLoops { get; set; } = true;

    /// <summary>Check every answer against its facts before it is shown in full, and replace one that fails
    /// with the facts written plainly (<see cref="Checking.AnswerChecker"/>, docs/CHAT-PROMPT.md).</summary>
    public bool CheckAnswers { get; set; } = true;

    /// <summary>A list of more reads, plates or countries than this is written from the facts, without the model
    /// (a small model loses count in long lists); 0 = the model writes every list. Only with <see cref="CheckAnswers"/>.</summary>
    [Range(0, 1000)]
    public int RenderListsOver { get; set; } = 3;

    [Range(1, 131072)]
    public int MaxTokens { get; set; } = 160;

    /// <summary>Requests generating at the same time; the others wait in line.</summary>
    [Range(1, 64)]
    public int MaxConcurrent { get; set; } = 1;

    /// <summary>
    /// Questions that may wait for the model at once; one more is answered "busy" at once instead of
    /// joining an endless line (each waiting question holds a connection and its grounded prompt).
    /// </summary>
    [Range(1, 10_000)]
    public int MaxWaiting { get; set; } = 16;

    [Range(1, 100000)]
    public int MaxQuestionLength { get; set; } = 2000;

    /// <summary>
    /// The zone (IANA id, such as Europe/Paris) of questions that name none: the API without <c>time_zone</c>,
    /// <c>platectl ask</c> without <c>--time-zone</c>. Empty: the server's zone. The web chat always passes its user's zone.
    /// </summary>
    [TimeZoneId]
    public string? TimeZone { get; set; }

    [Required]
    public string SystemPrompt { get; set; } =
        "You are PlateWeb's assistant. Answer only from the facts below and cite them as [n]. If the facts do not answer the question, say that it is not in the data.";
}

/// <summary>Empty, or a time zone this machine knows (<see cref="ZoneTime.TryFind"/>): a bad <c>Chat:TimeZone</c> stops the start.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class TimeZoneIdAttribute : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        ArgumentNullException.ThrowIfNull(validationContext);
        return value is not string { Length: > 0 } id || ZoneTime.TryFind(id, out _)
            ? ValidationResult.Success
            : new ValidationResult(
                $"{ChatOptions.Section}:{validationContext.MemberName} '{id}' is not a time zone: give an IANA id such as Europe/Paris or UTC, or leave it empty.",
                [validationContext.MemberName ?? nameof(ChatOptions.TimeZone)]);
    }
}
