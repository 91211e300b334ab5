"""The GGUF exporter writes a well-formed GGUF v3 file: header, typed metadata, tensor infos and data."""
import os
import struct
import tempfile
import unittest

import numpy as np
import torch

from .. import export_gguf, tokenizer
from ..model import Llama, ModelConfig


def read_gguf(path):
    """A small reader, independent of the writer, for what the tests check."""
    with open(path, "rb") as fh:
        data = fh.read()
    pos = 0

    def take(fmt):
        nonlocal pos
        vals = struct.unpack_from("<" + fmt, data, pos)
        pos += struct.calcsize("<" + fmt)
        return vals if len(vals) > 1 else vals[0]

    def string():
        nonlocal pos
        n = take("Q")
        s = data[pos:pos + n].decode("utf-8")
        pos += n
        return s

    scalar = {0: "B", 1: "b", 2: "H", 3: "h", 4: "I", 5: "i", 6: "f", 7: "?", 10: "Q", 11: "q", 12: "d"}

    def value(t):
        if t == 8:
            return string()
        if t == 9:
            it, n = take("I"), take("Q")
            return [value(it) for _ in range(n)]
        return take(scalar[t])

    magic, version, n_tensors, n_kv = take("I"), take("I"), take("Q"), take("Q")
    kv = {}
    for _ in range(n_kv):
        k = string()
        kv[k] = value(take("I"))
    tensors = {}
    for _ in range(n_tensors):
        name = string()
        nd = take("I")
        dims = [take("Q") for _ in range(nd)]
        ttype, offset = take("I"), take("Q")
        tensors[name] = (dims, ttype, offset)
    start = pos + (32 - pos % 32) % 32
    return magic, version, kv, tensors, data, start


class ExportTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        run = cls.tmp.name
        # A tokenizer from a handful of lines is enough for the file layout.
        corpus = os.path.join(run, "c.jsonl")
        import json
        with open(corpus, "w", encoding="utf-8") as fh:
            for i in range(200):
                fh.write(json.dumps({"system": f"Facts:\n[1] count: {i} reads of AB-{i:03d}-CD é à",
                                     "user": "How many times did we see it this week?",
                                     "answer": f"AB-{i:03d}-CD was seen {i} times [1]."}) + "\n")
        tokenizer.train(corpus, run, vocab_size=400)
        tok = tokenizer.Tokenizer(os.path.join(run, "tokenizer.model"))
        cls.cfg = ModelConfig(vocab_size=tok.vocab_size, dim=64, n_layers=2, n_heads=4, n_kv_heads=2, ffn_dim=96,
                              max_seq_len=256, tie_embeddings=False)
        torch.manual_seed(0)
        cls.model = Llama(cls.cfg)
        torch.save({"model": cls.model.state_dict(), "config": cls.cfg.to_dict()}, os.path.join(run, "checkpoint.pt"))
        cls.path = os.path.join(run, "m.gguf")
        export_gguf.export(run, cls.path, name="unit")
        cls.tok = tok
        cls.magic, cls.version, cls.kv, cls.tensors, cls.data, cls.start = read_gguf(cls.path)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_header(self):
        self.assertEqual(b"GGUF", self.data[:4])
        self.assertEqual(3, self.version)

    def test_llama_metadata(self):
        kv = self.kv
        self.assertEqual("llama", kv["general.architecture"])
        self.assertEqual(64, kv["llama.embedding_length"])
        self.assertEqual(2, kv["llama.block_count"])
        self.assertEqual(4, kv["llama.attention.head_count"])
        self.assertEqual(2, kv["llama.attention.head_count_kv"])
        self.assertEqual(16, kv["llama.rope.dimension_count"])
        self.assertAlmostEqual(10000.0, kv["llama.rope.freq_base"])
        self.assertAlmostEqual(1e-5, kv["llama.attention.layer_norm_rms_epsilon"], places=9)
        self.assertEqual("llama", kv["tokenizer.ggml.model"])
        self.assertIn("<|im_start|>", kv["tokenizer.chat_template"])
        self.assertFalse(kv["tokenizer.ggml.add_space_prefix"])

    def test_tokenizer_types(self):
        tokens, types = self.kv["tokenizer.ggml.tokens"], self.kv["tokenizer.ggml.token_type"]
        self.assertEqual(self.tok.vocab_size, len(tokens))
        self.assertEqual(3, types[tokens.index("<|im_start|>")])
        self.assertEqual(3, types[tokens.index("<|im_end|>")])
        self.assertEqual(2, types[tokens.index("<unk>")])
        self.assertEqual(6, types[tokens.index("<0x0A>")])
        self.assertEqual(4, types[tokens.index("A")])
        self.assertEqual(tokens.index("<|im_end|>"), self.kv["tokenizer.ggml.eos_token_id"])

    def test_tensors_have_reversed_dims_and_the_weights(self):
        dims, ttype, offset = self.tensors["blk.0.attn_k.weight"]
        self.assertEqual([64, 32], dims)  # PyTorch (out 32, in 64)
        self.assertEqual(1, ttype)  # f16
        self.assertEqual(0, offset % 32)
        got = np.frombuffer(self.data, dtype="<f2", count=64 * 32, offset=self.start + offset).reshape(32, 64)
        want = self.model.layers[0].attn.wk.weight.detach().numpy()
        np.testing.assert_allclose(want, got.astype(np.float32), atol=1e-3)
        self.assertEqual(0, self.tensors["blk.1.ffn_norm.weight"][1])  # norms stay f32
        self.assertIn("output.weight", self.tensors)  # untied here

    def test_gguf_reads_back_into_the_same_model(self):
        ck = export_gguf.checkpoint_from_gguf(self.path)
        self.assertEqual(self.cfg.dim, ck["config"]["dim"])
        self.assertFalse(ck["config"]["tie_embeddings"])
        back = Llama(ModelConfig(**ck["config"]))
        back.load_state_dict(ck["model"])
        ids = torch.tensor([self.tok.encode("plate AB-123-CD")])
        with torch.no_grad():
            np.testing.assert_allclose(self.model(ids).numpy(), back(ids).numpy(), atol=2e-2)

    def test_capitals_and_digits_are_single_tokens(self):
        ids = self.tok.encode("plate AB-123-CD")
        pieces = [self.tok.sp.id_to_piece(i) for i in ids]
        self.assertEqual(["A", "B", "-", "1", "2", "3", "-", "C", "D"], pieces[-9:])


if __name__ == "__main__":
    unittest.main()
