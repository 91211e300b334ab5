"""Doubtful labels (`label-aid check`): left out of training and of the validation scenes, never relabelled."""
import os
import tempfile
import unittest

from PIL import Image

from plateweb_tools.reader import train, valbench


def write_check(folder, rows):
    path = os.path.join(folder, "check.tsv")
    with open(path, "w", encoding="utf-8") as f:
        f.write("file\tlabel\taid\tmin_prob\tdoubtful\n")
        for file, label, aid, doubt in rows:
            f.write(f"{file}\t{label}\t{aid}\t0.990\t{doubt}\n")
    return path


class DoubtfulTests(unittest.TestCase):
    def test_only_rows_marked_doubtful_are_taken(self):
        with tempfile.TemporaryDirectory() as d:
            path = write_check(d, [("br00077.jpg", "HLF6S38", "HLF6638", 1), ("br00078.jpg", "ABC1234", "ABC1234", 0)])
            self.assertEqual(train.doubtful([path]), {"br00077"})
            self.assertEqual(train.doubtful([]), set())

    def test_a_reader_data_picture_is_named_after_its_crop(self):
        self.assertEqual(train.crop_stem("img/br_br00077.png", "br"), "br00077")
        self.assertEqual(train.crop_stem("img/us_ak1165.png", "us"), "ak1165")

    def test_validation_scenes_leave_out_doubtful_plates_and_keep_the_split(self):
        with tempfile.TemporaryDirectory() as d:
            # Crops, reader-data labels and scenes for 60 Brazilian plates: the split (1 in 20) takes a few of them.
            crops, data, scenes = (os.path.join(d, n) for n in ("crops", "data", "scenes"))
            os.makedirs(os.path.join(crops, "br-crops"))
            os.makedirs(data)
            os.makedirs(scenes)
            Image.new("RGB", (800, 600), (90, 90, 90)).save(os.path.join(scenes, "s.jpg"))
            with open(os.path.join(data, "labels.tsv"), "w", encoding="utf-8") as f:
                f.write("file\ttext\tregion\tsource\n")
                for i in range(60):
                    Image.new("RGB", (240, 80), (200, 200, 200)).save(os.path.join(crops, "br-crops", f"br{i:05d}.jpg"))
                    f.write(f"img/br_br{i:05d}.png\tABC{1000 + i}\tbr\tbr\n")
            held = [i for i in range(60) if train.fold_of(f"br/{i}")]
            self.assertGreaterEqual(len(held), 2)
            check = write_check(d, [(f"br{held[0]:05d}.jpg", f"ABC{1000 + held[0]}", "ABC0000", 1)])

            def run(*extra):
                out = os.path.join(d, "out" + str(len(extra)))
                valbench.main(["--data", data, "--crops", crops, "--scenes", scenes, "--out", out, *extra])
                return sorted(os.path.splitext(n)[0] for n in os.listdir(os.path.join(out, "br")) if n.endswith(".txt"))

            everything = run()
            kept = run("--skip", check)
            self.assertEqual(everything, [f"v{i + 1:05d}" for i in held])
            self.assertEqual(kept, [f"v{i + 1:05d}" for i in held[1:]])


if __name__ == "__main__":
    unittest.main()
