"""A civil-status book's year checked against the year its entries were registered.

A register book is opened for a year and numbered from 01 within it ("Quyển số 01/2011": the
first book of 2011), so an entry registered in 2011 is in a book "…/2011", and an extract
copies both. A book volume whose year is not the year the page's registration dates give (a
hand's 1 read as 7: "04/2007" among entries of 2001; a digit lost: "02/997") is a question;
where its crop can be read again, it is read among the volumes of that year — the number as
read, or 01 to 09 where none is — and shown when the ink supports one nearly as well as its
own reading, the page reading kept. Never a value by itself.

Either side may be the one misread: where the book names a year, the dates of another year are
weighed as of the book's year too (a hand's 8 read as 6: entries "1966" in a book "02/1986"),
and the side whose ink supports the change better is shown changed.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

import numpy as np

from .crops import weighed
from .doubt import LIST_APART, LIST_MARGIN
from .parsing import parse

#: the messages (the GUI catalogue translates them)
BOOK_YEAR_DIFFERS = "the book's year is not the year its entries were registered"
BOOK_YEAR_CONSTRAINED = "read again as a book of the year its entries were registered: the ink supports it nearly as well"
DATE_YEAR_CONSTRAINED = "read again as a date of the book's year: the ink supports it nearly as well"


def check(entries: list[dict], image: np.ndarray | None, reader, book_key: str = "book_volume",
          date_key: str = "registration_date") -> list[dict]:
    """``entries`` (one dict of fields per entry; a page-wide field is the same in each) with the
    book volume checked against the registration dates' year, read again where it differs."""
    books = [e.get(book_key) for e in entries]
    years = Counter(d.normalized[:4] for e in entries if (d := e.get(date_key)) is not None
                    and re.fullmatch(r"\d{4}-\d\d-\d\d", d.normalized or ""))
    book = next((b for b in books if b is not None and b.value), None)
    if book is None or not years:
        return entries
    year, votes = years.most_common(1)[0]
    if votes * 2 <= sum(years.values()):
        return entries  # the entries' own years disagree: no year to hold the book to
    read = re.fullmatch(r"(\d{1,3})/(\d{4})", book.normalized or "")
    if read is not None and read.group(2) == year:
        return entries
    written = re.match(r"\s*(\d{1,3})\s*/", book.value)  # the number as the book writes it ("4", "04")
    number = written.group(1) if written is not None else (read.group(1) if read is not None else "")
    cands = [f"{number}/{year}"] if number else [f"{k:02d}/{year}" for k in range(1, 10)]
    # the other way round: the dates read again as of the book's year, where the book names one
    # ("Quyển số 02/1986" over entries read 1966, a hand's 8 read as 6) — the side whose ink
    # supports the change better is read again, a question either way
    dates = _dates_as_of(entries, date_key, read.group(2), image, reader) if read is not None else None
    # the one the ink tells apart from every other volume of the year (by ``LIST_APART``) is
    # shown too where it is up to three times that below the ink's own reading ("Q1/1976": 01
    # 11.5 nats below, 02 12 more)
    text, gain = weighed(book, cands, image, reader, apart=LIST_APART)
    shown = text if text and text != book.value and gain >= -LIST_MARGIN else ""
    if dates is not None and (not shown or dates[1] > gain):
        for i, f in dates[0].items():
            entries[i][date_key] = f
        return entries
    new = _read_again(book, shown)
    for e in entries:
        if e.get(book_key) is book:
            e[book_key] = new
    return entries


def _dates_as_of(entries: list[dict], date_key: str, year: str, image: np.ndarray | None, reader
                 ) -> tuple[dict, float] | None:
    """Each entry's registration date of another year than ``year`` shown with ``year`` as its
    year (the new fields by entry index), and the least gain of the ink among them — None where
    one cannot be, or its ink does not support it within ``LIST_MARGIN``."""
    out, least = {}, 0.0
    for i, e in enumerate(entries):
        d = e.get(date_key)
        if d is None or not re.fullmatch(r"\d{4}-\d\d-\d\d", d.normalized or "") or d.normalized[:4] == year:
            continue
        at = d.value.rfind(d.normalized[:4])
        if at < 0:
            return None  # its year is not written in digits as read: not one to change here
        cand = d.value[:at] + year + d.value[at + 4:]
        text, gain = weighed(d, [cand], image, reader)
        if text != cand or gain < -LIST_MARGIN:
            return None
        out[i] = replace(d, value=cand, normalized=parse("date", cand).normalized, second_reading=d.value,
                         engine="aster-book-year").questioned(DATE_YEAR_CONSTRAINED)
        least = min(least, gain)
    if not out:
        return None
    return out, least


def _read_again(book, shown: str):
    """``book`` (an ``extract.ExtractedField``) shown as ``shown``, the volume of the entries' year
    its ink supports (none: as read), a question either way."""
    if shown:
        complaints = parse("book_volume", book.value).messages  # of the reading replaced
        return replace(book, value=shown, normalized=parse("book_volume", shown).normalized,
                       second_reading=book.value, engine="aster-book-year",
                       messages=tuple(m for m in book.messages if m not in complaints)
                       ).questioned(BOOK_YEAR_CONSTRAINED)
    return book.questioned(BOOK_YEAR_DIFFERS)
