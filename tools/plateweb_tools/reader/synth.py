"""Synthetic licence plates for training PlateWeb's learned plate reader.

    PYTHONPATH=tools /usr/bin/python3 -m plateweb_tools.reader.synth --out DIR --count N --seed S [--regions eu,us,br]
                                           [--clean] [--mosaic 24] [--fonts FILE]

writes DIR/000000.jpg ... (one whole plate per image, with 0-15 % of the plate's width/height
of background on each side, like a loose crop of a photo), DIR/labels.tsv
(`file  region  country  text`, text upper case A-Z0-9 without separators) and DIR/mosaic.png
(the first --mosaic images on a grid with their labels, to look at). The same --seed gives the
same files: plate i is drawn from its own generator seeded with (seed, i), so a plate does not
depend on --count or on the other plates. --clean skips the photo degradations (to look at the
designs). Fonts come from fonts.txt through fonts.py (beside this file) (plate-like faces
weigh most); decorative lines (US state names, slogans) use the serif and script faces Debian's
urw-base35, croscore, liberation and dejavu packages ship. Every shape is drawn here; no picture
comes from elsewhere.

Designs (all drawn at about 300 px plate width, then photographed):

- eu: a 520x110 white plate (yellow for NL and LU, and for GB rear plates) with a thin dark rim,
  a blue band on the left bearing a ring of twelve yellow dots and the country letters (F, D, I,
  E, NL, B, PL, P, A, CZ, SK, HR, SLO, H, RO, IRL, GB/UK, S, FIN, DK, L, LT, LV, EST, BG, GR); the
  registration in its national format with its separators: FR "AB-123-CD" (often with the right
  blue band of the departement number and a regional logo), DE "M AB 1234" with the round
  inspection sticker and state seal between district and letters, IT "AB 123 CD" (sometimes a
  right band with the province), ES "1234 BCD", NL "12-ABC-3" and its other side codes, BE
  "1-ABC-123" in red, PL "WA 12345", PT "AB-12-CD" (yellow right band), AT "W 12345A" with the
  red-white-red edges and a shield, CZ "1A2 3456", SK "BA 123AB", HR "ZG 1234-AB", SLO "LJ AB-123"
  (green rim), HU "ABC-123", RO "B 123 ABC", IRL "12-D-12345", GB "AB12 CDE" (band or none), and
  the Nordic, Baltic, BG and GR formats. About one EU plate in eight is the square two-line
  variant (label: top line then bottom line).
- us: a 2:1 plate on a white or coloured ground, often a gradient (sometimes dark with light
  ink), the state's name (one of the fifty) on top in a script, serif or sans face, an invented
  slogan at the bottom, sometimes a picture (mountains, a sun, trees, a round emblem) behind the
  characters or a small emblem between the groups, month/year stickers in the corners, bolt
  slots, and tall condensed characters (5-8: ABC1234, 1ABC234, 123ABC, ABC123, 1234AB, vanity
  words) in dark blue, black, red, green or maroon, groups sometimes split by a dash or a space.
- br: the old grey plate ("ABC-1234" in black, the town "SAO PAULO - SP" in a framed band on top;
  sometimes the red commercial one with white characters) and the Mercosul plate (white, blue top
  band with "BRASIL", the Mercosul mark and a flag-like rectangle, a QR-like square and "BR" on the
  left, "ABC1D23" in black or sometimes red), in the condensed DIN-like faces (FE-Schrift itself
  is not packaged by Debian).

Photo degradations (random per plate): sometimes a dealer frame (full or partial, with dealer
text) or frame bolts, dirt specks and smudges, a perspective view (roll up to ~10 degrees, yaw
and pitch as foreshortening), a background of car paint, grille slats or bumper, optical and
motion blur, capture at 40-200 px plate width (log-uniform) scaled back up, uneven lighting, a
glare spot, a cast shadow, colour casts, low contrast, sensor noise, a camera JPEG pass, and the
written JPEG at quality 15-90.

About 170 plates per second of one core's CPU time (measured on this project's machine: 1000
plates in 5.9 s of CPU, 8.1 s wall while another job shared the two cores).
"""
import argparse
import math
import os
import random
import sys
import time

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from . import fonts as plate_fonts  # font list, sized fonts

HERE = os.path.dirname(os.path.abspath(__file__))

cv2.setNumThreads(1)

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
DIGITS = "0123456789"


def random_text(rng):
    """A plate-like text of 5-8 characters: mixed, letters then digits, or a digit, 3 letters, 3 digits."""
    kind = rng.random()
    n = rng.randint(5, 8)
    if kind < 0.6:
        s = "".join(rng.choice(LETTERS if rng.random() < 0.5 else DIGITS) for _ in range(n))
    elif kind < 0.8:
        s = "".join(rng.choice(LETTERS) for _ in range(rng.randint(2, 3))) + "".join(rng.choice(DIGITS) for _ in range(rng.randint(3, 4)))
    else:
        s = str(rng.randint(1, 9)) + "".join(rng.choice(LETTERS) for _ in range(3)) + "".join(rng.choice(DIGITS) for _ in range(3))
    return s
CAP = 40  # cap height at which characters are cached before being fitted into a plate
PAD = 6  # rows kept above and below the cap height (overshoot of round characters)
FONT_DIR = "/usr/share/fonts"


def font_path(*names):
    """The first of the named system fonts that is installed, or None."""
    for n in names:
        p = os.path.join(FONT_DIR, n)
        if os.path.exists(p):
            return p
    return None


SCRIPT_FONTS = [font_path("opentype/urw-base35/Z003-MediumItalic.otf"),
                font_path("truetype/dejavu/DejaVuSerif-BoldItalic.ttf"),
                font_path("opentype/urw-base35/URWBookman-DemiItalic.otf"),
                font_path("opentype/urw-base35/P052-BoldItalic.otf")]
SERIF_FONTS = [font_path("opentype/urw-base35/C059-Bold.otf"), font_path("opentype/urw-base35/P052-Bold.otf"),
               font_path("opentype/urw-base35/NimbusRoman-Bold.otf"), font_path("truetype/croscore/Tinos-Bold.ttf"),
               font_path("truetype/dejavu/DejaVuSerif-Bold.ttf"), font_path("opentype/urw-base35/URWBookman-Demi.otf"),
               font_path("truetype/dejavu/DejaVuSerifCondensed-Bold.ttf")]
SANS_FONTS = [font_path("truetype/dejavu/DejaVuSans-Bold.ttf"), font_path("truetype/liberation2/LiberationSans-Bold.ttf"),
              font_path("opentype/urw-base35/NimbusSans-Bold.otf"), font_path("truetype/roboto/unhinted/RobotoCondensed-Bold.ttf"),
              font_path("truetype/open-sans/OpenSans-Bold.ttf"), font_path("truetype/dejavu/DejaVuSansCondensed-Bold.ttf")]
SCRIPT_FONTS = [p for p in SCRIPT_FONTS if p]
SERIF_FONTS = [p for p in SERIF_FONTS if p]
SANS_FONTS = [p for p in SANS_FONTS if p]

# ----------------------------------------------------------------------------------------------
# fonts and text masks


class Fonts:
    """The plate fonts of fonts.txt sized to CAP, a cache of their character masks, and the
    decorative fonts at a fixed size."""

    def __init__(self, list_file):
        listed = plate_fonts.load_fonts(list_file)
        sized, weights = plate_fonts.sized_fonts(listed, CAP)
        self.paths = [p for p, _ in listed]
        self.fonts = [f for f, _ in sized]
        self.weights = weights
        self.tops = [f.getbbox("H")[1] for f in self.fonts]
        self.cache = {}
        self.deco = {}
        if not SANS_FONTS:
            SANS_FONTS.append(self.paths[0])
        if not SERIF_FONTS:
            SERIF_FONTS.extend(SANS_FONTS)
        if not SCRIPT_FONTS:
            SCRIPT_FONTS.extend(SERIF_FONTS)

    def pick(self, rng, prefer=()):
        """A font index: the listed weights, those whose path holds one of `prefer` weigh 6x more."""
        w = [wt * (6.0 if any(p in path for p in prefer) else 1.0) for wt, path in zip(self.weights, self.paths)]
        return rng.choices(range(len(self.fonts)), w)[0]

    def glyph(self, fi, ch):
        key = (fi, ch)
        g = self.cache.get(key)
        if g is None:
            f = self.fonts[fi]
            l, t, r, b = f.getbbox(ch)
            img = Image.new("L", (r - l + 4, CAP + 2 * PAD), 0)
            ImageDraw.Draw(img).text((2 - l, PAD - self.tops[fi]), ch, font=f, fill=255)
            a = np.asarray(img, np.float32) / 255.0
            cols = np.nonzero(a.max(axis=0) > 0.1)[0]
            g = a[:, cols[0]:cols[-1] + 1] if len(cols) else np.zeros((CAP + 2 * PAD, CAP // 3), np.float32)
            self.cache[key] = g
        return g

    def deco_mask(self, path, s):
        f = self.deco.get(path)
        if f is None:
            f = self.deco[path] = ImageFont.truetype(path, 40)
        key = (path, s)
        m = self.cache.get(key)
        if m is None:
            l, t, r, b = f.getbbox(s)
            img = Image.new("L", (max(1, r - l + 4), max(1, b - t + 4)), 0)
            ImageDraw.Draw(img).text((2 - l, 2 - t), s, font=f, fill=255)
            m = np.asarray(img, np.float32) / 255.0
            if len(self.cache) < 20000:
                self.cache[key] = m
        return m


SEP_WIDTH = {" ": 0.45, "-": 0.62, "@seal": 0.95, "@emb": 0.85, "@usemb": 0.8}


def compose_line(F, fi, tokens, rng, spacing=None, mono=False):
    """tokens: runs of A-Z0-9 and separators (' ', '-', '@seal', '@emb', '@usemb'). Returns the
    line's ink mask (CAP + 2*PAD high) and the separators to draw in colour [(kind, x centre)]."""
    sp = CAP * (rng.uniform(0.06, 0.22) if spacing is None else spacing)
    pieces, decos, x = [], [], 0.0
    cell = CAP * 0.62
    for tok in tokens:
        if tok in SEP_WIDTH:
            w = CAP * SEP_WIDTH[tok]
            if tok == "-":
                pieces.append(("dash", x + sp * 0.3, w - sp * 0.6))
            elif tok.startswith("@"):
                decos.append((tok, x + w / 2 - sp / 2))
            x += w
            continue
        for ch in tok:
            g = F.glyph(fi, ch)
            gw = g.shape[1]
            if mono and gw < cell:
                pieces.append(("g", x + (cell - gw) / 2, g))
                x += cell + sp
            else:
                pieces.append(("g", x, g))
                x += gw + sp
    width = int(math.ceil(x - sp)) + 2
    m = np.zeros((CAP + 2 * PAD, max(width, 4)), np.float32)
    for kind, px, g in pieces:
        if kind == "dash":
            x0, x1 = int(round(px)), int(round(px + g))
            y0 = PAD + int(CAP * 0.44)
            m[y0:y0 + max(2, int(CAP * 0.11)), max(0, x0):x1] = 1.0
        else:
            x0 = int(round(px))
            w = min(g.shape[1], m.shape[1] - x0)
            np.maximum(m[:, x0:x0 + w], g[:, :w], out=m[:, x0:x0 + w])
    k = rng.random()
    if k < 0.2:
        m = cv2.erode(m, np.ones((2, 2), np.uint8))
    elif k < 0.35:
        m = cv2.dilate(m, np.ones((2, 2), np.uint8))
    return m, decos


def blend(img, m, x, y, colour, alpha=1.0):
    """Paint colour onto img (uint8 HxWx3) through mask m (float 0..1) placed at (x, y)."""
    h, w = m.shape
    H, W = img.shape[:2]
    x, y = int(round(x)), int(round(y))
    xa, ya, xb, yb = max(0, x), max(0, y), min(W, x + w), min(H, y + h)
    if xa >= xb or ya >= yb:
        return
    mm = m[ya - y:yb - y, xa - x:xb - x, None] * alpha
    reg = img[ya:yb, xa:xb].astype(np.float32)
    img[ya:yb, xa:xb] = (reg + (np.asarray(colour, np.float32) - reg) * mm).astype(np.uint8)


def fit(m, box, squeeze=1.0, align="c"):
    """m scaled to box's height (narrower when too wide; squeeze < 1 condenses). Returns (mask, x, y)."""
    x0, y0, x1, y1 = box
    bw, bh = x1 - x0, y1 - y0
    s = bh / m.shape[0]
    sx = s * squeeze
    if m.shape[1] * sx > bw:
        sx = bw / m.shape[1]
    nw, nh = max(1, int(round(m.shape[1] * sx))), max(1, int(round(bh)))
    r = cv2.resize(m, (nw, nh), interpolation=cv2.INTER_AREA if sx < 1 else cv2.INTER_LINEAR)
    x = x0 if align == "l" else (x1 - nw if align == "r" else x0 + (bw - nw) / 2)
    return r, x, y0


def put_text(img, F, path, s, box, colour, squeeze=1.0, align="c", alpha=1.0):
    r, x, y = fit(F.deco_mask(path, s), box, squeeze, align)
    blend(img, r, x, y, colour, alpha)
    return x, r.shape[1]


def put_line(img, F, fi, tokens, box, ink, rng, squeeze=1.0, emboss=None, spacing=None, mono=False, align="c"):
    """Draws the registration tokens with cap height = box height, centred in box. Returns the
    separators' positions in plate pixels [(kind, x, y centre, cap height)]."""
    m, decos = compose_line(F, fi, tokens, rng, spacing, mono)
    x0, y0, x1, y1 = box
    cap = y1 - y0
    s = cap / CAP
    r, x, y = fit(m, (x0, y0 - PAD * s, x1, y1 + PAD * s), squeeze, align)
    sx = r.shape[1] / m.shape[1]
    if emboss is None:
        emboss = rng.random() < 0.5
    if emboss:
        blend(img, r, x + 1, y + 1, (0, 0, 0), 0.3)
        blend(img, r, x - 1, y - 1, (255, 255, 255), 0.25)
    blend(img, r, x, y, ink)
    return [(k, x + xc * sx, (y0 + y1) / 2, cap) for k, xc in decos]


# ----------------------------------------------------------------------------------------------
# shapes


def aa(v):
    return int(round(v * 16))


def disc(img, x, y, r, colour, thickness=-1):
    cv2.circle(img, (aa(x), aa(y)), max(1, aa(r)), colour, thickness, cv2.LINE_AA, 4)


def poly(img, pts, colour):
    cv2.fillPoly(img, [np.round(np.asarray(pts, np.float64) * 16).astype(np.int32)], colour, cv2.LINE_AA, 4)


def rrect(img, x0, y0, x1, y1, r, colour, thickness=-1):
    x0, y0, x1, y1, r = int(x0), int(y0), int(x1), int(y1), max(1, int(r))
    if thickness < 0:
        cv2.rectangle(img, (x0 + r, y0), (x1 - r, y1), colour, -1)
        cv2.rectangle(img, (x0, y0 + r), (x1, y1 - r), colour, -1)
        for cx, cy in ((x0 + r, y0 + r), (x1 - r, y0 + r), (x0 + r, y1 - r), (x1 - r, y1 - r)):
            cv2.circle(img, (cx, cy), r, colour, -1, cv2.LINE_AA)
    else:
        t = thickness
        cv2.line(img, (x0 + r, y0), (x1 - r, y0), colour, t, cv2.LINE_AA)
        cv2.line(img, (x0 + r, y1), (x1 - r, y1), colour, t, cv2.LINE_AA)
        cv2.line(img, (x0, y0 + r), (x0, y1 - r), colour, t, cv2.LINE_AA)
        cv2.line(img, (x1, y0 + r), (x1, y1 - r), colour, t, cv2.LINE_AA)
        for (cx, cy), a in (((x0 + r, y0 + r), 180), ((x1 - r, y0 + r), 270), ((x1 - r, y1 - r), 0), ((x0 + r, y1 - r), 90)):
            cv2.ellipse(img, (cx, cy), (r, r), a, 0, 90, colour, t, cv2.LINE_AA)


def star(img, x, y, r, colour, n=5):
    pts = []
    for k in range(2 * n):
        a = -math.pi / 2 + k * math.pi / n
        rr = r if k % 2 == 0 else r * 0.42
        pts.append((x + rr * math.cos(a), y + rr * math.sin(a)))
    poly(img, pts, colour)


def jitter(c, rng, d=12):
    return tuple(int(min(255, max(0, v + rng.uniform(-d, d)))) for v in c)


def overlay(img, draw, colour, alpha):
    """Draws with draw(mask) into a float mask and blends colour through it (for faded pictures)."""
    m = np.zeros(img.shape[:2], np.uint8)
    draw(m)
    x, y, w, h = cv2.boundingRect(m)
    if w and h:
        blend(img, m[y:y + h, x:x + w].astype(np.float32) / 255.0, x, y, colour, alpha)


def seal_deco(img, kind, x, y, cap, rng):
    """The separator pictures: DE inspection sticker over state seal, a coat of arms, a US emblem."""
    if kind == "@seal":
        r = cap * 0.2
        disc(img, x, y - cap * 0.23, r, jitter(rng.choice([(230, 120, 40), (60, 120, 200), (230, 200, 40), (150, 90, 50), (230, 140, 170), (80, 170, 80)]), rng))
        disc(img, x, y - cap * 0.23, r * 0.45, (240, 240, 240))
        disc(img, x, y + cap * 0.23, r, jitter((200, 200, 200), rng, 20))
        disc(img, x, y + cap * 0.23, r * 0.8, jitter(rng.choice([(180, 40, 40), (40, 40, 40), (60, 90, 160), (60, 120, 60)]), rng), 1)
        disc(img, x, y + cap * 0.23, r * 0.35, (90, 90, 90))
    elif kind == "@emb":
        w, h = cap * 0.34, cap * 0.42
        pts = [(x - w, y - h), (x + w, y - h), (x + w, y + h * 0.3), (x, y + h), (x - w, y + h * 0.3)]
        poly(img, pts, jitter((200, 30, 40), rng, 20))
        c2 = rng.choice([(245, 245, 245), (30, 60, 150)])
        if rng.random() < 0.5:
            cv2.rectangle(img, (int(x - w), int(y - h * 0.2)), (int(x + w), int(y + h * 0.15)), c2, -1)
        else:
            for i in range(3):
                for j in range(3):
                    if (i + j) % 2 == 0:
                        cv2.rectangle(img, (int(x - w + i * 2 * w / 3), int(y - h + j * 1.3 * h / 3)),
                                      (int(x - w + (i + 1) * 2 * w / 3), int(y - h + (j + 1) * 1.3 * h / 3)), c2, -1)
    else:
        col = rng.choice([(200, 30, 40), (30, 60, 150), (20, 20, 20), (40, 120, 60), (210, 150, 30)])
        k = rng.random()
        r = cap * 0.3
        if k < 0.35:
            star(img, x, y, r, col)
        elif k < 0.6:
            disc(img, x - r * 0.45, y - r * 0.3, r * 0.5, col)
            disc(img, x + r * 0.45, y - r * 0.3, r * 0.5, col)
            poly(img, [(x - r * 0.92, y - r * 0.15), (x + r * 0.92, y - r * 0.15), (x, y + r * 0.9)], col)
        elif k < 0.8:
            disc(img, x, y, r, col)
            star(img, x, y, r * 0.7, (245, 245, 245))
        else:
            pts = [(x + r * (0.7 + 0.3 * rng.random()) * math.cos(a), y + r * (0.7 + 0.3 * rng.random()) * math.sin(a))
                   for a in np.linspace(0, 2 * math.pi, 9)[:-1]]
            poly(img, pts, col)


# ----------------------------------------------------------------------------------------------
# texts


def L(rng, n, alphabet=LETTERS):
    return "".join(rng.choice(alphabet) for _ in range(n))


def D(rng, n, first_nonzero=False):
    s = "".join(rng.choice(DIGITS) for _ in range(n))
    if first_nonzero and s[0] == "0":
        s = rng.choice("123456789") + s[1:]
    return s


FR_L = "ABCDEFGHJKLMNPQRSTVWXYZ"
ES_L = "BCDFGHJKLMNPRSTVWXYZ"
NL_L = "BDFGHJKLNPRSTVXZ"
BG_L = "ABEKMHOPCTYX"
GR_L = "ABEZHIKMNOPTYX"
DE_DISTRICTS = "B M K HH F S D DO E HB H L N KA MA BN AC GE WI MZ OB KI LU BI MS HRO FFB LDS HSK RE WES SB ER UL A R".split()


def eu_tokens(c, rng):
    """Registration of EU country c as tokens (runs of A-Z0-9 and separators)."""
    if c == "FR":
        return [L(rng, 2, FR_L), "-", D(rng, 3), "-", L(rng, 2, FR_L)]
    if c == "DE":
        dist = rng.choice(DE_DISTRICTS)
        let = L(rng, rng.randint(1, 2))
        nd = rng.randint(1, min(4, 8 - len(dist) - len(let)))
        return [dist, "@seal", let, " ", D(rng, nd, True)]
    if c == "IT":
        return [L(rng, 2), " ", D(rng, 3), " ", L(rng, 2)]
    if c == "ES":
        return [D(rng, 4), " ", L(rng, 3, ES_L)]
    if c == "NL":
        pats = [("D2", "L3", "D1"), ("D1", "L3", "D2"), ("L2", "D3", "L1"), ("L1", "D3", "L2"), ("L3", "D2", "L1"), ("D2", "L2", "L2")]
        out = []
        for p in rng.choice(pats):
            out += [L(rng, int(p[1]), NL_L) if p[0] == "L" else D(rng, int(p[1])), "-"]
        return out[:-1]
    if c == "BE":
        return [rng.choice("12"), "-", L(rng, 3), "-", D(rng, 3)]
    if c == "PL":
        a = L(rng, rng.choice([2, 2, 3]))
        k = rng.random()
        b = D(rng, 5) if k < 0.4 else (D(rng, 4) + L(rng, 1) if k < 0.7 else D(rng, 3) + L(rng, 2))
        return [a, " ", b[:8 - len(a)]]
    if c == "PT":
        return [L(rng, 2), "-", D(rng, 2), "-", L(rng, 2)]
    if c == "AT":
        dist = rng.choice(["W", "G", "L", "S", "K", "I", "BN", "GU", "WU", "SL", "LL", "VB"])
        n = rng.randint(3, 5)
        return [dist, "@emb", D(rng, n, True) + L(rng, min(2, 8 - len(dist) - n, rng.randint(1, 2)))]
    if c == "CZ":
        return [D(rng, 1, True) + L(rng, 1) + D(rng, 1), " ", D(rng, 4)]
    if c == "SK":
        return [rng.choice(["BA", "KE", "ZA", "NR", "TT", "PO", "BB", "TN"]), rng.choice(["@emb", "-"]), D(rng, 3) + L(rng, 2)]
    if c == "HR":
        return [rng.choice(["ZG", "ST", "RI", "OS", "DU", "PU", "ZD", "SB", "VZ"]), "@emb", D(rng, rng.choice([3, 4])), "-", L(rng, rng.choice([1, 2]))]
    if c == "SI":
        return [rng.choice(["LJ", "MB", "CE", "KR", "NM", "KP", "GO", "PO", "MS", "SG", "KK"]), "@emb", L(rng, 2), "-", D(rng, 3)]
    if c == "HU":
        return [L(rng, 3), "-", D(rng, 3)]
    if c == "RO":
        if rng.random() < 0.4:
            return ["B", " ", D(rng, rng.choice([2, 3])), " ", L(rng, 3)]
        return [rng.choice(["CJ", "IS", "TM", "BV", "CT", "AG", "BH", "DJ", "PH"]), " ", D(rng, 2), " ", L(rng, 3)]
    if c == "IE":
        yr = str(rng.randint(10, 24)) + (rng.choice("12") if rng.random() < 0.6 else "")
        return [yr, "-", rng.choice(["D", "C", "G", "KY", "L", "W", "WX", "MO", "KE", "DL", "LH", "T"]), "-", D(rng, rng.randint(1, 5), True)]
    if c == "GB":
        return [L(rng, 2, FR_L) + D(rng, 2), " ", L(rng, 3, FR_L)]
    if c == "SE":
        return [L(rng, 3, FR_L), " ", D(rng, 3) if rng.random() < 0.5 else D(rng, 2) + L(rng, 1, FR_L)]
    if c == "FI":
        return [L(rng, 3), "-", D(rng, rng.randint(1, 3), True)]
    if c == "DK":
        return [L(rng, 2), " ", D(rng, 2), " ", D(rng, 3)]
    if c == "LU":
        return [L(rng, 2), " ", D(rng, 4)]
    if c == "LT":
        return [L(rng, 3), " ", D(rng, 3)]
    if c == "LV":
        return [L(rng, 2), "-", D(rng, 4, True)]
    if c == "EE":
        return [D(rng, 3), " ", L(rng, 3)]
    if c == "BG":
        return [L(rng, rng.choice([1, 2]), BG_L), " ", D(rng, 4), " ", L(rng, 2, BG_L)]
    if c == "GR":
        return [L(rng, 3, GR_L), "-", D(rng, 4, True)]
    raise ValueError(c)


EU_COUNTRIES = [("FR", "F", 3), ("DE", "D", 3), ("IT", "I", 2), ("ES", "E", 2), ("NL", "NL", 2), ("BE", "B", 1),
                ("PL", "PL", 1.5), ("PT", "P", 1), ("AT", "A", 1), ("CZ", "CZ", 1), ("SK", "SK", 0.7), ("HR", "HR", 0.7),
                ("SI", "SLO", 0.5), ("HU", "H", 1), ("RO", "RO", 1), ("IE", "IRL", 0.7), ("GB", "GB", 2), ("SE", "S", 1),
                ("FI", "FIN", 0.7), ("DK", "DK", 0.7), ("LU", "L", 0.4), ("LT", "LT", 0.5), ("LV", "LV", 0.5),
                ("EE", "EST", 0.5), ("BG", "BG", 0.6), ("GR", "GR", 0.7)]

US_STATES = [s.replace("_", " ") for s in ("Alabama Alaska Arizona Arkansas California Colorado Connecticut Delaware Florida "
             "Georgia Hawaii Idaho Illinois Indiana Iowa Kansas Kentucky Louisiana Maine Maryland Massachusetts Michigan "
             "Minnesota Mississippi Missouri Montana Nebraska Nevada New_Hampshire New_Jersey New_Mexico New_York "
             "North_Carolina North_Dakota Ohio Oklahoma Oregon Pennsylvania Rhode_Island South_Carolina South_Dakota "
             "Tennessee Texas Utah Vermont Virginia Washington West_Virginia Wisconsin Wyoming").split()]
SLOGANS = ["Land of Open Skies", "The Friendly State", "Rivers and Ridges", "Home of Quiet Lakes", "Endless Horizons",
           "The Golden Valley", "Drive with Care", "Discover the Coast", "Heart of the Plains", "Where Pines Grow Tall",
           "Land of Sunshine", "The Heritage State", "Wide Open Roads", "Gateway to Adventure", "Proud and Free",
           "Orchards and Hills", "The Lakeside State", "Spirit of the Prairie", "Mountain Country", "Harbor State",
           "Explore More", "Canyons and Rivers", "The Evergreen Land", "First in Flight Paths", "Great Outdoors",
           "Celebrating 200 Years", "Land of Many Trails", "Live Free and Roam", "The Peach Country", "Big Sky Land",
           "In God We Trust", "Support Education", "Protect Wildlife", "Veteran", "COUNTY OF MARION", "DEALER",
           "Beautiful Beaches", "Desert Sunsets", "Valley of Light"]
VANITY = ["GOFAST", "SUNNY", "MYRIDE", "LUVMYCR", "BIGDOG", "HAPPY1", "SURFSUP", "TOYBOX", "NOPLAN", "ROADIE", "MOMSCAR",
          "ZOOMZM", "CHILL", "4EVER", "GR8DAY", "LAKELUV", "ROCKET", "BLUSKY", "TACO4U", "WILDCAT", "SKIBUM", "CAPTN1",
          "NRDLIFE", "OLDSKUL", "CAMPER", "JETSET", "DRMCAR", "KAYAK", "HONEY", "VROOM", "OUTLAW", "TEACH", "DOCTOR1"]
DEALERS = ["RIVERSIDE MOTORS", "AUTOHAUS MEYER", "SUNSET FORD", "CITY AUTO CENTER", "GARAGE DUPONT", "MAPLE TOYOTA",
           "AUTO ROSSI", "VALLEY CHEVROLET", "CONCESSIONARIA SUL", "HONDA PLAZA", "555-0142", "AUTO MARTINEZ",
           "NORTHGATE NISSAN", "KFZ SCHMIDT GMBH", "LAKESIDE KIA", "AUTOCENTRO BRASIL"]
BR_TOWNS = ["SAO PAULO - SP", "RIO DE JANEIRO - RJ", "BELO HORIZONTE - MG", "CURITIBA - PR", "PORTO ALEGRE - RS",
            "SALVADOR - BA", "RECIFE - PE", "FORTALEZA - CE", "CAMPINAS - SP", "GOIANIA - GO", "MANAUS - AM", "BELEM - PA",
            "FLORIANOPOLIS - SC", "NATAL - RN", "VITORIA - ES", "BRASILIA - DF", "SANTOS - SP", "LONDRINA - PR",
            "JOINVILLE - SC", "UBERLANDIA - MG", "OSASCO - SP", "NITEROI - RJ", "CUIABA - MT", "MACEIO - AL"]
MONTHS = "JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split()


def label_of(tokens):
    return "".join(t for t in tokens if t not in SEP_WIDTH)


def split_lines(tokens):
    """Splits tokens at the separator nearest the middle of the characters (two-line plates)."""
    n = len(label_of(tokens))
    best, bi = None, None
    count = 0
    for i, t in enumerate(tokens):
        if t in SEP_WIDTH:
            d = abs(count - n / 2)
            if best is None or d < best:
                best, bi = d, i
        else:
            count += len(t)
    if bi is None:
        t = tokens[0]
        h = len(t) // 2
        return [t[:h]], [t[h:]]
    return tokens[:bi], tokens[bi + 1:]


# ----------------------------------------------------------------------------------------------
# plates: each returns (RGB uint8 plate, alpha uint8, region, country, text)

EU_BLUE, EU_YELLOW = (0, 51, 153), (255, 204, 0)
PLATE_FONTS = ("DIN", "Narrow", "Condensed", "CondBold", "routed-gothic-narrow")


def plate_base(W, H, colour, rng, radius):
    img = np.empty((H, W, 3), np.uint8)
    img[:] = colour
    alpha = np.zeros((H, W), np.uint8)
    rrect(alpha, 0, 0, W - 1, H - 1, radius, 255)
    return img, alpha


def eu_band(img, F, x0, y0, x1, y1, letters, rng, stars=True):
    cv2.rectangle(img, (int(x0), int(y0)), (int(x1), int(y1)), jitter(EU_BLUE, rng, 15), -1)
    bw, bh = x1 - x0, y1 - y0
    cx = (x0 + x1) / 2
    if stars:
        cy = y0 + bh * (0.3 if bh < 2.2 * bw else 0.25)
        rr = min(bw, bh) * 0.3
        for k in range(12):
            a = k * math.pi / 6
            disc(img, cx + rr * math.cos(a), cy + rr * math.sin(a), max(0.8, rr * 0.16), EU_YELLOW)
    put_text(img, F, rng.choice(SANS_FONTS), letters, (x0 + bw * 0.1, y0 + bh * 0.58, x1 - bw * 0.1, y0 + bh * (0.84 if len(letters) < 3 else 0.8)), (250, 250, 250))


def eu_plate(F, rng):
    country, letters, _ = rng.choices(EU_COUNTRIES, [c[2] for c in EU_COUNTRIES])[0]
    tokens = eu_tokens(country, rng)
    two = rng.random() < 0.12
    k = 0.6
    if two:
        W, H = int(300 * k * rng.uniform(0.95, 1.05)), int(200 * k * rng.uniform(0.95, 1.1))
    else:
        W, H = int(520 * k * rng.uniform(0.97, 1.03)), int(110 * k * rng.uniform(0.96, 1.06))
    yellow = country in ("NL", "LU") or (country == "GB" and rng.random() < 0.5)
    bg = jitter((250, 200, 20) if yellow else (246, 246, 242), rng, 8)
    img, alpha = plate_base(W, H, bg, rng, rng.uniform(2, 6))
    if country == "GB" and not yellow and rng.random() < 0.3:
        letters = "UK"
    if country == "AT":
        red = jitter((200, 20, 40), rng, 10)
        cv2.rectangle(img, (0, 0), (W, int(H * 0.09)), red, -1)
        cv2.rectangle(img, (0, H - int(H * 0.09)), (W, H), red, -1)
    rim = (30, 120, 60) if country == "SI" else (25, 25, 25)
    m = 2
    band = not (country == "GB" and rng.random() < 0.4)
    bw = int(W * (0.085 if not two else 0.13)) if band else 0
    if band:
        eu_band(img, F, m, m, m + bw, H - m - 1, letters, rng, stars=not (country == "GB" and rng.random() < 0.5))
    rb = 0
    if not two and ((country == "FR" and rng.random() < 0.7) or (country in ("IT", "PT") and rng.random() < 0.6)):
        rb = bw or int(W * 0.085)
        x0 = W - m - rb
        col = (255, 210, 0) if country == "PT" else jitter(EU_BLUE, rng, 15)
        cv2.rectangle(img, (x0, m), (W - m - 1, H - m - 1), col, -1)
        if country == "FR":
            dep = rng.choice(["75", "13", "69", "33", "59", "31", "06", "44", "67", "92", "93", "94", "2A", "974", "35", "34"])
            put_text(img, F, rng.choice(SANS_FONTS), dep, (x0 + rb * 0.1, H * 0.62, W - m - rb * 0.1, H * 0.86), (250, 250, 250))
            lc = rng.choice([(230, 60, 40), (250, 200, 30), (60, 160, 220), (80, 170, 80), (250, 250, 250)])
            poly(img, [(x0 + rb * 0.25, H * 0.15), (x0 + rb * 0.8, H * 0.2), (x0 + rb * 0.7, H * 0.5), (x0 + rb * 0.2, H * 0.45)], lc)
            disc(img, x0 + rb * 0.45, H * 0.3, rb * 0.14, (250, 250, 250))
        elif country == "IT":
            put_text(img, F, rng.choice(SANS_FONTS), rng.choice(["MI", "RM", "TO", "NA", "FI", "BO"]), (x0 + rb * 0.12, H * 0.6, W - m - rb * 0.12, H * 0.84), EU_YELLOW)
            disc(img, x0 + rb / 2, H * 0.3, rb * 0.22, EU_YELLOW, 1)
        else:
            put_text(img, F, rng.choice(SANS_FONTS), D(rng, 2), (x0 + rb * 0.15, H * 0.15, W - m - rb * 0.15, H * 0.4), (20, 20, 20))
            put_text(img, F, rng.choice(SANS_FONTS), D(rng, 2), (x0 + rb * 0.15, H * 0.6, W - m - rb * 0.15, H * 0.85), (20, 20, 20))
    if rng.random() < 0.8 or country == "SI":
        rrect(img, m, m, W - m - 1, H - m - 1, 3, rim, 1 if rng.random() < 0.6 else 2)
    ink = jitter((170, 20, 40), rng, 15) if country == "BE" else jitter((22, 22, 26), rng, 10)
    fi = F.pick(rng, PLATE_FONTS + ("OSP-DIN",) * 2)
    emboss = rng.random() < 0.5
    spacing = rng.uniform(0.05, 0.2)
    mono = rng.random() < 0.4
    x0, x1 = m + bw + W * 0.025, W - m - rb - W * 0.025
    decos = []
    if two:
        top, bot = split_lines(tokens)
        ch = H * 0.34
        decos += put_line(img, F, fi, top, (x0, H * 0.11, x1, H * 0.11 + ch), ink, rng, emboss=emboss, spacing=spacing, mono=mono)
        decos += put_line(img, F, fi, bot, (x0, H * 0.55, x1, H * 0.55 + ch), ink, rng, emboss=emboss, spacing=spacing, mono=mono)
    else:
        ch = H * rng.uniform(0.62, 0.7)
        y0 = (H - ch) / 2 + rng.uniform(-1, 1)
        decos += put_line(img, F, fi, tokens, (x0, y0, x1, y0 + ch), ink, rng, squeeze=rng.uniform(0.8, 1.0), emboss=emboss, spacing=spacing, mono=mono)
    for kind, x, y, cap in decos:
        seal_deco(img, kind, x, y, cap, rng)
    return img, alpha, "eu", country, label_of(tokens)


def us_text(rng):
    k = rng.random()
    if k < 0.12:
        t = rng.choice(VANITY)
        return [t]
    if k < 0.2:
        return [random_text(rng)]
    pat = rng.choice([("L3", "D4"), ("D1", "L3", "D3"), ("D3", "L3"), ("L3", "D3"), ("D4", "L2"), ("L2", "D5"),
                      ("D1", "L2", "D4"), ("L3", "D4"), ("D3", "L4"), ("L1", "D2", "L3")])
    groups = [L(rng, int(p[1]), FR_L) if p[0] == "L" else D(rng, int(p[1])) for p in pat]
    out = []
    k = rng.random()
    sep = None if k < 0.45 else (" " if k < 0.65 else ("-" if k < 0.85 else "@usemb"))
    for i, g in enumerate(groups):
        if i:
            if sep and (i == 1 or rng.random() < 0.3):
                out.append(sep)
            elif out:
                out[-1] += g
                continue
        out.append(g)
    return out


def grad(W, H, c0, c1, vertical=True, mid=None):
    t = np.linspace(0, 1, H if vertical else W, dtype=np.float32)
    if mid is not None:
        t = np.abs(t - mid) / max(mid, 1 - mid)
    c = np.asarray(c0, np.float32)[None, :] * (1 - t[:, None]) + np.asarray(c1, np.float32)[None, :] * t[:, None]
    return np.broadcast_to(c[:, None, :] if vertical else c[None, :, :], (H, W, 3)).astype(np.uint8)


def us_plate(F, rng):
    W, H = int(300 * rng.uniform(0.97, 1.03)), int(150 * rng.uniform(0.97, 1.05))
    dark = rng.random() < 0.1
    inks = [(20, 35, 110), (15, 15, 20), (160, 20, 30), (20, 90, 45), (110, 20, 40), (10, 50, 120)]
    if dark:
        base = jitter(rng.choice([(15, 15, 20), (20, 35, 100), (20, 70, 40), (90, 20, 30)]), rng, 10)
        ink = jitter(rng.choice([(250, 250, 250), (240, 200, 40), (240, 240, 220)]), rng, 8)
        accent = ink
    else:
        base = jitter(rng.choice([(248, 248, 246), (246, 244, 232), (228, 236, 248), (250, 246, 215), (236, 242, 232), (240, 240, 240)]), rng, 6)
        ink = jitter(rng.choice(inks), rng, 10)
        accent = jitter(rng.choice(inks + [(200, 120, 30), (40, 130, 190)]), rng, 10)
    img, alpha = plate_base(W, H, base, rng, W * rng.uniform(0.02, 0.05))
    if not dark and rng.random() < 0.55:
        c1 = jitter(rng.choice([(150, 190, 235), (250, 210, 120), (190, 225, 190), (245, 180, 160), (200, 200, 230), (255, 255, 255)]), rng, 10)
        k = rng.random()
        if k < 0.5:
            img[:] = grad(W, H, base, c1, True, None if rng.random() < 0.6 else rng.uniform(0.3, 0.7))
        else:
            img[:] = grad(W, H, c1 if k < 0.75 else base, base if k < 0.75 else c1, rng.random() < 0.5)
    # picture behind the characters
    pk = rng.random()
    pa = rng.uniform(0.25, 0.65)
    if pk < 0.18:
        n = rng.randint(3, 6)
        xs = np.linspace(-0.1, 1.1, 2 * n + 1) * W
        pts = [(x, H * (rng.uniform(0.3, 0.6) if i % 2 else rng.uniform(0.65, 0.85))) for i, x in enumerate(xs)] + [(W * 1.1, H), (-W * 0.1, H)]
        col = jitter(rng.choice([(90, 110, 150), (120, 90, 140), (110, 140, 100), (170, 120, 80)]), rng, 20)
        overlay(img, lambda m: poly(m, pts, 255), col, pa)
    elif pk < 0.3:
        x, y, r = W * rng.uniform(0.2, 0.8), H * rng.uniform(0.35, 0.65), H * rng.uniform(0.15, 0.3)
        col = jitter((245, 170, 40), rng, 15)

        def sun(m):
            disc(m, x, y, r, 255)
            for a in np.linspace(0, 2 * math.pi, 13)[:-1]:
                cv2.line(m, (int(x + 1.3 * r * math.cos(a)), int(y + 1.3 * r * math.sin(a))),
                         (int(x + 1.9 * r * math.cos(a)), int(y + 1.9 * r * math.sin(a))), 255, 2, cv2.LINE_AA)
        overlay(img, sun, col, pa)
    elif pk < 0.4:
        col = jitter((40, 110, 60), rng, 20)

        def trees(m):
            for _ in range(rng.randint(1, 4)):
                x, s = W * rng.uniform(0.05, 0.95), H * rng.uniform(0.2, 0.45)
                yb = H * rng.uniform(0.7, 0.9)
                for j in range(3):
                    poly(m, [(x - s * (0.5 - j * 0.1), yb - j * s * 0.35), (x + s * (0.5 - j * 0.1), yb - j * s * 0.35), (x, yb - j * s * 0.35 - s * 0.6)], 255)
                cv2.rectangle(m, (int(x - s * 0.06), int(yb)), (int(x + s * 0.06), int(yb + s * 0.2)), 255, -1)
        overlay(img, trees, col, pa)
    elif pk < 0.48:
        x, y, r = W * rng.uniform(0.4, 0.6), H * 0.52, H * rng.uniform(0.22, 0.35)
        col = jitter(rng.choice([(30, 60, 150), (150, 120, 40), (120, 30, 30)]), rng, 20)

        def emblem(m):
            disc(m, x, y, r, 255, max(2, int(r * 0.12)))
            star(m, x, y, r * 0.6, 255)
        overlay(img, emblem, col, pa * 0.7)
    # state name, slogan
    state = rng.choice(US_STATES)
    sk = rng.random()
    sc = accent if rng.random() < 0.6 else ink
    if sk < 0.35:
        put_text(img, F, rng.choice(SCRIPT_FONTS), state, (W * 0.2, H * 0.03, W * 0.8, H * 0.27), sc, squeeze=rng.uniform(0.8, 1.1))
    elif sk < 0.75:
        s = state.upper() if rng.random() < 0.6 else state
        put_text(img, F, rng.choice(SERIF_FONTS), s, (W * 0.2, H * 0.05, W * 0.8, H * 0.21), sc, squeeze=rng.uniform(0.8, 1.3))
    else:
        put_text(img, F, rng.choice(SANS_FONTS), state.upper(), (W * 0.22, H * 0.06, W * 0.78, H * 0.2), sc, squeeze=rng.uniform(0.8, 1.4))
    if rng.random() < 0.85:
        sl = rng.choice(SLOGANS)
        if rng.random() < 0.4:
            sl = sl.upper()
        put_text(img, F, rng.choice(SERIF_FONTS + SANS_FONTS + SCRIPT_FONTS[:1]), sl, (W * 0.18, H * 0.82, W * 0.82, H * 0.94), sc if rng.random() < 0.5 else ink)
    # characters
    tokens = us_text(rng)
    fi = F.pick(rng, PLATE_FONTS)
    ch = H * rng.uniform(0.4, 0.5)
    y0 = H * 0.53 - ch / 2
    decos = put_line(img, F, fi, tokens, (W * 0.07, y0, W * 0.93, y0 + ch), ink, rng, squeeze=rng.uniform(0.55, 0.9),
                     spacing=rng.uniform(0.08, 0.3))
    for kind, x, y, cap in decos:
        seal_deco(img, kind, x, y, cap, rng)
    # stickers
    for corner in range(2):
        if rng.random() < 0.5:
            sw, sh = W * rng.uniform(0.09, 0.14), H * rng.uniform(0.12, 0.17)
            sx = W * rng.uniform(0.03, 0.06) if corner == 0 else W * (1 - rng.uniform(0.03, 0.06)) - sw
            sy = H * rng.uniform(0.04, 0.08) if rng.random() < 0.8 else H * 0.8
            col = jitter(rng.choice([(240, 200, 30), (220, 50, 60), (60, 160, 80), (50, 110, 210), (245, 130, 30), (230, 230, 230), (190, 80, 190)]), rng, 10)
            cv2.rectangle(img, (int(sx), int(sy)), (int(sx + sw), int(sy + sh)), col, -1)
            tc = (15, 15, 15) if sum(col) > 450 else (250, 250, 250)
            s = rng.choice(MONTHS) if corner == 0 and rng.random() < 0.5 else (str(rng.randint(1, 12)) if corner == 0 else D(rng, 2))
            put_text(img, F, rng.choice(SANS_FONTS), s, (sx + sw * 0.1, sy + sh * 0.15, sx + sw * 0.9, sy + sh * 0.85), tc)
    # bolt slots
    for bx in (0.21, 0.79):
        for by in ((0.09,) if rng.random() < 0.6 else (0.09, 0.91)):
            x, y = W * bx, H * by
            cv2.ellipse(img, (int(x), int(y)), (int(W * 0.018), int(H * 0.022)), 0, 0, 360, (60, 60, 60), -1, cv2.LINE_AA)
    if rng.random() < 0.7:
        rrect(img, 3, 3, W - 4, H - 4, W * 0.03, ink if rng.random() < 0.5 else jitter((120, 120, 120), rng), rng.choice([1, 1, 2]))
    return img, alpha, "us", "US", label_of(tokens)


def br_plate(F, rng):
    k = 0.72
    W, H = int(400 * k * rng.uniform(0.97, 1.03)), int(130 * k * rng.uniform(0.97, 1.05))
    fi = F.pick(rng, ("OSP-DIN", "Condensed", "Narrow", "CondBold"))
    if rng.random() < 0.45:  # old grey plate
        red = rng.random() < 0.12
        bg = jitter((170, 35, 35) if red else (186, 188, 186), rng, 12)
        ink = (245, 245, 245) if red else jitter((18, 18, 18), rng, 6)
        img, alpha = plate_base(W, H, bg, rng, 3)
        rrect(img, 2, 2, W - 3, H - 3, 3, ink, 2)
        band = H * 0.24
        cv2.rectangle(img, (int(W * 0.05), 4), (int(W * 0.95), int(band)), ink, 1, cv2.LINE_AA)
        put_text(img, F, rng.choice(SANS_FONTS), rng.choice(BR_TOWNS), (W * 0.12, H * 0.07, W * 0.88, band - H * 0.04), ink)
        tokens = [L(rng, 3), "-", D(rng, 4)]
        ch = H * rng.uniform(0.52, 0.6)
        y0 = band + (H - band - ch) / 2
        put_line(img, F, fi, tokens, (W * 0.05, y0, W * 0.95, y0 + ch), ink, rng, squeeze=rng.uniform(0.65, 0.9))
        return img, alpha, "br", "BR", label_of(tokens)
    bg = jitter((247, 247, 245), rng, 6)
    img, alpha = plate_base(W, H, bg, rng, 4)
    # faint security waves
    ys = np.arange(0, W, 4, dtype=np.float64)
    for j in range(4):
        amp, ph, y = H * 0.05, rng.uniform(0, 6), H * (0.4 + 0.15 * j)
        pts = np.stack([ys, y + amp * np.sin(ys / W * 6 + ph)], 1)
        cv2.polylines(img, [np.round(pts).astype(np.int32)], False, jitter((222, 224, 228), rng, 5), 1, cv2.LINE_AA)
    band = int(H * 0.24)
    cv2.rectangle(img, (0, 0), (W, band), jitter((0, 58, 150), rng, 12), -1)
    put_text(img, F, rng.choice(SANS_FONTS), "BRASIL", (W * 0.35, band * 0.22, W * 0.65, band * 0.8), (250, 250, 250))
    # Mercosul mark: white ring and dots
    cx, cy, r = W * 0.07, band * 0.5, band * 0.32
    disc(img, cx, cy, r, (250, 250, 250), 1)
    for p in ((0, -0.4), (0.35, 0.1), (-0.3, 0.2), (0.05, 0.45)):
        disc(img, cx + p[0] * r, cy + p[1] * r, max(0.8, r * 0.14), (250, 250, 250))
    # flag-ish rectangle
    fx0, fy0, fx1, fy1 = W * 0.86, band * 0.2, W * 0.95, band * 0.8
    cv2.rectangle(img, (int(fx0), int(fy0)), (int(fx1), int(fy1)), (0, 150, 60), -1)
    mx, my = (fx0 + fx1) / 2, (fy0 + fy1) / 2
    poly(img, [(fx0 + 2, my), (mx, fy0 + 1.5), (fx1 - 2, my), (mx, fy1 - 1.5)], (250, 215, 0))
    disc(img, mx, my, (fy1 - fy0) * 0.22, (30, 50, 140))
    rrect(img, 1, 1, W - 2, H - 2, 4, (20, 20, 20), 1)
    # QR-like square and BR
    q = int(H * 0.13)
    qx, qy = int(W * 0.025), band + int(H * 0.08)
    bits = np.array([[rng.random() < 0.5 for _ in range(5)] for _ in range(5)], np.uint8)
    qr = cv2.resize((1 - bits) * 230 + 20, (q, q), interpolation=cv2.INTER_NEAREST)
    img[qy:qy + q, qx:qx + q] = qr[:, :, None]
    put_text(img, F, rng.choice(SANS_FONTS), "BR", (qx, H * 0.74, qx + q * 1.2, H * 0.86), (20, 20, 20))
    tokens = [L(rng, 3) + D(rng, 1) + L(rng, 1) + D(rng, 2)]
    ink = jitter((18, 18, 18), rng, 6) if rng.random() < 0.88 else rng.choice([(170, 20, 30), (20, 50, 140), (30, 110, 50)])
    ch = H * rng.uniform(0.5, 0.56)
    y0 = band + (H - band - ch) / 2 + 1
    put_line(img, F, fi, tokens, (W * 0.1, y0, W * 0.96, y0 + ch), ink, rng, squeeze=rng.uniform(0.7, 0.95), spacing=rng.uniform(0.1, 0.25))
    return img, alpha, "br", "BR", label_of(tokens)


# ----------------------------------------------------------------------------------------------
# wear, frame, photograph


def dirt(img, rng, nrng):
    H, W = img.shape[:2]
    if rng.random() < 0.35:
        col = jitter(rng.choice([(80, 70, 55), (40, 40, 40), (120, 105, 80)]), rng, 15)
        for _ in range(rng.randint(3, 40)):
            c = col if rng.random() < 0.6 else jitter(col, rng, 40)
            disc(img, rng.uniform(0, W), rng.uniform(0, H), rng.uniform(0.5, 1.8), c)
    if rng.random() < 0.3:  # smudges and grime
        small = nrng.random((4, 8)).astype(np.float32)
        g = cv2.resize(small, (W, H), interpolation=cv2.INTER_CUBIC)
        g = np.clip((g - 0.5) * 2, 0, 1)
        blend(img, g, 0, 0, (90, 80, 60), rng.uniform(0.15, 0.45))


def framed(img, alpha, F, rng):
    """Adds a dealer frame (sometimes only part of it) or screws. Returns (img, alpha, plate box)."""
    H, W = img.shape[:2]
    if rng.random() < 0.15:  # screws on the plate
        for bx in ((0.06, 0.94) if rng.random() < 0.5 else (0.21, 0.79)):
            x, y = W * bx, H * (0.5 if bx < 0.1 or bx > 0.9 else 0.1)
            disc(img, x, y, H * 0.045, jitter((170, 170, 170), rng, 30))
            cv2.line(img, (int(x - H * 0.03), int(y)), (int(x + H * 0.03), int(y)), (70, 70, 70), 1, cv2.LINE_AA)
    if rng.random() > 0.16:
        return img, alpha, (0, 0, W, H)
    t = max(3, int(H * rng.uniform(0.05, 0.1)))
    tb = int(H * rng.uniform(0.12, 0.22)) if rng.random() < 0.6 else t
    ts = max(3, int(W * rng.uniform(0.015, 0.035)))
    ov = max(1, int(min(t, ts) * 0.4))
    big = np.zeros((H + t + tb - 2 * ov, W + 2 * ts - 2 * ov, 3), np.uint8)
    ba = np.zeros(big.shape[:2], np.uint8)
    ox, oy = ts - ov, t - ov
    big[oy:oy + H, ox:ox + W] = img
    ba[oy:oy + H, ox:ox + W] = alpha
    col = jitter(rng.choice([(15, 15, 15), (25, 25, 30), (180, 180, 185), (140, 20, 25)]), rng, 8)
    fm = np.zeros(ba.shape, np.uint8)
    BH, BW = ba.shape
    partial = rng.random() < 0.35
    r = int(min(t, ts) * 1.5)
    rrect(fm, 0, 0, BW - 1, BH - 1, r, 255)
    hole = np.zeros_like(fm)
    rrect(hole, ts, t, BW - ts - 1, BH - tb - 1, 3, 255)
    fm = cv2.subtract(fm, hole)
    if partial:
        fm[:BH - tb] = 0
    m = fm.astype(np.float32) / 255.0
    blend(big, m, 0, 0, col)
    ba = np.maximum(ba, fm)
    if tb > t * 1.5:
        tc = (235, 235, 235) if sum(col) < 300 else (20, 20, 20)
        if rng.random() < 0.3:
            tc = (200, 170, 60)
        put_text(big, F, rng.choice(SANS_FONTS + SERIF_FONTS), rng.choice(DEALERS), (BW * 0.15, BH - tb * 0.8, BW * 0.85, BH - tb * 0.2), tc)
    return big, ba, (ox, oy, ox + W, oy + H)


def background(w, h, rng, nrng):
    """What surrounds the plate in the crop, drawn at a quarter of the size and scaled up (uint8)."""
    sw, sh = max(2, w // 4), max(2, h // 4)
    k = rng.random()
    if k < 0.5:  # car paint
        c = np.asarray(jitter(rng.choice([(200, 200, 205), (30, 30, 35), (240, 240, 240), (120, 20, 25), (20, 40, 90), (90, 95, 100), (150, 150, 155), (60, 70, 50)]), rng, 25), np.float32)
        t = np.linspace(rng.uniform(0.6, 1.1), rng.uniform(0.6, 1.2), sh, dtype=np.float32)[:, None, None]
        bg = c[None, None, :] * t * np.ones((1, sw, 1), np.float32)
    elif k < 0.7:  # grille slats
        bg = np.full((sh, sw, 3), rng.uniform(10, 50), np.float32)
        period = rng.uniform(1, 3.5)
        y = np.arange(sh, dtype=np.float32)
        bg += (np.sin(y / period * 2 * math.pi) > rng.uniform(-0.3, 0.5)).astype(np.float32)[:, None, None] * rng.uniform(30, 120)
    else:  # bumper plastic with a chrome or body line
        bg = np.full((sh, sw, 3), rng.uniform(20, 90), np.float32)
        y = int(sh * rng.uniform(0, 1))
        bg[y:y + max(1, int(sh * 0.05))] = rng.uniform(150, 240)
    low = nrng.random((3, 5)).astype(np.float32)
    bg *= (0.75 + 0.5 * cv2.resize(low, (sw, sh), interpolation=cv2.INTER_CUBIC))[:, :, None]
    bg = np.clip(bg, 0, 255).astype(np.uint8)
    return cv2.resize(bg, (w, h), interpolation=cv2.INTER_LINEAR)


def homography(pw, ph, box, rng):
    """A perspective view of the plate box: roll, yaw and pitch foreshortening, corner jitter.
    Returns the 3x3 matrix of the plate picture onto the output and the output size."""
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    roll = math.radians(rng.gauss(0, 4)) if rng.random() < 0.8 else math.radians(rng.uniform(-10, 10))
    roll = max(-math.radians(11), min(math.radians(11), roll))
    yaw = rng.uniform(-0.22, 0.22) if rng.random() < 0.6 else 0.0
    pitch = rng.uniform(-0.15, 0.15) if rng.random() < 0.5 else 0.0
    src = np.float32([[x0, y0], [x1, y0], [x1, y1], [x0, y1]])
    dst = []
    for sx, sy in ((-0.5, -0.5), (0.5, -0.5), (0.5, 0.5), (-0.5, 0.5)):
        X, Y = sx * w, sy * h
        X, Y = X * (1 - abs(yaw) * 0.6) * (1 + pitch * sy), Y * (1 + yaw * sx * 2) * (1 - abs(pitch) * 0.5)
        X, Y = X * math.cos(roll) - Y * math.sin(roll), X * math.sin(roll) + Y * math.cos(roll)
        dst.append((X + rng.gauss(0, h * 0.01), Y + rng.gauss(0, h * 0.01)))
    dst = np.float32(dst)
    lo, hi = dst.min(0), dst.max(0)
    bw, bh = hi - lo
    ml, mr = rng.uniform(0, 0.15) * bw, rng.uniform(0, 0.15) * bw
    mt, mb = rng.uniform(0, 0.15) * bh, rng.uniform(0, 0.15) * bh
    dst = dst - lo + np.float32([ml, mt])
    ow, oh = int(math.ceil(bw + ml + mr)), int(math.ceil(bh + mt + mb))
    return cv2.getPerspectiveTransform(src, dst), (max(8, ow), max(8, oh)), bw


def photograph(img, alpha, box, rng, nrng, clean=False):
    """The plate as a loose crop of a photo. Returns a BGR uint8 image."""
    M, (ow, oh), pw = homography(img.shape[1], img.shape[0], box, rng)
    w4 = cv2.warpPerspective(np.dstack([img, alpha]), M, (ow, oh), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT)
    bg = background(ow, oh, rng, nrng)
    af = w4[:, :, 3].astype(np.float32) / 255.0
    out = cv2.blendLinear(np.ascontiguousarray(w4[:, :, :3]), bg, af, 1.0 - af)
    if clean:
        return cv2.cvtColor(out, cv2.COLOR_RGB2BGR)
    # optics: focus blur, motion blur
    if rng.random() < 0.45:
        out = cv2.GaussianBlur(out, (0, 0), rng.uniform(0.4, 1.8))
    if rng.random() < 0.25:
        n = rng.randint(3, 9)
        kern = np.zeros((n, n), np.float32)
        ang = rng.uniform(0, math.pi)
        c = (n - 1) / 2
        cv2.line(kern, (int(round(c - c * math.cos(ang))), int(round(c - c * math.sin(ang)))),
                 (int(round(c + c * math.cos(ang))), int(round(c + c * math.sin(ang)))), 1.0, 1)
        out = cv2.filter2D(out, -1, kern / max(1e-6, kern.sum()))
    # capture resolution
    cap = math.exp(rng.uniform(math.log(40), math.log(200)))
    f = min(1.0, cap / pw)
    sw, sh = max(4, int(round(ow * f))), max(3, int(round(oh * f)))
    small = cv2.resize(out, (sw, sh), interpolation=cv2.INTER_AREA).astype(np.float32)
    # light: uneven gradient, low-frequency patches, glare, cast shadow
    yy, xx = np.mgrid[0:sh, 0:sw].astype(np.float32)
    gain = np.ones((sh, sw), np.float32)
    if rng.random() < 0.6:
        ang = rng.uniform(0, 2 * math.pi)
        g = (xx / sw - 0.5) * math.cos(ang) + (yy / sh - 0.5) * math.sin(ang)
        gain *= 1 + g * rng.uniform(0.2, 0.9)
    if rng.random() < 0.4:
        gain *= 0.8 + 0.4 * cv2.resize(nrng.random((3, 4)).astype(np.float32), (sw, sh), interpolation=cv2.INTER_CUBIC)
    if rng.random() < 0.3:
        a0 = rng.uniform(0, 2 * math.pi)
        d = (xx - sw * rng.uniform(0.2, 0.8)) * math.cos(a0) + (yy - sh * rng.uniform(0.2, 0.8)) * math.sin(a0)
        soft = max(0.5, rng.uniform(0.005, 0.08) * sw)
        gain *= 1 - rng.uniform(0.3, 0.7) * (1 / (1 + np.exp(np.clip(-d / soft, -30, 30))))
    small *= np.maximum(gain, 0.3)[:, :, None]
    if rng.random() < 0.2:
        cx, cy, r = sw * rng.uniform(0.1, 0.9), sh * rng.uniform(0.1, 0.9), sw * rng.uniform(0.05, 0.3)
        small += (np.exp(-((xx - cx) ** 2 + ((yy - cy) * 1.5) ** 2) / (2 * r * r)) * rng.uniform(80, 255))[:, :, None]
    # colour cast, contrast, brightness
    if rng.random() < 0.5:
        small *= np.float32([rng.uniform(0.85, 1.15), rng.uniform(0.9, 1.1), rng.uniform(0.85, 1.15)])
    if rng.random() < 0.35:
        c = rng.uniform(0.35, 0.85)
        mean = small.mean()
        small = mean + (small - mean) * c
    small = small * rng.uniform(0.7, 1.15) + rng.uniform(-25, 25)
    # sensor noise
    if rng.random() < 0.7:
        small += nrng.normal(0, rng.uniform(1, 10), small.shape).astype(np.float32)
    small = np.clip(small, 0, 255).astype(np.uint8)
    if rng.random() < 0.4:
        ok, buf = cv2.imencode(".jpg", small, [cv2.IMWRITE_JPEG_QUALITY, rng.randint(30, 95)])
        small = cv2.imdecode(buf, cv2.IMREAD_COLOR)
    interp = rng.choice([cv2.INTER_LINEAR, cv2.INTER_LINEAR, cv2.INTER_CUBIC, cv2.INTER_NEAREST if rng.random() < 0.2 else cv2.INTER_CUBIC])
    up = cv2.resize(small, (ow, oh), interpolation=interp) if f < 1 else small
    return cv2.cvtColor(up, cv2.COLOR_RGB2BGR)


# ----------------------------------------------------------------------------------------------

DESIGNS = {"eu": eu_plate, "us": us_plate, "br": br_plate}


def sample(F, seed, i, regions, clean=False):
    """Plate i of a run: (BGR image, JPEG quality, region, country, text)."""
    rng = random.Random(f"plate:{seed}:{i}")
    nrng = np.random.default_rng([seed & 0xFFFFFFFF, i])
    region = rng.choice(regions)
    img, alpha, region, country, text = DESIGNS[region](F, rng)
    dirt(img, rng, nrng)
    img, alpha, box = framed(img, alpha, F, rng)
    photo = photograph(img, alpha, box, rng, nrng, clean)
    q = 95 if clean else int(round(15 + 75 * rng.random() ** 0.8))
    return photo, q, region, country, text


def mosaic(images, labels, path, cols=4, cw=300, chh=130):
    rows = (len(images) + cols - 1) // cols
    canvas = np.full((rows * (chh + 22), cols * cw, 3), 255, np.uint8)
    for k, (im, lab) in enumerate(zip(images, labels)):
        r, c = divmod(k, cols)
        s = min((cw - 8) / im.shape[1], chh / im.shape[0])
        t = cv2.resize(im, (max(1, int(im.shape[1] * s)), max(1, int(im.shape[0] * s))), interpolation=cv2.INTER_AREA)
        y, x = r * (chh + 22), c * cw + 4
        canvas[y:y + t.shape[0], x:x + t.shape[1]] = t
        cv2.putText(canvas, lab, (x, y + chh + 16), cv2.FONT_HERSHEY_SIMPLEX, 0.5, (0, 0, 160), 1, cv2.LINE_AA)
    cv2.imwrite(path, canvas)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("--count", type=int, required=True)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--regions", default="eu,us,br", help="comma-separated subset of eu,us,br")
    ap.add_argument("--fonts", default=os.path.join(HERE, "fonts.txt"))
    ap.add_argument("--mosaic", type=int, default=24, help="plates on DIR/mosaic.png (0: none)")
    ap.add_argument("--clean", action="store_true", help="no photo degradations (to look at the designs)")
    args = ap.parse_args()
    regions = [r.strip() for r in args.regions.split(",") if r.strip()]
    for r in regions:
        if r not in DESIGNS:
            raise SystemExit(f"unknown region {r!r} (eu, us, br)")
    os.makedirs(args.out, exist_ok=True)
    F = Fonts(args.fonts)
    t0 = time.time()
    shown, shown_labels = [], []
    with open(os.path.join(args.out, "labels.tsv"), "w", encoding="utf-8") as tsv:
        tsv.write("file\tregion\tcountry\ttext\n")
        for i in range(args.count):
            img, q, region, country, text = sample(F, args.seed, i, regions, args.clean)
            name = f"{i:06d}.jpg"
            ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, q])
            with open(os.path.join(args.out, name), "wb") as f:
                f.write(buf.tobytes())
            tsv.write(f"{name}\t{region}\t{country}\t{text}\n")
            if len(shown) < args.mosaic:
                shown.append(cv2.imdecode(buf, cv2.IMREAD_COLOR))
                shown_labels.append(f"{country} {text}")
    dt = time.time() - t0
    if shown:
        mosaic(shown, shown_labels, os.path.join(args.out, "mosaic.png"))
    print(f"{args.count} plates in {dt:.1f} s ({args.count / max(dt, 1e-9):.0f}/s) -> {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
