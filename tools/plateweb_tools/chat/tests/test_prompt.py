"""The Python renderer writes the shared golden prompt byte for byte (docs/CHAT-PROMPT.md)."""
import os
import unittest

from ..prompt import number_facts, render_prompt, system_message

GOLDEN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "testdata", "prompt-golden.txt")


class PromptTests(unittest.TestCase):
    def test_golden_prompt_byte_for_byte(self):
        facts = number_facts([
            "count: 3 reads of AB-123-CD",
            "plate AB-123-CD: 3 reads, first 2026-11-23 08:14, last 2026-11-28 17:02, country FR (France), best confidence 93%",
        ])
        system = system_message("2026-11-29", "fr", "count", "2026-11-23 to 2026-11-29", facts)
        prompt = render_prompt(system, "Combien de fois a-t-on vu AB123CD depuis lundi ?")
        with open(GOLDEN, "rb") as fh:
            golden = fh.read()
        self.assertEqual(golden, prompt.encode("utf-8"))

    def test_no_facts_is_written_none(self):
        system = system_message("2026-11-29", "en", "unknown", "all", [])
        self.assertTrue(system.endswith("Facts:\n(none)"))

    def test_rejects_unknown_intent(self):
        with self.assertRaises(ValueError):
            system_message("2026-11-29", "en", "weather", "all", [])


if __name__ == "__main__":
    unittest.main()
