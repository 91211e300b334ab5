#!/usr/bin/python3
"""Renders plate-strip training pages for PlateWeb's Tesseract model, with Tesseract box files.

Each text line of the corpus becomes one strip that imitates what PlateRecognizer hands to
Tesseract: dark characters about 36 px high on white, a white margin, narrow/bold sans fonts,
uneven stroke weight, squeezed or stretched widths, slight shear and rotation, blur, low-resolution
upscaling, noise, and plate clutter that the pipeline leaves in (border lines above and below,
vertical border bars at the ends, separator dots/dashes/emblems between groups, specks). The label
never contains the clutter: a group gap (with or without a separator) is a space.

Strips are stacked into pages of --per-page lines; PAGE.png gets PAGE.box in Tesseract's WordStr
format (one WordStr box per line around the line's ink, then a tab box that ends the line), which
`tesseract PAGE.png PAGE --psm 6 lstm.train` turns into PAGE.lstmf.

Needs Pillow (Debian: python3-pil). Deterministic for a given corpus, font list and --seed.

    PYTHONPATH=tools /usr/bin/python3 -m plateweb_tools.tessdata.render_strips --corpus corpus.txt \
        --fonts tools/plateweb_tools/tessdata/fonts.txt --out DIR --seed 1
"""
import argparse
import math
import os
import random

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

HI = 96  # cap height at which strips are drawn before being scaled down


class Font:
    def __init__(self, path, weight):
        self.path, self.weight = path, weight
        probe = ImageFont.truetype(path, 200)
        l, t, r, b = probe.getbbox("H")
        self.size = max(8, int(round(200 * HI / (b - t))))
        self.font = ImageFont.truetype(path, self.size)
        self.narrow = any(k in path.lower() for k in ("narrow", "cond", "din"))


def load_fonts(list_file):
    fonts = []
    with open(list_file) as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            parts = line.split()
            path, weight = parts[0], float(parts[1]) if len(parts) > 1 else 1.0
            if os.path.exists(path):
                fonts.append(Font(path, weight))
    if not fonts:
        raise SystemExit("no usable fonts in " + list_file)
    return fonts


def draw_text(text, font, rng):
    """Draws text at cap height HI; returns a greyscale image (255 white) and the gap spans."""
    f = font.font
    track = rng.uniform(-0.03, 0.22) * HI
    space = rng.uniform(0.35, 1.3) * HI
    width = int(sum(f.getlength(c) + abs(track) for c in text) + len(text) * space + 4 * HI)
    img = Image.new("L", (width, 3 * HI), 255)
    d = ImageDraw.Draw(img)
    x = HI
    base = 2 * HI
    gaps = []
    for i, c in enumerate(text):
        if c == " ":
            gaps.append((x, x + space))
            x += space
            continue
        d.text((x, base + rng.uniform(-0.02, 0.02) * HI), c, font=f, fill=0, anchor="ls")
        x += f.getlength(c) + track + rng.uniform(-0.03, 0.03) * HI
    return img, gaps, (HI, base - HI, int(x), base)


def clutter(img, gaps, box, rng):
    """Plate parts the recogniser's cleaning leaves in; never part of the label."""
    d = ImageDraw.Draw(img)
    x0, top, x1, bottom = box
    w = x1 - x0
    if rng.random() < 0.3:  # top border
        y = top - rng.uniform(0.2, 0.5) * HI
        t = rng.uniform(3, 12)
        a = x0 - rng.uniform(-0.2, 0.4) * HI
        b = x1 + rng.uniform(-0.2, 0.4) * HI
        if rng.random() < 0.4:
            a, b = sorted((rng.uniform(x0, x1), rng.uniform(x0, x1)))
        d.rectangle([a, y - t, b, y], fill=0)
    if rng.random() < 0.3:  # bottom border
        y = bottom + rng.uniform(0.2, 0.5) * HI
        t = rng.uniform(3, 12)
        a = x0 - rng.uniform(-0.2, 0.4) * HI
        b = x1 + rng.uniform(-0.2, 0.4) * HI
        if rng.random() < 0.4:
            a, b = sorted((rng.uniform(x0, x1), rng.uniform(x0, x1)))
        d.rectangle([a, y, b, y + t], fill=0)
    for side in (0, 1):  # vertical border bars at the ends
        if rng.random() < 0.15:
            gap = rng.uniform(0.08, 0.35) * HI
            t = rng.uniform(3, 10)
            x = x0 - gap - t if side == 0 else x1 + gap
            d.rectangle([x, top - rng.uniform(0, 0.4) * HI, x + t, bottom + rng.uniform(0, 0.4) * HI], fill=0)
    for a, b in gaps:  # separators in group gaps
        r = rng.random()
        mid, cy = (a + b) / 2, (top + bottom) / 2 + rng.uniform(-0.15, 0.15) * HI
        if r < 0.15:
            s = rng.uniform(0.08, 0.2) * HI
            d.rectangle([mid - s, cy - s, mid + s, cy + s], fill=0)
        elif r < 0.28:
            s = rng.uniform(0.06, 0.15) * HI
            d.ellipse([mid - s, cy - s, mid + s, cy + s], fill=0)
        elif r < 0.4:
            s = min(rng.uniform(0.15, 0.3) * HI, (b - a) / 2.5)
            t = rng.uniform(0.05, 0.09) * HI
            d.rectangle([mid - s, cy - t, mid + s, cy + t], fill=0)
        elif r < 0.46:  # emblem / sticker: a grey disc
            s = min(rng.uniform(0.2, 0.35) * HI, (b - a) / 2.2)
            d.ellipse([mid - s, cy - s, mid + s, cy + s], fill=rng.randint(60, 170))
    if rng.random() < 0.15:  # specks
        for _ in range(rng.randint(1, 4)):
            x, y = rng.uniform(x0 - 0.3 * HI, x1 + 0.3 * HI), rng.uniform(top - 0.4 * HI, bottom + 0.4 * HI)
            s = rng.uniform(2, 7)
            d.ellipse([x - s, y - s, x + s, y + s], fill=0)


def strip(text, fonts, rng):
    font = rng.choices(fonts, weights=[f.weight for f in fonts])[0]
    img, gaps, box = draw_text(text, font, rng)
    # Stroke weight: thicken often (plates are bold), sometimes thin.
    r = rng.random()
    if r < 0.4:
        img = img.filter(ImageFilter.MinFilter(rng.choice([3, 5, 7, 9])))
    elif r < 0.55:
        img = img.filter(ImageFilter.MaxFilter(rng.choice([3, 5])))
    clutter(img, gaps, box, rng)
    # Shear and rotation.
    if rng.random() < 0.5:
        sh = rng.uniform(-0.12, 0.12)
        img = img.transform(img.size, Image.AFFINE, (1, sh, -sh * img.size[1] / 2, 0, 1, 0),
                            resample=Image.BILINEAR, fillcolor=255)
    if rng.random() < 0.4:
        img = img.rotate(rng.uniform(-2.5, 2.5), resample=Image.BILINEAR, expand=False, fillcolor=255)
    bbox = Image.eval(img, lambda v: 255 if v < 128 else 0).getbbox()
    if bbox is None:
        return None
    img = img.crop((bbox[0] - HI // 4, bbox[1] - HI // 4, bbox[2] + HI // 4, bbox[3] + HI // 4))
    # Width: squeeze or stretch (narrow fonts less).
    sx = rng.uniform(0.8, 1.12) if font.narrow else rng.uniform(0.6, 1.05)
    cap = rng.choice([rng.uniform(30, 40), 36])
    k = cap / HI
    # Small plates are upscaled by the recogniser: render some at low resolution, then enlarge.
    if rng.random() < 0.35:
        lo = rng.uniform(9, 22) / HI
        small = img.resize((max(4, int(img.width * sx * lo)), max(4, int(img.height * lo))), Image.BOX)
        img = small.resize((max(4, int(img.width * sx * k)), max(4, int(img.height * k))), Image.BICUBIC)
    else:
        img = img.resize((max(4, int(img.width * sx * k)), max(4, int(img.height * k))), Image.LANCZOS)
    if rng.random() < 0.5:
        img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 1.3)))
    # Contrast: the recogniser stretches ink to black and paper to white, imperfectly.
    ink, paper = rng.randint(0, 70), rng.choice([255, 255, rng.randint(225, 255)])
    img = img.point(lambda v: int(ink + (paper - ink) * v / 255))
    if rng.random() < 0.5:
        sigma = rng.uniform(3, 14)
        noise = Image.effect_noise(img.size, sigma)
        img = ImageChops.add(img, noise, 1.0, -128)
    # White padding like the recogniser's 10 px.
    out = Image.new("L", (img.width + 20, img.height + 20), 255)
    out.paste(img, (10, 10))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--fonts", required=True, help="file: font path [weight] per line")
    ap.add_argument("--out", required=True)
    ap.add_argument("--prefix", default="page")
    ap.add_argument("--per-page", type=int, default=40)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    fonts = load_fonts(args.fonts)
    os.makedirs(args.out, exist_ok=True)
    lines = [l.rstrip("\n") for l in open(args.corpus) if l.strip()]
    pages = 0
    for p in range(0, len(lines), args.per_page):
        chunk = lines[p:p + args.per_page]
        strips = [(t, strip(t, fonts, rng)) for t in chunk]
        strips = [(t, s) for t, s in strips if s is not None]
        W = max(s.width for _, s in strips) + 40
        H = sum(s.height + 16 for _, s in strips) + 32
        page = Image.new("L", (W, H), 255)
        boxes = []
        y = 16
        for t, s in strips:
            page.paste(s, (20, y))
            bb = Image.eval(s, lambda v: 255 if v < 160 else 0).getbbox()
            if bb is not None:
                l, tp, r, b = 20 + bb[0], y + bb[1], 20 + bb[2], y + bb[3]
                # Box files count y from the bottom of the page.
                boxes.append(f"WordStr {l} {H - b} {r} {H - tp} 0 #{t}")
                boxes.append(f"\t {r} {H - b} {r + 1} {H - tp} 0")
            y += s.height + 16
        name = os.path.join(args.out, f"{args.prefix}-{pages:05d}")
        page.save(name + ".png", dpi=(300, 300))
        with open(name + ".box", "w") as f:
            f.write("\n".join(boxes) + "\n")
        pages += 1
    print(f"rendered {len(lines)} lines on {pages} pages in {args.out}")


if __name__ == "__main__":
    main()
