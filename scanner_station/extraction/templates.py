"""Form templates as data (``form_templates/*.toml``): loading and strict validation.

A template that a clerk-level admin writes must fail loudly and precisely: every
problem names the file, the line (where it can be found) and the key. Unknown
keys are refused, not ignored. This module reads files; it never touches the store.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from ..domain.errors import StationError
from ..domain.records import RecordFamily

FIELD_TYPES = ("text", "name", "date", "personal_id", "cmnd", "sex", "area", "int", "land_use",
               "gcn_serial", "registry_number", "document_number")
VALIDATORS = ("id_matches_record",)
_KEY = re.compile(r"^[a-z][a-z0-9_]*$")
_ID = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")

TEMPLATE_KEYS = {"id": str, "version": int, "family": str, "title": str, "cues": list, "min_score": float}
FIELD_KEYS = {"key": str, "labels": list, "type": str, "required": bool, "validators": list}


class TemplateError(StationError):
    """A template file with errors; ``problems`` lists every one found."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the template:\n  " + "\n  ".join(problems),
                         path=str(path), hint="fix the file; the schema is in form_templates/README.md")
        self.problems = problems


@dataclass(frozen=True, slots=True)
class FieldSpec:
    key: str
    labels: tuple[str, ...]
    type: str
    required: bool = False
    validators: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Template:
    id: str
    version: int
    family: str
    title: str
    cues: tuple[str, ...]
    min_score: float
    fields: tuple[FieldSpec, ...]
    path: str = ""


def _line_of(text: str, key: str, occurrence: int = 0) -> int | None:
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*=", re.M)
    hits = list(pattern.finditer(text))
    if len(hits) > occurrence:
        return text.count("\n", 0, hits[occurrence].start()) + 1
    return None


def _where(text: str, key: str, occurrence: int = 0) -> str:
    line = _line_of(text, key, occurrence)
    return f"line {line}, " if line else ""


def load_template(path: Path) -> Template:
    path = Path(path)
    try:
        text = path.read_text("utf-8")
    except OSError as exc:
        raise TemplateError(path, [f"cannot read the file ({exc.strerror})"]) from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TemplateError(path, [f"TOML syntax: {exc}"]) from exc
    problems: list[str] = []
    for key in set(data) - {"template", "field"}:
        problems.append(f"{_where(text, key)}unknown top-level key '{key}' (allowed: [template], [[field]])")
    head = data.get("template")
    if not isinstance(head, dict):
        raise TemplateError(path, problems + ["missing [template] table"])
    for key, value in head.items():
        if key not in TEMPLATE_KEYS:
            problems.append(f"{_where(text, key)}unknown key 'template.{key}' "
                            f"(allowed: {', '.join(TEMPLATE_KEYS)})")
        elif not isinstance(value, TEMPLATE_KEYS[key]) and not (
                TEMPLATE_KEYS[key] is float and isinstance(value, int)):
            problems.append(f"{_where(text, key)}'template.{key}' must be {TEMPLATE_KEYS[key].__name__}")
    for key in ("id", "version", "family", "title", "cues"):
        if key not in head:
            problems.append(f"missing 'template.{key}'")
    if isinstance(head.get("id"), str) and not _ID.match(head["id"]):
        problems.append(f"{_where(text, 'id')}'template.id' must look like 'family.name' (lower case)")
    if isinstance(head.get("family"), str) and head["family"] not in {f.value for f in RecordFamily}:
        problems.append(f"{_where(text, 'family')}unknown family '{head['family']}'")
    fields_data = data.get("field", [])
    if not fields_data:
        problems.append("no [[field]] entries")
    specs = []
    seen: set[str] = set()
    occurrences: dict[str, int] = {}
    for i, f in enumerate(fields_data, 1):
        for key in f:
            occurrences[key] = occurrences.get(key, -1) + 1
        label = f"field {i}" + (f" '{f.get('key')}'" if isinstance(f.get("key"), str) else "")
        for key, value in f.items():
            if key not in FIELD_KEYS:
                problems.append(f"{_where(text, key, occurrences[key])}{label}: unknown key '{key}' "
                                f"(allowed: {', '.join(FIELD_KEYS)})")
            elif not isinstance(value, FIELD_KEYS[key]):
                problems.append(f"{_where(text, key, occurrences[key])}{label}: '{key}' must be "
                                f"{FIELD_KEYS[key].__name__}")
        for key in ("key", "labels", "type"):
            if key not in f:
                problems.append(f"{label}: missing '{key}'")
        k = f.get("key")
        if isinstance(k, str):
            if not _KEY.match(k):
                problems.append(f"{label}: key must be snake_case")
            if k in seen:
                problems.append(f"{label}: duplicate key '{k}'")
            seen.add(k)
        if isinstance(f.get("type"), str) and f["type"] not in FIELD_TYPES:
            problems.append(f"{label}: unknown type '{f['type']}' (allowed: {', '.join(FIELD_TYPES)})")
        for v in f.get("validators", []) if isinstance(f.get("validators"), list) else []:
            if v not in VALIDATORS:
                problems.append(f"{label}: unknown validator '{v}' (allowed: {', '.join(VALIDATORS)})")
        if isinstance(f.get("labels"), list) and not all(isinstance(x, str) and x.strip()
                                                         for x in f["labels"]):
            problems.append(f"{label}: labels must be non-empty strings")
        if not problems:
            specs.append(FieldSpec(k, tuple(f["labels"]), f["type"], bool(f.get("required", False)),
                                   tuple(f.get("validators", ()))))
    if problems:
        raise TemplateError(path, problems)
    return Template(head["id"], head["version"], head["family"], head["title"], tuple(head["cues"]),
                    float(head.get("min_score", 0.6)), tuple(specs), str(path))


def templates_dir() -> Path:
    return Path(__file__).resolve().parents[2] / "form_templates"


def load_all(directory: Path | None = None) -> list[Template]:
    directory = directory or templates_dir()
    out = [load_template(p) for p in sorted(directory.glob("*.toml"))]
    ids = [t.id for t in out]
    dupes = {i for i in ids if ids.count(i) > 1}
    if dupes:
        raise StationError(f"template id(s) used twice: {', '.join(sorted(dupes))}", path=str(directory),
                           hint="give every template its own id")
    return out
