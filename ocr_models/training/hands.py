"""More hands for training: handwriting fonts with full Vietnamese coverage, fetched from npm
(the ``@expo-google-fonts`` packages carry Google Fonts' complete TTF files, SIL Open Font
Licence), each pinned by package version and the font file's SHA-256.

    python ocr_models/training/hands.py DIR     # npm pack + unpack + check, into DIR

They are used for training only; the station neither ships nor reads them. ``HELD_OUT`` are
fetched but never trained on: the training script reads lines in them before and after, as a check
on hands it never saw besides the bench's own held-out font (Great Vibes, which is not here).
Left out after a look at each: Gochi Hand, Handlee, Kalam, Nerko One (letters of Vietnamese
missing), Sedgwick Ave Display (capitals only).
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import tarfile
from pathlib import Path

#: font -> (npm package@version, the TTF inside the package, its SHA-256)
FONTS = {
    "Bad Script": ("@expo-google-fonts/bad-script@0.4.1", "400Regular/BadScript_400Regular.ttf",
                   "2bbfccbd626899d6d6b66ab23d0eb81bc500e28fd6cb827baab9123af4f9eb79"),
    "Birthstone": ("@expo-google-fonts/birthstone@0.4.2", "400Regular/Birthstone_400Regular.ttf",
                   "a96ebe3153e3dff2a1a7e27f800a3ad982564a7433a56c98215a9dd0e55ce03c"),
    "Borel": ("@expo-google-fonts/borel@0.4.2", "400Regular/Borel_400Regular.ttf",
              "166505f1750e17d202bb876bd78da80c2db33846cf1d538c2f8b5f9c251a1543"),
    "Charm": ("@expo-google-fonts/charm@0.4.1", "400Regular/Charm_400Regular.ttf",
              "9b39d97333fc801ac9da620df7321d93086b0a53462144a32efbf998b8dbb20b"),
    "Comforter": ("@expo-google-fonts/comforter@0.4.2", "400Regular/Comforter_400Regular.ttf",
                  "5ae2cb04646ca2118376aeb3a9b1bc8d2eda6a6abc99283d2bcddfe7f847835c"),
    "Corinthia": ("@expo-google-fonts/corinthia@0.4.2", "400Regular/Corinthia_400Regular.ttf",
                  "11f47c28fa338d34f42c7d7b4344a7db937d6757318f67bcad5e0f8831761a02"),
    "Grandstander": ("@expo-google-fonts/grandstander@0.4.1",
                     "400Regular/Grandstander_400Regular.ttf",
                     "0db76ccf5bb4d2ce21750cc28fac3ebdfede478dfe3f369f93d7d1d3ea98445f"),
    "Grape Nuts": ("@expo-google-fonts/grape-nuts@0.4.2", "400Regular/GrapeNuts_400Regular.ttf",
                   "e1ba743618029708364d6ed75a2a1644739113d9024b730493fd6d3e5f8bb9ea"),
    "Mali": ("@expo-google-fonts/mali@0.4.1", "400Regular/Mali_400Regular.ttf",
             "447cddd48d4d082bc32c4402d89360c499b24bf6d1a628f07c77d184d3c9064b"),
    "Patrick Hand": ("@expo-google-fonts/patrick-hand@0.4.1",
                     "400Regular/PatrickHand_400Regular.ttf",
                     "496937dafcb18bf2c2f624ed02c8f7f4d47bd1e4e6e5646c42b6cfd873c6b13c"),
    "Playpen Sans": ("@expo-google-fonts/playpen-sans@0.4.1",
                     "400Regular/PlaypenSans_400Regular.ttf",
                     "65fdaad5a3aee5ee4d0835957fdb4e0b6941890f198143c9a4ec36040026b44f"),
    "Playwrite US Trad": ("@expo-google-fonts/playwrite-us-trad@0.4.1",
                          "400Regular/PlaywriteUSTrad_400Regular.ttf",
                          "ab397e6941f78fcd448f77e4a162d7346bcdd392b4c24124bd4bd463c6b8bbad"),
    "Sedgwick Ave": ("@expo-google-fonts/sedgwick-ave@0.4.1",
                     "400Regular/SedgwickAve_400Regular.ttf",
                     "e4dfddad93d2f48f10e56c2144efb91eb2b28365426528bc5a0e6bf1ac644f7f"),
    "Shantell Sans": ("@expo-google-fonts/shantell-sans@0.4.1",
                      "400Regular/ShantellSans_400Regular.ttf",
                      "84c3c95a452fbeb3819ed0bb3cd1190adec43595601d13b4b7c9f603731685ed"),
    # never trained on: read before and after, as hands the training never saw
    "Ephesis": ("@expo-google-fonts/ephesis@0.4.2", "400Regular/Ephesis_400Regular.ttf",
                "cdbaf865190236341b5fa59c834064c6895911c4181dd37fc797c833a080c38c"),
    "Sriracha": ("@expo-google-fonts/sriracha@0.4.1", "400Regular/Sriracha_400Regular.ttf",
                 "10224a278f0fc770ba3efc57537b45a2eccc755d0eddb0c112af478414b8d3f5"),
}
HELD_OUT = ("Ephesis", "Sriracha")


def _path(root: Path, name: str) -> Path:
    return root / name.replace(" ", "_") / Path(FONTS[name][1]).name


def fetch(root: Path) -> None:
    """``npm pack`` each package into ``root`` and unpack it; check every font's SHA-256."""
    root.mkdir(parents=True, exist_ok=True)
    for name, (package, inner, _) in FONTS.items():
        path = _path(root, name)
        if not path.is_file():
            try:
                out = subprocess.run(["npm", "pack", "--silent", package], cwd=root, check=True,
                                     capture_output=True, text=True).stdout.split()[-1]
            except (OSError, subprocess.CalledProcessError, IndexError) as exc:
                raise SystemExit(f"npm could not fetch {package} ({exc}): is npm installed and "
                                 "the registry reachable?") from exc
            with tarfile.open(root / out) as tar:  # only the font and its licence
                for member, target in ((inner, path), ("LICENSE_FONT", path.parent / "OFL.txt")):
                    try:
                        data = tar.extractfile(f"package/{member}")
                    except KeyError:
                        data = None
                    if data is None:
                        raise SystemExit(f"{package} holds no file {member}: not the package pinned")
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(data.read())
            (root / out).unlink()
    fonts(root, trained=True)
    fonts(root, trained=False)


def fonts(root: Path, trained: bool = True) -> tuple[Path, ...]:
    """The fetched fonts to train on (or, with ``trained=False``, the held-out ones), each
    checked against its pinned SHA-256."""
    out = []
    for name, (package, _, digest) in FONTS.items():
        if (name in HELD_OUT) == trained:
            continue
        path = _path(root, name)
        if not path.is_file():
            raise SystemExit(f"{path} is missing: run  python ocr_models/training/hands.py {root}")
        if hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            raise SystemExit(f"{path} is not the font {package} was pinned with")
        out.append(path)
    return tuple(out)


if __name__ == "__main__":
    fetch(Path(sys.argv[1]))
    print(f"{len(FONTS)} fonts checked in {sys.argv[1]}")
