"""Candidate readings of codes and document numbers read with a character out of place: a
dossier code's digits and letter in their places, a document number's symbol near ND 30/2020's, a
registry number's letters. Candidates for the ink to weigh (``doubt``'s rule: never a value by
themselves)."""

from __future__ import annotations

import re
from itertools import product
from string import ascii_uppercase

from ..domain.labels import DOCUMENT_ISSUERS, DOCUMENT_KINDS
from ..domain.text import levenshtein
from . import validators as V
from .doubt import LOOKALIKE_DIGITS, LOOKALIKE_LETTERS
from .parsing import parse

#: where a dossier code (``validators.parse_dossier_code``) has its digits (d) and its letter (L)
_DOSSIER_SLOTS = "ddd.dd.dd.Ldd-dddddd-dddd"
#: the places of its characters, the separators left out
_DOSSIER_CHARS = [k for k in _DOSSIER_SLOTS if k in "dL"]


def _in_dossier_slots(chars: list[str]) -> str:
    """``chars`` (20: the code's digits and letter, in order) with the separators written in."""
    it = iter(chars)
    return "".join(next(it) if k in "dL" else k for k in _DOSSIER_SLOTS)


#: a dossier code's shape for its ink to be read as (``ctc.best_in_pattern``): each digit and the
#: letter in its place, each separator one the hand's ink may leave unread
DOSSIER_PATTERN = [("0123456789", False) if k == "d" else (ascii_uppercase, False) if k == "L" else (k, True)
                   for k in _DOSSIER_SLOTS]


def dossier_in_pattern(read: str) -> str:
    """A dossier code's ink read as its shape (``DOSSIER_PATTERN``) with its separators written
    in: what the ink spells, "" where it is none."""
    chars = [c for c in read if c.isalnum()]
    if len(chars) != len(_DOSSIER_CHARS):
        return ""
    cand = _in_dossier_slots(chars)
    return "" if parse("dossier_code", cand).messages else cand


def dossier_pattern_readings(read: str) -> list[str]:
    """The code ``dossier_in_pattern`` makes of ``read``, and the same with a local office's
    letter H (``validators.local_office_code``) where it has another: candidates for the ink
    to weigh, H preferred among those it supports nearly as well."""
    code = dossier_in_pattern(read)
    if not code:
        return []
    at = _DOSSIER_SLOTS.index("L")
    return list(dict.fromkeys([code, code[:at] + "H" + code[at + 1:]]))


def registry_readings(value: str) -> list[str]:
    """A registry number read with letters none of CH, CS, CT ("QH 50562", "OH 08422", "QH
    635559"), or with its letters read as a digit or a mark apart from its digits ("8.20816"),
    with each of them, the digits as read — and with one lost at either end where six were read:
    candidates for the ink to weigh."""
    m = re.fullmatch(r"\s*([A-ZĐ]{1,3})\s*[-.]?\s*(\d{3,6})\s*", value)
    if m is None:
        # its letters read as a digit or a mark, apart from the digits ("8.20816", "6S 20816")
        m = re.fullmatch(r"\s*(\S{1,2}?)(?:\s+|\s*[-.,:]\s*)(\d{3,6})\s*", value)
        if m is None or m.group(1).isalpha():
            return []
    if m.group(1) in V.REGISTRY_PREFIXES:
        return []
    digits = m.group(2)
    numbers = [digits] + ([digits[1:], digits[:-1]] if len(digits) == 6 else [])
    return [f"{p} {n}" for p in V.REGISTRY_PREFIXES for n in numbers]


#: a certificate serial read again with its two letters (the GUI catalogue translates it)
SERIAL_CONSTRAINED = "read again with the serial's two letters: the ink supports it nearly as well"
#: the capitals a serial's letters may be (the Vietnamese alphabet's, and the Latin ones it lacks)
SERIAL_LETTERS = tuple(ascii_uppercase) + ("Đ",)


def serial_readings(value: str) -> list[str]:
    """A certificate serial read with one letter before its digits ("A 14314595": a hand's two
    letters alike read as one, the recogniser's repeated letter needing a gap between the two)
    with two — the letter doubled first, then beside each other capital — the digits as read:
    candidates for the ink to weigh; none where the value is not one letter and its digits."""
    m = re.fullmatch(r"\s*([A-ZĐ])[\s.]*(\d{6,8})\s*", value)
    if m is None:
        return []
    letter, digits = m.groups()
    pairs = [letter * 2] + [p for x in SERIAL_LETTERS if x != letter for p in (letter + x, x + letter)]
    return [f"{p} {digits}" for p in pairs]


def dossier_readings(value: str) -> list[str]:
    """A dossier code read with its separators lost or misread ("489.67.35 711- 210928-3221"),
    a letter among its digits or a digit where its letter belongs: with its 20 characters in
    their places — each letter where a digit belongs as its look-alike digit, and where the letter
    belongs each capital — candidates for the ink to weigh; none when the characters read are not
    20 or a letter has no look-alike digit."""
    chars = [c for c in value if c.isalnum()]
    if len(chars) != len(_DOSSIER_CHARS):
        return []
    fixed = []
    for c, k in zip(chars, _DOSSIER_CHARS):
        if k == "d" and not c.isdigit():
            c = LOOKALIKE_DIGITS.get(c, "")
            if not c:
                return []
        fixed.append(c)
    out = []
    at = _DOSSIER_CHARS.index("L")
    for letter in ([fixed[at].upper()] if fixed[at].isalpha() else ascii_uppercase):
        cand = _in_dossier_slots(fixed[:at] + [letter] + fixed[at + 1:])
        if cand != value and not parse("dossier_code", cand).messages:
            out.append(cand)
    return out


def _number_as_digits(number: str) -> str:
    """A document's number as read, each letter among its digits as the digit it looks like
    (``54O`` → ``540``); "" where a letter looks like none."""
    digits = "".join(c if c.isdigit() else LOOKALIKE_DIGITS.get(c, "?") for c in number)
    return "" if "?" in digits else digits


def document_number_readings(value: str) -> list[str]:
    """A document number whose symbol is near but not one of a People's Committee's
    (``214/TB-OBND``, ``948/QD-OUBND``, ``801/TB-UBMND``, ``462/GXN-UB ND``): with each part
    near a kind's abbreviation (ND 30/2020/NĐ-CP) or the issuer's written as that, the number's
    letters as their look-alike digits — candidates for the ink to weigh, none where the symbol
    already is one or no part is near."""
    m = re.fullmatch(r"\s*([\dA-Za-z]{1,5})(?:\s*[/|]\s*|\s+)(.+?)\s*", value)
    if m is None:
        return []
    number = _number_as_digits(m.group(1))
    if not number:
        return []
    parts = [p for p in re.split(r"\s*-\s*", re.sub(r"\s+", "", m.group(2)).upper()) if p]
    if not 1 <= len(parts) <= 3:
        return []
    known = DOCUMENT_KINDS + DOCUMENT_ISSUERS

    def near(part: str) -> list[str]:
        if part in known:
            return [part]
        out = [k for k in DOCUMENT_ISSUERS if levenshtein(part, k) <= 2]
        out += [k for k in DOCUMENT_KINDS if levenshtein(part, k) <= (1 if len(k) <= 2 else 2)
                and not (len(k) <= 2 and len(part) > 3)]
        return out

    if len(parts) == 1 and len(parts[0]) > 4:
        # the hyphen lost ("TBUBND"): a kind then the issuer, or the issuer then a unit
        w = parts[0]
        splits = [[w[:i], w[i:]] for i in range(1, len(w))]
    else:
        splits = [parts]
    out: list[str] = []
    for sp in splits:
        options = [near(p) for p in sp[:2]] + [[p] for p in sp[2:]]
        if len(sp) == 2 and any(levenshtein(sp[0], k) <= 2 for k in DOCUMENT_ISSUERS):
            # a letter's drafting unit ("UBND-XNTTHN") is kept as read, a digit among its
            # letters as the letter it looks like ("XN7THN")
            options[1] = ["".join(LOOKALIKE_LETTERS.get(c, c) for c in sp[1])]
        if not all(options) or not any(o in DOCUMENT_ISSUERS for o in options[-1] + options[0]):
            continue
        for combo in product(*options):
            cand = f"{int(number)}/{'-'.join(combo)}"
            if (combo[0] in DOCUMENT_ISSUERS) == (combo[-1] in DOCUMENT_ISSUERS):
                continue  # one side the issuer, the other a kind or a unit
            if cand != value.strip() and cand not in out and not parse("document_number", cand).messages:
                out.append(cand)
    return out


#: a document number read again with the symbol its form says it has (the GUI catalogue translates it)
FORM_SYMBOL_CONSTRAINED = "read again with the symbol the form's numbers have: the ink supports it nearly as well"


def form_symbol_readings(value: str, symbols: tuple[str, ...]) -> list[str]:
    """A document number whose symbol is near but none of ``symbols`` (its form's: ``540/GBBT``,
    ``47/GBS`` for a death notice's ``…/GBT``): its number as read — letters among its digits as
    their look-alike digits — with each symbol at most one edit from the one read (two for a
    symbol of five letters or more); none where the symbol is one already or none is near."""
    m = re.fullmatch(r"\s*([\dA-Za-z]{1,5})\s*[/|]\s*(\S+?)\s*", value)
    if m is None:
        return []
    number = _number_as_digits(m[1])
    read = m[2].upper()
    if not number or not any(c.isdigit() for c in m[1]) or read in symbols:
        return []
    out = []
    for symbol in symbols:
        if levenshtein(read, symbol) <= (2 if len(symbol) >= 5 else 1):
            cand = f"{int(number)}/{symbol}"
            if not parse("document_number", cand).messages:
                out.append(cand)
    return out


#: a document number's kind read again with a digit among its letters as the letter it looks like
#: (the GUI catalogue translates it)
KIND_LETTERS = "read again with a digit among the document kind's letters as the letter it looks like: the ink supports it nearly as well"
_SYMBOL = re.compile(r"\s*(\d{1,5})\s*/\s*((?:\d{4}\s*/\s*)?)([A-ZĐ0-9]{2,6})((?:-[A-ZĐ0-9]{1,10})*)\s*")


def kind_letter_readings(value: str) -> list[str]:
    """A document number whose kind (the symbol's first part: letters, ND 30/2020/NĐ-CP) was read
    with a digit among its letters ("640/GB7", "228/6B7" for a hospital's death notice 640/GBT):
    each such digit as the letter it looks like — a candidate for the ink to weigh; none where the
    kind has no letter or a digit with no look-alike."""
    m = _SYMBOL.fullmatch(value)
    if m is None or not re.search(r"\d", m[3]) or not re.search(r"[A-ZĐ]", m[3]):
        return []
    if any(c.isdigit() and c not in LOOKALIKE_LETTERS for c in m[3]):
        return []
    cand = f"{m[1]}/{m[2]}{''.join(LOOKALIKE_LETTERS.get(c, c) for c in m[3])}{m[4]}"
    return [cand] if not parse("document_number", cand).messages else []


#: a document number whose symbol is near one but none (the GUI catalogue translates it)
DOCUMENT_SYMBOL_NEAR = "the number's symbol is near a kind's and the issuer's (ND 30/2020/NĐ-CP) but not theirs: misread?"
#: a document number read again with the symbols of ND 30/2020/NĐ-CP (the GUI catalogue translates it)
DOCUMENT_NUMBER_CONSTRAINED = "read again with a document kind's abbreviation and the issuer (ND 30/2020/NĐ-CP): the ink supports it nearly as well"


#: a dossier code read again as one is written (the GUI catalogue translates it)
DOSSIER_CONSTRAINED = "read again as a dossier code is written: digits and one letter in their places"
#: a registry number read again among its letters (the GUI catalogue translates it)
REGISTRY_CONSTRAINED = "read again with the registry number's letters (CH, CS, CT): the ink supports it nearly as well"
