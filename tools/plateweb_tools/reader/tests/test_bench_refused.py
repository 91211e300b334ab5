"""The benchmark is a test set: train.py refuses reader-data pictures cut from it (source bench-*) as training data."""
import os
import tempfile
import types
import unittest

from PIL import Image

from plateweb_tools.reader import train


def make_folder(root, sources):
    """A reader-data folder with one picture of the training size per source."""
    os.makedirs(os.path.join(root, "img"), exist_ok=True)
    size = (train.WIDTH + 2 * train.MW, train.HEIGHT + 2 * train.MH)
    with open(os.path.join(root, "labels.tsv"), "w", encoding="utf-8") as f:
        f.write("file\ttext\tregion\tsource\n")
        for i, source in enumerate(sources):
            name = f"img/{source}_{i:05d}.png"
            Image.new("L", size, 180).save(os.path.join(root, name))
            f.write(f"{name}\tAB123CD\teu\t{source}\n")
    return root


class BenchmarkRefusedTests(unittest.TestCase):
    def test_training_data_holding_benchmark_pictures_stops_before_any_learning(self):
        with tempfile.TemporaryDirectory() as d:
            plates = make_folder(os.path.join(d, "rd"), ["eu", "eu"])
            bench = make_folder(os.path.join(d, "rd-bench"), ["bench-eu"])
            with self.assertRaises(SystemExit) as stop:
                # No model: the refusal comes before the network is touched.
                train.train(None, types.SimpleNamespace(data=[plates, bench], out=os.path.join(d, "r.onnx")), 0.0)
            self.assertIn("bench-eu", str(stop.exception.code))
            self.assertIn("--check", str(stop.exception.code))
            self.assertFalse(os.path.exists(os.path.join(d, "r.validation.tsv")))


if __name__ == "__main__":
    unittest.main()
