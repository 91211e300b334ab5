"""A Llama-architecture decoder, laid out exactly as llama.cpp's "llama" architecture computes it.

- RMSNorm before attention and before the feed-forward block, and once more before the output;
- rotary positions in llama.cpp's "normal" mode: ADJACENT pairs (x[2i], x[2i+1]) are rotated by
  theta_i = freq_base^(-2i/head_dim) (Meta's layout, so the exporter writes Q/K rows unpermuted);
- grouped-query attention (n_kv_heads divides n_heads; equal = multi-head), scale 1/sqrt(head_dim);
- SwiGLU feed-forward: down(silu(gate(x)) * up(x)); no biases anywhere;
- tied (output = token embedding) or separate output matrix.
"""
import math
from dataclasses import asdict, dataclass

import torch
import torch.nn as nn
import torch.nn.functional as F


@dataclass
class ModelConfig:
    vocab_size: int = 3000
    dim: int = 320
    n_layers: int = 5
    n_heads: int = 8
    n_kv_heads: int = 8
    ffn_dim: int = 864
    max_seq_len: int = 1024
    rope_theta: float = 10000.0
    norm_eps: float = 1e-5
    tie_embeddings: bool = True

    @property
    def head_dim(self):
        return self.dim // self.n_heads

    def to_dict(self):
        return asdict(self)


class RMSNorm(nn.Module):
    def __init__(self, dim, eps):
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(dim))

    def forward(self, x):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * self.weight


def rope_tables(head_dim, max_len, theta):
    inv = theta ** (-torch.arange(0, head_dim, 2, dtype=torch.float64) / head_dim)
    ang = torch.arange(max_len, dtype=torch.float64)[:, None] * inv[None, :]
    return torch.cos(ang).float(), torch.sin(ang).float()


def apply_rope(x, cos, sin):
    """x: (B, T, H, D); cos/sin: (T, D/2). Rotates the adjacent pairs (x[2i], x[2i+1])."""
    x0, x1 = x[..., 0::2], x[..., 1::2]
    c, s = cos[None, :, None, :], sin[None, :, None, :]
    return torch.stack((x0 * c - x1 * s, x0 * s + x1 * c), dim=-1).flatten(-2)


class Attention(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.n_heads, self.n_kv, self.hd = cfg.n_heads, cfg.n_kv_heads, cfg.head_dim
        self.wq = nn.Linear(cfg.dim, cfg.n_heads * self.hd, bias=False)
        self.wk = nn.Linear(cfg.dim, cfg.n_kv_heads * self.hd, bias=False)
        self.wv = nn.Linear(cfg.dim, cfg.n_kv_heads * self.hd, bias=False)
        self.wo = nn.Linear(cfg.n_heads * self.hd, cfg.dim, bias=False)

    def forward(self, x, cos, sin, mask, cache=None):
        b, t, _ = x.shape
        q = self.wq(x).view(b, t, self.n_heads, self.hd)
        k = self.wk(x).view(b, t, self.n_kv, self.hd)
        v = self.wv(x).view(b, t, self.n_kv, self.hd)
        q, k = apply_rope(q, cos, sin), apply_rope(k, cos, sin)
        if cache is not None:
            if "k" in cache:
                k = torch.cat((cache["k"], k), dim=1)
                v = torch.cat((cache["v"], v), dim=1)
            cache["k"], cache["v"] = k, v
        if self.n_kv != self.n_heads:
            rep = self.n_heads // self.n_kv
            k = k.repeat_interleave(rep, dim=2)
            v = v.repeat_interleave(rep, dim=2)
        # The scale goes on q (T x D) rather than on the scores (T x T): same result, less work on a CPU.
        q, k, v = (q * (1.0 / math.sqrt(self.hd))).transpose(1, 2), k.transpose(1, 2), v.transpose(1, 2)
        att = q @ k.transpose(-2, -1)
        if mask is not None:
            att = att.masked_fill(mask, float("-inf"))
        out = F.softmax(att, dim=-1) @ v
        return self.wo(out.transpose(1, 2).reshape(b, t, -1))


class FeedForward(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.gate = nn.Linear(cfg.dim, cfg.ffn_dim, bias=False)
        self.up = nn.Linear(cfg.dim, cfg.ffn_dim, bias=False)
        self.down = nn.Linear(cfg.ffn_dim, cfg.dim, bias=False)

    def forward(self, x):
        return self.down(F.silu(self.gate(x)) * self.up(x))


class Block(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.attn_norm = RMSNorm(cfg.dim, cfg.norm_eps)
        self.attn = Attention(cfg)
        self.ffn_norm = RMSNorm(cfg.dim, cfg.norm_eps)
        self.ffn = FeedForward(cfg)

    def forward(self, x, cos, sin, mask, cache=None):
        x = x + self.attn(self.attn_norm(x), cos, sin, mask, cache)
        return x + self.ffn(self.ffn_norm(x))


class Llama(nn.Module):
    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.cfg = cfg
        self.tok_emb = nn.Embedding(cfg.vocab_size, cfg.dim)
        self.layers = nn.ModuleList(Block(cfg) for _ in range(cfg.n_layers))
        self.norm = RMSNorm(cfg.dim, cfg.norm_eps)
        self.output = None if cfg.tie_embeddings else nn.Linear(cfg.dim, cfg.vocab_size, bias=False)
        cos, sin = rope_tables(cfg.head_dim, cfg.max_seq_len, cfg.rope_theta)
        self.register_buffer("cos", cos, persistent=False)
        self.register_buffer("sin", sin, persistent=False)
        self.apply(self._init)
        for name, p in self.named_parameters():
            if name.endswith("wo.weight") or name.endswith("down.weight"):
                nn.init.normal_(p, std=0.02 / math.sqrt(2 * cfg.n_layers))

    @staticmethod
    def _init(m):
        if isinstance(m, nn.Linear):
            nn.init.normal_(m.weight, std=0.02)
        elif isinstance(m, nn.Embedding):
            nn.init.normal_(m.weight, std=0.02)

    def num_params(self):
        return sum(p.numel() for p in self.parameters())

    def forward(self, idx, caches=None, start=0):
        """idx (B, T) -> logits (B, T, vocab). With caches (one dict per layer), T new tokens at `start`."""
        return self.project(self.hidden(idx, caches, start))

    def hidden(self, idx, caches=None, start=0):
        """Final-norm hidden states (B, T, dim), without the output projection."""
        b, t = idx.shape
        x = self.tok_emb(idx)
        cos, sin = self.cos[start:start + t], self.sin[start:start + t]
        mask = None
        if t > 1:
            mask = torch.ones((t, start + t), dtype=torch.bool, device=idx.device).triu(start + 1)
        for i, layer in enumerate(self.layers):
            x = layer(x, cos, sin, mask, None if caches is None else caches[i])
        return self.norm(x)

    def project(self, h):
        return F.linear(h, self.tok_emb.weight) if self.output is None else self.output(h)

    def loss(self, idx, targets, weights, shared_prefix=0):
        """Mean cross-entropy of the positions where weights > 0 (the answers).

        Every dialogue starts with the same tokens (BOS, the ChatML system header and the system
        prompt): those are run once for the whole batch and their keys/values shared, which saves
        about a fifth of the work. Only answer positions go through the output projection.
        """
        b = idx.shape[0]
        caches = None
        rest = idx
        if shared_prefix > 0:
            caches = [dict() for _ in self.layers]
            self.hidden(idx[:1, :shared_prefix], caches, 0)
            for c in caches:
                c["k"] = c["k"].expand(b, -1, -1, -1)
                c["v"] = c["v"].expand(b, -1, -1, -1)
            rest = idx[:, shared_prefix:]
        h = self.hidden(rest, caches, shared_prefix)
        w = weights[:, shared_prefix:]
        sel = w > 0
        logits = self.project(h[sel])
        ce = F.cross_entropy(logits, targets[:, shared_prefix:][sel], reduction="none")
        return (ce * w[sel]).sum() / w[sel].sum()

    @torch.no_grad()
    def generate(self, ids, max_new, stop_id, min_new=0, margins=None):
        """Greedy decoding with a key/value cache; returns the new token ids (without the stop token).
        margins, when a list, receives each step's gap between the best and second-best logit."""
        caches = [dict() for _ in self.layers]
        logits = self(torch.tensor([ids]), caches, 0)[0, -1]
        pos, out = len(ids), []
        for _ in range(max_new):
            nxt = int(torch.argmax(logits))
            if margins is not None:
                top = torch.topk(logits, 2).values
                margins.append(float(top[0] - top[1]))
            if nxt == stop_id and len(out) >= min_new:
                break
            out.append(nxt)
            if pos >= self.cfg.max_seq_len:
                break
            logits = self(torch.tensor([[nxt]]), caches, pos)[0, -1]
            pos += 1
        return out


def install_previous_token_head(model, amplitude=1.3, pairs=8, value_scale=1.0, seed=0):
    """Sets head 0 of layer 0 to attend to the previous token, and passes on what that token was.

    Copying a plate from the facts needs an "induction" circuit: a head that tells each position which
    token came before it, and a later head that looks for the earlier place where the current token
    stood and copies what followed. Gradient descent finds the pair only after a long plateau (here, no
    sign of it after thousands of steps); building the first head by hand shortens it.

    Every token embedding gets the same extra component along a unit vector u: the tied output layer
    adds the same value to every logit, so probabilities do not change, but after RMSNorm each position
    carries a constant along u. Head 0's queries and keys read only u, with a phase per rotary pair
    chosen so that q_m . k_n = sum_p A cos(((m - n) - 1) theta_p): highest one position back. Its
    values are a random projection of the token, written back into the residual stream.
    """
    cfg = model.cfg
    if not cfg.tie_embeddings:
        raise ValueError("the constant embedding component needs tied embeddings")
    g = torch.Generator().manual_seed(seed)
    hd, d = cfg.head_dim, cfg.dim
    with torch.no_grad():
        u = torch.randn(d, generator=g)
        u /= u.norm()
        emb = model.tok_emb.weight
        emb += emb.norm(dim=1).mean() * u  # as large as an average token vector
        attn = model.layers[0].attn
        theta = cfg.rope_theta ** (-torch.arange(0, hd, 2, dtype=torch.float64) / hd)
        attn.wq.weight[:hd].zero_()
        attn.wk.weight[:hd].zero_()
        for p in range(min(pairs, hd // 2)):
            t = float(theta[p])
            attn.wq.weight[2 * p] = amplitude * math.cos(-t) * u
            attn.wq.weight[2 * p + 1] = amplitude * math.sin(-t) * u
            attn.wk.weight[2 * p] = amplitude * u
        proj = torch.randn(hd, d, generator=g) / math.sqrt(d)
        attn.wv.weight[:hd] = value_scale * proj
        attn.wo.weight[:, :hd] = value_scale * torch.randn(d, hd, generator=g) / math.sqrt(hd)
