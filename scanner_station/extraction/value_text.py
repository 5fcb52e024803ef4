"""What surrounds a value as read but is not it (``clean_value``), and whether a value stops
where its line did rather than where the value did (``dangling``)."""

from __future__ import annotations

import re

from ..domain.text import fold, levenshtein
from .places import ends_in_unit

#: words that never end a complete place: a value ending in one was cut at a line end
DANGLING = ("tinh", "thanh pho", "tp", "huyen", "quan", "thi xa", "thi tran", "xa", "phuong",
            "thon", "ap", "to", "khu pho", "so", "duong", "ho", "chi")
#: of those, the opening words of a name cut at a line's end ("Thành phố Hồ" ⏎ "Chí Minh")
NAME_OPENINGS = ("ho", "chi")
#: a list marker of the next item left before its label ("654; b) Tờ bản đồ số") is not value
_ENUM_TAIL = re.compile(r"[;,]?\s*\b[a-zđ]\)\s*$")
#: the same marker glued to a number read before it ("359b) Tờ bản đồ số": the space lost)
_ENUM_GLUED = re.compile(r"(?<=\d)[a-zđ]\)\s*$")
_LEADERS = re.compile(r"[.…_]{3,}")


def clean_value(text: str) -> str:
    """Strip what surrounds a value but is not it: colons, dotted leaders, table rulings,
    brackets opened for a sub-label, a list marker of the next item, a lone mark after it."""
    text = _LEADERS.sub(" ", text)
    # a table rule read as "|" is nobody's ink, wherever a cell's lines put it ("…, huyện Sốp
    # Cộp, |tỉnh Sơn La"), nor a rule read as a backslash ("\\264", "tỉnh Tuyên \\ Quang"): no
    # value on these forms has a vertical bar or a backslash
    text = text.replace("|", " ").replace("\\", " ")
    text = _ENUM_TAIL.sub("", text)
    if "(" not in text:  # "(ghi 5a)" is the value's own bracket
        text = _ENUM_GLUED.sub("", text)
    # "_764,5 m²": the end of a leader line; ". Việt Nam": a colon read as a full stop; "/236",
    # "'Tương Dương": a cell's rule read as a stroke; ": : xã …", "] xã …": the label's colon
    # read twice beside the gap a form's leader left; '"': a footnote marker's small type; "! 53",
    # "¡ Lê Ngọc Nghĩa": a cell's rule read as an exclamation mark; '," Nữ': the label's colon
    # read as a comma before its footnote marker — no value starts with one of these
    text = text.strip().lstrip(":;,|-–_./'\"“”]!¡ ").strip()
    if len(text) > 1 and text[0] == "l" and text[1].isupper():
        text = text[1:]  # "lỦy ban": the rule read as "l" (no word starts with l and a capital)
    while text and text[-1] in ";,_|(:–-" or text.endswith(" ("):
        text = text[:-1].rstrip()
    if text.count(")") > text.count("(") and text.endswith(")"):
        text = text[:-1].rstrip()
    if text.endswith("]") and "[" not in text:  # "235]": a cell's rule read as a bracket
        text = text[:-1].rstrip()
    words = text.split()
    # a lone mark after the value, where the gap before the next label was read as ink
    # ("Tày ¬", "Kinh `"); a full stop belongs to its word ("với ai.") and stays
    while len(words) > 1 and len(words[-1]) == 1 and not words[-1].isalnum() and words[-1] not in ")]":
        words.pop()
    return " ".join(words)


def dangling(value: str, kind: str = "") -> bool:
    """The value stops where a line ended, not where the value did (``…, tỉnh``, a comma). A
    name (``kind``) ends in any word: "Tình", "Chi", a misread "Trinh" ("Tỉnh") are given names."""
    v = value.rstrip()
    if kind == "sex":  # one word: nothing of it continues
        return False
    if v.endswith((",", "-", "–")):
        return True
    if kind in ("name", "ethnicity"):  # a name's or a group's word is no unit word left open
        return False
    if ends_in_unit(v):  # "…, tỉnh Bình Dương" ends in a province, not a street's word (đường)
        return False
    f = " " + re.sub(r"[^\w]+", " ", fold(v)).strip()
    end = next((d for d in DANGLING if f.endswith(" " + d)), None)
    if end is None:
        return False
    if end in NAME_OPENINGS:
        return True
    # a unit or street word left open is written in small letters, or opens its part ("…, Tỉnh");
    # a name's last word within its part is no such word ("tỉnh Hùi Dương": Dương, not đường)
    words = re.sub(r"[^\w,]+", " ", v).split(",")[-1].split()
    return len(words) == len(end.split()) or words[-1].islower()


#: a value, then its words in brackets after a label like "bằng chữ" (folded, a letter or two off:
#: "băng chữn", its colon read as a letter)
_BRACKETED = re.compile(r"(.*?\S)\s*\(\s*(\S+\s+\S+?)[:;.]?\s+(.*?)\s*\)?\s*$", re.S)


def words_in_brackets(value: str) -> tuple[str, str] | None:
    """``value`` as a value and its words after it in brackets, their label misread ("18/07/1999
    (băng chữn ngày mười tám …)": "bằng chữ" with its colon read as a letter); None where it does
    not read so."""
    m = _BRACKETED.fullmatch(value.strip())
    if m is None:
        return None
    label = fold(m[2]).lower()
    return (m[1], m[3]) if any(levenshtein(label, w) <= 2 for w in ("bang chu", "bang chu:")) and m[3] else None
