#!/usr/bin/python3
"""Trains PlateWeb's glyph classifier and exports it to ONNX for the C# engine (OpenCV DNN).

    /usr/bin/python3 tools/glyphs/train.py --photos GLYPHS_DIR --out models/plate-glyphs-v1.onnx
    /usr/bin/python3 tools/glyphs/train.py --photos GLYPHS_DIR --holdout-fold 1 --out /tmp/fold1.onnx

GLYPHS_DIR comes from `platectl glyphs ../shared/alpr-bench --out GLYPHS_DIR`. With --holdout-fold F
the benchmark images of fold F (glyphs.fold_of) are left out of training, and the glyphs cut from
them are scored at the end, against Tesseract's own reading of the same glyphs.
Needs Debian's python3-torch, python3-numpy, python3-pil and libopenblas0-pthread; 2 cores: minutes.
"""
import argparse
import hashlib
import json
import math
import os
import random
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

import glyphs
from PIL import Image

DEFAULT_FONTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fonts.txt")


class GlyphNet(nn.Module):
    """Three conv blocks (width, 2 x width, 4 x width channels) on a 32x32 glyph, then two dense
    layers. Width 8: about 0.7 M multiply-adds per glyph (width 16: 2.6 M, which cost the engine
    about 30 ms per photo on one core: every strip Tesseract reads is re-scored)."""

    def __init__(self, width=8, classes=len(glyphs.CLASSES)):
        super().__init__()

        def block(i, o):
            return nn.Sequential(nn.Conv2d(i, o, 3, padding=1, bias=False), nn.BatchNorm2d(o), nn.ReLU(), nn.MaxPool2d(2))

        self.features = nn.Sequential(block(1, width), block(width, 2 * width), block(2 * width, 4 * width))
        self.head = nn.Sequential(nn.Flatten(), nn.Dropout(0.3), nn.Linear(4 * width * 4 * 4, 128), nn.ReLU(), nn.Linear(128, classes))

    def forward(self, x):
        return self.head(self.features(x))


def augment(x, g):
    """Random small affine warps, contrast and noise on a batch of glyphs in [0, 1] (N,1,32,32)."""
    n = x.shape[0]
    ang = (torch.rand(n, generator=g) - 0.5) * math.radians(8)
    sc = 1 + (torch.rand(n, generator=g) - 0.5) * 0.2
    sx = sc * (1 + (torch.rand(n, generator=g) - 0.5) * 0.2)
    tx, ty = (torch.rand(n, generator=g) - 0.5) * 0.15, (torch.rand(n, generator=g) - 0.5) * 0.15
    theta = torch.zeros(n, 2, 3)
    theta[:, 0, 0], theta[:, 0, 1], theta[:, 0, 2] = torch.cos(ang) / sx, -torch.sin(ang) / sc, tx
    theta[:, 1, 0], theta[:, 1, 1], theta[:, 1, 2] = torch.sin(ang) / sx, torch.cos(ang) / sc, ty
    grid = F.affine_grid(theta, x.shape, align_corners=False)
    x = F.grid_sample(x, grid, align_corners=False, padding_mode="zeros")
    x = x * (0.6 + 0.4 * torch.rand(n, 1, 1, 1, generator=g))
    x = x + torch.randn(x.shape, generator=g) * 0.05 * torch.rand(n, 1, 1, 1, generator=g)
    return x.clamp(0, 1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--photos", nargs="+", help="folders written by `platectl glyphs` (optional)")
    ap.add_argument("--fonts", default=DEFAULT_FONTS)
    ap.add_argument("--per-class", type=int, default=300, help="rendered glyphs per class")
    ap.add_argument("--photo-repeat", type=int, default=4, help="times each photo glyph is seen per epoch")
    ap.add_argument("--cache", help="folder that keeps the rendered glyphs between runs (same fonts, count and seed)")
    ap.add_argument("--holdout-fold", type=int, choices=[0, 1], help="leave this fold of benchmark images out")
    ap.add_argument("--epochs", type=int, default=24)
    ap.add_argument("--width", type=int, default=8, help="channels of the first conv block")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    ap.add_argument("--dump", help="folder: write a few rendered glyphs (PNG) and the exported network's "
                    "probabilities for them (expected.json), for the C# parity test")
    a = ap.parse_args()
    torch.manual_seed(a.seed)
    random.seed(a.seed)
    torch.set_num_threads(glyphs.torch_threads())

    t0 = time.time()
    fonts_id = hashlib.sha1(open(a.fonts, "rb").read()).hexdigest()[:10]
    cache = a.cache and os.path.join(a.cache, f"rendered-{fonts_id}-{a.per_class}-{a.seed}.npz")
    if cache and os.path.exists(cache):
        with np.load(cache) as z:
            rx, ry = z["x"], z["y"]
    else:
        rx, ry = glyphs.rendered_set(a.fonts, a.per_class, a.seed)
        if cache:
            os.makedirs(a.cache, exist_ok=True)
            np.savez_compressed(cache, x=rx, y=ry)
    print(f"rendered {len(rx)} glyphs in {time.time() - t0:.0f} s", flush=True)
    px = py = hx = hy = None
    htess = []
    if a.photos:
        # Pictures the project rendered itself are never held out: the held-out score is on photos.
        train = [glyphs.photo_set(d, lambda s, i: s == "rendered" or a.holdout_fold is None or glyphs.fold_of(i) != a.holdout_fold)
                 for d in a.photos]
        held = [glyphs.photo_set(d, lambda s, i: s != "rendered" and a.holdout_fold is not None and glyphs.fold_of(i) == a.holdout_fold)
                for d in a.photos]
        px, py = np.concatenate([t[0] for t in train]), np.concatenate([t[1] for t in train])
        rendered = np.array([n[0] == "rendered" for t in train for n in t[3]], bool)
        hx, hy = np.concatenate([t[0] for t in held]), np.concatenate([t[1] for t in held])
        htess = [c for t in held for c in t[2]]
    print(f"photo glyphs: {0 if px is None else len(px)} for training, {0 if hx is None else len(hx)} held out", flush=True)

    xs, ys = [rx], [ry]
    if px is not None and len(px):
        # Photo glyphs are few and are the real thing: each is seen photo_repeat times per epoch
        # (augmented differently each time); pipeline glyphs of rendered plates once.
        xs += [px[~rendered]] * a.photo_repeat + [px[rendered]]
        ys += [py[~rendered]] * a.photo_repeat + [py[rendered]]
    X = torch.from_numpy(np.concatenate(xs)).float().div(255).unsqueeze(1)
    Y = torch.from_numpy(np.concatenate(ys))
    model = GlyphNet(a.width)
    opt = torch.optim.AdamW(model.parameters(), lr=2e-3, weight_decay=1e-4)
    steps = a.epochs * math.ceil(len(X) / 128)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=2e-3, total_steps=steps, pct_start=0.15)
    g = torch.Generator().manual_seed(a.seed)
    for epoch in range(a.epochs):
        model.train()
        perm = torch.randperm(len(X), generator=g)
        total, correct, loss_sum = 0, 0, 0.0
        for i in range(0, len(X), 128):
            idx = perm[i:i + 128]
            xb, yb = augment(X[idx], g), Y[idx]
            out = model(xb)
            loss = F.cross_entropy(out, yb, label_smoothing=0.05)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            loss_sum += loss.item() * len(idx)
            correct += (out.argmax(1) == yb).sum().item()
            total += len(idx)
        line = f"epoch {epoch + 1}/{a.epochs} loss {loss_sum / total:.3f} train acc {correct / total:.3f}"
        if hx is not None and len(hx):
            line += f" held-out acc {score(model, hx, hy):.3f}"
        print(line + f" ({time.time() - t0:.0f} s)", flush=True)

    if hx is not None and len(hx):
        tess = np.mean([t == glyphs.CLASSES[y] for t, y in zip(htess, hy)])
        print(f"held-out photo glyphs: classifier {score(model, hx, hy):.3f}, Tesseract {tess:.3f} ({len(hx)} glyphs)")
    model.eval()
    torch.onnx.export(model, torch.zeros(1, 1, glyphs.SIZE, glyphs.SIZE), a.out, input_names=["glyphs"], output_names=["logits"],
                      dynamic_axes={"glyphs": {0: "n"}, "logits": {0: "n"}}, opset_version=11)
    print(f"wrote {a.out}")
    if a.dump:
        dump(model, a.dump, a.seed)


@torch.no_grad()
def dump(model, folder, seed):
    os.makedirs(folder, exist_ok=True)
    x, y = glyphs.rendered_set(DEFAULT_FONTS, 1, seed + 1)
    model.eval()
    probs = F.softmax(model(torch.from_numpy(x).float().div(255).unsqueeze(1)), 1).numpy()
    items = []
    for i, (g, label) in enumerate(zip(x, y)):
        name = f"{i:02d}_{glyphs.CLASSES[label]}.png"
        Image.fromarray(g).save(os.path.join(folder, name))
        items.append({"file": name, "probs": [float(p) for p in probs[i]]})
    with open(os.path.join(folder, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(items, f)


@torch.no_grad()
def score(model, x, y):
    model.eval()
    out = model(torch.from_numpy(x).float().div(255).unsqueeze(1))
    model.train()
    return (out.argmax(1).numpy() == y).mean()


if __name__ == "__main__":
    main()
