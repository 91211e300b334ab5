"""Trains the chat model on the corpus (or fine-tunes a trained one on extra dialogues).

  # the shipped model (about an hour on 2 cores): corpus, tokenizer, training, GGUF
  PYTHONPATH=tools /usr/bin/python3 -m plateweb_tools.chat.corpus --out tools/out/corpus
  PYTHONPATH=tools /usr/bin/python3 -m plateweb_tools.chat.train --corpus tools/out/corpus --out tools/out/run
  PYTHONPATH=tools /usr/bin/python3 -m plateweb_tools.chat.export_gguf tools/out/run models/plate-chat-v1.gguf

  # fine-tuning: continue from a checkpoint on a JSONL of your own dialogues
  PYTHONPATH=tools /usr/bin/python3 -m plateweb_tools.chat.train --init tools/out/run/checkpoint.pt --data my-pairs.jsonl \
      --corpus tools/out/corpus --out tools/out/ft --steps 300 --lr 3e-4

Fixed seed; a checkpoint every --ckpt-every steps (a run started again with the same --out resumes
from it); loss curves in OUT/loss.png; the settings of the run in OUT/settings.json.
"""
import argparse
import datetime as dt
import json
import math
import os
import random
import sys
import time

# Waiting OpenMP threads sleep instead of spinning. On a busy machine a spinning thread burns the
# time slice its partner needs to reach the barrier: measured here, 2 threads ran 5x slower than
# with this setting. libgomp reads it when torch loads, hence before the import.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import numpy as np  # noqa: E402
import torch  # noqa: E402

from . import circuit  # noqa: E402
from .export_gguf import checkpoint_from_gguf  # noqa: E402
from .model import Llama, ModelConfig  # noqa: E402
from .prompt import IM_END, render_prompt, system_message  # noqa: E402
from .tokenizer import Tokenizer, train as train_tokenizer  # noqa: E402

SIZES = {
    # name: dim, layers, heads, kv heads, ffn
    "tiny": (64, 2, 2, 2, 128),
    "small": (192, 4, 3, 3, 576),
    "medium": (256, 4, 4, 4, 640),
    "base": (320, 5, 5, 5, 864),
}


# --------------------------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------------------------

def read_jsonl(path):
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, start=1):
            line = line.strip()
            if not line:
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError as e:
                sys.exit(f"{path}:{n}: not valid JSON ({e.msg})")


def extra_dialogue(d, path, n):
    """A line of a user's own JSONL: either a full dialogue (system, user, answer) or a question/answer
    pair with optional facts, lang, intent, today and period, rendered like the grounding layer does."""
    if "system" in d and "user" in d and "answer" in d:
        return {"system": d["system"], "user": d["user"], "answer": d["answer"]}
    if "question" not in d or "answer" not in d:
        sys.exit(f"{path}:{n}: each line needs \"question\" and \"answer\" (or \"system\", \"user\", \"answer\")")
    facts = d.get("facts") or []
    facts = [f if f.startswith("[") else f"[{i}] {f}" for i, f in enumerate(facts, start=1)]
    lang = d.get("lang") or ("fr" if any(c in d["question"] for c in "éèàçêù") else "en")
    system = system_message(d.get("today") or dt.date.today().isoformat(), lang, d.get("intent") or "help",
                            d.get("period") or "all", facts)
    return {"system": system, "user": d["question"], "answer": d["answer"]}


def encode(tok, d):
    prompt = [tok.bos] + tok.encode(render_prompt(d["system"], d["user"]))
    answer = tok.encode(d["answer"] + IM_END)
    return prompt, answer


def repeated_trigrams(ids, prompt_len):
    """Prompt positions whose next token repeats an earlier three-token sequence: a plate, a date or a
    phrase written a second time in the facts or the question. Predicting them is pure copying, the
    skill the answers need, so they get a loss weight too (--copy-weight)."""
    seen, out = set(), []
    for t in range(2, prompt_len):
        tri = (int(ids[t - 2]), int(ids[t - 1]), int(ids[t]))
        if tri in seen:
            out.append(t - 1)  # position t-1 predicts token t
        seen.add(tri)
    return np.array(out, dtype=np.int64)


class Dataset:
    """Tokenised dialogues; the loss is on the answer and its closing <|im_end|> only."""

    def __init__(self, tok, dialogues, max_len, prompt_weight=0.0, copy_weight=0.0):
        self.prompt_weight = prompt_weight
        self.copy_weight = copy_weight
        self.items = []
        self.dropped = 0
        for d in dialogues:
            p, a = encode(tok, d)
            if len(p) + len(a) > max_len:
                self.dropped += 1
                continue
            self.items.append((np.array(p + a, dtype=np.int32), len(p)))
        self.shared = self._common_prefix()
        self.repeats = [repeated_trigrams(ids, p) for ids, p in self.items] if copy_weight else None

    def _common_prefix(self):
        if not self.items:
            return 0
        first = self.items[0][0]
        n = min(len(first), min(p for _, p in self.items)) - 1
        for ids, _ in self.items[1:]:
            k = 0
            while k < n and ids[k] == first[k]:
                k += 1
            n = k
        return n

    def __len__(self):
        return len(self.items)

    def batches(self, rng, batch_tokens):
        """Batches of similar lengths (little padding), in random order, forever."""
        while True:
            order = list(range(len(self.items)))
            rng.shuffle(order)
            chunk = 2000
            batches = []
            for s in range(0, len(order), chunk):
                part = sorted(order[s:s + chunk], key=lambda i: len(self.items[i][0]))
                cur, longest = [], 0
                for i in part:
                    L = len(self.items[i][0])
                    if cur and max(longest, L) * (len(cur) + 1) > batch_tokens:
                        batches.append(cur)
                        cur, longest = [], 0
                    cur.append(i)
                    longest = max(longest, L)
                if cur:
                    batches.append(cur)
            rng.shuffle(batches)
            for b in batches:
                yield self.collate(b)

    def collate(self, idxs):
        T = max(len(self.items[i][0]) for i in idxs) - 1
        x = np.zeros((len(idxs), T), dtype=np.int64)
        y = np.zeros((len(idxs), T), dtype=np.int64)
        w = np.zeros((len(idxs), T), dtype=np.float32)
        for r, i in enumerate(idxs):
            ids, p = self.items[i]
            n = len(ids) - 1
            x[r, :n] = ids[:-1]
            y[r, :n] = ids[1:]
            # The prompt's own tokens get a smaller weight: its second mention of a plate or a date is a
            # copy of the first, which teaches the copying heads sooner at no extra cost.
            w[r, self.shared:p - 1] = self.prompt_weight
            if self.repeats is not None:
                rep = self.repeats[i]
                rep = rep[rep >= self.shared]
                w[r, rep] = np.maximum(w[r, rep], self.copy_weight)
            w[r, p - 1:n] = 1.0  # predict every answer token, from the last prompt token on
        return torch.from_numpy(x), torch.from_numpy(y), torch.from_numpy(w)


class InductionBatches:
    """Warm-up batches that teach copying: a random token span, random filler, then the span again, with
    the loss on the repeat. Every answer copies plates and dates from the facts, and the heads that do
    it ("induction heads") form within ~100 steps on such sequences, while thousands of dialogue steps
    alone did not make them appear (measured here: copy tokens stayed near chance after 5000 steps)."""

    def __init__(self, tok, rng, batch=16):
        self.rng, self.batch = rng, batch
        self.plate = [tok.sp.piece_to_id(c) for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-:%#"] + [tok.sp.piece_to_id("▁")]
        self.normal = [i for i in range(tok.vocab_size)
                       if not (tok.sp.is_control(i) or tok.sp.is_byte(i) or tok.sp.is_unknown(i)
                               or tok.sp.id_to_piece(i) in ("<|im_start|>", "<|im_end|>"))]

    def _span(self, n):
        pool = self.plate if self.rng.random() < 0.6 else self.normal
        return [self.rng.choice(pool) for _ in range(n)]

    def __next__(self):
        seqs, weights = [], []
        for _ in range(self.batch):
            a = self._span(self.rng.randint(8, 40))
            filler = self._span(self.rng.randint(0, 160))
            seq = a + filler + a
            w = [0.0] * (len(a) + len(filler)) + [0.0] + [1.0] * (len(a) - 1)
            seqs.append(seq)
            weights.append(w)
        T = max(len(s) for s in seqs) - 1
        x = np.zeros((self.batch, T), dtype=np.int64)
        y = np.zeros((self.batch, T), dtype=np.int64)
        w = np.zeros((self.batch, T), dtype=np.float32)
        for r, (seq, ww) in enumerate(zip(seqs, weights)):
            n = len(seq) - 1
            x[r, :n], y[r, :n], w[r, :n] = seq[:-1], seq[1:], ww[1:]
        return torch.from_numpy(x), torch.from_numpy(y), torch.from_numpy(w)


# --------------------------------------------------------------------------------------------
# Evaluation: greedy answers checked against what they must contain
# --------------------------------------------------------------------------------------------

NOT_IN_DATA = ("not in the data", "pas dans les données")


def check_answer(answer, d):
    """(ok, invented plates) for one dialogue with "kind" and "expect" (corpus.py / eval/heldout.jsonl)."""
    if d.get("kind") == "nofacts":
        ok = any(p in answer for p in NOT_IN_DATA)
    else:
        ok = all(e in answer for e in d.get("expect", []))
    return ok


def greedy_eval(model, tok, dialogues, max_new=120, log=None):
    model.eval()
    stats = {}
    failures = []
    for d in dialogues:
        p, _ = encode(tok, d)
        out = model.generate(p, max_new, tok.im_end)
        answer = tok.decode(out)
        ok = check_answer(answer, d)
        key = d.get("kind", "fact")
        s = stats.setdefault(key, [0, 0])
        s[0] += ok
        s[1] += 1
        if not ok:
            failures.append({"question": d["user"], "expect": d.get("expect"), "answer": answer, "reference": d["answer"]})
    model.train()
    if log:
        for f in failures[:8]:
            log(f"  miss: {f['question']!r} -> {f['answer']!r} (expected {f['expect']})")
    return {k: v[0] / v[1] for k, v in stats.items()}, stats, failures


# --------------------------------------------------------------------------------------------
# Progress, plots, checkpoints
# --------------------------------------------------------------------------------------------

class Progress:
    """A progress bar on a terminal; one line every few percent in a log file."""

    def __init__(self, total, start=0):
        self.total, self.t0, self.start = total, time.time(), start
        self.tty = sys.stderr.isatty()
        self.last_line = -1

    def update(self, step, text):
        done = step / self.total
        elapsed = time.time() - self.t0
        rate = (step - self.start) / elapsed if elapsed > 0 else 0
        eta = (self.total - step) / rate if rate > 0 else 0
        bar = "#" * int(30 * done) + "-" * (30 - int(30 * done))
        line = f"[{bar}] {step}/{self.total} {text} eta {eta / 60:.1f} min"
        if self.tty:
            sys.stderr.write("\r" + line)
            sys.stderr.flush()
        elif int(done * 50) != self.last_line:
            self.last_line = int(done * 50)
            print(line, flush=True)

    def close(self):
        if self.tty:
            sys.stderr.write("\n")


def plot(history, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(7, 4))
    if history["train"]:
        s, l = zip(*history["train"])
        k = max(1, len(l) // 100)
        smooth = np.convolve(l, np.ones(k) / k, mode="valid")
        ax.plot(s[k - 1:], smooth, label="train (answer tokens)")
    if history["valid"]:
        s, l = zip(*history["valid"])
        ax.plot(s, l, "o-", label="valid (held-out templates and plates)")
    ax.set_xlabel("step")
    ax.set_ylabel("cross-entropy (nats/token)")
    ax.set_yscale("log")
    ax.grid(True, alpha=0.3)
    ax.legend()
    ax.set_title("plate-chat training loss")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def save_checkpoint(path, model, opt, step, history, cfg, args, rng, elapsed):
    tmp = path + ".tmp"
    torch.save({"model": model.state_dict(), "optimizer": opt.state_dict() if opt else None, "step": step,
                "history": history, "config": cfg.to_dict(), "args": vars(args), "elapsed": elapsed,
                "rng": rng.getstate(), "torch_rng": torch.get_rng_state()}, tmp)
    os.replace(tmp, path)


def lr_at(step, args):
    if step < args.warmup:
        return args.lr * (step + 1) / args.warmup
    p = min(1.0, (step - args.warmup) / max(1, args.steps - args.warmup))
    return args.lr * (args.min_lr_ratio + (1 - args.min_lr_ratio) * 0.5 * (1 + math.cos(math.pi * p)))


# --------------------------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", required=True, help="folder with train.jsonl and valid.jsonl (corpus.py --out)")
    ap.add_argument("--out", required=True, help="run folder: checkpoint.pt, tokenizer.model, loss.png, settings.json")
    ap.add_argument("--size", choices=sorted(SIZES), default="small")
    ap.add_argument("--vocab", type=int, default=3000)
    ap.add_argument("--max-len", type=int, default=768)
    ap.add_argument("--steps", type=int, default=3000)
    ap.add_argument("--batch-tokens", type=int, default=4096)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--min-lr-ratio", type=float, default=0.1)
    ap.add_argument("--warmup", type=int, default=100)
    ap.add_argument("--weight-decay", type=float, default=0.05)
    ap.add_argument("--prompt-weight", type=float, default=0.0, help="loss weight of the prompt tokens (answers: 1)")
    ap.add_argument("--copy-weight", type=float, default=0.5, help="loss weight of prompt tokens that repeat an earlier trigram")
    ap.add_argument("--seed", type=int, default=1234)
    ap.add_argument("--rope-theta", type=float, default=1e6,
                    help="rotary base; large, so that the copying heads have position-free pairs")
    ap.add_argument("--freeze-circuit", type=int, default=10**9,
                    help="keep the installed circuit's weights fixed for the first N steps (default: the whole run)")
    ap.add_argument("--no-circuit", dest="circuit", action="store_false",
                    help="start from plain random weights instead of installing the copying circuit")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--eval-every", type=int, default=250)
    ap.add_argument("--ckpt-every", type=int, default=100)
    ap.add_argument("--final-eval", type=int, default=200, help="valid dialogues answered greedily at the end")
    ap.add_argument("--init", help="checkpoint.pt (tokenizer.model beside it) or GGUF written by export_gguf.py "
                                   "(NAME.tokenizer.model beside it) to fine-tune")
    ap.add_argument("--tokenizer", help="use this tokenizer.model instead of training one")
    ap.add_argument("--data", help="extra JSONL dialogues for fine-tuning (see README.md)")
    ap.add_argument("--replay", type=int, default=4000, help="corpus dialogues mixed with --data (keeps what was learnt)")
    ap.add_argument("--induction-steps", type=int, default=0,
                    help="the first N steps also train on a batch of repeated random spans (copying warm-up)")
    ap.add_argument("--mix", action="append", help="more training JSONL (e.g. OUT/corpus/drills.jsonl); repeatable")
    ap.add_argument("--limit", type=int, default=0, help="use only the first N train dialogues (tests)")
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)
    log_lines = []

    def log(msg):
        print(msg, flush=True)
        log_lines.append(msg)

    tok_path = os.path.join(args.out, "tokenizer.model")
    init = None
    src_tok = args.tokenizer
    if args.init:
        if not os.path.exists(args.init):
            sys.exit(f"--init: {args.init} not found")
        if args.init.endswith(".gguf"):
            init = checkpoint_from_gguf(args.init)
            src_tok = src_tok or args.init[:-len(".gguf")] + ".tokenizer.model"
        else:
            init = torch.load(args.init, map_location="cpu")
            src_tok = src_tok or os.path.join(os.path.dirname(os.path.abspath(args.init)), "tokenizer.model")
        if not os.path.exists(src_tok):
            sys.exit(f"--init: the tokenizer {src_tok} is missing (give it with --tokenizer)")
    if src_tok and os.path.abspath(src_tok) != os.path.abspath(tok_path):
        with open(src_tok, "rb") as a, open(tok_path, "wb") as b:
            b.write(a.read())
    elif not os.path.exists(tok_path):
        train_tokenizer(os.path.join(args.corpus, "train.jsonl"), args.out, args.vocab)
    tok = Tokenizer(tok_path)

    train_dialogues = list(read_jsonl(os.path.join(args.corpus, "train.jsonl")))
    if args.limit:
        train_dialogues = train_dialogues[:args.limit]
    for path in args.mix or []:
        mixed = list(read_jsonl(path))
        train_dialogues += mixed
        log(f"mixed in {len(mixed)} dialogues from {path}")
    valid_dialogues = list(read_jsonl(os.path.join(args.corpus, "valid.jsonl")))
    if args.data:
        extra = [extra_dialogue(d, args.data, n) for n, d in enumerate(read_jsonl(args.data), start=1)]
        if not extra:
            sys.exit(f"{args.data}: no dialogues")
        rng.shuffle(train_dialogues)
        # The user's pairs are repeated so they weigh as much as the replayed corpus.
        reps = max(1, args.replay // (4 * len(extra)))
        train_dialogues = train_dialogues[:args.replay] + extra * reps
        log(f"fine-tuning on {len(extra)} extra dialogues (x{reps}) + {min(args.replay, len(train_dialogues))} corpus dialogues")
    train_set = Dataset(tok, train_dialogues, args.max_len, args.prompt_weight, args.copy_weight)
    valid_set = Dataset(tok, valid_dialogues[:300], args.max_len)
    log(f"train {len(train_set)} dialogues ({train_set.dropped} longer than {args.max_len} dropped), "
        f"valid {len(valid_set)}, shared prefix {train_set.shared} tokens, vocab {tok.vocab_size}")

    if init:
        cfg = ModelConfig(**init["config"])
    else:
        dim, layers, heads, kv, ffn = SIZES[args.size]
        cfg = ModelConfig(vocab_size=tok.vocab_size, dim=dim, n_layers=layers, n_heads=heads, n_kv_heads=kv,
                          ffn_dim=ffn, max_seq_len=1024, rope_theta=args.rope_theta)
    model = Llama(cfg)
    if init:
        model.load_state_dict(init["model"])
    freezer = None
    if init and circuit.present(model):
        freezer = circuit.Freezer(model)
        log("the model carries the copying circuit: kept fixed while fine-tuning")
    elif not init and args.circuit:
        try:
            circuit.install(model, seed=args.seed)
            freezer = circuit.Freezer(model)
            log("copying circuit installed (circuit.py): previous-token heads in layer 0, induction heads in layer 1")
        except ValueError as e:
            log(f"copying circuit not installed: {e}")
    log(f"model {cfg.to_dict()}: {model.num_params() / 1e6:.2f} M parameters")

    decay = [p for n, p in model.named_parameters() if p.dim() >= 2]
    no_decay = [p for n, p in model.named_parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": args.weight_decay},
                             {"params": no_decay, "weight_decay": 0.0}], lr=args.lr, betas=(0.9, 0.95), eps=1e-8)

    ckpt_path = os.path.join(args.out, "checkpoint.pt")
    step, history, elapsed_before = 0, {"train": [], "valid": []}, 0.0
    if os.path.exists(ckpt_path) and not (init and os.path.abspath(args.init) == os.path.abspath(ckpt_path)):
        ck = torch.load(ckpt_path, map_location="cpu")
        if ck["step"] >= args.steps and ck.get("done"):
            log(f"{ckpt_path} already finished {ck['step']} steps")
        model.load_state_dict(ck["model"])
        if ck["optimizer"]:
            opt.load_state_dict(ck["optimizer"])
        step, history, elapsed_before = ck["step"], ck["history"], ck.get("elapsed", 0.0)
        rng.setstate(ck["rng"])
        torch.set_rng_state(ck["torch_rng"])
        log(f"resumed from {ckpt_path} at step {step}")

    # After a resume the batches come from the restored random state: reproducible, though not the
    # very batches an uninterrupted run would have drawn.
    batches = train_set.batches(rng, args.batch_tokens)
    induction = InductionBatches(tok, random.Random(args.seed + 1))
    ind_ema = None

    def valid_loss():
        model.eval()
        tot, n = 0.0, 0
        gen = valid_set.batches(random.Random(0), args.batch_tokens)
        with torch.no_grad():
            seen = 0
            while seen < len(valid_set):
                x, y, w = next(gen)
                tot += float(model.loss(x, y, w, valid_set.shared)) * x.shape[0]
                n += x.shape[0]
                seen += x.shape[0]
        model.train()
        return tot / max(1, n)

    prog = Progress(args.steps, step)
    t0 = time.time()
    tokens = 0
    model.train()
    ema = None
    while step < args.steps:
        x, y, w = next(batches)
        for g in opt.param_groups:
            g["lr"] = lr_at(step, args)
        loss = model.loss(x, y, w, train_set.shared)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        if step < args.induction_steps:
            ix, iy, iw = next(induction)
            ind_loss = model.loss(ix, iy, iw, 0)
            ind_loss.backward()
            ind_ema = float(ind_loss) if ind_ema is None else 0.9 * ind_ema + 0.1 * float(ind_loss)
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        if freezer and step < args.freeze_circuit:
            freezer.restore()
        step += 1
        tokens += x.numel()
        lv = float(loss)
        history["train"].append((step, lv))
        ema = lv if ema is None else 0.95 * ema + 0.05 * lv
        copy_text = f" copy {ind_ema:.3f}" if step <= args.induction_steps and ind_ema is not None else ""
        prog.update(step, f"loss {ema:.3f}{copy_text} lr {lr_at(step, args):.1e} {tokens / (time.time() - t0):.0f} tok/s")
        if step % args.eval_every == 0 or step == args.steps:
            vl = valid_loss()
            history["valid"].append((step, vl))
            log(f"step {step}: train {ema:.4f} valid {vl:.4f}")
            plot(history, os.path.join(args.out, "loss.png"))
        if step % args.ckpt_every == 0 or step == args.steps:
            save_checkpoint(ckpt_path, model, opt, step, history, cfg, args, rng, elapsed_before + time.time() - t0)
    prog.close()
    elapsed = elapsed_before + time.time() - t0

    ck = torch.load(ckpt_path, map_location="cpu")
    ck["done"] = True
    torch.save(ck, ckpt_path)
    plot(history, os.path.join(args.out, "loss.png"))

    rates = {}
    if args.final_eval:
        evald = [d for d in valid_dialogues if d.get("kind") in ("fact", "nofacts")][:args.final_eval]
        rates, counts, _ = greedy_eval(model, tok, evald, log=log)
        log(f"greedy answers on {len(evald)} valid dialogues: " + ", ".join(f"{k} {v:.1%}" for k, v in rates.items()))

    settings = {
        "model": cfg.to_dict(), "parameters": model.num_params(), "tokenizer": {"type": "sentencepiece bpe", "vocab": tok.vocab_size},
        "args": vars(args), "steps": step, "train_dialogues": len(train_set), "shared_prefix_tokens": train_set.shared,
        "training_seconds": round(elapsed), "torch": torch.__version__, "threads": args.threads,
        "final_train_loss": round(ema or 0, 4), "final_valid_loss": history["valid"][-1][1] if history["valid"] else None,
        "valid_greedy": rates, "finished": dt.datetime.now().isoformat(timespec="seconds"),
    }
    with open(os.path.join(args.out, "settings.json"), "w", encoding="utf-8") as fh:
        json.dump(settings, fh, indent=2, ensure_ascii=False)
    log(f"done: {step} steps in {elapsed / 60:.1f} min -> {args.out}")


if __name__ == "__main__":
    main()
