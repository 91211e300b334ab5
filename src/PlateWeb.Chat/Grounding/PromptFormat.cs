using System.Globalization;
using System.Text;

namespace PlateWeb.Chat.Grounding;

/// <summary>
/// Writes the prompt of docs/CHAT-PROMPT.md: the system message (system prompt, header lines, facts)
/// and, for models with the default ChatML template, the whole prompt up to the assistant's turn.
/// Lines end with "\n", never "\r\n", and carry no trailing spaces.
/// </summary>
public static class PromptFormat
{
    public const string NoFacts = "(none)";

    /// <summary>The system message, its last fact line not followed by a newline.</summary>
    public static string System(string systemPrompt, GroundedQuestion grounded)
    {
        ArgumentNullException.ThrowIfNull(systemPrompt);
        ArgumentNullException.ThrowIfNull(grounded);
        var sb = new StringBuilder();
        foreach (var line in SplitLines(systemPrompt.Trim())) sb.Append(line.TrimEnd()).Append('\n');
        sb.Append(CultureInfo.InvariantCulture, $"Today: {grounded.Today:yyyy-MM-dd} ({grounded.Today.DayOfWeek})\n");
        sb.Append("Language: ").Append(grounded.Language).Append('\n');
        sb.Append("Asked: ").Append(grounded.Intent).Append('\n');
        sb.Append("Period: ").Append(grounded.Period).Append('\n');
        sb.Append("Facts:\n");
        sb.Append(grounded.Facts.Count == 0 ? NoFacts : string.Join('\n', grounded.Facts.Select(Numbered)));
        return sb.ToString();
    }

    /// <summary>"[n] line", the line escaped with <see cref="FactText"/>.</summary>
    public static string Numbered(GroundingFact fact)
    {
        ArgumentNullException.ThrowIfNull(fact);
        return string.Create(CultureInfo.InvariantCulture, $"[{fact.Number}] {FactText(fact.Line)}");
    }

    /// <summary>The prompt for a grounded question: system and user messages.</summary>
    public static ChatPrompt Prompt(string systemPrompt, GroundedQuestion grounded) =>
        new(System(systemPrompt, grounded), UserText(grounded.Question));

    /// <summary>The whole ChatML prompt, ending with "&lt;|im_start|&gt;assistant\n" (the model writes from there).</summary>
    public static string ChatMl(ChatPrompt prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        return $"<|im_start|>system\n{prompt.System}<|im_end|>\n<|im_start|>user\n{prompt.User}<|im_end|>\n<|im_start|>assistant\n";
    }

    /// <summary>
    /// The question verbatim, except surrounding whitespace, Windows line ends and chat-template
    /// markers: the prompt is tokenized with special tokens, so a typed "&lt;|im_end|&gt;" would
    /// otherwise end the user's turn and let the question write the system's part. "&lt;|" becomes "&lt; |".
    /// </summary>
    public static string UserText(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        return question.Trim().ReplaceLineEndings("\n").Replace("<|", "< |", StringComparison.Ordinal);
    }

    /// <summary>
    /// A fact line escaped like the question, and more: a fact holds stored text (a user's correction,
    /// a plate as someone typed it), which every user's prompt then shows. Line breaks and other control
    /// characters become spaces (a fact is one line, so it cannot start a fake "[2]" fact or a new
    /// section); "&lt;|" becomes "&lt; |" (no chat-template marker); "[" and "]" become "(" and ")" (only the
    /// number in front of a fact is in brackets, so stored text cannot forge a citation). The forms of
    /// docs/CHAT-PROMPT.md hold none of these, so a fact the application wrote comes out unchanged;
    /// applying it twice changes nothing more.
    /// </summary>
    public static string FactText(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var sb = new StringBuilder(line.Length);
        foreach (var c in line.ReplaceLineEndings(" "))
        {
            sb.Append(c switch
            {
                '[' => '(',
                ']' => ')',
                _ when char.IsControl(c) => ' ',
                _ => c,
            });
        }
        return sb.Replace("<|", "< |").ToString().Trim();
    }

    private static string[] SplitLines(string text) => text.ReplaceLineEndings("\n").Split('\n');
}
