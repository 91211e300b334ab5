"""The training run's validation pictures as a folder `platectl eval` can score (to fit the
confidence calibration on pictures the reader never learnt from).

    PYTHONPATH=tools /usr/bin/python3 -m plateweb_tools.reader.valbench --data FOLDER... --out DIR

--data must list the same folders, in the same order, as the train.py run: its validation split
(train.fold_of) numbers the pictures across them. Folders cut again by a later engine number them
otherwise (a crop where the detector finds no row has none), so the split moves onto plates the
reader learnt from: --plates models/NAME.validation.tsv (train.py writes it beside the reader)
takes exactly the reader's held-out plates from the --data folders instead. Each real plate of that split (sources us, br,
eu) is padded as a photo would surround it, with a truth file whose box is the reader's window.

With --crops PLATE_DATA --scenes SCENES, each plate is instead its original colour crop from
PLATE_DATA (us-crops, br-crops, eu-crops-unlabelled), pasted at a random place and size (70 to
260 pixels wide) into a random picture of SCENES (street scenes without plates) scaled 640 to 1280
pixels wide, saved as JPEG: the detector must find it and the reader read it at the photo's own
resolution, as in use. The truth box is the pasted crop. --copies N pastes each plate N times
(another scene, place and size each time; NAME, NAME-1, ...): more reads for the curves of the
rarer readers (Tesseract's reads are a few per hundred plates), from the same validation plates.
--skip CHECK... leaves out the plates whose labels `label-aid check` found doubtful (a Brazilian old
plate's digit labelled as a letter: the engine's right read would count as wrong).
--native pastes each crop at 60 to 100 % of its own width instead of 70 to 260 pixels: the crops are
real photos' plates, so they keep about the resolution a camera gave them, never upscaled (Tesseract
reads small plates far worse than the reader, so the sizes decide how often its reads are right).
"""
import argparse
import glob
import os
import random

import numpy as np
from PIL import Image

from . import train


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", nargs="+", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--crops", help="plate-data folder: paste each plate's original crop into a scene")
    ap.add_argument("--scenes", help="folder of plate-free pictures the crops are pasted into")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--copies", type=int, default=1, help="with --crops: paste each plate this many times")
    ap.add_argument("--skip", nargs="*", default=[], help="label-aid check outputs: plates whose labels are doubtful are left out")
    ap.add_argument("--plates", help="the reader's held-out list (models/NAME.validation.tsv, written by train.py): "
                    "exactly these plates, however the --data folders number their pictures")
    ap.add_argument("--unseen", action="store_true", help="with --plates: leave out the listed plates whose twin (another "
                    "crop of the same plate, not listed) the reader learnt from")
    ap.add_argument("--native", action="store_true", help="with --crops: paste at 60 to 100 %% of the crop's own width")
    a = ap.parse_args(argv)
    if bool(a.crops) != bool(a.scenes):
        ap.error("--crops and --scenes go together")
    if a.copies < 1 or (a.copies > 1 and not a.crops):
        ap.error("--copies needs --crops, and is at least 1")
    if a.native and not a.crops:
        ap.error("--native needs --crops")
    if a.unseen and not a.plates:
        ap.error("--unseen needs --plates")
    skip = train.doubtful(a.skip)
    listed = train.held_out(a.plates) if a.plates else None
    # Every folder's rows (folder, file, text, region, source), numbered across the folders in order as train.py numbers them.
    rows = [(d, *l.rstrip("\n").split("\t")) for d in a.data for l in list(open(os.path.join(d, "labels.tsv"), encoding="utf-8"))[1:]]
    twins = set()
    if listed is not None:
        twins = train.learnt_twins([r[1] for r in rows], [r[4] for r in rows], [r[2] for r in rows], listed)
        print(f"{len(twins)} of the {len(listed)} listed plates have a twin crop the reader learnt from"
              + (": left out (--unseen)" if a.unseen else " (--unseen leaves them out)"))
    found = set()
    rng = random.Random(a.seed)
    scenes = sorted(glob.glob(os.path.join(a.scenes, "*.jpg")) + glob.glob(os.path.join(a.scenes, "*.png"))) if a.scenes else []
    i = 0
    kept = skipped = 0
    for d, file, text, region, source in rows:
        name = f"{source}/{i}"
        i += 1
        held = (source, train.crop_stem(file, source)) in listed if listed is not None else train.fold_of(name)
        if not held or region == "none" or source not in train.REAL_SOURCES:
            continue
        found.add((source, train.crop_stem(file, source)))
        if a.unseen and (source, train.crop_stem(file, source)) in twins:
            continue
        if train.crop_stem(file, source) in skip:
            skipped += 1
            continue
        os.makedirs(os.path.join(a.out, source), exist_ok=True)
        if a.crops:
            crop = crop_of(a.crops, source, file)
            for k in range(a.copies):
                stem = f"v{i:05d}" if k == 0 else f"v{i:05d}-{k}"
                box = in_scene(rng, crop, scenes, os.path.join(a.out, source, stem + ".jpg"), a.native)
                with open(os.path.join(a.out, source, stem + ".txt"), "w", encoding="utf-8") as f:
                    f.write(f"{stem}.jpg\t{box[0]}\t{box[1]}\t{box[2]}\t{box[3]}\t{text}\n")
                kept += 1
            continue
        im = np.asarray(Image.open(os.path.join(d, file)).convert("L"))
        h, w = im.shape
        # Room around the plate as in a photo: the detector takes no glyph taller than a quarter of the picture.
        canvas = np.full((5 * h, w + w // 2), int(im.mean()), np.uint8)
        y0, x0 = 2 * h, w // 4
        canvas[y0:y0 + h, x0:x0 + w] = im
        stem = f"v{i:05d}"
        Image.fromarray(canvas).save(os.path.join(a.out, source, stem + ".png"))
        # The window is the middle of the margin picture (a margin of a quarter of it on each side).
        wx, wy, ww, wh = x0 + w // 6, y0 + h // 6, w * 2 // 3, h * 2 // 3
        with open(os.path.join(a.out, source, stem + ".txt"), "w", encoding="utf-8") as f:
            f.write(f"{stem}.png\t{wx}\t{wy}\t{ww}\t{wh}\t{text}\n")
        kept += 1
    print(f"{kept} validation plates -> {a.out}" + (f" ({skipped} left out: doubtful labels)" if skip else ""))
    if listed is not None and len(found) < len(listed):
        # A listed plate the --data folders lack (another labelling, or a crop the engine now finds no row in).
        print(f"warning: {len(listed) - len(found)} of the {len(listed)} plates in {a.plates} are not in --data")


# platectl reader-data names a picture img/SOURCE_STEM.png after its crop STEM in these folders.
CROP_FOLDERS = {"us": "us-crops", "br": "br-crops", "eu": "eu-crops-unlabelled"}


def crop_of(root, source, file):
    stem = train.crop_stem(file, source)
    found = glob.glob(os.path.join(root, CROP_FOLDERS[source], glob.escape(stem) + ".*"))
    if not found:
        raise SystemExit(f"no crop {stem} in {os.path.join(root, CROP_FOLDERS[source])}")
    return Image.open(found[0]).convert("RGB")


def in_scene(rng, crop, scenes, path, native=False):
    """Pastes crop into a random scene; returns its box (x, y, w, h)."""
    scene = Image.open(rng.choice(scenes)).convert("RGB")
    sw = rng.randint(640, 1280)
    scene = scene.resize((sw, max(1, round(scene.height * sw / scene.width))), Image.BILINEAR)
    wanted = round(crop.width * rng.uniform(0.6, 1.0)) if native else rng.randint(70, 260)
    w = min(wanted, int(0.4 * scene.width))
    h = max(1, round(crop.height * w / crop.width))
    if h > 0.5 * scene.height:
        h = int(0.5 * scene.height)
        w = max(1, round(crop.width * h / crop.height))
    plate = crop.resize((w, h), Image.LANCZOS if w < crop.width else Image.BICUBIC)
    x, y = rng.randint(0, scene.width - w), rng.randint(0, scene.height - h)
    scene.paste(plate, (x, y))
    scene.save(path, quality=rng.randint(75, 95))
    return x, y, w, h


if __name__ == "__main__":
    main()
