"""The training run's validation pictures as a folder `platectl eval` can score (to fit the
confidence calibration on pictures the reader never learnt from).

    PYTHONPATH=tools /usr/bin/python3 -m plateweb_tools.reader.valbench --data FOLDER... --out DIR

--data must list the same folders, in the same order, as the train.py run: its validation split
(train.fold_of) numbers the pictures across them. Each real plate of that split (sources us, br,
eu) is padded as a photo would surround it, with a truth file whose box is the reader's window.
"""
import argparse
import os

import numpy as np
from PIL import Image

from . import train


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", nargs="+", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    i = 0
    kept = 0
    for d in a.data:
        rows = [l.rstrip("\n").split("\t") for l in open(os.path.join(d, "labels.tsv"), encoding="utf-8")][1:]
        for file, text, region, source in rows:
            name = f"{source}/{i}"
            i += 1
            if not train.fold_of(name) or region == "none" or source not in ("us", "br", "eu"):
                continue
            im = np.asarray(Image.open(os.path.join(d, file)).convert("L"))
            h, w = im.shape
            # Room around the plate as in a photo: the detector takes no glyph taller than a quarter of the picture.
            canvas = np.full((5 * h, w + w // 2), int(im.mean()), np.uint8)
            y0, x0 = 2 * h, w // 4
            canvas[y0:y0 + h, x0:x0 + w] = im
            os.makedirs(os.path.join(a.out, source), exist_ok=True)
            stem = f"v{i:05d}"
            Image.fromarray(canvas).save(os.path.join(a.out, source, stem + ".png"))
            # The window is the middle of the margin picture (a margin of a quarter of it on each side).
            wx, wy, ww, wh = x0 + w // 6, y0 + h // 6, w * 2 // 3, h * 2 // 3
            with open(os.path.join(a.out, source, stem + ".txt"), "w", encoding="utf-8") as f:
                f.write(f"{stem}.png\t{wx}\t{wy}\t{ww}\t{wh}\t{text}\n")
            kept += 1
    print(f"{kept} validation plates -> {a.out}")


if __name__ == "__main__":
    main()
