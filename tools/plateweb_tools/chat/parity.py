"""Checks that a GGUF file computes what the PyTorch checkpoint computes.

  # 1. PyTorch side: prompts, token ids, greedy answers and first logits
  PYTHONPATH=tools /usr/bin/python3 -m plateweb_tools.chat.parity dump RUN_DIR PROMPTS.jsonl EXPECTED.jsonl
  # 2. the same prompts through llama.cpp (LLamaSharp), written as {"tokens", "generated", "text", "first_logits"}
  # 3. compare
  PYTHONPATH=tools /usr/bin/python3 -m plateweb_tools.chat.parity compare EXPECTED.jsonl LLAMA.jsonl

PROMPTS.jsonl holds dialogues as corpus.py writes them (system, user, ...), or {"prompt": text}.
"""
import argparse
import json
import os
import sys

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # see train.py

import numpy as np  # noqa: E402
import torch  # noqa: E402

from .model import Llama, ModelConfig  # noqa: E402
from .prompt import render_prompt  # noqa: E402
from .tokenizer import Tokenizer  # noqa: E402


def load_run(run_dir, checkpoint=None):
    ck = torch.load(checkpoint or os.path.join(run_dir, "checkpoint.pt"), map_location="cpu")
    model = Llama(ModelConfig(**ck["config"]))
    model.load_state_dict(ck["model"])
    model.eval()
    return model, Tokenizer(os.path.join(run_dir, "tokenizer.model"))


def dump(run_dir, prompts_path, out_path, limit, max_new):
    model, tok = load_run(run_dir)
    n = 0
    with open(prompts_path, encoding="utf-8") as fh, open(out_path, "w", encoding="utf-8") as out:
        for line in fh:
            if n >= limit:
                break
            d = json.loads(line)
            prompt = d["prompt"] if "prompt" in d else render_prompt(d["system"], d["user"])
            ids = [tok.bos] + tok.encode(prompt)
            with torch.no_grad():
                first = model(torch.tensor([ids]))[0, -1].numpy()
            margins = []
            gen = model.generate(ids, max_new, tok.im_end, margins=margins)
            out.write(json.dumps({"prompt": prompt, "tokens": ids, "generated": gen, "text": tok.decode(gen),
                                  "margins": [round(m, 5) for m in margins],
                                  "first_logits": [round(float(x), 5) for x in first]}, ensure_ascii=False) + "\n")
            n += 1
    print(f"{n} prompts -> {out_path}")


def compare(expected_path, actual_path):
    exp = [json.loads(l) for l in open(expected_path, encoding="utf-8")]
    act = [json.loads(l) for l in open(actual_path, encoding="utf-8")]
    if len(exp) != len(act):
        sys.exit(f"{len(exp)} expected lines, {len(act)} actual")
    tok_same = gen_same = text_same = 0
    max_diff, argmax_same = 0.0, 0
    for i, (e, a) in enumerate(zip(exp, act)):
        tok_same += e["tokens"] == a["tokens"]
        gen_same += e["generated"] == a["generated"]
        text_same += e["text"] == a["text"]
        le, la = np.array(e["first_logits"]), np.array(a["first_logits"])
        max_diff = max(max_diff, float(np.abs(le - la).max()))
        argmax_same += int(le.argmax() == la.argmax())
        if e["tokens"] != a["tokens"]:
            k = next((j for j, (x, y) in enumerate(zip(e["tokens"], a["tokens"])) if x != y), min(len(e["tokens"]), len(a["tokens"])))
            print(f"#{i} tokens differ at {k}: torch {e['tokens'][k:k + 6]} llama {a['tokens'][k:k + 6]}")
        elif e["generated"] != a["generated"]:
            print(f"#{i} answers differ:\n  torch {e['text']!r}\n  llama {a['text']!r}")
    n = len(exp)
    print(f"{n} prompts: same tokens {tok_same}/{n}, same first argmax {argmax_same}/{n}, "
          f"max |logit diff| {max_diff:.4f}, same greedy answer {gen_same}/{n} (text {text_same}/{n})")
    return tok_same == n and gen_same == n


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dump")
    d.add_argument("run")
    d.add_argument("prompts")
    d.add_argument("out")
    d.add_argument("--limit", type=int, default=50)
    d.add_argument("--max-new", type=int, default=120)
    c = sub.add_parser("compare")
    c.add_argument("expected")
    c.add_argument("actual")
    args = ap.parse_args()
    if args.cmd == "dump":
        dump(args.run, args.prompts, args.out, args.limit, args.max_new)
    else:
        sys.exit(0 if compare(args.expected, args.actual) else 1)


if __name__ == "__main__":
    main()
