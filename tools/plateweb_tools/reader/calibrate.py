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

With --plate-probability the curve also weighs the plate reader's probability that the region is a
plate at all (`plate_probability` in results.jsonl): calibrated = sigmoid(a * logit(raw) + b +
c * logit(plate_probability)); and with --non-plates every returned plate that overlaps no true plate
joins the fit as a wrong read, so that the curve says how often a stored read is a right plate.

With --readers only the named readers get a curve (the recipe names the plate reader: Tesseract's reads of
pasted plates are mostly wrong, of the benchmark's larger Brazilian photos mostly right, see docs/ACCURACY.md).
"""
import argparse
import glob
import json
import math
import os
import random


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


def fit(rows, steps=60, ridge=1.0, prior=None):
    """Logistic regression by Newton's method on rows (features, y), with a ridge pulling towards prior (Platt
    scaling when the features are the logit of the raw confidence and 1)."""
    k = len(rows[0][0])
    w = list(prior or [0.0] * k)
    p0 = list(w)
    for _ in range(steps):
        g = [ridge * (w[i] - p0[i]) for i in range(k)]
        h = [[ridge if i == j else 0.0 for j in range(k)] for i in range(k)]
        for x, y in rows:
            p = sigmoid(sum(wi * xi for wi, xi in zip(w, x)))
            for i in range(k):
                g[i] += (p - y) * x[i]
                for j in range(k):
                    h[i][j] += p * (1 - p) * x[i] * x[j]
        step = solve(h, g)
        # Damped: the full Newton step can overshoot on reads that a curve nearly separates (most of a reader's
        # reads wrong), and then run away; halve it until the penalised loss goes down.
        t, current = 1.0, loss(w, rows, ridge, p0)
        while t > 1e-6 and loss([wi - t * si for wi, si in zip(w, step)], rows, ridge, p0) > current:
            t /= 2
        w = [wi - t * si for wi, si in zip(w, step)]
        if max(abs(t * si) for si in step) < 1e-7:
            break
    return w


def loss(w, rows, ridge, p0):
    """The negative log-likelihood of rows under weights w, plus the ridge towards p0."""
    total = 0.5 * ridge * sum((wi - pi) ** 2 for wi, pi in zip(w, p0))
    for x, y in rows:
        z = sum(wi * xi for wi, xi in zip(w, x))
        # log(1 + e^z) - y z, computed without overflow
        total += (z if z > 0 else 0.0) + math.log1p(math.exp(-abs(z))) - y * z
    return total


def solve(a, b):
    """Gaussian elimination with partial pivoting, for the small Newton systems."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for c in range(n):
        piv = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[piv] = m[piv], m[c]
        if abs(m[c][c]) < 1e-12:
            return [0.0] * n
        for r in range(c + 1, n):
            f = m[r][c] / m[c][c]
            for j in range(c, n + 1):
                m[r][j] -= f * m[c][j]
    x = [0.0] * n
    for r in range(n - 1, -1, -1):
        x[r] = (m[r][n] - sum(m[r][j] * x[j] for j in range(r + 1, n))) / m[r][r]
    return x


def ece(pairs, transform=lambda c: c):
    bins = [[] for _ in range(10)]
    for c, y in pairs:
        t = transform(c)
        bins[min(9, int(t * 10))].append((t, y))
    n = len(pairs)
    return sum(len(b) / n * abs(sum(y for _, y in b) / len(b) - sum(t for t, _ in b) / len(b)) for b in bins if b)


def ece_by_chance(confidences, draws=2000, seed=1):
    """The ECE a perfectly calibrated reader giving these confidences would measure on as many reads (each read right
    with its confidence's probability): the median and 90th percentile of `draws` seeded draws, as `platectl eval`
    prints it. Two curves whose ECEs differ by less than this are not told apart by these reads."""
    if not confidences:
        return 0.0, 0.0
    rng = random.Random(seed)
    values = sorted(ece([(c, 1.0 if rng.random() < c else 0.0) for c in confidences]) for _ in range(draws))
    return values[draws // 2], values[int(draws * 0.9)]


def curves(rows, readers=None):
    """One curve per reader in rows (reader -> [(features, y)]) that has at least MIN_READS reads and, when readers
    is given, is named there; the others are left out of the result, so the engine keeps their raw confidences."""
    result = {}
    for reader, rs in sorted(rows.items()):
        if readers is not None and reader not in readers:
            print(f"{reader}: {len(rs)} reads, not fitted (not in --readers); left raw")
            continue
        if len(rs) < MIN_READS:
            print(f"{reader}: {len(rs)} reads, too few for a curve (at least {MIN_READS}); left raw")
            continue
        # The ridge pulls towards no change: a = 1, every other coefficient 0.
        w = fit(rs, prior=[1.0] + [0.0] * (len(rs[0][0]) - 1))
        raw = [(sigmoid(x[0]), y) for x, y in rs]
        cal = [(sigmoid(sum(wi * xi for wi, xi in zip(w, x))), y) for x, y in rs]
        names = ["a", "b", "c"][:len(w)]
        chance = ece_by_chance([c for c, _ in cal])
        print(f"{reader}: {len(rs)} reads, {sum(y for _, y in rs) / len(rs):.3f} right, ECE {ece(raw):.3f} -> {ece(cal):.3f} ("
              + ", ".join(f"{n}={v:.3f}" for n, v in zip(names, w))
              + f"); a perfectly calibrated reader would measure {chance[0]:.3f} by chance, up to {chance[1]:.3f}")
        result[reader] = {**{n: round(v, 4) for n, v in zip(names, w)}, "reads": len(rs)}
    return result


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("eval_out")
    ap.add_argument("truth_dir")
    ap.add_argument("--out", required=True)
    ap.add_argument("--plate-probability", action="store_true", help="weigh the plate reader's 'this is a plate' too")
    ap.add_argument("--non-plates", action="store_true", help="plates overlapping no true plate join as wrong reads")
    ap.add_argument("--readers", nargs="+", help="fit curves for these readers only (read_by: plate-reader, tesseract); "
                    "the others keep their raw confidences")
    a = ap.parse_args()
    truth = {}
    for txt in glob.glob(os.path.join(a.truth_dir, "*", "*.txt")):
        for line in open(txt, encoding="utf-8"):
            f = line.rstrip("\n").split("\t")
            if len(f) >= 6:
                truth.setdefault(f[0], []).append(((float(f[1]), float(f[2]), float(f[3]), float(f[4])), f[5]))
    # reader -> [(features, y)]: (logit raw, 1), with --plate-probability also the logit of "is a plate".
    rows = {}

    def add(p, y):
        x = (logit(p["confidence"]), 1.0)
        if a.plate_probability:
            pp = p.get("plate_probability")
            x += (logit(1.0 if pp is None else pp),)
        rows.setdefault(p.get("read_by", "tesseract"), []).append((x, y))

    for line in open(os.path.join(a.eval_out, "results.jsonl"), encoding="utf-8"):
        r = json.loads(line)
        truths = truth.get(os.path.basename(r["file"]), [])
        for box, text in truths:
            over = [p for p in r["plates"] if iou(bounds(p["quad"]), box) >= 0.3]
            if not over:
                continue
            top = max(over, key=lambda p: p["confidence"])
            add(top, 1.0 if top["text"] == text else 0.0)
        if a.non_plates:
            for p in r["plates"]:
                if not any(iou(bounds(p["quad"]), box) >= 0.3 for box, _ in truths):
                    add(p, 0.0)
    unknown = [r for r in a.readers or [] if r not in rows]
    if unknown:
        ap.error(f"--readers {' '.join(unknown)}: no such reader's reads in {a.eval_out} (there: {', '.join(sorted(rows)) or 'none'})")
    result = curves(rows, a.readers)
    with open(a.out, "w", encoding="utf-8") as f:
        json.dump(result, f, indent=2)
        f.write("\n")
    print(f"wrote {a.out}")


if __name__ == "__main__":
    main()
