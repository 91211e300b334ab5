"""Trains PlateWeb's plate reader (models/plate-reader-v1.onnx): a convolutional network that reads a
detected plate row whole (CTC over STEPS steps across it) and says what the region is (no plate, EU,
US, BR).

    PYTHONPATH=tools /usr/bin/python3 -m plateweb_tools.reader.train --data /tmp/reader-data --out models/plate-reader-v1.onnx

--data folders are written by `platectl reader-data` (README.md beside this file): pictures of the
reader's window with a margin all round, and labels.tsv (file, text, region, source). The engine
reads the window itself (src/PlateWeb.Recognition/Ocr/PlateReader.cs): HEIGHT x WIDTH grey pixels
scaled to 0..1; training cuts it from the margin picture with random shifts, scales and turns.
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

CLASSES = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
EMPTY = len(CLASSES)
SLOTS = 10  # longest text learnt
STEPS = 48
REGIONS = ["none", "eu", "us", "br"]
REAL_SOURCES = ("us", "br", "eu")  # reader-data sources of real photographed plates (the validation scenes' plates)
HEIGHT, WIDTH = 48, 192
MARGIN = 0.25  # platectl reader-data's margin, a share of the window on each side
MH, MW = round(HEIGHT * MARGIN), round(WIDTH * MARGIN)


class ReaderNet(nn.Module):
    """48 x 192 grey window -> 37 x STEPS logits (36 characters and the CTC blank at each step across
    the plate) and 4 region logits, flattened and concatenated into one output (ONNX Runtime runs it in
    the engine; the graph stays within what OpenCV's DNN module runs too). All convolutions; the region
    head pools the last features."""

    def __init__(self, width=16):
        super().__init__()

        def conv(i, o, k=3, stride=1, p=1):
            return [nn.Conv2d(i, o, k, stride, p, bias=False), nn.BatchNorm2d(o), nn.ReLU(inplace=True)]

        w = width
        self.body = nn.Sequential(
            *conv(1, w, stride=2),                                       # 24 x 96
            *conv(w, 2 * w), nn.MaxPool2d(2),                            # 12 x 48
            *conv(2 * w, 4 * w), *conv(4 * w, 4 * w), nn.MaxPool2d((2, 1)),   # 6 x 48
            *conv(4 * w, 6 * w), *conv(6 * w, 8 * w), nn.MaxPool2d((2, 1)),   # 3 x 48
            *conv(8 * w, 8 * w, (3, 1), 1, 0))                           # 1 x 48
        self.read = nn.Sequential(*conv(8 * w, 8 * w, (1, 5), 1, (0, 2)), nn.Dropout(0.2), nn.Conv2d(8 * w, EMPTY + 1, 1))
        self.region = nn.Sequential(nn.AdaptiveMaxPool2d(1), nn.Flatten(), nn.Dropout(0.2), nn.Linear(8 * w, len(REGIONS)))

    def forward(self, x):
        f = self.body(x)
        return torch.cat([torch.flatten(self.read(f), 1), self.region(f)], 1)


def split(logits):
    """(N x 37 x STEPS step logits, N x 4 region logits)."""
    n = logits.shape[0]
    return logits[:, :STEPS * (EMPTY + 1)].reshape(n, EMPTY + 1, STEPS), logits[:, STEPS * (EMPTY + 1):]


def load(folders, limit_per_source=None, files=None):
    """The pictures of reader-data folders, in order; their file names are appended to files when it is a list."""
    xs, texts, regions, sources = [], [], [], []
    for d in folders:
        rows = [l.rstrip("\n").split("\t") for l in open(os.path.join(d, "labels.tsv"), encoding="utf-8")][1:]
        for file, text, region, source in rows:
            im = Image.open(os.path.join(d, file)).convert("L")
            if im.size != (WIDTH + 2 * MW, HEIGHT + 2 * MH):
                continue
            xs.append(np.asarray(im))
            texts.append(text)
            regions.append(REGIONS.index(region) if region in REGIONS else 0)
            sources.append(source)
            if files is not None:
                files.append(file)
    return np.stack(xs), texts, np.array(regions), sources


def crop_stem(file, source):
    """The plate-data crop a reader-data picture was cut from: platectl names it img/SOURCE_STEM.png."""
    return os.path.splitext(os.path.basename(file))[0][len(source) + 1:]


def doubtful(checks):
    """Crop stems whose labels the labelling aid contradicts (`label-aid check` outputs, column doubtful = 1)."""
    stems = set()
    for path in checks or []:
        for line in list(open(path, encoding="utf-8"))[1:]:
            f = line.rstrip("\n").split("\t")
            if f[-1] == "1":
                stems.add(os.path.splitext(f[0])[0])
    return stems


def encode(texts):
    targets = torch.tensor([CLASSES.index(c) for t in texts for c in t], dtype=torch.long)
    lengths = torch.tensor([len(t) for t in texts], dtype=torch.long)
    return targets, lengths


def window(batch, g, train):
    """Cuts the reader's window from margin pictures: centred exactly when not training; else with
    random shift, scale, aspect and turn, then the photo degradations a detector's crop shows."""
    n = batch.shape[0]
    x = batch.float().div(255).unsqueeze(1)
    if not train:
        return x[:, :, MH:MH + HEIGHT, MW:MW + WIDTH]
    # Affine map from output window coordinates to the margin picture's normalized coordinates.
    fw, fh = WIDTH / (WIDTH + 2 * MW), HEIGHT / (HEIGHT + 2 * MH)
    r = lambda lo, hi: lo + (hi - lo) * torch.rand(n, generator=g)
    sx, sy = r(0.9, 1.12), r(0.85, 1.15)
    tx, ty = r(-0.07, 0.07), r(-0.12, 0.12)
    ang = r(-0.06, 0.06)
    theta = torch.zeros(n, 2, 3)
    theta[:, 0, 0] = fw * sx * torch.cos(ang)
    theta[:, 0, 1] = -fh * sy * torch.sin(ang) * (HEIGHT / WIDTH)
    theta[:, 1, 0] = fw * sx * torch.sin(ang) * (WIDTH / HEIGHT)
    theta[:, 1, 1] = fh * sy * torch.cos(ang)
    theta[:, 0, 2], theta[:, 1, 2] = tx, ty
    grid = F.affine_grid(theta, (n, 1, HEIGHT, WIDTH), align_corners=False)
    x = F.grid_sample(x, grid, align_corners=False, padding_mode="border")
    # Low resolution: down by up to 3x and back up, for a third of the batch.
    lowres = torch.rand(n, generator=g) < 0.35
    if lowres.any():
        f = float(r(1.5, 3.0)[0])
        small = F.interpolate(x[lowres], scale_factor=1 / f, mode="area")
        x[lowres] = F.interpolate(small, size=(HEIGHT, WIDTH), mode="bilinear", align_corners=False)
    # Blur for a quarter.
    blur = torch.rand(n, generator=g) < 0.25
    if blur.any():
        k = torch.tensor([1., 2., 1.]) / 4
        kernel = (k[:, None] * k[None, :]).view(1, 1, 3, 3)
        x[blur] = F.conv2d(F.pad(x[blur], (1, 1, 1, 1), mode="replicate"), kernel)
    # Contrast, brightness, polarity, noise.
    c = r(0.5, 1.2).view(n, 1, 1, 1)
    b = r(-0.15, 0.15).view(n, 1, 1, 1)
    mean = x.mean((2, 3), keepdim=True)
    x = (x - mean) * c + mean + b
    invert = (torch.rand(n, generator=g) < 0.15).view(n, 1, 1, 1)
    x = torch.where(invert, 1 - x, x)
    x = x + torch.randn(x.shape, generator=g) * 0.04 * torch.rand(n, 1, 1, 1, generator=g)
    return x.clamp(0, 1)


@torch.no_grad()
def predict(model, x, batch=512):
    model.eval()
    out = [model(window(torch.from_numpy(x[i:i + batch]), None, False)) for i in range(0, len(x), batch)]
    model.train()
    return torch.cat(out) if out else torch.zeros(0, STEPS * (EMPTY + 1) + len(REGIONS))


def decode(logits):
    """Greedy CTC decoding and the likeliest region."""
    steps, regions = split(logits)
    texts = []
    for row in steps.argmax(1).numpy():
        s, prev = [], EMPTY
        for k in row:
            if k != prev and k != EMPTY:
                s.append(CLASSES[k])
            prev = k
        texts.append("".join(s))
    return texts, regions.argmax(1).numpy()


def report(name, model, x, texts, regions):
    if len(x) == 0:
        return
    got, reg = decode(predict(model, x))
    plates = regions != 0
    exact = np.mean([a == b for a, b, p in zip(got, texts, plates) if p]) if plates.any() else float("nan")
    region_ok = np.mean(reg == regions)
    print(f"  {name}: {plates.sum()} plates read exactly {exact:.3f}; region right {region_ok:.3f} of {len(x)}", flush=True)


def fold_of(name):
    """A stable 1-in-20 validation split of the training pictures, by file name."""
    return int(hashlib.sha1(name.encode()).hexdigest()[:8], 16) % 20 == 0


def validation_path(out):
    """The held-out list written beside a reader (`models/NAME.onnx` -> `models/NAME.validation.tsv`)."""
    return os.path.splitext(out)[0] + ".validation.tsv"


def write_validation(path, files, sources, regions, val):
    """Lists the real plates of the validation split (source and crop stem, one per line). The split numbers the
    pictures across the --data folders, and reader-data's rows depend on the engine that cut them (a crop where
    the detector finds no row has none), so data cut again by a later engine numbers them otherwise: the list
    keeps the plates this reader never learnt from, for valbench --plates."""
    with open(path, "w", encoding="utf-8") as f:
        f.write("source\tcrop\n")
        for file, source, region, held in zip(files, sources, regions, val):
            if held and region != 0 and source in REAL_SOURCES:
                f.write(f"{source}\t{crop_stem(file, source)}\n")


def held_out(path):
    """The (source, crop stem) pairs of a list written by write_validation."""
    with open(path, encoding="utf-8") as f:
        rows = [line.rstrip("\n").split("\t") for line in f][1:]
    return {(source, crop) for source, crop in rows}


def validation_split(files, sources, hold_out=(), texts=None):
    """Which pictures are held out: the 1-in-20 split numbered across the --data folders, and every real plate
    that a held-out list (--hold-out, a list write_validation wrote beside another reader) names, so that a reader
    trained on data cut again can be compared with that one on the plates neither learnt from. With texts
    (--whole-plates), a real plate's other crops go where it goes: a Brazilian plate has up to two crops in
    plate-data, and a held-out crop whose twin was learnt is no plate the reader never saw."""
    listed = set()
    for path in hold_out or []:
        listed |= held_out(path)
    names = [f"{s}/{i}" for i, s in enumerate(sources)]
    val = np.array([fold_of(n) or (s in REAL_SOURCES and (s, crop_stem(f, s)) in listed)
                    for n, f, s in zip(names, files, sources)], dtype=bool)
    if texts is not None:
        held = {(s, t) for s, t, v in zip(sources, texts, val) if v and t and s in REAL_SOURCES}
        val |= np.array([s in REAL_SOURCES and (s, t) in held for s, t in zip(sources, texts)], dtype=bool)
    return val


def learnt_twins(files, sources, texts, listed):
    """The listed plates (source, crop stem) whose text another crop of the same source, not listed, also has:
    a reader that held out the list learnt that twin."""
    texts_of = {}
    for f, s, t in zip(files, sources, texts):
        if not t or s not in REAL_SOURCES:
            continue
        texts_of.setdefault((s, t), []).append((s, crop_stem(f, s)))
    return {c for crops in texts_of.values() if any(c not in listed for c in crops) for c in crops if c in listed}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", nargs="+", help="folders written by platectl reader-data")
    ap.add_argument("--check", nargs="*", default=[], help="folders only measured after training (a benchmark: never learnt from)")
    ap.add_argument("--repeat", default="us=4,eu=2", help="times each source's pictures are seen per epoch")
    ap.add_argument("--skip", nargs="*", default=[], help="label-aid check outputs: crops whose labels are doubtful are not learnt from")
    ap.add_argument("--hold-out", nargs="*", default=[], help="held-out lists of other readers (models/NAME.validation.tsv): "
                    "their plates are held out too, so both readers can be measured on plates neither learnt from")
    ap.add_argument("--whole-plates", action="store_true", help="hold out a real plate's every crop together (the split "
                    "the next reader should use; the shipped one held out single crops)")
    ap.add_argument("--epochs", type=int, default=30)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--width", type=int, default=16)
    ap.add_argument("--lr", type=float, default=3e-3)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--out", required=True)
    ap.add_argument("--state", help="also save the PyTorch weights here (to fine-tune later; never committed)")
    ap.add_argument("--init", help="start from these PyTorch weights (a --state file) instead of random ones")
    ap.add_argument("--init-onnx", help="start from a reader exported by this script (its ONNX file, batch norms folded "
                    "into the convolutions), for instance the shipped one; needs Debian's python3-onnx")
    ap.add_argument("--dump", help="folder: write inputs (PNG) and the exported network's outputs for them (expected.json), "
                    "for the C# parity test; with --tiny, a network that only took a few steps")
    ap.add_argument("--tiny", action="store_true", help="no data: a few steps on noise, then export and --dump")
    a = ap.parse_args()
    torch.manual_seed(a.seed)
    random.seed(a.seed)
    np.random.seed(a.seed)
    torch.set_num_threads(a.threads)
    t0 = time.time()
    model = ReaderNet(a.width)
    if a.init:
        model.load_state_dict(torch.load(a.init))
    print(f"{sum(p.numel() for p in model.parameters()) / 1e6:.2f} M parameters", flush=True)
    if a.tiny:
        x = torch.randint(0, 256, (16, HEIGHT + 2 * MH, WIDTH + 2 * MW), dtype=torch.uint8)
        opt = torch.optim.AdamW(model.parameters(), lr=1e-3)
        for _ in range(3):
            loss = model(window(x, torch.Generator().manual_seed(a.seed), True)).logsumexp(1).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
    else:
        train(model, a, t0)
    export(model, a.out)
    if a.state:
        torch.save(model.state_dict(), a.state)
    if a.dump:
        dump(model, a.dump, a.seed)


def unfold_onnx(model, path, windows):
    """Loads an exported reader into `model`. The export folded each batch norm into the convolution before it
    (weight and bias), so each convolution takes the folded weight and its batch norm is set so that, in training
    mode as in evaluation, it gives back the folded network: its statistics are those of the convolution's outputs
    on `windows` (training windows), and its scale and shift undo them and add the folded bias."""
    import onnx
    from onnx import numpy_helper
    graph = onnx.load(path).graph
    weights = {i.name: torch.from_numpy(numpy_helper.to_array(i).copy()) for i in graph.initializer}
    pairs = []  # (conv, batch norm) in the order of the graph's convolutions
    for seq in (model.body, model.read):
        mods = list(seq)
        pairs += [(m, mods[k + 1]) for k, m in enumerate(mods) if isinstance(m, nn.Conv2d) and k + 1 < len(mods)
                  and isinstance(mods[k + 1], nn.BatchNorm2d)]
    convs = [n for n in graph.node if n.op_type == "Conv"]
    if len(convs) != len(pairs) + 1:
        raise SystemExit(f"{path}: {len(convs)} convolutions, this network has {len(pairs) + 1} (is --width the same?)")
    biases = []
    with torch.no_grad():
        for (conv, bn), node in zip(pairs, convs):
            w, b = weights[node.input[1]], weights[node.input[2]]
            if w.shape != conv.weight.shape:
                raise SystemExit(f"{path}: a convolution of {tuple(w.shape)}, this network's is {tuple(conv.weight.shape)}")
            conv.weight.copy_(w)
            bn.weight.fill_(1)
            bn.bias.copy_(b)
            bn.running_mean.zero_()
            bn.running_var.fill_(1 - bn.eps)
            biases.append(b)
        last = model.read[-1]
        last.weight.copy_(weights["read.4.weight"])
        last.bias.copy_(weights["read.4.bias"])
        model.region[-1].weight.copy_(weights["region.3.weight"])
        model.region[-1].bias.copy_(weights["region.3.bias"])
        # The folded network now runs in evaluation mode; measure each convolution's outputs on training windows.
        stats = {}
        hooks = [conv.register_forward_hook(lambda m, i, o, k=k: stats.__setitem__(k, (o.mean((0, 2, 3)), o.var((0, 2, 3), unbiased=False))))
                 for k, (conv, _) in enumerate(pairs)]
        model.eval()
        reference = model(windows)
        for h in hooks:
            h.remove()
        for k, (_, bn) in enumerate(pairs):
            mean, var = stats[k]
            std = (var + bn.eps).sqrt()
            bn.running_mean.copy_(mean)
            bn.running_var.copy_(var)
            bn.weight.copy_(std)
            bn.bias.copy_(mean + biases[k])
        drift = (model(windows) - reference).abs().max().item()
    print(f"started from {path} (largest output change after unfolding: {drift:.2e})", flush=True)


def train(model, a, t0):
    files = []
    x, texts, regions, sources = load(a.data, files=files)
    bench = sorted({s for s in sources if s.startswith("bench-")})
    if bench:
        # platectl reader-data marks benchmark pictures so: they are a test set, never training data.
        raise SystemExit(f"--data holds benchmark pictures ({', '.join(bench)}): give them to --check, not --data")
    val = validation_split(files, sources, a.hold_out, texts if a.whole_plates else None)
    print(f"{len(x)} pictures ({int(val.sum())} for validation) loaded in {time.time() - t0:.0f} s", flush=True)
    write_validation(validation_path(a.out), files, sources, regions, val)
    print(f"  validation plates listed in {validation_path(a.out)} (valbench --plates)", flush=True)
    for s in sorted(set(sources)):
        print(f"  {s}: {sum(1 for q in sources if q == s)}")
    # Doubtful labels are left out of training only: the numbering, and so the validation split, stays the same.
    skip = doubtful(a.skip)
    left_out = np.array([crop_stem(f, s) in skip for f, s in zip(files, sources)], dtype=bool)
    if skip:
        print(f"  {int((left_out & ~val).sum())} training pictures left out: their labels are doubtful (--skip)")
    repeat = {k: int(v) for k, v in (p.split("=") for p in a.repeat.split(",") if p)}
    index = np.concatenate([np.repeat(np.where((~val) & (~left_out) & (np.array(sources) == s))[0], repeat.get(s, 1)) for s in sorted(set(sources))])
    X = torch.from_numpy(x)
    R = torch.from_numpy(regions).long()
    if a.init_onnx:
        sample = torch.from_numpy(index)[torch.randperm(len(index), generator=torch.Generator().manual_seed(a.seed))[:1024]]
        unfold_onnx(model, a.init_onnx, window(X[sample], torch.Generator().manual_seed(a.seed), False))
    is_plate = R != 0
    steps = a.epochs * math.ceil(len(index) / a.batch)
    opt = torch.optim.AdamW(model.parameters(), lr=a.lr, weight_decay=5e-4)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=a.lr, total_steps=steps, pct_start=0.1)
    g = torch.Generator().manual_seed(a.seed)
    ctc = nn.CTCLoss(blank=EMPTY, zero_infinity=True)
    for epoch in range(a.epochs):
        perm = torch.from_numpy(index)[torch.randperm(len(index), generator=g)]
        loss_sum, n = 0.0, 0
        for i in range(0, len(perm), a.batch):
            idx = perm[i:i + a.batch]
            xb = window(X[idx], g, True)
            steps, reg = split(model(xb))
            plate = is_plate[idx]
            loss = F.cross_entropy(reg, R[idx], label_smoothing=0.05)
            if plate.any():
                # Reading is taught on plates only: what a non-plate "reads" is the region head's business.
                tg, lengths = encode([texts[j] for j, p in zip(idx.tolist(), plate.tolist()) if p])
                out = steps[plate].permute(2, 0, 1).log_softmax(2)  # T x N x C
                loss = loss + ctc(out, tg, torch.full((out.shape[1],), STEPS, dtype=torch.long), lengths)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            loss_sum += loss.item() * len(idx)
            n += len(idx)
        print(f"epoch {epoch + 1}/{a.epochs} loss {loss_sum / n:.3f} ({time.time() - t0:.0f} s)", flush=True)
        if epoch == 1 or epoch % 5 == 4 or epoch == a.epochs - 1:
            for s in sorted(set(sources)):
                sel = val & (np.array(sources) == s)
                report(f"validation {s}", model, x[sel], [texts[i] for i in np.where(sel)[0]], regions[sel])
    for d in a.check:
        cx, ct, cr, _ = load([d])
        report(f"check {d}", model, cx, ct, cr)


def export(model, path):
    model.eval()
    torch.onnx.export(model, torch.zeros(1, 1, HEIGHT, WIDTH), path, input_names=["crops"], output_names=["logits"],
                      dynamic_axes={"crops": {0: "n"}, "logits": {0: "n"}}, opset_version=11)
    print(f"wrote {path}")


@torch.no_grad()
def dump(model, folder, seed):
    os.makedirs(folder, exist_ok=True)
    rng = np.random.default_rng(seed)
    model.eval()
    items = []
    for i in range(4):
        img = rng.integers(0, 256, (HEIGHT, WIDTH), dtype=np.uint8)
        img[:, i * 40:i * 40 + 30] = 255 - img[:, i * 40:i * 40 + 30] // 4
        name = f"{i:02d}.png"
        Image.fromarray(img).save(os.path.join(folder, name))
        out = model(torch.from_numpy(img).float().div(255).view(1, 1, HEIGHT, WIDTH))[0]
        items.append({"file": name, "logits": [float(v) for v in out]})
    with open(os.path.join(folder, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(items, f)


if __name__ == "__main__":
    main()
