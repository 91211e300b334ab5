"""Unit tests of tools/glyphs (run: cd tools/glyphs && /usr/bin/python3 -m unittest discover -s tests)."""
import os
import random
import sys
import unittest

import numpy as np
from PIL import Image, ImageDraw

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import glyphs  # noqa: E402

FONTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fonts.txt")


class NormalizeTests(unittest.TestCase):
    def test_ink_box_is_scaled_to_the_ink_height_and_centred(self):
        img = Image.new("L", (60, 80), 255)
        ImageDraw.Draw(img).rectangle([20, 10, 29, 69], fill=0)  # a 10 x 60 bar
        g = glyphs.normalize(img)
        ys, xs = np.nonzero(g > 128)
        self.assertEqual(g.shape, (glyphs.SIZE, glyphs.SIZE))
        self.assertEqual(ys.max() - ys.min() + 1, glyphs.INK_HEIGHT)
        self.assertLessEqual(abs(xs.min() - (glyphs.SIZE - 1 - xs.max())), 1)
        self.assertEqual(g[0, 0], 0)

    def test_wide_ink_is_limited_to_the_maximum_width(self):
        img = Image.new("L", (200, 40), 255)
        ImageDraw.Draw(img).rectangle([10, 10, 189, 29], fill=0)
        g = glyphs.normalize(img)
        ys, xs = np.nonzero(g > 128)
        self.assertEqual(xs.max() - xs.min() + 1, glyphs.MAX_INK_WIDTH)

    def test_blank_picture_has_no_glyph(self):
        self.assertIsNone(glyphs.normalize(Image.new("L", (30, 30), 255)))


class RenderTests(unittest.TestCase):
    def test_rendered_set_has_every_class_and_is_deterministic(self):
        x1, y1 = glyphs.rendered_set(FONTS, 2, seed=3)
        x2, y2 = glyphs.rendered_set(FONTS, 2, seed=3)
        self.assertEqual(sorted(set(y1.tolist())), list(range(len(glyphs.CLASSES))))
        self.assertEqual(x1.shape, (2 * len(glyphs.CLASSES), glyphs.SIZE, glyphs.SIZE))
        np.testing.assert_array_equal(x1, x2)
        np.testing.assert_array_equal(y1, y2)

    def test_folds_split_images_in_two(self):
        names = [f"car{i}.jpg" for i in range(40)]
        folds = [glyphs.fold_of(n) for n in names]
        self.assertEqual(set(folds), {0, 1})
        self.assertEqual(folds, [glyphs.fold_of(n) for n in names])


if __name__ == "__main__":
    unittest.main()
