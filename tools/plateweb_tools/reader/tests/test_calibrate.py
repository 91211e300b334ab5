"""The calibration fit (calibrate.py): Platt scaling by damped Newton steps."""
import math
import random
import unittest

from plateweb_tools.reader import calibrate


def sample(n, a, b, seed):
    """n reads whose chance of being right is sigmoid(a * logit(raw) + b), raw uniform in (0.02, 0.98)."""
    rng = random.Random(seed)
    rows = []
    for _ in range(n):
        x = calibrate.logit(rng.uniform(0.02, 0.98))
        rows.append(((x, 1.0), 1.0 if rng.random() < calibrate.sigmoid(a * x + b) else 0.0))
    return rows


class FitTests(unittest.TestCase):
    def test_recovers_the_curve_the_reads_were_drawn_from(self):
        a, b = calibrate.fit(sample(4000, 0.5, 1.0, seed=3), prior=[1.0, 0.0])
        self.assertAlmostEqual(a, 0.5, delta=0.1)
        self.assertAlmostEqual(b, 1.0, delta=0.15)

    def test_mostly_wrong_reads_stay_finite(self):
        # Tesseract's 88 reads of the validation scenes (five pastes of each plate), as (raw confidence, plate
        # reader's "is a plate", right): a fifth right. A full Newton step from the prior runs away on them
        # (a = 59, c = 71 before the steps were damped).
        prior = [1.0, 0.0, 0.0]
        rows = [((calibrate.logit(raw), 1.0, calibrate.logit(plate)), float(right)) for raw, plate, right in TESSERACT_READS]
        w = calibrate.fit(rows, prior=prior)
        self.assertTrue(all(math.isfinite(v) and abs(v) < 5 for v in w), w)
        self.assertLess(calibrate.loss(w, rows, 1.0, prior), calibrate.loss(prior, rows, 1.0, prior))
        mean = sum(calibrate.sigmoid(sum(wi * xi for wi, xi in zip(w, x))) for x, _ in rows) / len(rows)
        self.assertAlmostEqual(mean, 19 / 88, delta=0.03)


class CurvesTests(unittest.TestCase):
    def test_every_reader_with_enough_reads_gets_a_curve_unless_readers_names_others(self):
        rows = {"plate-reader": sample(200, 0.7, 0.4, seed=5), "tesseract": sample(60, 0.4, -1.5, seed=6),
                "few": sample(calibrate.MIN_READS - 1, 1.0, 0.0, seed=7)}
        every = calibrate.curves(rows)
        self.assertEqual(sorted(every), ["plate-reader", "tesseract"])
        only = calibrate.curves(rows, ["plate-reader"])
        self.assertEqual(sorted(only), ["plate-reader"])
        self.assertEqual(only["plate-reader"], every["plate-reader"])
        self.assertEqual(only["plate-reader"]["reads"], 200)


class ChanceTests(unittest.TestCase):
    def test_sure_reads_are_never_off_and_coin_flips_are_a_tenth_off(self):
        self.assertEqual(calibrate.ece_by_chance([1.0] * 40), (0.0, 0.0))
        self.assertEqual(calibrate.ece_by_chance([]), (0.0, 0.0))
        # Ten reads at 0.5: |k/10 - 0.5| for k ~ Binomial(10, 0.5), at most 0.1 two thirds of the time.
        median, p90 = calibrate.ece_by_chance([0.5] * 10)
        self.assertAlmostEqual(median, 0.1)
        self.assertTrue(0.2 - 1e-9 <= p90 <= 0.3 + 1e-9, p90)

    def test_more_reads_measure_closer_to_no_error(self):
        few, many = calibrate.ece_by_chance([0.8] * 20), calibrate.ece_by_chance([0.8] * 2000, draws=300)
        self.assertGreater(few[0], 0.03)
        self.assertLess(many[0], 0.015)


TESSERACT_READS = [
    (0.03, 0.88, 0), (0.08, 0.52, 0), (0.08, 0.69, 0), (0.08, 0.71, 0), (0.1, 0.83, 0), (0.14, 0.5, 0), (0.14, 0.86, 0), (0.14, 0.97, 0),
    (0.15, 0.85, 0), (0.16, 0.51, 0), (0.16, 0.52, 0), (0.16, 0.55, 0), (0.17, 0.81, 0), (0.26, 0.55, 0), (0.27, 0.95, 0), (0.27, 1.0, 1),
    (0.29, 0.9, 0), (0.3, 0.75, 0), (0.33, 0.51, 0), (0.34, 0.6, 0), (0.34, 0.67, 0), (0.37, 0.83, 0), (0.37, 0.96, 0), (0.4, 0.6, 0),
    (0.42, 0.63, 0), (0.43, 0.52, 0), (0.43, 0.76, 0), (0.44, 0.79, 0), (0.47, 0.96, 0), (0.5, 0.98, 0), (0.5, 0.99, 0), (0.51, 0.99, 0),
    (0.52, 0.95, 0), (0.59, 0.6, 0), (0.65, 0.82, 0), (0.66, 0.81, 0), (0.68, 0.65, 0), (0.68, 0.85, 0), (0.68, 0.98, 1), (0.74, 0.56, 0),
    (0.78, 0.72, 0), (0.79, 0.79, 0), (0.79, 0.82, 0), (0.8, 0.98, 1), (0.81, 0.78, 0), (0.81, 0.78, 0), (0.81, 0.86, 0), (0.82, 0.76, 1),
    (0.82, 0.96, 0), (0.86, 0.53, 0), (0.86, 0.94, 0), (0.88, 0.63, 0), (0.89, 0.98, 0), (0.9, 0.98, 0), (0.9, 0.99, 0), (0.9, 1.0, 0),
    (0.91, 0.94, 0), (0.91, 0.96, 0), (0.92, 0.98, 0), (0.92, 0.99, 0), (0.92, 1.0, 0), (0.93, 0.96, 1), (0.93, 0.97, 0), (0.93, 0.99, 1),
    (0.93, 1.0, 0), (0.94, 0.94, 1), (0.94, 0.95, 0), (0.94, 0.96, 1), (0.95, 0.75, 1), (0.95, 0.98, 1), (0.95, 0.98, 1), (0.95, 0.98, 1),
    (0.95, 0.99, 1), (0.95, 1.0, 0), (0.96, 0.94, 0), (0.96, 0.99, 1), (0.96, 0.99, 1), (0.96, 1.0, 0), (0.97, 0.9, 1), (0.97, 0.98, 1),
    (0.97, 0.98, 1), (0.98, 0.93, 0), (0.98, 0.97, 1), (0.98, 0.99, 0), (0.98, 0.99, 0), (0.99, 0.89, 0), (0.99, 0.97, 0), (0.99, 0.97, 0),
]


if __name__ == "__main__":
    unittest.main()
