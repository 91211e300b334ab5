"""Scenes of lettering that is not a plate, for the plate reader's "not a plate" class.

    PYTHONPATH=tools /usr/bin/python3 -m plateweb_tools.reader.negatives --out DIR --count N --seed S

On the benchmark's photos most rows wrongly stored as plates were a camera's date stamp in a corner
("2014/06/12 13:45"), a dealer's web address, a shop sign or a sticker: rows of characters with a
plate's height and length. Each scene here is a background (noise, gradients, blurred blocks like
a street) with one to three such lines drawn on it; `platectl reader-data DIR --region none` then
keeps every row the detector finds as "not a plate". Deterministic for a seed; nothing is taken
from elsewhere: the fonts are Debian's (fonts.txt), the words are written here.
"""
import argparse
import os
import random

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from . import fonts as plate_fonts

WORDS = ["ONLY", "SALE", "OPEN", "PARKING", "EXIT", "DEALER", "AUTO", "MOTORS", "SERVICE", "WWW", "COM",
         "CALL", "FREE", "STOP", "SCHOOL", "TAXI", "HOTEL", "BANK", "PHARMACY", "GARAGE", "CENTER", "SHOP",
         "POLICE", "FIRE", "RENT", "CARS", "24H", "DRIVE", "THANK YOU", "WELCOME", "NO ENTRY", "ONE WAY"]


def stamp(rng):
    """A camera's date and time stamp, in one of the layouts cameras print."""
    y, mo, d = rng.randint(2005, 2026), rng.randint(1, 12), rng.randint(1, 28)
    h, mi, s = rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59)
    return rng.choice([f"{y}/{mo:02d}/{d:02d} {h:02d}:{mi:02d}", f"{d:02d}.{mo:02d}.{y} {h:02d}:{mi:02d}:{s:02d}",
                       f"{y}-{mo:02d}-{d:02d}", f"{mo:02d}/{d:02d}/{y % 100:02d}", f"{y}{mo:02d}{d:02d}",
                       f"{h:02d}:{mi:02d}:{s:02d}", f"CAM{rng.randint(1, 16)} {y}/{mo:02d}/{d:02d}"])


def lettering(rng):
    k = rng.random()
    if k < 0.4:
        return stamp(rng)
    if k < 0.6:
        return f"{rng.randint(100, 999)}-{rng.randint(100, 999)}-{rng.randint(1000, 9999)}"
    if k < 0.75:
        return "WWW." + rng.choice(WORDS).replace(" ", "") + rng.choice(WORDS).replace(" ", "") + ".COM"
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 3)))


def background(rng, w, h):
    a = np.full((h, w, 3), rng.randint(30, 220), np.float32)
    a += np.linspace(0, rng.uniform(-60, 60), w)[None, :, None]
    img = Image.fromarray(np.clip(a + np.random.default_rng(rng.randint(0, 1 << 30)).normal(0, 8, a.shape), 0, 255).astype(np.uint8))
    d = ImageDraw.Draw(img)
    for _ in range(rng.randint(2, 8)):
        x, y = rng.randint(0, w), rng.randint(0, h)
        d.rectangle([x, y, x + rng.randint(20, 200), y + rng.randint(20, 150)], fill=tuple(rng.randint(0, 255) for _ in range(3)))
    return img.filter(ImageFilter.GaussianBlur(rng.uniform(1, 4)))


def scene(rng, sized):
    w, h = rng.choice([(640, 480), (800, 450), (480, 360)])
    img = background(rng, w, h)
    d = ImageDraw.Draw(img)
    for _ in range(rng.randint(1, 3)):
        text = lettering(rng)
        font = rng.choice(sized)[0]
        x, y = rng.randint(0, w // 2), rng.randint(0, h - 40)
        ink = rng.choice([(255, 255, 255), (255, 220, 0), (255, 140, 0), (20, 20, 20), (200, 30, 30)])
        if rng.random() < 0.5:  # cameras outline their stamps
            d.text((x, y), text, font=font, fill=ink, stroke_width=2, stroke_fill=(0, 0, 0) if sum(ink) > 300 else (255, 255, 255))
        else:
            d.text((x, y), text, font=font, fill=ink)
    if rng.random() < 0.5:
        img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 1.2)))
    return img


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    listed = plate_fonts.load_fonts()
    sized = [plate_fonts.sized_fonts(listed, cap)[0] for cap in (14, 18, 24, 30)]
    os.makedirs(a.out, exist_ok=True)
    for i in range(a.count):
        scene(rng, rng.choice(sized)).save(os.path.join(a.out, f"{i:05d}.jpg"), quality=rng.randint(40, 90))
    print(f"{a.count} scenes -> {a.out}")


if __name__ == "__main__":
    main()
