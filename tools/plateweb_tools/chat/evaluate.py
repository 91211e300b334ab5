"""Held-out evaluation of a trained run with PyTorch, on the questions of eval/heldout.jsonl.

Each question comes with the facts the training tools' grounding simulation computed from
eval/seed.jsonl; the answer is generated greedily and checked like `platectl ask-eval` does
(eval/README.md): every `expect` string in the answer for "fact" questions, the "not in the data"
phrase for "nofacts" ones, and no plate string in the answer that is absent from the facts.

  PYTHONPATH=tools /usr/bin/python3 -m plateweb_tools.chat.evaluate tools/out/run [--limit N] [--failures out.jsonl]
"""
import argparse
import json
import os
import re
import sys
import time

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # see train.py

import torch  # noqa: E402

from .parity import load_run  # noqa: E402
from .prompt import render_prompt, system_message  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
NOT_IN_DATA = ("not in the data", "pas dans les données")
# A run of capitals and digits, possibly cut by dashes or single spaces, holding at least one of each.
PLATE_LIKE = re.compile(r"(?<![A-Za-z0-9])[A-Z0-9]+(?:[- ][A-Z0-9]+)*(?![A-Za-z0-9])")


def plate_strings(text):
    out = []
    for m in PLATE_LIKE.finditer(text):
        s = m.group(0)
        if re.search(r"[A-Z]", s) and re.search(r"[0-9]", s) and len(re.sub(r"[- ]", "", s)) >= 4:
            out.append(s)
    return out


def invented(answer, facts_text):
    """Plate-like strings of the answer that the facts do not contain (numbers glued on either side are
    tried off before a string counts as invented)."""
    bad = []
    for s in plate_strings(answer):
        if s in facts_text:
            continue
        parts = s.split(" ")
        ok = False
        for i in range(len(parts)):
            for j in range(len(parts), i, -1):
                core = " ".join(parts[i:j])
                rest = parts[:i] + parts[j:]
                if core in facts_text and all(p.isdigit() for p in rest):
                    ok = True
                    break
            if ok:
                break
        if not ok:
            bad.append(s)
    return bad


def check(row, answer):
    facts_text = "\n".join(row["facts"])
    if row["kind"] == "nofacts":
        ok = any(p in answer for p in NOT_IN_DATA)
    else:
        ok = all(e in answer for e in row["expect"])
    return ok, invented(answer, facts_text)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("run", help="run folder (checkpoint.pt, tokenizer.model)")
    ap.add_argument("--questions", default=os.path.join(HERE, "eval", "heldout.jsonl"))
    ap.add_argument("--checkpoint")
    ap.add_argument("--limit", type=int, default=0, help="at most N questions per language and kind")
    ap.add_argument("--failures", help="write the missed answers to this JSONL")
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    model, tok = load_run(args.run, args.checkpoint)
    rows = [json.loads(l) for l in open(args.questions, encoding="utf-8")]
    if args.limit:
        seen, kept = {}, []
        for r in rows:
            k = (r["lang"], r["kind"])
            if seen.get(k, 0) < args.limit:
                kept.append(r)
                seen[k] = seen.get(k, 0) + 1
        rows = kept
    stats, failures, inventions = {}, [], 0
    t0 = time.time()
    for i, r in enumerate(rows, start=1):
        system = system_message(r["today"], r["lang"], r["intent"], r["period"], r["facts"])
        ids = [tok.bos] + tok.encode(render_prompt(system, r["question"]))
        answer = tok.decode(model.generate(ids, 160, tok.im_end))
        ok, bad = check(r, answer)
        inventions += len(bad)
        s = stats.setdefault((r["lang"], r["kind"]), [0, 0])
        s[0] += ok
        s[1] += 1
        if not ok or bad:
            failures.append({**r, "answer": answer, "invented": bad})
        if i % 50 == 0:
            print(f"  {i}/{len(rows)} answered ({time.time() - t0:.0f} s)", file=sys.stderr, flush=True)
    for (lang, kind), (ok, n) in sorted(stats.items()):
        label = "right facts" if kind == "fact" else '"not in the data"'
        print(f"{lang} {kind:8s} {ok}/{n} = {ok / n:.1%} {label}")
    print(f"plate strings absent from the facts: {inventions}")
    if args.failures:
        with open(args.failures, "w", encoding="utf-8") as fh:
            for f in failures:
                fh.write(json.dumps(f, ensure_ascii=False) + "\n")
    for f in failures[:10]:
        print(f"  miss [{f['lang']} {f['intent']}] {f['question']!r}\n    -> {f['answer']!r}\n    expected {f['expect']} {f['invented'] or ''}")


if __name__ == "__main__":
    main()
