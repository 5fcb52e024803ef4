"""The training lines for AsterOCR's head (``ocr_models/training/lines.py``): the dossier codes it
draws are ones the station's own validator accepts, and its document lines hold what documents
set (the training itself needs PyTorch and is not run here)."""

import hashlib
import io
import json
import random
import sys
import tarfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ocr_models" / "training"))
import hands  # noqa: E402
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


def test_document_lines_hold_head_lines_an_office_of_a_real_unit_the_national_name_and_titles():
    texts = lines.Texts(forms=0.0, documents=1.0, headings=True)
    rng = random.Random(11)
    drawn = [texts(rng) for _ in range(600)]
    units = {u.upper() for u in texts.units}
    units |= {u.replace("HÒA", "HOÀ") for u in units}  # the old tone place, as the line may have it
    offices = [line for line in drawn if line.startswith(lines.HEAD_OFFICES[:3] + ("UỶ BAN NHÂN DÂN",))
               and line.replace("UỶ", "ỦY") not in texts.titles]
    assert len(offices) > 10
    assert all(any(line.endswith(" " + u) for u in units) for line in offices)
    assert any(line in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM")
               for line in drawn)
    assert "Độc lập - Tự do - Hạnh phúc" in drawn
    assert any(line in texts.titles for line in drawn) and "TRÍCH LỤC KHAI TỬ" in texts.titles
    # without them (the shipped head's steps), the lines drawn are those drawn before there were any
    plain, rng = lines.Texts(forms=0.0, documents=1.0), random.Random(11)
    drawn = [plain(rng) for _ in range(600)]
    assert "Độc lập - Tự do - Hạnh phúc" not in drawn
    assert not any(line.startswith(lines.HEAD_OFFICES[3:]) for line in drawn)


def test_with_hand_documents_every_document_line_is_drawn_in_a_hand_and_no_other_more(monkeypatch):
    drawn = []
    monkeypatch.setattr(lines, "render", lambda rng, text, path, hand, *a: drawn.append((text, hand)) or text)
    texts = lines.Texts(forms=0.25, documents=0.25)
    rng = random.Random(3)
    kinds = []
    for _ in range(300):
        lines.sample(rng, texts, ["hand.ttf"], ["print.ttf"], hand_share=0.0, hand_documents=True)
        kinds.append(texts.kind)
    assert 40 < kinds.count("document") < 110 and kinds.count("labelled") > 40
    assert all(hand == (kind == "document") for (_, hand), kind in zip(drawn, kinds))
    # without it a document line is printed as often as any other
    drawn.clear()
    lines.sample(random.Random(3), lines.Texts(forms=0.0, documents=1.0), ["h"], ["p"], hand_share=0.0)
    assert drawn[0][1] is False


def test_the_hand_sets_are_apart_and_never_the_benchs_held_out_hand():
    sets = [set(hands.SECOND), set(hands.SCHOOL), set(hands.FORMAL), set(hands.HELD_OUT)]
    first = set(hands.FONTS) - set().union(*sets)
    assert len(first) >= 10 and len(hands.SECOND) >= 20 and len(hands.SCHOOL) == 16
    assert len(hands.FORMAL) == 7 and all(hands.FONTS[name][0].startswith("@expo-google-fonts/")
                                          for name in hands.FORMAL)
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


def test_each_set_is_trained_on_only_when_asked(tmp_path, monkeypatch):
    pinned = {}
    for name, (package, inner, _) in hands.FONTS.items():
        path = hands._path(tmp_path, name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(name.encode())
        pinned[name] = (package, inner, hashlib.sha256(name.encode()).hexdigest())
    monkeypatch.setattr(hands, "FONTS", pinned)

    def names(**kw):
        return {p.parent.name.replace("_", " ") for p in hands.fonts(tmp_path, **kw)}

    everything = names(second=True, school=True, formal=True)
    assert everything == set(pinned) - set(hands.HELD_OUT)
    assert names(second=True, school=True) == everything - set(hands.FORMAL)
    assert names(formal=True) == everything - set(hands.SECOND) - set(hands.SCHOOL)
    assert names(trained=False) == set(hands.HELD_OUT)
    # a font that is not the one pinned is refused
    hands._path(tmp_path, "Kings").write_bytes(b"another font")
    with pytest.raises(SystemExit, match="not the font"):
        names(formal=True)


def _package(files: dict[str, bytes]) -> tarfile.TarFile:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(f"package/{name}")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    buf.seek(0)
    return tarfile.open(fileobj=buf)


def test_a_fonts_licence_is_kept_beside_it_never_its_packages_code_licence(tmp_path):
    ofl, mit = b"SIL OPEN FONT LICENSE Version 1.1", b"MIT License (Expo)"
    # an Expo package: the font's licence as LICENSE_FONT, its JavaScript's as LICENSE
    expo = tmp_path / "Bad_Script" / "BadScript_400Regular.ttf"
    hands.unpack(_package({"400Regular/BadScript_400Regular.ttf": b"ttf", "LICENSE_FONT": ofl, "LICENSE": mit}),
                 "@expo-google-fonts/bad-script@0.4.1", "400Regular/BadScript_400Regular.ttf", expo)
    assert expo.read_bytes() == b"ttf" and (expo.parent / "OFL.txt").read_bytes() == ofl
    # an older Expo package: no font licence file (only in the font's names), not its code's either
    old = tmp_path / "Charmonman" / "Charmonman_400Regular.ttf"
    hands.unpack(_package({"Charmonman_400Regular.ttf": b"ttf", "LICENSE": mit}),
                 "@expo-google-fonts/charmonman@0.2.0", "Charmonman_400Regular.ttf", old)
    assert old.is_file() and not (old.parent / "OFL.txt").exists()
    # a Fontsource package: the font's licence as LICENSE
    school = tmp_path / "Playwrite_VN" / "playwrite-vn-latin-400-normal.woff"
    hands.unpack(_package({"files/playwrite-vn-latin-400-normal.woff": b"woff", "LICENSE": ofl}),
                 "@fontsource/playwrite-vn@5.3.0", "files/playwrite-vn-latin-400-normal.woff", school)
    assert (school.parent / "OFL.txt").read_bytes() == ofl
