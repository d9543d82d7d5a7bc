#!/usr/bin/python3
"""Prints the images fingerprint of all 1623 x 20 Omniglot drawings as Pillow makes them (GoldenFingerprints.Images28).

Image.open(png).convert("L").resize((28, 28), Image.LANCZOS), inverted (ink = 255), classes sorted by "alphabet/character",
drawings by file name: the order and the pixels of the library's cache. With Pillow 9.4.0 it prints 1623 01c827169127b17e.
    /usr/bin/python3 tests/MetaNotebooks.Tests/Fixtures/pillow_images_fingerprint.py
"""
import zipfile, io, hashlib
from PIL import Image
entries = {}
for z in ["images_background.zip", "images_evaluation.zip"]:
    zf = zipfile.ZipFile(f"/work/shared/data/omniglot/{z}")
    for n in zf.namelist():
        if n.endswith(".png"):
            parts = n.split("/")
            cid = parts[1] + "/" + parts[2]
            entries.setdefault(cid, []).append((parts[3], zf, n))
h = hashlib.sha256()
for cid in sorted(entries):
    for name, zf, n in sorted(entries[cid], key=lambda e: e[0]):
        im = Image.open(io.BytesIO(zf.read(n))).convert("L").resize((28, 28), Image.LANCZOS)
        h.update(bytes(255 - b for b in im.tobytes()))
print(len(entries), h.hexdigest()[:16])
