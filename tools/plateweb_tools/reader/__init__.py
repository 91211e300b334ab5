"""The plate reader's training tools (README.md beside this file has the recipe)."""
