"""The plate fonts of fonts.txt (Debian packages), opened at a given cap height."""
import os

from PIL import ImageFont

DEFAULT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fonts.txt")


def load_fonts(list_file=DEFAULT):
    """(path, weight) of every font of the list that is installed."""
    fonts = []
    for line in open(list_file, encoding="utf-8"):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        path, weight = line.rsplit(None, 1)
        if os.path.exists(path):
            fonts.append((path, float(weight)))
    if not fonts:
        raise SystemExit(f"no font of {list_file} is installed (see tools/plateweb_tools/reader/README.md)")
    return fonts


def sized_fonts(fonts, cap_height):
    """The (path, weight) fonts opened at the size that draws a capital H cap_height px high, and their weights."""
    sized = []
    for path, weight in fonts:
        l, t, r, b = ImageFont.truetype(path, 200).getbbox("H")
        sized.append((ImageFont.truetype(path, max(8, round(200 * cap_height / (b - t)))), weight))
    return sized, [w for _, w in sized]
