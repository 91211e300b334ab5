"""Glyph pictures for PlateWeb's glyph classifier: the normalization shared with the C# engine,
rendered training glyphs, and the glyphs `platectl glyphs` cut from plate photos.

normalize() must draw a glyph exactly as src/PlateWeb.Recognition/Glyphs/GlyphCrop.cs does:
ink bright on black, the ink's bounding box scaled to INK_HEIGHT px high (narrower when it would
be wider than MAX_INK_WIDTH) and centred in a SIZE x SIZE square.
"""
import math
import os
import random

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

CLASSES = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
SIZE, INK_HEIGHT, MAX_INK_WIDTH, INK_BELOW = 32, 26, 28, 128


def normalize(gray):
    """gray: PIL 'L' image, dark ink on a light background. Returns a uint8 SIZE x SIZE array or None."""
    a = np.asarray(gray)
    ys, xs = np.nonzero(a < INK_BELOW)
    if len(xs) == 0:
        return None
    x0, x1, y0, y1 = xs.min(), xs.max() + 1, ys.min(), ys.max() + 1
    w, h = x1 - x0, y1 - y0
    scale = min(INK_HEIGHT / h, MAX_INK_WIDTH / w)
    nw = int(min(max(round(w * scale), 1), MAX_INK_WIDTH))
    nh = int(min(max(round(h * scale), 1), INK_HEIGHT))
    glyph = Image.fromarray(255 - a[y0:y1, x0:x1])
    glyph = glyph.resize((nw, nh), Image.BOX if scale < 1 else Image.BILINEAR)
    canvas = np.zeros((SIZE, SIZE), np.uint8)
    ox, oy = (SIZE - nw) // 2, (SIZE - nh) // 2
    canvas[oy:oy + nh, ox:ox + nw] = np.asarray(glyph)
    return canvas


def load_fonts(list_file):
    fonts = []
    for line in open(list_file, encoding="utf-8"):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        path, weight = line.rsplit(None, 1)
        if os.path.exists(path):
            fonts.append((path, float(weight)))
    if not fonts:
        raise SystemExit(f"no font of {list_file} is installed (see tools/glyphs/README.md)")
    return fonts


class Renderer:
    """Draws one character the way it reaches the classifier from a photo: a plate font, an uneven
    stroke, a squeezed or stretched width, slight rotation and shear, a low-resolution capture
    scaled back up, blur and noise, and sometimes a sliver of a neighbour or a border at the edge."""

    HI = 96  # cap height at which glyphs are drawn before being degraded

    def __init__(self, fonts, rng):
        self.rng = rng
        self.fonts, self.weights = sized_fonts(fonts, self.HI)

    def render(self, ch):
        rng = self.rng
        font = rng.choices(self.fonts, self.weights)[0][0]
        img = Image.new("L", (4 * self.HI, 3 * self.HI), 255)
        d = ImageDraw.Draw(img)
        d.text((self.HI, self.HI // 2), ch, font=font, fill=0)
        # stroke weight
        k = rng.random()
        if k < 0.3:
            img = img.filter(ImageFilter.MinFilter(rng.choice([3, 5, 7])))
        elif k < 0.45:
            img = img.filter(ImageFilter.MaxFilter(rng.choice([3, 5])))
        # condensed or widened, sheared, rotated
        sx = rng.uniform(0.55, 1.25)
        img = img.resize((max(8, int(img.width * sx)), img.height), Image.BILINEAR)
        shear = rng.uniform(-0.08, 0.08)
        img = img.transform(img.size, Image.AFFINE, (1, shear, -shear * img.height / 2, 0, 1, 0), Image.BILINEAR, fillcolor=255)
        img = img.rotate(rng.uniform(-5, 5), Image.BILINEAR, fillcolor=255)
        a = np.asarray(img)
        ys, xs = np.nonzero(a < INK_BELOW)
        if len(xs) == 0:
            return None
        x0, x1, y0, y1 = xs.min(), xs.max() + 1, ys.min(), ys.max() + 1
        h = y1 - y0
        # margins like a Tesseract box widened by an eighth, with clutter that may poke in
        mx, my = int(h * rng.uniform(0.05, 0.3)), int(h * rng.uniform(0.05, 0.3))
        crop = Image.fromarray(a[max(0, y0 - my):y1 + my, max(0, x0 - mx):x1 + mx].copy())
        d = ImageDraw.Draw(crop)
        if rng.random() < 0.15:  # a neighbour's edge or a border bar
            side = rng.choice([0, crop.width - max(2, mx // 2)])
            d.rectangle([side, rng.randint(0, crop.height // 3), side + max(2, mx // 2), crop.height], fill=0)
        return normalize(Image.fromarray(capture(crop, h, rng)))


def sized_fonts(fonts, cap_height):
    """The (path, weight) fonts opened at the size that draws a capital H cap_height px high, and their weights."""
    sized = []
    for path, weight in fonts:
        l, t, r, b = ImageFont.truetype(path, 200).getbbox("H")
        sized.append((ImageFont.truetype(path, max(8, round(200 * cap_height / (b - t)))), weight))
    return sized, [w for _, w in sized]


def capture(crop, h, rng):
    """crop (PIL 'L', characters h px high) as a photo delivers it to the engine: a low-resolution
    capture, the pipeline's upscaling to ~36 px characters, contrast and noise, then the pipeline's
    background whitening (dark stays dark, paper goes white). Returns a uint8 array."""
    cap = rng.uniform(9, 40)
    f = cap / h
    small = crop.resize((max(2, round(crop.width * f)), max(2, round(crop.height * f))), Image.BOX)
    if rng.random() < 0.5:
        small = small.filter(ImageFilter.GaussianBlur(rng.uniform(0.2, 0.9)))
    up = 36 / cap
    img = small.resize((max(2, round(small.width * up)), max(2, round(small.height * up))), Image.BICUBIC)
    a = np.asarray(img).astype(np.float32)
    lo, hi = rng.uniform(0, 90), rng.uniform(170, 255)
    a = lo + (hi - lo) * a / 255.0 + np.random.default_rng(rng.randrange(1 << 30)).normal(0, rng.uniform(0, 12), a.shape)
    return np.clip((a - lo) / max(1.0, hi - lo - 20) * 255.0, 0, 255).astype(np.uint8)


def torch_threads():
    """Threads for torch: more than OMP_THREAD_LIMIT allows (PlateWeb's scripts set it to 1 for
    Tesseract) makes Debian's torch spin forever in the backward pass."""
    limit = int(os.environ.get("OMP_THREAD_LIMIT", "0") or 0)
    return min(os.cpu_count() or 1, limit) if limit > 0 else (os.cpu_count() or 1)


def rendered_set(fonts_file, per_class, seed):
    rng = random.Random(seed)
    r = Renderer(load_fonts(fonts_file), rng)
    xs, ys = [], []
    for k, ch in enumerate(CLASSES):
        n = 0
        while n < per_class:
            g = r.render(ch)
            if g is not None:
                xs.append(g)
                ys.append(k)
                n += 1
    return np.stack(xs), np.array(ys, np.int64)


def photo_set(folder, keep):
    """Glyphs written by `platectl glyphs` (index.tsv), those whose (set, image) keep() accepts."""
    xs, ys, tess, names = [], [], [], []
    with open(os.path.join(folder, "index.tsv"), encoding="utf-8") as f:
        next(f)
        for line in f:
            name, set_, image, label, t = line.rstrip("\n").split("\t")
            if label not in CLASSES or not keep(set_, image):
                continue
            xs.append(np.asarray(Image.open(os.path.join(folder, name)).convert("L")))
            ys.append(CLASSES.index(label))
            tess.append(t)
            names.append((set_, image))
    if not xs:
        return np.zeros((0, SIZE, SIZE), np.uint8), np.zeros(0, np.int64), [], []
    return np.stack(xs), np.array(ys, np.int64), tess, names


def fold_of(image):
    """Stable two-way split of benchmark images for honest cross-validation."""
    return sum(ord(c) * (i + 1) for i, c in enumerate(image)) % 2
