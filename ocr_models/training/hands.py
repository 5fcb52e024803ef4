"""More hands for training: handwriting fonts with full Vietnamese coverage, fetched from npm
(the ``@expo-google-fonts`` packages carry Google Fonts' complete TTF files, SIL Open Font
Licence; the ``@fontsource`` packages of the third set the complete font as WOFF), each pinned by
package version and the font file's SHA-256.

    python ocr_models/training/hands.py DIR     # npm pack + unpack + check, into DIR

They are used for training only; the station neither ships nor reads them. ``HELD_OUT`` are
fetched but never trained on: the training script reads lines in them before and after, as a check
on hands it never saw besides the bench's own held-out font (Great Vibes, which is not here).
Left out after a look at each: Gochi Hand, Handlee, Kalam, Nerko One (letters of Vietnamese
missing), Sedgwick Ave Display (capitals only); from the second set's look, Caveat, Caveat Brush,
Edu VIC WA NT Beginner, Klee One, Nanum Pen Script, Zeyada (letters missing), Ballet and Mea Culpa
(swashes over the letters), Lobster and Pacifico (display brushes, not pens), Srisakdi (its N
drawn as an H), Puppies Play (ornate capitals). Many of the second set's scripts are by the
designer of the bench's held-out Great Vibes (TypeSETit), as are Corinthia, Birthstone and
Ephesis: the held-out figures are for hands never trained on, not for a designer never seen.
The older (0.2.x) packages carry no licence file; the font's own name table says SIL OFL.
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
    # the second set (session 36): more scripts and print-like hands
    "Allura": ("@expo-google-fonts/allura@0.4.2", "400Regular/Allura_400Regular.ttf",
               "2ae11ac492a9421060a84bbc2d0f196b55364b1f3af7f58a848e3acc93247d6c"),
    "Charmonman": ("@expo-google-fonts/charmonman@0.2.0", "Charmonman_400Regular.ttf",
                   "4005d40c1f6e693f608547bddc15bf60b36f930dd4c5e3532e709be8db9c0881"),
    "Dancing Script": ("@expo-google-fonts/dancing-script@0.4.2", "400Regular/DancingScript_400Regular.ttf",
                       "9ef04a03a7e36872dbb179ed3fbb11fde004bd01e35416c3270023f7a91dd4f4"),
    "Hurricane": ("@expo-google-fonts/hurricane@0.2.2", "Hurricane_400Regular.ttf",
                  "22496955b819055d4ae6558494f834cff9ee74a7405bd3a1c80e4fe180b23b91"),
    "Imperial Script": ("@expo-google-fonts/imperial-script@0.2.3", "ImperialScript_400Regular.ttf",
                        "9121d9136fbddf3e7c033728c917fba5e19ae1c4041ccc08b17dae09948042ae"),
    "Inspiration": ("@expo-google-fonts/inspiration@0.2.3", "Inspiration_400Regular.ttf",
                    "0f1aa56494eb8d92205e1f948edf9eb6da38ba0082ab79525626897ab09bd941"),
    "Island Moments": ("@expo-google-fonts/island-moments@0.2.3", "IslandMoments_400Regular.ttf",
                       "bc0387e5ba15be43feac73427ffb37b268ac9d1a7e415ea4657f9473c2c77f2d"),
    "Italianno": ("@expo-google-fonts/italianno@0.4.1", "400Regular/Italianno_400Regular.ttf",
                  "c407312752e3ac1efb850efa45375b728550acedbf3a7e87952fff1cc4c82728"),
    "Itim": ("@expo-google-fonts/itim@0.4.1", "400Regular/Itim_400Regular.ttf",
             "acdd351e7e72ab5e3d16cc26cda212c51482905cd83cc5bfb8c799c272e0e09a"),
    "Kolker Brush": ("@expo-google-fonts/kolker-brush@0.4.2", "400Regular/KolkerBrush_400Regular.ttf",
                     "e1a5b22fac138b51bab35627e4971adc4cb20a95860ab15701781dadb276d28f"),
    "Love Light": ("@expo-google-fonts/love-light@0.4.2", "400Regular/LoveLight_400Regular.ttf",
                   "9426a52e7b04b2dfee40e55c39fe13b619f2951b10d7469e9af923ef9d350ddb"),
    "Meow Script": ("@expo-google-fonts/meow-script@0.4.1", "400Regular/MeowScript_400Regular.ttf",
                    "168f5a2548eeaede845315a98101393d6ae6e0ac8090c6aba9a8e19ad243321b"),
    "Moon Dance": ("@expo-google-fonts/moon-dance@0.2.3", "MoonDance_400Regular.ttf",
                   "cfa64c9e85880ea8935ef67bdf850d0a52852a5e6b87c6f559eb8fc716ec0979"),
    "Ms Madi": ("@expo-google-fonts/ms-madi@0.2.3", "MsMadi_400Regular.ttf",
                "2d5d5abd529f65cbcad1fc3f5fe8fde1fb68c68c61874d5642d09f3f717b204c"),
    "Mynerve": ("@expo-google-fonts/mynerve@0.2.3", "Mynerve_400Regular.ttf",
                "15ed63377f368c9fd1a0d7cc169dce1c6ed723952fb3685bb561c16765f2c230"),
    "Pangolin": ("@expo-google-fonts/pangolin@0.4.1", "400Regular/Pangolin_400Regular.ttf",
                 "a48db64eadc589c2e9f14a4ba79eed82a438c7f620f929dd19e352c20b2a922e"),
    "Pinyon Script": ("@expo-google-fonts/pinyon-script@0.4.1", "400Regular/PinyonScript_400Regular.ttf",
                      "0f816f50c0a25ed5e687570f2b43c16c1954969db6121095dcec2ad0745cdb0e"),
    "Qwitcher Grypen": ("@expo-google-fonts/qwitcher-grypen@0.2.3", "QwitcherGrypen_400Regular.ttf",
                        "7bc57ea7d851be93f45b1d7e3cae6a0a887a9ce02e96348235d740b3adf48fe0"),
    "Send Flowers": ("@expo-google-fonts/send-flowers@0.4.2", "400Regular/SendFlowers_400Regular.ttf",
                     "8c407d3476747ba1a63190fb9288cd872b835f644d5c2a75ba31bf6e2e5a520a"),
    "Waterfall": ("@expo-google-fonts/waterfall@0.2.3", "Waterfall_400Regular.ttf",
                  "59bd4659162be4c270ba52aa018912b33d0c72b76a11f9b6a8686c070129c706"),
    "Yomogi": ("@expo-google-fonts/yomogi@0.4.1", "400Regular/Yomogi_400Regular.ttf",
               "8a43b3861f7be6f22863f129ed0962c7e996a3d0a8b9db75284dcec9ffb7c525"),
    # the third set (session 38): school hands, ``--school-hands`` (SCHOOL)
    "Playwrite VN": ("@fontsource/playwrite-vn@5.3.0", "files/playwrite-vn-latin-400-normal.woff",
                    "ea073d51ea8c51d3175c0acad8baf783487d3fc3291402784406f51853a6e41f"),
    "Playwrite BE WAL": ("@fontsource/playwrite-be-wal@5.3.0", "files/playwrite-be-wal-latin-400-normal.woff",
                        "a8571777ad961a17bfd8ea18e9094e76f54ca42324f5b36f52228581c52222b1"),
    "Playwrite FR Trad": ("@fontsource/playwrite-fr-trad@5.3.0", "files/playwrite-fr-trad-latin-400-normal.woff",
                         "adc3f44033860c19c23661a7d669b31b81ba836ba317ceb39eb74d1d919b92ad"),
    "Playwrite ID": ("@fontsource/playwrite-id@5.3.0", "files/playwrite-id-latin-400-normal.woff",
                    "7b44ac6ac355c8eac0b9e9cad4a5341034b0c0bcef610c364610361b75481d40"),
    "Playwrite NL": ("@fontsource/playwrite-nl@5.3.0", "files/playwrite-nl-latin-400-normal.woff",
                    "8a4510dab5571fed635e852bc776a6f3e8b9398b0bfabb2903600e95733bc580"),
    "Playwrite CL": ("@fontsource/playwrite-cl@5.3.0", "files/playwrite-cl-latin-400-normal.woff",
                    "3d1be127916b71d8982edf71f9d512e81f93907d48af94c1b902469c13db500a"),
    "Playwrite ES Deco": ("@fontsource/playwrite-es-deco@5.3.0", "files/playwrite-es-deco-latin-400-normal.woff",
                         "6f7f88027efbf60b5f9768616962b29b5b82dc6ee67796e7dd707c5950b388ae"),
    "Playwrite IT Trad": ("@fontsource/playwrite-it-trad@5.3.0", "files/playwrite-it-trad-latin-400-normal.woff",
                         "48eda15a43ceeec3f465014c9241a9f377129831159fa25acada492ecdf96711"),
    "Playwrite MX": ("@fontsource/playwrite-mx@5.3.0", "files/playwrite-mx-latin-400-normal.woff",
                    "753fc0ffbf7ebaa2358c3c4b70f996c255f94b8899ee57f072dc0415080d23f4"),
    "Playwrite DE Grund": ("@fontsource/playwrite-de-grund@5.3.0", "files/playwrite-de-grund-latin-400-normal.woff",
                          "2ef35798b3ea53e8ff8501c4a1d4608096b0b74c3a165b5ea53b1b694484de94"),
    "Playwrite HU": ("@fontsource/playwrite-hu@5.3.0", "files/playwrite-hu-latin-400-normal.woff",
                    "8185ca1b317afb4ef1c36731f8e8ce1a563e9d8a7ee8ca9a7ee112902282004f"),
    "Playwrite PT": ("@fontsource/playwrite-pt@5.3.0", "files/playwrite-pt-latin-400-normal.woff",
                    "c7a5ec887965cd332a1935577dc70dfc9602f69b8657a7b9fc27e96abd38d85d"),
    "Playwrite AR": ("@fontsource/playwrite-ar@5.3.0", "files/playwrite-ar-latin-400-normal.woff",
                    "e79f978cccd313544e7c9e6456bf796d1fd678bf21c8e12e91530292b16bef7f"),
    "Playwrite DK Loopet": ("@fontsource/playwrite-dk-loopet@5.3.0", "files/playwrite-dk-loopet-latin-400-normal.woff",
                           "aa717d678634ad17d8cf213b890c9224d3811e5a9feacd77387a860219b40b20"),
    "Playwrite IE": ("@fontsource/playwrite-ie@5.3.0", "files/playwrite-ie-latin-400-normal.woff",
                    "c86635d6f9e6e1bcacc7ee91bfa9eae4df09064b8c39aed5fd7f612c37d85350"),
    "Playwrite SK": ("@fontsource/playwrite-sk@5.3.0", "files/playwrite-sk-latin-400-normal.woff",
                    "24c6505266b00545e33a54d2c0427abda0d0610fd29132596d87b3231d8bc7a2"),
    # the fourth set (session 49): formal scripts, ``--formal-hands`` (FORMAL): ornate, joined
    # capitals unlike the first three sets' (which fonts, and why these: FORMAL below)
    "Alex Brush": ("@expo-google-fonts/alex-brush@0.4.1", "400Regular/AlexBrush_400Regular.ttf",
                   "ac849cb12f5638019661376c0c6fba383cd5f138f2971d2f620315add9a96694"),
    "Babylonica": ("@expo-google-fonts/babylonica@0.4.2", "400Regular/Babylonica_400Regular.ttf",
                   "a8a01e869c748cb187c560706037d8764c3e0a67602dfff34043a82a3769635f"),
    "Fuggles": ("@expo-google-fonts/fuggles@0.2.3", "Fuggles_400Regular.ttf",
                "70ca86ff797a39469c98e4f748a149c1d2db9783c12b85377fab677ee556c276"),
    "Kings": ("@expo-google-fonts/kings@0.4.2", "400Regular/Kings_400Regular.ttf",
              "babcdd1e5a2e0a37ddc4df48b6629ec1fcb772bd8b00d78b408ea076e6908df3"),
    "Luxurious Script": ("@expo-google-fonts/luxurious-script@0.4.2",
                         "400Regular/LuxuriousScript_400Regular.ttf",
                         "69acc3f1233b97c7d6475ed5e8ab1cb9793e3f8dd4fd80442e7874229b21a7b7"),
    "Passions Conflict": ("@expo-google-fonts/passions-conflict@0.2.3", "PassionsConflict_400Regular.ttf",
                          "58c98e8d5130aa663d65e31f95683c99d805e44a369ae8efda9e627325761b16"),
    "Whisper": ("@expo-google-fonts/whisper@0.4.2", "400Regular/Whisper_400Regular.ttf",
                "e21f11d75996c304096fe8ad71017101581f2fc6f9dd69753e7ebf7c1428a4c5"),
    # never trained on: read before and after, as hands the training never saw
    "Ephesis": ("@expo-google-fonts/ephesis@0.4.2", "400Regular/Ephesis_400Regular.ttf",
                "cdbaf865190236341b5fa59c834064c6895911c4181dd37fc797c833a080c38c"),
    "Sriracha": ("@expo-google-fonts/sriracha@0.4.1", "400Regular/Sriracha_400Regular.ttf",
                 "10224a278f0fc770ba3efc57537b45a2eccc755d0eddb0c112af478414b8d3f5"),
}
HELD_OUT = ("Ephesis", "Sriracha")
#: the second set (session 36): trained on with ``train_head.py --second-hands`` only, so the
#: first set's heads are rebuilt as they were
SECOND = tuple(list(FONTS)[list(FONTS).index("Allura"):list(FONTS).index("Playwrite VN")])
#: the third set (session 38): Playwrite's school hands (TypeTogether for Google Fonts, SIL OFL),
#: each the model a country's schools teach, Vietnam's among them — joined letters, looped and
#: unlooped capitals, upright and slanted; sixteen of its fifty kept, the ones most unlike each
#: other (the others differ from these in a letter or two). Trained on with
#: ``train_head.py --school-hands`` only; Fontsource's packages carry the whole font (every
#: Vietnamese letter) as WOFF, which the training reads as it reads a TTF
SCHOOL = tuple(list(FONTS)[list(FONTS).index("Playwrite VN"):list(FONTS).index("Alex Brush")])
#: the fourth set (session 49): formal scripts with ornate capitals, trained on with
#: ``train_head.py --formal-hands`` only. Of the formal scripts looked for in the npm mirror,
#: those that draw every Vietnamese letter (Arizonia, Herr Von Muellerhoff, Parisienne, Petit
#: Formal Script, Rouge Script, Sacramento and Tangerine lack some; Praise is a display brush);
#: chosen by coverage, never by a look at the held-out font
FORMAL = tuple(list(FONTS)[list(FONTS).index("Alex Brush"):list(FONTS).index("Ephesis")])


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
            with tarfile.open(root / out) as tar:
                unpack(tar, package, inner, path)
            (root / out).unlink()
    fonts(root, trained=True, second=True, school=True, formal=True)
    fonts(root, trained=False)


def unpack(tar: tarfile.TarFile, package: str, inner: str, path: Path) -> None:
    """Only the font (to ``path``) and its font licence (beside it, ``OFL.txt``). An Expo package
    holds the font's licence as ``LICENSE_FONT`` and its own code's (MIT) as ``LICENSE``; a
    Fontsource package holds the font's as ``LICENSE``."""
    licence = "LICENSE" if package.startswith("@fontsource/") else "LICENSE_FONT"
    for member, target in ((inner, path), (licence, path.parent / "OFL.txt")):
        try:
            data = tar.extractfile(f"package/{member}")
        except KeyError:
            data = None
        if data is None and member == licence:
            continue  # the older packages: the licence is only in the font's names
        if data is None:
            raise SystemExit(f"{package} holds no file {member}: not the package pinned")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data.read())


def fonts(root: Path, trained: bool = True, second: bool = False, school: bool = False,
          formal: bool = False) -> tuple[Path, ...]:
    """The fetched fonts to train on, the first set, with ``second``, ``school`` and ``formal``
    those sets too (or, with ``trained=False``, the held-out ones), each checked against its
    pinned SHA-256."""
    out = []
    for name, (package, _, digest) in FONTS.items():
        if ((name in HELD_OUT) == trained or (trained and not second and name in SECOND)
                or (trained and not school and name in SCHOOL)
                or (trained and not formal and name in FORMAL)):
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
