#!/usr/bin/env python3
"""Writes random licence-plate strings, one per line, for training PlateWeb's Tesseract model.

Standard library only and a fixed seed, so the same command always writes the same corpus.
The strings follow many national formats (EU, GB, US, BR) and are written with and without
spaces between the groups; dashes are never written because the recogniser's whitelist and the
model's character set are A-Z, 0-9 and space only. A share of free-form strings keeps the letter
and digit counts close to uniform, so rare letters (Q, X, Z, ...) are learnt as well as common ones.

    PYTHONPATH=tools /usr/bin/python3 -m plateweb_tools.tessdata.make_corpus --lines 20000 --seed 1 > corpus.txt
"""
import argparse
import collections
import random
import string
import sys

L = string.ascii_uppercase
D = string.digits

# A format is a list of groups; each group is a pattern of 'A' (letter), '9' (digit), '*' (either),
# or a literal string in quotes. Groups are joined with a space, or with nothing.
FORMATS = {
    "FR": ["AA", "999", "AA"],
    "FR-old": ["9999", "AA", "99"],
    "DE": ["AAA", "AA", "9999"],
    "DE2": ["A", "A", "999"],
    "DE3": ["AA", "AA", "99"],
    "IT": ["AA", "999", "AA"],
    "ES": ["9999", "AAA"],
    "NL": ["AA", "999", "A"],
    "NL2": ["99", "AAA", "9"],
    "NL3": ["A", "999", "AA"],
    "BE": ["9", "AAA", "999"],
    "PL": ["AA", "99999"],
    "PL2": ["AAA", "9AA9"],
    "GB": ["AA99", "AAA"],
    "GB-old": ["A999", "AAA"],
    "PT": ["99", "AA", "99"],
    "PT2": ["AA", "99", "AA"],
    "AT": ["A", "99999", "A"],
    "CH": ["AA", "999999"],
    "CZ": ["9A9", "9999"],
    "SK": ["AA", "999AA"],
    "SE": ["AAA", "999"],
    "SE2": ["AAA", "99A"],
    "RO": ["AA", "99", "AAA"],
    "HU": ["AAA", "999"],
    "US1": ["9AAA999"],
    "US2": ["AAA9999"],
    "US3": ["AAA", "999"],
    "US4": ["999", "AAA"],
    "US5": ["AA9", "A9A"],
    "US6": ["9AA", "A99"],
    "US7": ["AAA", "9A9"],
    "US8": ["99A", "999"],
    "US9": ["A99", "9AA"],
    "US10": ["9", "AAA", "99"],
    "US11": ["AA", "99999"],
    "US12": ["999", "9999"],
    "US13": ["AAAA", "99"],
    "BR": ["AAA9999"],
    "BR2": ["AAA", "9999"],
    "BR-merc": ["AAA9A99"],
}


def fill(pattern, rng, counts):
    out = []
    for p in pattern:
        if p == "A":
            pool = L
        elif p == "9":
            pool = D
        else:
            pool = L + D
        # Prefer the least used characters a little, to even out the frequencies.
        a, b = rng.choice(pool), rng.choice(pool)
        c = a if counts[a] <= counts[b] else b
        counts[c] += 1
        out.append(c)
    return "".join(out)


def plate(rng, counts):
    r = rng.random()
    if r < 0.12:
        # Free-form: 4-8 characters of any kind in 1-3 groups.
        n = rng.randint(4, 8)
        groups = [fill("*" * n, rng, counts)]
        if n >= 5 and rng.random() < 0.6:
            cut = rng.randint(1, n - 1)
            groups = [groups[0][:cut], groups[0][cut:]]
    else:
        name = rng.choice(sorted(FORMATS))
        groups = [fill(g, rng, counts) for g in FORMATS[name]]
        # Variable-length groups: districts and serials are often shorter.
        if name.startswith("DE") and rng.random() < 0.5:
            groups[0] = groups[0][: rng.randint(1, len(groups[0]))]
            groups[-1] = groups[-1][: rng.randint(1, len(groups[-1]))]
    sep = " " if rng.random() < 0.6 else ""
    return sep.join(groups)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lines", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--stats", action="store_true", help="print character counts to stderr")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    counts = collections.Counter({c: 0 for c in L + D})
    seen = set()
    written = 0
    while written < args.lines:
        s = plate(rng, counts)
        if s in seen:
            continue
        seen.add(s)
        sys.stdout.write(s + "\n")
        written += 1
    if args.stats:
        print(" ".join(f"{c}:{counts[c]}" for c in L + D), file=sys.stderr)


if __name__ == "__main__":
    main()
