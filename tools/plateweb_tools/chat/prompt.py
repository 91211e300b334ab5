"""The chat prompt of docs/CHAT-PROMPT.md (ChatML), rendered exactly as the C# grounding layer does.

testdata/prompt-golden.txt (beside this file) is the shared golden rendering; tests/test_prompt.py checks
this module against it byte for byte.
"""
import datetime as _dt

SYSTEM_PROMPT = ("You are PlateWeb's assistant. Answer only from the facts below and cite them as [n]. "
                 "If the facts do not answer the question, say that it is not in the data.")

IM_START = "<|im_start|>"
IM_END = "<|im_end|>"

INTENTS = ("count", "first_seen", "last_seen", "list", "country", "explain_format", "confidence",
           "compare", "corrections", "help", "greeting", "unknown")

WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def system_message(today, language, intent, period, facts, system_prompt=SYSTEM_PROMPT):
    """The system message: prompt, header lines and numbered facts ("[n] ..." strings, already numbered)."""
    if language not in ("en", "fr"):
        raise ValueError(f"language must be en or fr, not {language!r}")
    if intent not in INTENTS:
        raise ValueError(f"unknown intent {intent!r}")
    if isinstance(today, str):
        today = _dt.date.fromisoformat(today)
    lines = [
        system_prompt,
        f"Today: {today.isoformat()} ({WEEKDAYS_EN[today.weekday()]})",
        f"Language: {language}",
        f"Asked: {intent}",
        f"Period: {period}",
        "Facts:",
    ]
    lines.extend(facts if facts else ["(none)"])
    return "\n".join(lines)


def number_facts(bodies):
    """["count: 3 reads", ...] -> ["[1] count: 3 reads", ...]."""
    return [f"[{i}] {b}" for i, b in enumerate(bodies, start=1)]


def render_prompt(system, user):
    """Everything the model reads, up to and including the assistant header (the model writes from there)."""
    return (f"{IM_START}system\n{system}{IM_END}\n"
            f"{IM_START}user\n{user}{IM_END}\n"
            f"{IM_START}assistant\n")


def render_dialogue(system, user, answer):
    """A whole training dialogue: the prompt, the answer and the end-of-turn token the model must emit."""
    return render_prompt(system, user) + answer + IM_END
