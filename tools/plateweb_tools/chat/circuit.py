"""A copying circuit built into a fresh model before training: previous-token heads and induction heads.

Every answer copies plates, dates and counts from the facts, letter by letter. A transformer learns to
copy with two heads that work together ("induction heads"): one tells each position which tokens came
just before it, the next finds the earlier place where the current tokens stood and copies what
followed. Gradient descent finds that pair only after a long plateau; measured here on 2 CPU cores,
a 2.5 M-parameter model still copied at chance after 5 000 dialogue steps, and after 400 steps of a
pure copying task. So the pair is written into the weights at initialisation and kept fixed during
training (Freezer), while every other weight learns to use it: when to copy, and from which fact.

Layout of the residual stream (dim D, head size >= 64, at least 3 heads):
  [0, C)       token content (C = D - 1 - 2K), the part of the embedding training shapes freely;
  C            a constant: the same value in every token embedding, for position-only attention;
  [C+1, C+1+K) code of the previous token, written by layer 0 head 0;
  [C+1+K, D)   code of the token before that, written by layer 0 head 1.
A token's code is a fixed random projection (K dims) of its normalised content.

Layer 0, heads 0 and 1 attend one and two positions back: their queries and keys read only the
constant, with a rotary phase per pair chosen so that the score peaks at that offset.
Layer 1, every head: query = (code of this token, code of the previous one), key = (code of the token
before, code of the one before that), in the slowly rotating rotary pairs (position-free over a
context). The score peaks where the last two tokens occurred before; the heads' values carry the
content of the token found there (each head one slice), which raises its logit: the model continues
the copy. Nothing else is fixed; the other heads and layers start as usual.
"""
import math

import torch

K = 16  # code size


def layout(cfg):
    if cfg.head_dim < 4 * K or cfg.n_heads < 3 or cfg.n_kv_heads != cfg.n_heads or cfg.n_layers < 2:
        raise ValueError("the copying circuit needs multi-head attention, head size >= 64, 3 heads and 2 layers")
    if not cfg.tie_embeddings:
        raise ValueError("the copying circuit needs tied embeddings")
    content = cfg.dim - 1 - 2 * K
    return content, content, content + 1, content + 1 + K


def slow_pairs(cfg, max_distance=512, max_angle=0.7):
    """Rotary pairs that turn by at most max_angle over max_distance tokens."""
    hd = cfg.head_dim
    theta = cfg.rope_theta ** (-torch.arange(0, hd, 2, dtype=torch.float64) / hd)
    return [p for p in range(hd // 2) if theta[p] * max_distance <= max_angle], theta


@torch.no_grad()
def install(model, seed=0, const=0.25, amp=10.0, fast_pairs=8, match_gain=3.5, copy_gain=0.3, out_gain=3.0):
    cfg = model.cfg
    content, c_idx, prev1, prev2 = layout(cfg)
    hd = cfg.head_dim
    g = torch.Generator().manual_seed(seed)
    slow, theta = slow_pairs(cfg)
    if len(slow) < K:
        raise ValueError(f"only {len(slow)} slowly rotating pairs; raise rope_theta")
    slow = slow[-K:]

    emb = model.tok_emb.weight
    emb[:, content:] = 0.0
    emb[:, c_idx] = const
    rms0 = float(emb.pow(2).mean(dim=1).sqrt().mean())
    code = torch.randn(K, content, generator=g)
    code /= code.norm(dim=1, keepdim=True)

    # Layer 0: heads 0 and 1 look 1 and 2 tokens back and write the code of what they see.
    a0 = model.layers[0].attn
    const_hat = const / rms0  # the constant after RMSNorm
    for h, offset, dst in ((0, 1, prev1), (1, 2, prev2)):
        rows = slice(h * hd, (h + 1) * hd)
        a0.wq.weight[rows] = 0.0
        a0.wk.weight[rows] = 0.0
        a0.wv.weight[rows] = 0.0
        for p in range(fast_pairs):
            t = float(theta[p])
            a0.wq.weight[h * hd + 2 * p, c_idx] = amp * math.cos(-offset * t) / const_hat
            a0.wq.weight[h * hd + 2 * p + 1, c_idx] = amp * math.sin(-offset * t) / const_hat
            a0.wk.weight[h * hd + 2 * p, c_idx] = amp / const_hat
        a0.wv.weight[h * hd: h * hd + K, :content] = code
        a0.wo.weight[:, rows] = 0.0
        # the code enters the residual at about the size of one content coordinate
        a0.wo.weight[dst:dst + K, h * hd: h * hd + K] = torch.eye(K) * rms0
    # the free head of layer 0 and the feed-forward blocks of layers 0-1 start silent, so that they
    # do not blur the codes before training gives them something to do
    for h in range(2, cfg.n_heads):
        a0.wo.weight[:, h * hd:(h + 1) * hd] = 0.0
    for i in (0, 1):
        model.layers[i].ffn.down.weight.zero_()

    # Layer 1: induction heads.
    a1 = model.layers[1].attn
    a1.wq.weight.zero_()
    a1.wk.weight.zero_()
    a1.wv.weight.zero_()
    a1.wo.weight.zero_()
    per_head = math.ceil(content / cfg.n_heads)
    for h in range(cfg.n_heads):
        base = h * hd
        dims = [base + 2 * p + r for p in slow for r in (0, 1)]  # 2K position-free dims of this head
        first, second = dims[:K], dims[K:]
        for j in range(K):
            a1.wq.weight[first[j], :content] = match_gain * code[j]
            a1.wk.weight[first[j], prev1 + j] = match_gain
            a1.wq.weight[second[j], prev1 + j] = match_gain
            a1.wk.weight[second[j], prev2 + j] = match_gain
        lo, hi = h * per_head, min(content, (h + 1) * per_head)
        for j, dim in enumerate(range(lo, hi)):
            a1.wv.weight[base + j, dim] = 1.0
            a1.wo.weight[dim, base + j] = copy_gain
    model.norm.weight.fill_(out_gain)


def frozen_entries(model):
    """{parameter name: boolean mask} of the weights install() wrote: training keeps them as installed
    (see Freezer), so the learning rate cannot wash the circuit out before the rest has learnt to use it."""
    cfg = model.cfg
    content, *_ = layout(cfg)
    hd = cfg.head_dim
    masks = {}
    p = dict(model.named_parameters())

    def mask(name):
        return masks.setdefault(name, torch.zeros_like(p[name], dtype=torch.bool))

    mask("tok_emb.weight")[:, content:] = True
    for w in ("wq", "wk", "wv"):
        mask(f"layers.0.attn.{w}.weight")[:2 * hd] = True
        mask(f"layers.1.attn.{w}.weight")[:] = True
    mask("layers.0.attn.wo.weight")[:, :2 * hd] = True
    mask("layers.1.attn.wo.weight")[:] = True
    mask("layers.0.attn_norm.weight")[:] = True
    mask("layers.1.attn_norm.weight")[:] = True
    return masks


class Freezer:
    """Puts the installed circuit back after every optimiser step (AdamW's weight decay would move it
    even with its gradients zeroed)."""

    def __init__(self, model):
        params = dict(model.named_parameters())
        self.items = [(params[n], m, params[n].detach().clone()) for n, m in frozen_entries(model).items()]

    @torch.no_grad()
    def restore(self):
        for p, m, saved in self.items:
            p[m] = saved[m]


def present(model):
    """Whether the model carries the circuit (a fine-tuned copy of a model trained with it): layer 0's
    first head reads nothing but the constant coordinate."""
    try:
        content, c_idx, _, _ = layout(model.cfg)
    except ValueError:
        return False
    wq = model.layers[0].attn.wq.weight[:model.cfg.head_dim]
    rest = torch.cat((wq[:, :c_idx], wq[:, c_idx + 1:]), dim=1)
    return bool(wq[:, c_idx].abs().max() > 0) and bool(rest.abs().max() == 0)
