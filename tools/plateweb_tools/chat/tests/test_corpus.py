"""The corpus speaks the contract of docs/CHAT-PROMPT.md and keeps its splits apart."""
import random
import re
import unittest

from .. import corpus
from ..prompt import INTENTS

FACT_FORMS = [
    re.compile(r"^plate (\S.*): \d+ reads?, first \d{4}-\d\d-\d\d \d\d:\d\d, last \d{4}-\d\d-\d\d \d\d:\d\d, "
               r"country (\?\?|[A-Z]{2}) \([^)]+\), best confidence \d{1,3}%$"),
    re.compile(r"^read #\d+: (\S.*) at \d{4}-\d\d-\d\d \d\d:\d\d, country (\?\?|[A-Z]{2}) \([^)]+\), "
               r"confidence \d{1,3}%(, corrected from \S.*?)?(, camera \S.*)?$"),
    re.compile(r"^count: \d+ reads?( of \S.*| starting with [A-Z0-9]+| from [A-Z]{2} \([^)]+\))?"
               r"( at camera \S.*?)?( with confidence (below|above|at least|at most) \d{1,3}%| corrected| not corrected| matching [A-Z0-9*?]+"
               r"| containing [A-Z0-9]+| ending with [A-Z0-9]+| between \d\d:\d\d and \d\d:\d\d)*$"),
    re.compile(r"^country (\?\?|[A-Z]{2}) \([^)]+\): \d+ reads?$"),
    re.compile(r"^format of (\S.*): .+$"),
    re.compile(r"^not found: [^a-z]+$"),
]


def sample(split, n=600, seed=5):
    formats = corpus.load_formats()
    pools = corpus.plate_splits(corpus.load_plates(formats))
    return list(corpus.generate(n, split, seed, pools, formats)), pools


class CorpusTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.train, cls.pools = sample("train")
        cls.heldout, _ = sample("heldout", 300)

    def test_every_fact_line_has_a_contract_form(self):
        for d in self.train:
            facts = d["system"].split("\nFacts:\n", 1)[1].split("\n")
            if facts == ["(none)"]:
                continue
            for i, line in enumerate(facts, start=1):
                self.assertTrue(line.startswith(f"[{i}] "), line)
                body = line[len(f"[{i}] "):]
                self.assertTrue(any(f.match(body) for f in FACT_FORMS), body)

    def test_header_lines(self):
        for d in self.train:
            lines = d["system"].split("\n")
            self.assertRegex(lines[1], r"^Today: \d{4}-\d\d-\d\d \((Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\)$")
            self.assertIn(lines[2], ("Language: en", "Language: fr"))
            self.assertIn(lines[3][len("Asked: "):], INTENTS)
            self.assertRegex(lines[4], r"^Period: (all|\d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d)$")
            self.assertEqual("Facts:", lines[5])
            self.assertNotIn("\r", d["system"] + d["user"] + d["answer"])

    def test_every_intent_is_taught(self):
        self.assertEqual(set(INTENTS), {d["intent"] for d in self.train})

    def test_answers_without_facts_say_so(self):
        for d in self.train:
            if d["system"].endswith("Facts:\n(none)") and d["intent"] not in ("help", "greeting"):
                self.assertIn(d["answer"], (corpus.NOT_IN_DATA["en"], corpus.NOT_IN_DATA["fr"]))

    def test_answer_plates_and_numbers_come_from_the_facts(self):
        for d in self.train:
            facts = d["system"].split("\nFacts:\n", 1)[1]
            for e in d["expect"]:
                self.assertIn(e, facts, (e, d["answer"]))
            for cite in re.findall(r"\[(\d+)\]", d["answer"]):
                self.assertIn(f"[{cite}] ", facts)

    def test_heldout_uses_other_plates_and_wordings(self):
        train_plates = {p.display for p in self.pools["train"]}
        held_plates = {p.display for p in self.pools["heldout"]}
        self.assertFalse(train_plates & held_plates)
        train_templates = {t for (k, lang), items in corpus.Q.items() for s, t in items if s == "t"}
        held_templates = {t for (k, lang), items in corpus.Q.items() for s, t in items if s == "h"}
        self.assertFalse(train_templates & held_templates)
        questions = {d["user"] for d in self.train}
        self.assertFalse(questions & {d["user"] for d in self.heldout if d["intent"] not in ("greeting",)})

    def test_heldout_wordings_keep_the_grounding_key_words(self):
        keys = {
            "count_plate": ("how many", "combien"), "count_total": ("how many", "combien"),
            "count_country": ("how many", "combien"), "count_prefix": ("how many", "combien"),
            "first_seen": ("first", "premi"), "last_seen": ("last", "derni"), "list": ("list",),
            "list_country": ("list",), "country_plate": ("which country", "quel pays", "dans quel pays", "de quel pays"),
            "country_tally": ("country", "pays"), "explain_format": ("format",), "confidence": ("confiden", "confiance"),
            "confidence_read": ("confiden", "confiance"), "compare": ("compar",), "compare_country": ("compar",),
            "corrections": ("correct", "corrig"), "corrections_plate": ("correct", "corrig"),
        }
        for (k, lang), items in corpus.Q.items():
            if k not in keys:
                continue
            for s, t in items:
                if s == "h":
                    self.assertTrue(any(w in t.lower() for w in keys[k]), (k, t))

    def test_read_line_ends_with_its_camera(self):
        import datetime as dt
        plate = corpus.Plate("AB123CD", "AB-123-CD", "FR-SIV", "FR", (("AB-123-CD", "FR-SIV"),))
        read = corpus.Read(7, plate, dt.datetime(2026, 11, 29, 14, 0), 55, "EF-456-GH", "Entrée")
        self.assertEqual("read #7: AB-123-CD at 2026-11-29 14:00, country FR (France), confidence 55%, "
                         "corrected from EF-456-GH, camera Entrée", corpus.History.read_line(read, "en"))
        read.camera = None
        self.assertFalse(corpus.History.read_line(read, "fr").endswith("camera Entrée"))

    def test_camera_counts_are_taught_and_agree_with_the_reads(self):
        taught = [d for d in self.train if re.search(r"^\[1\] count: \d+ reads? at camera ", d["system"], re.M)]
        self.assertTrue(taught)
        fr = [d for d in taught if d["lang"] == "fr"]
        self.assertTrue(all("à la caméra " in d["answer"] for d in fr))
        self.assertTrue(any(", camera " in d["system"] for d in self.train))

    def test_eval_history_has_no_cameras(self):
        formats = corpus.load_formats()
        pools = corpus.plate_splits(corpus.load_plates(formats))
        self.assertTrue(all(r.camera is None for r in corpus.eval_history(pools).reads))

    def test_periods_resolve_like_the_contract(self):
        import datetime as dt
        sunday = dt.date(2026, 11, 29)
        rng = random.Random(0)
        self.assertEqual((dt.date(2026, 11, 23), sunday), corpus.resolve_period("this_week", sunday, rng)[:2])
        self.assertEqual((dt.date(2026, 11, 16), dt.date(2026, 11, 22)), corpus.resolve_period("last_week", sunday, rng)[:2])
        self.assertEqual((dt.date(2026, 11, 23), sunday), corpus.resolve_period("last7", sunday, rng)[:2])
        self.assertEqual((dt.date(2026, 10, 1), dt.date(2026, 10, 31)), corpus.resolve_period("last_month", sunday, rng)[:2])


if __name__ == "__main__":
    unittest.main()
