#!/usr/bin/python3
"""Writes pillow_lanczos_28.json: six Omniglot drawings resized to 28x28 by Pillow, the reference LanczosResize must equal.

Run with Debian's Python and Pillow (apt-get install python3-pil; the fixture records the version):
    /usr/bin/python3 tests/MetaNotebooks.Tests/Fixtures/make_pillow_lanczos.py /work/shared/data/omniglot

For each drawing the fixture holds the zip entry, the PNG's size, and base64 of the 28x28 "L" pixels from
Image.open(png).convert('L').resize((28, 28), Image.LANCZOS) (the papers' loaders resize with LANCZOS). The test decodes the
same entry from the zip with GrayPng and resizes it with LanczosResize. It also records what Pillow does with the raw
mode-"1" image (the MAML code resizes it without converting): its mode, and whether LANCZOS on mode "1" equals NEAREST.
"""
import base64
import io
import json
import sys
import zipfile

import PIL
from PIL import Image

ENTRIES = [
    ("images_background.zip", "images_background/Latin/character03/"),
    ("images_background.zip", "images_background/Greek/character05/"),
    ("images_background.zip", "images_background/Japanese_(katakana)/character20/"),
    ("images_background.zip", "images_background/Braille/character01/"),
    ("images_evaluation.zip", "images_evaluation/Tengwar/character25/"),
    ("images_evaluation.zip", "images_evaluation/Angelic/character01/"),
]


def main(folder):
    drawings = []
    mode1 = []
    for zip_name, prefix in ENTRIES:
        with zipfile.ZipFile(f"{folder}/{zip_name}") as z:
            names = sorted(n for n in z.namelist() if n.startswith(prefix) and n.endswith(".png"))
            name = names[len(drawings) % len(names)]
            raw = Image.open(io.BytesIO(z.read(name)))
            raw.load()
            gray = raw.convert("L").resize((28, 28), Image.LANCZOS)
            lanczos1 = raw.resize((28, 28), Image.LANCZOS)
            nearest1 = raw.resize((28, 28), Image.NEAREST)
            mode1.append({
                "entry": name,
                "mode": raw.mode,
                "lanczos_mode": lanczos1.mode,
                "lanczos_equals_nearest": lanczos1.tobytes() == nearest1.tobytes(),
                "lanczos_values": sorted(set(lanczos1.convert("L").tobytes())),
            })
            drawings.append({
                "zip": zip_name,
                "entry": name,
                "width": raw.size[0],
                "height": raw.size[1],
                "mode": raw.mode,
                "pixels_base64": base64.b64encode(gray.tobytes()).decode("ascii"),
            })
    fixture = {
        "generator": "tests/MetaNotebooks.Tests/Fixtures/make_pillow_lanczos.py",
        "pillow": PIL.__version__,
        "python": sys.version.split()[0],
        "call": "Image.open(png).convert('L').resize((28, 28), Image.LANCZOS)",
        "size": 28,
        "drawings": drawings,
        "raw_mode_1": mode1,
    }
    json.dump(fixture, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/omniglot")
