"""Builds the plate pool the corpus is drawn from: data/plates.tsv and data/formats.tsv.

Random texts are generated for every layout of src/PlateWeb.Grammar/PlateFormats.cs,
then `./platectl explain` (English and French) says which formats each text really fits, its
display form and the grammar's own explanation. Only what the grammar says is stored, so the
corpus teaches the model the exact explanations the application will put in its facts.

From the repository root:  PYTHONPATH=tools /usr/bin/python3 -m plateweb_tools.chat.make_plates  (needs the .NET SDK; ~1 minute).
The output is committed; the corpus generator only reads it.
"""
import argparse
import os
import random
import string
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))

L = string.ascii_uppercase
D = string.digits
CONSONANTS_ES = "BCDFGHJKLMNPRSTVWXYZ"
NL_MODERN = "".join(c for c in L if c not in "AEIOUYCQW")
DE_DISTRICTS = ("B M K F S D HH HB MU KA BN DO DU HD HN KI KS LB MA MZ N OF OS PB RE RO SB SI "
                "UL WI WU AC BI BO DA DD E EN ER FR GE GI HA HG HI HR KN KO LU ME MG MK NE OB "
                "OG RA RE RS RT SG SN SU TR WAF BAD BER BOR CUX DAH EMS ERB FDS GER HAL HOM LAN "
                "LIP MEI NES OHA RDG ROS SAW SIG STA VER WES WIL").split()
CH_CANTONS = "AG AI AR BE BL BS FR GE GL GR JU LU NE NW OW SG SH SO SZ TG TI UR VD VS ZG ZH".split()
PL_2 = "WA WB WE WI WU KR PO GD LU SZ EL ZS OP BI".split()
PL_3 = "KRA WPR WOT GDA SRS KNS LUB".split()
AT_DISTRICTS = "W G L S K I B GU WU LL BN MD KS VB SL FK".split()


def pick(rng, alphabet, n):
    return "".join(rng.choice(alphabet) for _ in range(n))


def letters_without(excluded):
    return "".join(c for c in L if c not in excluded)


def generators(rng):
    """Intended format -> function returning a compact text (no separators)."""
    siv = letters_without("IOU")
    it = letters_without("IOQU")
    gb = letters_without("IQ")

    def nl(pattern, excluded):
        al = letters_without(excluded)
        return lambda: "".join(pick(rng, al, 1) if ch == "L" else pick(rng, D, 1) for ch in pattern if ch != "-")

    def pl2():
        serial = rng.choice([lambda: pick(rng, D, 5), lambda: pick(rng, D, 4) + pick(rng, letters_without("BDIOZ"), 1),
                             lambda: pick(rng, D, 3) + pick(rng, letters_without("BDIOZ"), 2)])
        return rng.choice(PL_2) + serial()

    def pl3():
        serial = rng.choice([lambda: pick(rng, D, 4), lambda: pick(rng, letters_without("BDIOZ"), 1) + pick(rng, D, 3),
                             lambda: pick(rng, D, 2) + pick(rng, letters_without("BDIOZ"), 2)])
        return rng.choice(PL_3) + serial()

    def de(suffix=""):
        def make():
            district = rng.choice(DE_DISTRICTS)
            room = 8 - len(district) - len(suffix)
            letters = pick(rng, L, rng.choice([1, 2]))
            digits = pick(rng, "123456789", 1) + pick(rng, D, rng.randint(0, min(3, room - len(letters) - 1)))
            return district + letters + digits + suffix
        return make

    return {
        "FR-SIV": lambda: pick(rng, siv, 2) + pick(rng, D, 3) + pick(rng, siv, 2),
        "FR-FNI": lambda: pick(rng, "123456789", 1) + pick(rng, D, rng.randint(1, 3)) + pick(rng, L, rng.randint(2, 3)) + rng.choice(["75", "13", "69", "33", "59", "06", "31", "44", "67", "92", "93", "94"]),
        "DE": de(),
        "DE-EH": de(rng.choice("EH")),
        "IT": lambda: pick(rng, it, 2) + pick(rng, D, 3) + pick(rng, it, 2),
        "ES": lambda: pick(rng, D, 4) + pick(rng, CONSONANTS_ES, 3),
        "ES-PROV": lambda: rng.choice(["M", "B", "V", "SE", "MA", "Z", "BI", "GR"]) + pick(rng, D, 4) + pick(rng, L, rng.choice([1, 2])),
        "NL-4": nl("LL-DD-LL", "AEIOUYCQW"),
        "NL-5": nl("LL-LL-DD", "AEIOUYCQW"),
        "NL-6": nl("DD-LL-LL", "AEIOUYCQW"),
        "NL-7": nl("DD-LLL-D", "AEIOUYCQW"),
        "NL-8": nl("D-LLL-DD", "AEIOUYCQW"),
        "NL-9": nl("LL-DDD-L", "AEIOUYCQW"),
        "NL-10": nl("L-DDD-LL", "AEIOUYCQW"),
        "NL-11": nl("LLL-DD-L", "AEIOUYCQW"),
        "BE": lambda: rng.choice("12") + pick(rng, L, 3) + pick(rng, D, 3),
        "BE-OLD": lambda: pick(rng, L, 3) + pick(rng, D, 3),
        "SK": lambda: rng.choice(["BA", "BL", "KE", "NR", "TT", "ZA", "PO", "TN"]) + pick(rng, D, 3) + pick(rng, L, 2),
        "CZ": lambda: pick(rng, "123456789", 1) + rng.choice("ABCEHJKLMPSTUZ") + pick(rng, L + D, 1) + pick(rng, D, 4),
        "PL-2": pl2,
        "PL-3": pl3,
        "GB": lambda: pick(rng, gb, 2) + pick(rng, D, 2) + pick(rng, gb, 3),
        "GB-PREFIX": lambda: pick(rng, gb, 1) + pick(rng, "123456789", 1) + pick(rng, D, rng.randint(0, 2)) + pick(rng, gb, 3),
        "PT-2020": lambda: pick(rng, L, 2) + pick(rng, D, 2) + pick(rng, L, 2),
        "PT-2005": lambda: pick(rng, D, 2) + pick(rng, L, 2) + pick(rng, D, 2),
        "AT": lambda: rng.choice(AT_DISTRICTS) + pick(rng, "123456789", 1) + pick(rng, D, rng.randint(2, 4)) + pick(rng, L, rng.choice([0, 1, 2])),
        "CH": lambda: rng.choice(CH_CANTONS) + pick(rng, "123456789", 1) + pick(rng, D, rng.randint(2, 5)),
        "US-CA": lambda: pick(rng, "123456789", 1) + pick(rng, L, 3) + pick(rng, D, 3),
        "US-TX": lambda: pick(rng, L, 3) + pick(rng, D, 4),
        "US-FL": lambda: pick(rng, L, 4) + pick(rng, D, 2),
        "US-MO": lambda: pick(rng, L, 2) + pick(rng, D, 1) + pick(rng, L, 1) + pick(rng, D, 1) + pick(rng, L, 1),
        "BR-OLD": lambda: pick(rng, L, 3) + pick(rng, D, 4),
        "BR-MERCOSUL": lambda: pick(rng, L, 3) + pick(rng, D, 1) + pick(rng, "ABCDEFGHIJ", 1) + pick(rng, D, 2),
    }


# How many texts of each layout; French layouts dominate like in the app's audience.
WEIGHTS = {"FR-SIV": 900, "FR-FNI": 150, "DE": 400, "DE-EH": 60, "IT": 200, "ES": 250, "ES-PROV": 60,
           "BE": 200, "BE-OLD": 60, "SK": 60, "CZ": 80, "PL-2": 120, "PL-3": 80, "GB": 250, "GB-PREFIX": 60,
           "PT-2020": 80, "PT-2005": 60, "AT": 100, "CH": 150, "US-CA": 200, "US-TX": 100, "US-FL": 60,
           "US-MO": 60, "BR-OLD": 120, "BR-MERCOSUL": 150}
for _sc in range(4, 12):
    WEIGHTS[f"NL-{_sc}"] = 25


def explain(texts, french):
    """Runs platectl explain once for all texts; returns {compact text: [(display, format id, explanation)]}."""
    cmd = [os.path.join(ROOT, "platectl"), "explain"] + (["--fr"] if french else []) + texts
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
    if out.returncode not in (0, 1):
        sys.exit(f"platectl explain failed ({out.returncode}): {out.stderr}")
    result = {}
    for line in out.stdout.splitlines():
        parts = line.split("\t")
        if len(parts) != 3:
            continue
        display, fmt, expl = parts
        key = display.replace("-", "").replace(" ", "")
        result.setdefault(key, []).append((display, fmt, expl))
    return result


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", default=os.path.join(HERE, "data"))
    args = ap.parse_args()
    rng = random.Random(args.seed)
    gens = generators(rng)
    wanted = {}
    for fmt, n in WEIGHTS.items():
        made, tries = 0, 0
        while made < n and tries < n * 20:
            tries += 1
            text = gens[fmt]()
            if text not in wanted:
                wanted[text] = fmt
                made += 1
    texts = sorted(wanted)
    en = explain(texts, False)
    fr = explain(texts, True)
    formats = {}
    rows = []
    for text in texts:
        matches = en.get(text)
        if not matches or text not in fr:
            continue
        fr_by_fmt = {f: e for _, f, e in fr[text]}
        intended = wanted[text]
        ids = [f for _, f, _ in matches]
        # Keep the text when the intended layout is among the grammar's matches; the stored read takes it.
        if intended not in ids and not (intended == "US-TX" and "US-NY" in ids):
            continue
        for display, f, e in matches:
            formats.setdefault(f, (e, fr_by_fmt.get(f, e)))
        chosen = intended if intended in ids else ids[0]
        display = next(d for d, f, _ in matches if f == chosen)
        others = ";".join(f"{d}|{f}" for d, f, _ in matches)
        rows.append((text, display, chosen, others))
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "plates.tsv"), "w", encoding="utf-8", newline="\n") as fh:
        fh.write("# compact\tdisplay\tformat\tall matches (display|format;...) from platectl explain\n")
        for r in rows:
            fh.write("\t".join(r) + "\n")
    with open(os.path.join(args.out, "formats.tsv"), "w", encoding="utf-8", newline="\n") as fh:
        fh.write("# format\tcountry\texplanation (en)\texplanation (fr), from platectl explain\n")
        for f in sorted(formats):
            country = f.split("-")[0]
            fh.write(f"{f}\t{country}\t{formats[f][0]}\t{formats[f][1]}\n")
    print(f"{len(rows)} plates of {len(wanted)} generated, {len(formats)} formats -> {args.out}")


if __name__ == "__main__":
    main()
