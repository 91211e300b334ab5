"""Writes a trained run (checkpoint.pt + tokenizer.model) as a GGUF v3 file that llama.cpp (LLamaSharp) loads.

  PYTHONPATH=tools /usr/bin/python3 -m plateweb_tools.chat.export_gguf tools/out/run models/plate-chat-v1.gguf [--f32]

GGUF v3 (llama.cpp's docs/gguf.md): little-endian header (magic "GGUF", version 3, tensor count,
key/value count), typed key/value pairs, tensor infos (name, dimensions innermost first, type,
offset), padding to the alignment (32), then the tensor data, each tensor aligned. Norms stay f32;
matrices are f16 unless --f32. Our PyTorch model already rotates adjacent pairs like llama.cpp's
"llama" architecture, so Q and K rows are written as they are (no permutation).
"""
import argparse
import os
import struct
import sys

import numpy as np
import sentencepiece as spm
import torch

from .prompt import IM_END, IM_START

GGUF_MAGIC = 0x46554747  # "GGUF" read as a little-endian uint32
GGUF_VERSION = 3
ALIGNMENT = 32

# Value types of a key/value pair.
T_UINT8, T_INT8, T_UINT16, T_INT16, T_UINT32, T_INT32, T_FLOAT32, T_BOOL, T_STRING, T_ARRAY, T_UINT64, T_INT64, T_FLOAT64 = range(13)
# Tensor types (ggml_type) and file types (llama_ftype).
GGML_F32, GGML_F16 = 0, 1
FTYPE_ALL_F32, FTYPE_MOSTLY_F16 = 0, 1
# tokenizer.ggml.token_type values (llama_token_type).
TOK_NORMAL, TOK_UNKNOWN, TOK_CONTROL, TOK_USER_DEFINED, TOK_UNUSED, TOK_BYTE = 1, 2, 3, 4, 5, 6

CHAT_TEMPLATE = (
    "{% for message in messages %}"
    "{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}"
)


class GgufWriter:
    def __init__(self):
        self.kv = []       # (key, type, value bytes)
        self.tensors = []  # (name, numpy array, ggml type)

    @staticmethod
    def _str(s):
        b = s.encode("utf-8")
        return struct.pack("<Q", len(b)) + b

    def _scalar(self, vtype, value):
        fmt = {T_UINT8: "<B", T_INT8: "<b", T_UINT16: "<H", T_INT16: "<h", T_UINT32: "<I", T_INT32: "<i",
               T_FLOAT32: "<f", T_BOOL: "<?", T_UINT64: "<Q", T_INT64: "<q", T_FLOAT64: "<d"}
        if vtype == T_STRING:
            return self._str(value)
        return struct.pack(fmt[vtype], value)

    def add(self, key, vtype, value):
        self.kv.append((key, struct.pack("<I", vtype) + self._scalar(vtype, value)))

    def add_array(self, key, item_type, values):
        body = struct.pack("<IIQ", T_ARRAY, item_type, len(values))
        if item_type == T_STRING:
            body += b"".join(self._str(v) for v in values)
        elif item_type == T_FLOAT32:
            body += np.asarray(values, dtype="<f4").tobytes()
        elif item_type == T_INT32:
            body += np.asarray(values, dtype="<i4").tobytes()
        else:
            body += b"".join(self._scalar(item_type, v) for v in values)
        self.kv.append((key, body))

    def add_tensor(self, name, array, ggml_type):
        self.tensors.append((name, np.ascontiguousarray(array), ggml_type))

    def write(self, path):
        def pad(n):
            return (ALIGNMENT - n % ALIGNMENT) % ALIGNMENT

        header = struct.pack("<IIQQ", GGUF_MAGIC, GGUF_VERSION, len(self.tensors), len(self.kv))
        header += b"".join(self._str(k) + v for k, v in self.kv)
        infos, offset, datas = b"", 0, []
        for name, arr, gtype in self.tensors:
            data = arr.astype("<f2" if gtype == GGML_F16 else "<f4").tobytes()
            dims = list(reversed(arr.shape))  # ggml lists the innermost (contiguous) dimension first
            infos += self._str(name) + struct.pack("<I", len(dims)) + struct.pack(f"<{len(dims)}Q", *dims)
            infos += struct.pack("<IQ", gtype, offset)
            datas.append(data)
            offset += len(data) + pad(len(data))
        tmp = path + ".tmp"
        with open(tmp, "wb") as fh:
            fh.write(header + infos)
            fh.write(b"\0" * pad(len(header) + len(infos)))
            for data in datas:
                fh.write(data)
                fh.write(b"\0" * pad(len(data)))
        os.replace(tmp, path)


def tokenizer_vocab(sp):
    tokens, scores, types = [], [], []
    for i in range(sp.get_piece_size()):
        piece = sp.id_to_piece(i)
        if sp.is_unknown(i):
            t = TOK_UNKNOWN
        elif sp.is_control(i) or piece in (IM_START, IM_END):
            t = TOK_CONTROL  # <s>, </s> and the ChatML markers: parsed only as special tokens, never printed
        elif sp.is_byte(i):
            t = TOK_BYTE
        elif sp.is_unused(i):
            t = TOK_UNUSED
        elif piece in ("\n",) or (len(piece) == 1 and "A" <= piece <= "Z"):
            t = TOK_USER_DEFINED  # always cut out of the text first, exactly as SentencePiece does
        else:
            t = TOK_NORMAL
        tokens.append(piece)
        scores.append(sp.get_score(i))
        types.append(t)
    return tokens, scores, types


def export(run_dir, out_path, name="plate-chat-v1", f32=False, checkpoint=None):
    ck = torch.load(checkpoint or os.path.join(run_dir, "checkpoint.pt"), map_location="cpu")
    cfg = ck["config"]
    sd = ck["model"]
    sp = spm.SentencePieceProcessor(model_file=os.path.join(run_dir, "tokenizer.model"))
    if sp.get_piece_size() != cfg["vocab_size"]:
        sys.exit(f"tokenizer has {sp.get_piece_size()} pieces, the model {cfg['vocab_size']}")
    head_dim = cfg["dim"] // cfg["n_heads"]

    w = GgufWriter()
    w.add("general.architecture", T_STRING, "llama")
    w.add("general.name", T_STRING, name)
    w.add("general.file_type", T_UINT32, FTYPE_ALL_F32 if f32 else FTYPE_MOSTLY_F16)
    w.add("general.alignment", T_UINT32, ALIGNMENT)
    w.add("llama.context_length", T_UINT32, cfg["max_seq_len"])
    w.add("llama.embedding_length", T_UINT32, cfg["dim"])
    w.add("llama.block_count", T_UINT32, cfg["n_layers"])
    w.add("llama.feed_forward_length", T_UINT32, cfg["ffn_dim"])
    w.add("llama.rope.dimension_count", T_UINT32, head_dim)
    w.add("llama.attention.head_count", T_UINT32, cfg["n_heads"])
    w.add("llama.attention.head_count_kv", T_UINT32, cfg["n_kv_heads"])
    w.add("llama.attention.layer_norm_rms_epsilon", T_FLOAT32, cfg["norm_eps"])
    w.add("llama.rope.freq_base", T_FLOAT32, cfg["rope_theta"])
    w.add("llama.vocab_size", T_UINT32, cfg["vocab_size"])

    tokens, scores, types = tokenizer_vocab(sp)
    im_end = sp.piece_to_id(IM_END)
    w.add("tokenizer.ggml.model", T_STRING, "llama")
    w.add_array("tokenizer.ggml.tokens", T_STRING, tokens)
    w.add_array("tokenizer.ggml.scores", T_FLOAT32, scores)
    w.add_array("tokenizer.ggml.token_type", T_INT32, types)
    w.add("tokenizer.ggml.bos_token_id", T_UINT32, sp.bos_id())
    w.add("tokenizer.ggml.eos_token_id", T_UINT32, im_end)  # generation ends with the assistant's turn
    w.add("tokenizer.ggml.eot_token_id", T_UINT32, im_end)
    w.add("tokenizer.ggml.unknown_token_id", T_UINT32, sp.unk_id())
    w.add("tokenizer.ggml.padding_token_id", T_UINT32, sp.unk_id())
    w.add("tokenizer.ggml.add_bos_token", T_BOOL, True)
    w.add("tokenizer.ggml.add_eos_token", T_BOOL, False)
    w.add("tokenizer.ggml.add_space_prefix", T_BOOL, False)  # the tokenizer was trained without a dummy prefix
    w.add("tokenizer.chat_template", T_STRING, CHAT_TEMPLATE)

    mat = GGML_F32 if f32 else GGML_F16

    def t(key):
        return sd[key].float().numpy()

    w.add_tensor("token_embd.weight", t("tok_emb.weight"), mat)
    for i in range(cfg["n_layers"]):
        p = f"layers.{i}."
        w.add_tensor(f"blk.{i}.attn_norm.weight", t(p + "attn_norm.weight"), GGML_F32)
        w.add_tensor(f"blk.{i}.attn_q.weight", t(p + "attn.wq.weight"), mat)
        w.add_tensor(f"blk.{i}.attn_k.weight", t(p + "attn.wk.weight"), mat)
        w.add_tensor(f"blk.{i}.attn_v.weight", t(p + "attn.wv.weight"), mat)
        w.add_tensor(f"blk.{i}.attn_output.weight", t(p + "attn.wo.weight"), mat)
        w.add_tensor(f"blk.{i}.ffn_norm.weight", t(p + "ffn_norm.weight"), GGML_F32)
        w.add_tensor(f"blk.{i}.ffn_gate.weight", t(p + "ffn.gate.weight"), mat)
        w.add_tensor(f"blk.{i}.ffn_up.weight", t(p + "ffn.up.weight"), mat)
        w.add_tensor(f"blk.{i}.ffn_down.weight", t(p + "ffn.down.weight"), mat)
    w.add_tensor("output_norm.weight", t("norm.weight"), GGML_F32)
    if not cfg["tie_embeddings"]:
        w.add_tensor("output.weight", t("output.weight"), mat)
    os.makedirs(os.path.dirname(os.path.abspath(out_path)), exist_ok=True)
    w.write(out_path)
    return os.path.getsize(out_path)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("run", help="run folder with checkpoint.pt and tokenizer.model")
    ap.add_argument("out", help="GGUF file to write")
    ap.add_argument("--name", default="plate-chat-v1")
    ap.add_argument("--f32", action="store_true", help="matrices in f32 (default f16)")
    ap.add_argument("--checkpoint", help="another checkpoint than RUN/checkpoint.pt")
    args = ap.parse_args()
    size = export(args.run, args.out, args.name, args.f32, args.checkpoint)
    print(f"{args.out}: {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()


# --------------------------------------------------------------------------------------------
# Reading back: fine-tuning starts from the shipped GGUF (train.py --init models/plate-chat-v1.gguf)
# --------------------------------------------------------------------------------------------

def read_gguf(path):
    """(metadata dict, {tensor name: float32 numpy array in PyTorch's shape}) of a GGUF v3 file with f32/f16 tensors."""
    with open(path, "rb") as fh:
        data = fh.read()
    pos = 0

    def take(fmt):
        nonlocal pos
        v = struct.unpack_from("<" + fmt, data, pos)
        pos += struct.calcsize("<" + fmt)
        return v[0]

    def string():
        nonlocal pos
        n = take("Q")
        s = data[pos:pos + n].decode("utf-8")
        pos += n
        return s

    scalar = {T_UINT8: "B", T_INT8: "b", T_UINT16: "H", T_INT16: "h", T_UINT32: "I", T_INT32: "i", T_FLOAT32: "f",
              T_BOOL: "?", T_UINT64: "Q", T_INT64: "q", T_FLOAT64: "d"}

    def value(t):
        if t == T_STRING:
            return string()
        if t == T_ARRAY:
            it, n = take("I"), take("Q")
            return [value(it) for _ in range(n)]
        return take(scalar[t])

    if take("I") != GGUF_MAGIC:
        raise ValueError(f"{path} is not a GGUF file")
    version = take("I")
    if version != GGUF_VERSION:
        raise ValueError(f"{path}: GGUF version {version}, expected {GGUF_VERSION}")
    n_tensors, n_kv = take("Q"), take("Q")
    meta = {}
    for _ in range(n_kv):
        key = string()
        meta[key] = value(take("I"))
    infos = []
    for _ in range(n_tensors):
        name = string()
        dims = [take("Q") for _ in range(take("I"))]
        infos.append((name, dims, take("I"), take("Q")))
    align = meta.get("general.alignment", ALIGNMENT)
    start = pos + (align - pos % align) % align
    tensors = {}
    for name, dims, gtype, offset in infos:
        if gtype not in (GGML_F32, GGML_F16):
            raise ValueError(f"{path}: tensor {name} is quantized (type {gtype}); only f32/f16 files can be fine-tuned")
        count = int(np.prod(dims))
        arr = np.frombuffer(data, dtype="<f4" if gtype == GGML_F32 else "<f2", count=count, offset=start + offset)
        tensors[name] = arr.astype(np.float32).reshape(list(reversed(dims)))
    return meta, tensors


def checkpoint_from_gguf(path):
    """A train.py checkpoint ({"config", "model"}) rebuilt from a GGUF this exporter wrote."""
    meta, t = read_gguf(path)
    if meta.get("general.architecture") != "llama":
        raise ValueError(f"{path}: architecture {meta.get('general.architecture')!r}, expected 'llama'")
    cfg = {
        "vocab_size": len(meta["tokenizer.ggml.tokens"]), "dim": meta["llama.embedding_length"],
        "n_layers": meta["llama.block_count"], "n_heads": meta["llama.attention.head_count"],
        "n_kv_heads": meta["llama.attention.head_count_kv"], "ffn_dim": meta["llama.feed_forward_length"],
        "max_seq_len": meta["llama.context_length"], "rope_theta": meta["llama.rope.freq_base"],
        "norm_eps": meta["llama.attention.layer_norm_rms_epsilon"], "tie_embeddings": "output.weight" not in t,
    }
    sd = {"tok_emb.weight": t["token_embd.weight"], "norm.weight": t["output_norm.weight"]}
    names = {"attn_norm": "attn_norm", "attn_q": "attn.wq", "attn_k": "attn.wk", "attn_v": "attn.wv",
             "attn_output": "attn.wo", "ffn_norm": "ffn_norm", "ffn_gate": "ffn.gate", "ffn_up": "ffn.up",
             "ffn_down": "ffn.down"}
    for i in range(cfg["n_layers"]):
        for g, p in names.items():
            sd[f"layers.{i}.{p}.weight"] = t[f"blk.{i}.{g}.weight"]
    if not cfg["tie_embeddings"]:
        sd["output.weight"] = t["output.weight"]
    return {"config": cfg, "model": {k: torch.from_numpy(np.ascontiguousarray(v)) for k, v in sd.items()}}
