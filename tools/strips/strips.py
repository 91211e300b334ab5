"""Plate strips for PlateWeb's strip reader: the normalization shared with the C# engine, strips
rendered from fonts, and the strips `platectl glyphs --strips` saves from plate photos.

normalize() must draw a strip exactly as src/PlateWeb.Recognition/Ocr/StripReader.cs does: the
prepared strip (dark ink on white) scaled to HEIGHT px high, at most WIDTH wide (squeezed when
longer), ink bright on black, black on the right.
"""
import os
import random
import sys

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "glyphs"))
import glyphs  # noqa: E402  (fonts list, folds)

CLASSES = glyphs.CLASSES
BLANK = len(CLASSES)
HEIGHT, WIDTH = 32, 192


def normalize(gray):
    """gray: PIL 'L' image of a prepared strip. Returns a uint8 HEIGHT x WIDTH array, ink bright."""
    w = max(1, round(gray.width * HEIGHT / gray.height))
    w = min(w, WIDTH)
    img = gray.resize((w, HEIGHT), Image.BOX if gray.height > HEIGHT else Image.BILINEAR)
    canvas = np.zeros((HEIGHT, WIDTH), np.uint8)
    canvas[:, :w] = 255 - np.asarray(img)
    return canvas


LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
DIGITS = "0123456789"


def random_text(rng):
    kind = rng.random()
    n = rng.randint(5, 8)
    if kind < 0.6:
        s = "".join(rng.choice(LETTERS if rng.random() < 0.5 else DIGITS) for _ in range(n))
    elif kind < 0.8:
        s = "".join(rng.choice(LETTERS) for _ in range(rng.randint(2, 3))) + "".join(rng.choice(DIGITS) for _ in range(rng.randint(3, 4)))
    else:
        s = str(rng.randint(1, 9)) + "".join(rng.choice(LETTERS) for _ in range(3)) + "".join(rng.choice(DIGITS) for _ in range(3))
    return s


class Renderer:
    """Draws a plate's text line the way it reaches the reader: a plate font, character spacing,
    stroke weight, width, slight rotation, a low-resolution capture scaled back up, blur, noise,
    the pipeline's whitening, sometimes a gap (a blanked dash or emblem) or clutter at an end."""

    HI = 64

    def __init__(self, fonts, rng):
        self.rng = rng
        self.fonts, self.weights = glyphs.sized_fonts(fonts, self.HI)

    def render(self, text):
        rng = self.rng
        font = rng.choices(self.fonts, self.weights)[0][0]
        img = Image.new("L", (self.HI * (len(text) + 4), 3 * self.HI), 255)
        d = ImageDraw.Draw(img)
        x = self.HI
        gap_at = rng.randint(2, len(text) - 2) if rng.random() < 0.4 else -1
        spacing = rng.uniform(0.05, 0.35) * self.HI
        for i, ch in enumerate(text):
            if i == gap_at:
                x += rng.uniform(0.3, 0.9) * self.HI
            d.text((x, self.HI), ch, font=font, fill=0)
            l, t, r, b = d.textbbox((x, self.HI), ch, font=font)
            x = r + spacing
        k = rng.random()
        if k < 0.25:
            img = img.filter(ImageFilter.MinFilter(rng.choice([3, 5])))
        elif k < 0.4:
            img = img.filter(ImageFilter.MaxFilter(3))
        sx = rng.uniform(0.6, 1.3)
        img = img.resize((max(8, int(img.width * sx)), img.height), Image.BILINEAR)
        img = img.rotate(rng.uniform(-2, 2), Image.BILINEAR, fillcolor=255)
        a = np.asarray(img)
        ys, xs = np.nonzero(a < 128)
        if len(xs) == 0:
            return None
        x0, x1, y0, y1 = xs.min(), xs.max() + 1, ys.min(), ys.max() + 1
        h = y1 - y0
        # the strip: characters about 0.69 of 52 px, 10 px of white around (OcrPadding)
        mx = int(h * rng.uniform(0.1, 0.7))
        my = int(h * 0.22)
        crop = Image.fromarray(a[max(0, y0 - my):y1 + my, max(0, x0 - mx):x1 + mx].copy())
        d = ImageDraw.Draw(crop)
        if rng.random() < 0.15:
            side = rng.choice([0, crop.width - max(2, mx // 3)])
            d.rectangle([side, rng.randint(0, crop.height // 3), side + max(2, mx // 3), crop.height], fill=0)
        a = glyphs.capture(crop, h, rng)
        strip = Image.new("L", (a.shape[1] + 20, a.shape[0] + 20), 255)
        strip.paste(Image.fromarray(a), (10, 10))
        return normalize(strip)


def rendered_set(fonts_file, count, seed):
    rng = random.Random(seed)
    r = Renderer(glyphs.load_fonts(fonts_file), rng)
    xs, ys = [], []
    while len(xs) < count:
        t = random_text(rng)
        s = r.render(t)
        if s is not None:
            xs.append(s)
            ys.append(t)
    return np.stack(xs), ys


def photo_set(folder, keep):
    """Strips written by `platectl glyphs --strips` (strips.tsv) whose (set, image) keep() accepts."""
    xs, ys, tess, names = [], [], [], []
    with open(os.path.join(folder, "strips.tsv"), encoding="utf-8") as f:
        next(f)
        for line in f:
            name, set_, image, text, t = line.rstrip("\n").split("\t")
            if not text or any(c not in CLASSES for c in text) or not keep(set_, image):
                continue
            xs.append(normalize(Image.open(os.path.join(folder, name)).convert("L")))
            ys.append(text)
            tess.append(t)
            names.append((set_, image))
    if not xs:
        return np.zeros((0, HEIGHT, WIDTH), np.uint8), [], [], []
    return np.stack(xs), ys, tess, names
