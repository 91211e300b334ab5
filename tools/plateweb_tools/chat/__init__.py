"""The tools that make the default chat model, models/plate-chat-v1.gguf (README.md beside this file)."""
