"""Text normalisation rules shared by every layer.

All text inside the station is Unicode NFC. Search folds diacritics and maps
``đ``/``Đ`` to ``d``/``D`` so that ``nguyen van duc`` finds ``Nguyễn Văn Đức``.
This module never changes what a record says; it only gives canonical forms
for storage (NFC) and for matching (folded).
"""

from __future__ import annotations

import re
import unicodedata

_WS = re.compile(r"\s+")


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC (the station's one storage form)."""
    return unicodedata.normalize("NFC", text)


def strip_marks(text: str) -> str:
    """Remove every combining mark and map đ→d, keeping case.

    ``"Nguyễn Văn Đức"`` → ``"Nguyen Van Duc"``.
    """
    decomposed = unicodedata.normalize("NFD", text)
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return kept.replace("đ", "d").replace("Đ", "D")


def fold(text: str) -> str:
    """The search key of ``text``: marks stripped, đ→d, lower case, spaces collapsed."""
    return _WS.sub(" ", strip_marks(text).casefold()).strip()


def letters_key(text: str) -> str:
    """``text``'s letters and digits, folded, nothing between them: how a misread heading or
    label is compared with the known ones (``ocr.headings``, ``ocr.labels``), and how long a
    label is (``domain.labels``)."""
    return "".join(c for c in fold(text) if c.isalnum())


def levenshtein(a: str, b: str) -> int:
    """Edit distance: insertions, deletions and substitutions of one character each."""
    if a == b:
        return 0
    # the letters both share at the start and at the end change no distance (most words weighed
    # differ in a letter or two): only what lies between is compared
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    j = 0
    while j < n - i and a[-1 - j] == b[-1 - j]:
        j += 1
    a, b = a[i:len(a) - j], b[i:len(b) - j]
    if not a or not b:
        return len(a) + len(b)
    return distances_to_starts(a, b)[-1]


def distances_to_starts(a: str, b: str) -> list[int]:
    """The edit distance of ``a`` to every start of ``b``: ``[levenshtein(a, b[:m]) for m in
    0..len(b)]``, one table's last row (how near a line's start is to a known lead)."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev


def safe_filename(name: str) -> str:
    """An NFC file name with path separators and control characters removed.

    Keeps Vietnamese letters; used whenever the station writes a file whose name
    comes from outside (an inbox file, a batch name).
    """
    name = nfc(name)
    name = "".join("_" if (ch in '/\\:*?"<>|' or ord(ch) < 32) else ch for ch in name)
    name = name.strip(" .")
    return name or "_"


def _dot_below_twins() -> dict[str, str]:
    out: dict[str, str] = {}
    for plain in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY":
        dotted = unicodedata.normalize("NFC", plain + "\u0323")
        out[plain], out[dotted] = dotted, plain
    return out


#: each vowel without a tone mark and the same vowel with a dot below, both ways (``a``/``ạ``,
#: ``ư``/``ự``): what a form's dotted line under a written word leaves the ink unable to tell
#: (``extraction.reread.dotted_as``)
DOT_BELOW_TWINS = _dot_below_twins()
