"""The copying circuit (circuit.py): installed heads look where they should, the model copies a repeated
span before any training, and the Freezer keeps the circuit through optimiser steps."""
import math
import random
import unittest

import torch

from .. import circuit
from ..model import Llama, ModelConfig, apply_rope

CFG = dict(vocab_size=300, dim=192, n_layers=2, n_heads=3, n_kv_heads=3, ffn_dim=64, max_seq_len=512, rope_theta=1e6)


def attention(model, layer, x):
    """Attention weights (heads, T, T) of one layer for the residual stream x (1, T, dim)."""
    t = x.shape[1]
    a = model.layers[layer].attn
    xn = model.layers[layer].attn_norm(x)
    hd = model.cfg.head_dim
    q = a.wq(xn).view(1, t, model.cfg.n_heads, hd)
    k = a.wk(xn).view(1, t, model.cfg.n_heads, hd)
    q, k = apply_rope(q, model.cos[:t], model.sin[:t]), apply_rope(k, model.cos[:t], model.sin[:t])
    s = torch.einsum("bthd,bshd->bhts", q, k) / math.sqrt(hd)
    return s.masked_fill(torch.ones(t, t, dtype=torch.bool).triu(1), float("-inf")).softmax(-1)[0]


def repeat_sequence(rng, pool, span=10, filler=120):
    a = [rng.choice(pool) for _ in range(span)]
    return a, a + [rng.choice(pool) for _ in range(filler)] + a


class CircuitTest(unittest.TestCase):
    def setUp(self):
        torch.manual_seed(0)
        self.model = Llama(ModelConfig(**CFG))
        circuit.install(self.model, seed=0)
        self.pool = list(range(3, 43))

    def test_layer0_heads_look_one_and_two_tokens_back(self):
        _, seq = repeat_sequence(random.Random(1), self.pool)
        with torch.no_grad():
            att = attention(self.model, 0, self.model.tok_emb(torch.tensor([seq])))
        t = torch.arange(2, len(seq))
        self.assertGreater(float(att[0, t, t - 1].mean()), 0.95)
        self.assertGreater(float(att[1, t, t - 2].mean()), 0.95)

    def test_untrained_model_continues_a_repeated_span(self):
        rng = random.Random(2)
        losses = []
        with torch.no_grad():
            for _ in range(8):
                a, seq = repeat_sequence(rng, self.pool)
                x = torch.tensor([seq[:-1]])
                y = torch.tensor([seq[1:]])
                w = torch.zeros_like(x, dtype=torch.float32)
                w[0, len(seq) - len(a):] = 1.0  # predicting the 2nd.. last token of the repeat
                losses.append(float(self.model.loss(x, y, w)))
        self.assertLess(sum(losses) / len(losses), 0.5 * math.log(len(self.pool)))

    def test_a_plain_model_does_not(self):
        plain = Llama(ModelConfig(**CFG))
        a, seq = repeat_sequence(random.Random(2), self.pool)
        x, y = torch.tensor([seq[:-1]]), torch.tensor([seq[1:]])
        w = torch.zeros_like(x, dtype=torch.float32)
        w[0, len(seq) - len(a):] = 1.0
        with torch.no_grad():
            self.assertGreater(float(plain.loss(x, y, w)), 0.9 * math.log(len(self.pool)))

    def test_freezer_restores_the_circuit_after_a_step(self):
        freezer = circuit.Freezer(self.model)
        before = self.model.layers[1].attn.wq.weight.detach().clone()
        free_before = self.model.layers[2 - 1].ffn.up.weight.detach().clone()
        opt = torch.optim.AdamW(self.model.parameters(), lr=1e-2, weight_decay=0.1)
        _, seq = repeat_sequence(random.Random(3), self.pool)
        x, y = torch.tensor([seq[:-1]]), torch.tensor([seq[1:]])
        self.model.loss(x, y, torch.ones_like(x, dtype=torch.float32)).backward()
        opt.step()
        freezer.restore()
        self.assertTrue(torch.equal(before, self.model.layers[1].attn.wq.weight))
        self.assertFalse(torch.equal(free_before, self.model.layers[1].ffn.up.weight))

    def test_present_tells_a_circuit_model_from_a_plain_one(self):
        self.assertTrue(circuit.present(self.model))
        self.assertFalse(circuit.present(Llama(ModelConfig(**CFG))))

    def test_refuses_a_model_too_small_for_it(self):
        tiny = Llama(ModelConfig(vocab_size=300, dim=64, n_layers=2, n_heads=2, n_kv_heads=2, ffn_dim=128))
        with self.assertRaises(ValueError):
            circuit.install(tiny)


if __name__ == "__main__":
    unittest.main()
