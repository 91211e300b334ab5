"""The chat model's evaluation set: seed.jsonl, heldout.jsonl and the hand-written categories."""
