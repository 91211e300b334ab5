"""Plate strings and strips for training a Tesseract model (train-plate-model.sh runs them)."""
