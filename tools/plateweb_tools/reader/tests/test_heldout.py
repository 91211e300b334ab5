"""A reader's held-out list (train.py writes it, valbench --plates reads it): the validation plates stay the
ones the reader never learnt from when the data is cut again and numbered otherwise."""
import os
import tempfile
import unittest

import numpy as np
from PIL import Image

from plateweb_tools.reader import train, valbench


def make_data(root, first, count):
    """reader-data labels for Brazilian crops br{first}..br{first+count-1}, their crops and a plate-free scene."""
    crops, data, scenes = (os.path.join(root, n) for n in ("crops", "data", "scenes"))
    os.makedirs(os.path.join(crops, "br-crops"), exist_ok=True)
    os.makedirs(data, exist_ok=True)
    os.makedirs(scenes, exist_ok=True)
    Image.new("RGB", (800, 600), (90, 90, 90)).save(os.path.join(scenes, "s.jpg"))
    with open(os.path.join(data, "labels.tsv"), "w", encoding="utf-8") as f:
        f.write("file\ttext\tregion\tsource\n")
        for i in range(first, first + count):
            Image.new("RGB", (240, 80), (200, 200, 200)).save(os.path.join(crops, "br-crops", f"br{i:05d}.jpg"))
            f.write(f"img/br_br{i:05d}.png\tABC{1000 + i}\tbr\tbr\n")
    return crops, data, scenes


def plates(out):
    """The truth texts of a valbench folder, sorted."""
    texts = []
    for name in os.listdir(os.path.join(out, "br")):
        if name.endswith(".txt"):
            with open(os.path.join(out, "br", name), encoding="utf-8") as f:
                texts.append(f.read().split("\t")[5].strip())
    return sorted(texts)


class HeldOutTests(unittest.TestCase):
    def test_the_list_names_real_held_out_plates_only(self):
        with tempfile.TemporaryDirectory() as d:
            path = train.validation_path(os.path.join(d, "reader.onnx"))
            self.assertEqual(path, os.path.join(d, "reader.validation.tsv"))
            files = ["img/br_br00001.png", "img/br_br00002.png", "img/neg_n1.png", "img/synth_s1.png"]
            sources = ["br", "br", "neg", "synth"]
            regions = np.array([train.REGIONS.index("br"), train.REGIONS.index("br"), 0, train.REGIONS.index("eu")])
            train.write_validation(path, files, sources, regions, np.array([True, False, True, True]))
            self.assertEqual(train.held_out(path), {("br", "br00001")})

    def test_another_readers_list_is_held_out_too(self):
        with tempfile.TemporaryDirectory() as d:
            files = [f"img/br_br{i:05d}.png" for i in range(60)] + ["img/synth_s1.png"]
            sources = ["br"] * 60 + ["synth"]
            alone = train.validation_split(files, sources)
            self.assertEqual(list(alone), [train.fold_of(f"{s}/{i}") for i, s in enumerate(sources)])
            # Another reader held out two plates this split learns from, and a synthetic picture's name.
            learnt = [i for i in range(60) if not alone[i]][:2]
            listed = os.path.join(d, "other.validation.tsv")
            with open(listed, "w", encoding="utf-8") as f:
                f.write("source\tcrop\n" + "".join(f"br\tbr{i:05d}\n" for i in learnt) + "synth\ts1\n")
            both = train.validation_split(files, sources, [listed])
            self.assertEqual([i for i in range(61) if both[i] and not alone[i]], learnt)
            self.assertTrue(all(both[alone]))

    def test_whole_plates_holds_out_a_plates_twin_crop_too(self):
        files = [f"img/br_br{i:05d}.png" for i in range(60)] + [f"img/us_u{i}.png" for i in range(3)]
        sources = ["br"] * 60 + ["us"] * 3
        # Every Brazilian plate has two crops (ABC1000 twice, ABC1001 twice, ...); the US rows are other lettering.
        texts = [f"ABC{1000 + i // 2}" for i in range(60)] + ["", "", ""]
        alone = train.validation_split(files, sources)
        whole = train.validation_split(files, sources, texts=texts)
        self.assertTrue(any(alone[i] != alone[i ^ 1] for i in range(60)))  # the crop split parts some twins
        self.assertTrue(all(whole[i] == whole[i ^ 1] for i in range(60)))
        self.assertTrue(all(whole[alone]))
        self.assertEqual(list(whole[60:]), list(alone[60:]))  # rows without a text are no plate: no twins

    def test_learnt_twins_are_the_listed_plates_with_an_unlisted_crop_of_the_same_text(self):
        files = ["img/br_a.png", "img/br_b.png", "img/br_c.png", "img/br_d.png", "img/us_e.png", "img/us_f.png"]
        sources = ["br", "br", "br", "br", "us", "us"]
        texts = ["ABC1234", "ABC1234", "DEF5678", "DEF5678", "", ""]
        listed = {("br", "a"), ("br", "c"), ("br", "d"), ("us", "e")}
        self.assertEqual(train.learnt_twins(files, sources, texts, listed), {("br", "a")})

    def test_scenes_from_the_list_keep_the_plates_when_the_numbering_moves(self):
        with tempfile.TemporaryDirectory() as d:
            crops, data, scenes = make_data(d, 0, 60)
            files = [f"img/br_br{i:05d}.png" for i in range(60)]
            val = np.array([train.fold_of(f"br/{i}") for i in range(60)])
            self.assertGreaterEqual(int(val.sum()), 2)
            listed = os.path.join(d, "reader.validation.tsv")
            train.write_validation(listed, files, ["br"] * 60, np.full(60, train.REGIONS.index("br")), val)
            held = sorted(f"ABC{1000 + i}" for i in range(60) if val[i])

            def run(name, *extra):
                out = os.path.join(d, name)
                valbench.main(["--data", data, "--crops", crops, "--scenes", scenes, "--out", out, *extra])
                return plates(out)

            self.assertEqual(run("a"), held)
            self.assertEqual(run("b", "--plates", listed), held)
            # The same crops cut again, a new first row (a crop the detector now finds a row in) moving every number.
            make_data(d, -1, 61)
            self.assertNotEqual(run("c"), held)
            self.assertEqual(run("d", "--plates", listed), held)


if __name__ == "__main__":
    unittest.main()
