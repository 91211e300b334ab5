"""SentencePiece BPE tokenizer for the chat model, trained on the corpus.

Choices, all so that llama.cpp's own "llama" (SPM) tokenizer cuts text exactly like this one:
- BPE (llama.cpp's SPM tokenizer replays BPE merges by score; it would not replay unigram Viterbi);
- byte_fallback: any character outside the vocabulary becomes <0xNN> byte tokens, never <unk>;
- split_digits: every digit is its own token, so counts, dates and plates are copied digit by digit;
- every capital letter A-Z is a user-defined symbol: a plate is copied letter by letter, and a plate
  tokenizes the same whatever stands before it (no "▁AB" in the facts vs "AB" in the answer);
- "\\n", <|im_start|> and <|im_end|> are symbols too; identity normalisation, no dummy prefix, spaces
  kept as written (the GGUF says add_space_prefix = false).

  PYTHONPATH=tools /usr/bin/python3 -m plateweb_tools.chat.tokenizer --corpus tools/out/corpus/train.jsonl --out tools/out/tok
"""
import argparse
import io
import json
import os
import string

import sentencepiece as spm

from .prompt import IM_END, IM_START, render_dialogue

SPECIALS = [IM_START, IM_END]
SYMBOLS = SPECIALS + ["\n"] + list(string.ascii_uppercase)
UNK, BOS, EOS = 0, 1, 2


def dialogue_text(d):
    return render_dialogue(d["system"], d["user"], d["answer"])


def train(corpus_path, out_dir, vocab_size=3000, max_dialogues=20000):
    lines = []
    with open(corpus_path, encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i >= max_dialogues:
                break
            lines.extend(dialogue_text(json.loads(line)).split("\n"))
    # Help and greeting answers are few but long: make sure their words get pieces of their own.
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines), model_writer=model, model_type="bpe", vocab_size=vocab_size,
        byte_fallback=True, split_digits=True, character_coverage=1.0, normalization_rule_name="identity",
        add_dummy_prefix=False, remove_extra_whitespaces=False, allow_whitespace_only_pieces=True,
        split_by_whitespace=True, user_defined_symbols=SYMBOLS, unk_id=UNK, bos_id=BOS, eos_id=EOS, pad_id=-1,
        max_sentence_length=8192, num_threads=2, minloglevel=2)
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, "tokenizer.model")
    with open(path, "wb") as fh:
        fh.write(model.getvalue())
    return path


class Tokenizer:
    def __init__(self, path):
        self.sp = spm.SentencePieceProcessor(model_file=path)
        self.path = path
        self.im_start = self.sp.piece_to_id(IM_START)
        self.im_end = self.sp.piece_to_id(IM_END)
        self.bos = self.sp.bos_id()
        self.vocab_size = self.sp.get_piece_size()

    def encode(self, text):
        return self.sp.encode(text)

    def decode(self, ids):
        return self.sp.decode(ids)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--vocab", type=int, default=3000)
    ap.add_argument("--max-dialogues", type=int, default=20000)
    args = ap.parse_args()
    path = train(args.corpus, args.out, args.vocab, args.max_dialogues)
    tok = Tokenizer(path)
    print(f"{tok.vocab_size} pieces -> {path}")


if __name__ == "__main__":
    main()
