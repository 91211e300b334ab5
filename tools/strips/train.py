"""Trains PlateWeb's strip reader: a small fully convolutional network that reads a whole plate
strip at once (CTC), exported to ONNX for OpenCV's DNN module.

    /usr/bin/python3 tools/strips/train.py --photos /tmp/strips-bench /tmp/strips-rendered --out models/plate-strips-v1.onnx
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
from PIL import Image

import strips

DEFAULT_FONTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "glyphs", "fonts.txt")


class StripNet(nn.Module):
    """32 x 192 strip -> 48 steps x 37 classes (36 characters and the CTC blank), all convolutions."""

    def __init__(self, width=8):
        super().__init__()

        def conv(i, o, k=3, p=1):
            return [nn.Conv2d(i, o, k, padding=p, bias=False), nn.BatchNorm2d(o), nn.ReLU()]

        w = width
        self.body = nn.Sequential(
            *conv(1, 2 * w), nn.MaxPool2d(2),                   # 16 x 96
            *conv(2 * w, 4 * w), nn.MaxPool2d(2),               # 8 x 48
            *conv(4 * w, 8 * w), *conv(8 * w, 8 * w), nn.MaxPool2d((2, 1)),  # 4 x 48
            *conv(8 * w, 12 * w), nn.MaxPool2d((4, 1)),         # 1 x 48
            *conv(12 * w, 12 * w, (1, 5), (0, 2)),
            nn.Dropout(0.2),
            nn.Conv2d(12 * w, strips.BLANK + 1, 1))

    def forward(self, x):
        return self.body(x)  # N x 37 x 1 x 48


def augment(x, g):
    n = x.shape[0]
    sc = 1 + (torch.rand(n, generator=g) - 0.5) * 0.15
    tx = (torch.rand(n, generator=g) - 0.5) * 0.05
    ty = (torch.rand(n, generator=g) - 0.5) * 0.15
    theta = torch.zeros(n, 2, 3)
    theta[:, 0, 0], theta[:, 0, 2] = 1 / sc, tx
    theta[:, 1, 1], theta[:, 1, 2] = 1 / sc, ty
    grid = F.affine_grid(theta, x.shape, align_corners=False)
    x = F.grid_sample(x, grid, align_corners=False, padding_mode="zeros")
    x = x * (0.6 + 0.4 * torch.rand(n, 1, 1, 1, generator=g))
    x = x + torch.randn(x.shape, generator=g) * 0.05 * torch.rand(n, 1, 1, 1, generator=g)
    return x.clamp(0, 1)


def encode(texts):
    targets = torch.tensor([strips.CLASSES.index(c) for t in texts for c in t], dtype=torch.long)
    lengths = torch.tensor([len(t) for t in texts], dtype=torch.long)
    return targets, lengths


def decode(logits):
    """Greedy CTC decoding of N x 37 x 1 x T logits."""
    best = logits[:, :, 0, :].argmax(1).numpy()
    out = []
    for row in best:
        s, prev = [], strips.BLANK
        for k in row:
            if k != prev and k != strips.BLANK:
                s.append(strips.CLASSES[k])
            prev = k
        out.append("".join(s))
    return out


@torch.no_grad()
def exact(model, x, y):
    model.eval()
    got = []
    for i in range(0, len(x), 256):
        got += decode(model(torch.from_numpy(x[i:i + 256]).float().div(255).unsqueeze(1)))
    model.train()
    return np.mean([a == b for a, b in zip(got, y)]), got


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--photos", nargs="+")
    ap.add_argument("--fonts", default=DEFAULT_FONTS)
    ap.add_argument("--rendered", type=int, default=20000)
    ap.add_argument("--photo-repeat", type=int, default=4)
    ap.add_argument("--cache")
    ap.add_argument("--holdout-fold", type=int, choices=[0, 1])
    ap.add_argument("--epochs", type=int, default=12)
    ap.add_argument("--width", type=int, default=8)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    ap.add_argument("--dump", help="folder: write a few rendered strips as the network sees them (PNG) and the "
                    "exported network's per-step probabilities for them (expected.json), for the C# parity test")
    a = ap.parse_args()
    torch.manual_seed(a.seed)
    random.seed(a.seed)
    torch.set_num_threads(strips.glyphs.torch_threads())
    t0 = time.time()
    fonts_id = hashlib.sha1(open(a.fonts, "rb").read()).hexdigest()[:10]
    cache = a.cache and os.path.join(a.cache, f"strips-{fonts_id}-{a.rendered}-{a.seed}.npz")
    if cache and os.path.exists(cache):
        with np.load(cache) as z:
            rx, ry = z["x"], list(z["y"])
    else:
        rx, ry = strips.rendered_set(a.fonts, a.rendered, a.seed)
        if cache:
            os.makedirs(a.cache, exist_ok=True)
            np.savez_compressed(cache, x=rx, y=np.array(ry))
    print(f"rendered {len(rx)} strips in {time.time() - t0:.0f} s", flush=True)
    xs, ys = [rx], list(ry)
    hx, hy, htess = None, [], []
    if a.photos:
        for d in a.photos:
            px, py, _, names = strips.photo_set(d, lambda s, i: s == "rendered" or a.holdout_fold is None or glyphs_fold(i) != a.holdout_fold)
            real = np.array([n[0] != "rendered" for n in names], bool)
            for _ in range(a.photo_repeat):
                xs.append(px[real]); ys += [t for t, r in zip(py, real) if r]
            xs.append(px[~real]); ys += [t for t, r in zip(py, real) if not r]
            if a.holdout_fold is not None:
                qx, qy, qt, _ = strips.photo_set(d, lambda s, i: s != "rendered" and glyphs_fold(i) == a.holdout_fold)
                hx = qx if hx is None else np.concatenate([hx, qx])
                hy += qy
                htess += qt
    X = torch.from_numpy(np.concatenate(xs)).float().div(255).unsqueeze(1)
    Y = ys
    print(f"{len(X)} training strips, {0 if hx is None else len(hx)} held out", flush=True)
    model = StripNet(a.width)
    opt = torch.optim.AdamW(model.parameters(), lr=2e-3, weight_decay=1e-4)
    steps = a.epochs * math.ceil(len(X) / 64)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=2e-3, total_steps=steps, pct_start=0.15)
    g = torch.Generator().manual_seed(a.seed)
    ctc = nn.CTCLoss(blank=strips.BLANK, zero_infinity=True)
    for epoch in range(a.epochs):
        model.train()
        perm = torch.randperm(len(X), generator=g)
        loss_sum, n = 0.0, 0
        for i in range(0, len(X), 64):
            idx = perm[i:i + 64]
            xb = augment(X[idx], g)
            targets, lengths = encode([Y[j] for j in idx.tolist()])
            out = model(xb)[:, :, 0, :].permute(2, 0, 1).log_softmax(2)  # T x N x C
            loss = ctc(out, targets, torch.full((len(idx),), out.shape[0], dtype=torch.long), lengths)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            loss_sum += loss.item() * len(idx)
            n += len(idx)
        line = f"epoch {epoch + 1}/{a.epochs} loss {loss_sum / n:.3f}"
        if hx is not None and len(hx):
            line += f" held-out exact {exact(model, hx, hy)[0]:.3f}"
        print(line + f" ({time.time() - t0:.0f} s)", flush=True)
    if hx is not None and len(hx):
        acc, _ = exact(model, hx, hy)
        tess = np.mean([t == y for t, y in zip(htess, hy)])
        print(f"held-out strips: reader {acc:.3f}, Tesseract {tess:.3f} ({len(hx)} strips)")
    model.eval()
    torch.onnx.export(model, torch.zeros(1, 1, strips.HEIGHT, strips.WIDTH), a.out, input_names=["strips"], output_names=["logits"],
                      dynamic_axes={"strips": {0: "n"}, "logits": {0: "n"}}, opset_version=11)
    print(f"wrote {a.out}")
    if a.dump:
        dump(model, a.dump, a.fonts, a.seed)


@torch.no_grad()
def dump(model, folder, fonts, seed):
    os.makedirs(folder, exist_ok=True)
    x, y = strips.rendered_set(fonts, 4, seed + 1)
    model.eval()
    probs = F.softmax(model(torch.from_numpy(x).float().div(255).unsqueeze(1))[:, :, 0, :], 1).numpy()  # N x C x T
    items = []
    for i, (s, text) in enumerate(zip(x, y)):
        name = f"{i:02d}_{text}.png"
        Image.fromarray(s).save(os.path.join(folder, name))
        items.append({"file": name, "text": text, "probs": [float(p) for p in probs[i].reshape(-1)]})
    with open(os.path.join(folder, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(items, f)


def glyphs_fold(image):
    return strips.glyphs.fold_of(image)


if __name__ == "__main__":
    main()
