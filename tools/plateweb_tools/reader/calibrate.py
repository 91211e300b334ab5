"""Fits the confidence calibration of the engine's reads (models/plate-reader-v1.calibration.json).

    PYTHONPATH=tools /usr/bin/python3 -m plateweb_tools.reader.calibrate EVAL_OUT TRUTH_DIR --out models/plate-reader-v1.calibration.json

EVAL_OUT is a `platectl eval` output folder (results.jsonl) run with the calibration off
(`--raw-confidence`) over TRUTH_DIR, a folder laid out like a benchmark (one sub-folder per set,
NAME.ext beside NAME.txt; file names unique across sets). It must not be the benchmark the figures are reported on: the recipe in
README.md (beside this file) uses pictures the reader was kept from learning (its validation split).

For each true plate, the engine's top plate over it (bounds IoU >= 0.3, as `eval` scores) gives a
pair (raw confidence, read exactly or not). Per reader (`read_by`), a logistic curve on the logit
of the raw confidence is fitted by Newton's method (Platt scaling, a ridge pulling towards no
change so that a small set cannot push it to extremes):
calibrated = 1 / (1 + exp(-(a * logit(raw) + b))).
"""
import argparse
import glob
import json
import math
import os


# A curve from fewer reads than this says more about those reads than about the reader.
MIN_READS = 30


def iou(a, b):
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    ix = max(0.0, min(ax + aw, bx + bw) - max(ax, bx))
    iy = max(0.0, min(ay + ah, by + bh) - max(ay, by))
    inter = ix * iy
    union = aw * ah + bw * bh - inter
    return 0.0 if union <= 0 else inter / union


def bounds(quad):
    xs = [p[0] for p in quad]
    ys = [p[1] for p in quad]
    return min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)


def logit(p):
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


def sigmoid(z):
    return 1 / (1 + math.exp(-max(-40.0, min(40.0, z))))


def fit(pairs, steps=50, ridge=1.0):
    """Platt scaling: a, b minimising the log loss of sigmoid(a * logit(c) + b), with a small ridge."""
    a, b = 1.0, 0.0
    for _ in range(steps):
        ga = gb = haa = hab = hbb = 0.0
        for c, y in pairs:
            x = logit(c)
            p = sigmoid(a * x + b)
            ga += (p - y) * x
            gb += p - y
            w = p * (1 - p)
            haa += w * x * x
            hab += w * x
            hbb += w
        ga += ridge * (a - 1)
        gb += ridge * b
        haa += ridge
        hbb += ridge
        det = haa * hbb - hab * hab
        if det <= 1e-12:
            break
        da = (hbb * ga - hab * gb) / det
        db = (haa * gb - hab * ga) / det
        a, b = a - da, b - db
        if abs(da) < 1e-7 and abs(db) < 1e-7:
            break
    return a, b


def ece(pairs, transform=lambda c: c):
    bins = [[] for _ in range(10)]
    for c, y in pairs:
        t = transform(c)
        bins[min(9, int(t * 10))].append((t, y))
    n = len(pairs)
    return sum(len(b) / n * abs(sum(y for _, y in b) / len(b) - sum(t for t, _ in b) / len(b)) for b in bins if b)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("eval_out")
    ap.add_argument("truth_dir")
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    truth = {}
    for txt in glob.glob(os.path.join(a.truth_dir, "*", "*.txt")):
        for line in open(txt, encoding="utf-8"):
            f = line.rstrip("\n").split("\t")
            if len(f) >= 6:
                truth.setdefault(f[0], []).append(((float(f[1]), float(f[2]), float(f[3]), float(f[4])), f[5]))
    pairs = {}
    for line in open(os.path.join(a.eval_out, "results.jsonl"), encoding="utf-8"):
        r = json.loads(line)
        for box, text in truth.get(os.path.basename(r["file"]), []):
            over = [p for p in r["plates"] if iou(bounds(p["quad"]), box) >= 0.3]
            if not over:
                continue
            top = max(over, key=lambda p: p["confidence"])
            pairs.setdefault(top.get("read_by", "tesseract"), []).append((top["confidence"], 1.0 if top["text"] == text else 0.0))
    result = {}
    for reader, ps in sorted(pairs.items()):
        pa, pb = fit(ps) if len(ps) >= MIN_READS else (1.0, 0.0)
        if len(ps) < MIN_READS:
            print(f"{reader}: {len(ps)} reads, too few for a curve (at least {MIN_READS}); left raw")
            continue
        after = ece(ps, lambda c: sigmoid(pa * logit(c) + pb))
        print(f"{reader}: {len(ps)} reads, {sum(y for _, y in ps) / len(ps):.3f} exact, ECE {ece(ps):.3f} -> {after:.3f} (a={pa:.3f}, b={pb:.3f})")
        result[reader] = {"a": round(pa, 4), "b": round(pb, 4), "reads": len(ps)}
    with open(a.out, "w", encoding="utf-8") as f:
        json.dump(result, f, indent=2)
        f.write("\n")
    print(f"wrote {a.out}")


if __name__ == "__main__":
    main()
