"""The training lines for AsterOCR's head (``ocr_models/training/lines.py``): the dossier codes it
draws are ones the station's own validator accepts, and its document lines hold what documents
set (the training itself needs PyTorch and is not run here)."""

import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ocr_models" / "training"))
import lines  # noqa: E402

from scanner_station.extraction.validators import local_office_code, parse_dossier_code  # noqa: E402
from scanner_station.ocr import models  # noqa: E402


def test_the_dossier_codes_drawn_are_valid_codes_of_a_local_office():
    rng = random.Random(7)
    for _ in range(500):
        code = lines._dossier(rng)
        assert parse_dossier_code(code).ok and local_office_code(code), code


def test_document_lines_hold_list_markers_capitals_and_slashes():
    texts = lines.Texts(forms=0.0, documents=1.0)
    rng = random.Random(9)
    drawn = [texts(rng) for _ in range(400)]
    assert sum(line.split(" ", 1)[0] in lines.MARKERS for line in drawn) > 100
    assert sum(line.isupper() and len(line.split()) >= 2 for line in drawn) > 40
    assert sum("/" in line.split(" ", 1)[0] for line in drawn) > 20
    # AsterOCR's alphabet holds their characters (a line with another is left out of the
    # training: the share of document lines would shrink unseen)
    alphabet = set(json.loads(models.files_for("aster")["asternet-vi-vocab"].read_text("utf-8"))["chars"])
    assert sum(set(line) <= alphabet for line in drawn) >= 0.97 * len(drawn)


def test_the_hand_sets_are_apart_and_never_the_benchs_held_out_hand():
    import hands

    sets = [set(hands.SECOND), set(hands.SCHOOL), set(hands.HELD_OUT)]
    first = set(hands.FONTS) - set().union(*sets)
    assert len(first) >= 10 and len(hands.SECOND) >= 20 and len(hands.SCHOOL) == 16
    for i, a in enumerate(sets):
        for b in sets[i + 1:]:
            assert not a & b
    # the school hands are Fontsource's whole fonts, each pinned by version and SHA-256
    for name in hands.SCHOOL:
        package, inner, digest = hands.FONTS[name]
        assert name.startswith("Playwrite ") and package.startswith("@fontsource/playwrite-")
        assert "@" in package[1:] and inner.endswith(".woff") and len(digest) == 64
    # the bench's held-out hand (Great Vibes) is trained on in no set
    assert not any("great" in name.lower() or "great" in package.lower()
                   for name, (package, _, _) in hands.FONTS.items())
