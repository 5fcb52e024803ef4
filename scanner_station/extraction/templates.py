"""Form templates as data (``form_templates/*.toml``): loading and strict validation.

A template that a clerk-level admin writes must fail loudly and precisely: every
problem names the file, the line (where it can be found) and the key. Unknown
keys are refused, not ignored. This module reads files; it never touches the store.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..data import templates_dir
from ..domain.errors import StationError
from ..domain.records import RecordFamily
from ..domain.text import nfc

FIELD_TYPES = ("text", "name", "date", "personal_id", "cmnd", "sex", "area", "int", "land_use",
               "gcn_serial", "registry_number", "document_number", "place", "ethnicity", "land_use_term",
               "book_volume", "time", "dossier_code", "unit")
VALIDATORS = ("id_matches_record",)
LAYOUTS = ("form", "entries")
SCOPES = ("entry", "page")
_KEY = re.compile(r"^[a-z][a-z0-9_]*$")
_ID = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")

TEMPLATE_KEYS = {"id": str, "version": int, "family": str, "title": str, "cues": list, "min_score": float,
                 "layout": str, "entry_anchor": str, "max_pages": int, "annexes": bool,
                 "continuation_cues": list, "title_cues": list, "not_cues": list,
                 "author": str, "created": str, "taught_from": str, "overrides": bool}
FIELD_KEYS = {"key": str, "labels": list, "match": str, "type": str, "required": bool,
              "validators": list, "section": str, "scope": str, "region": list, "series": str,
              "columns": list, "anchor": str, "box": list, "values": str, "sex": str, "symbols": list}
SECTION_KEYS = {"key": str, "headings": list, "sex": str}


class TemplateError(StationError):
    """A template file with errors; ``problems`` lists every one found."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the template:\n  " + "\n  ".join(problems),
                         path=str(path), hint="fix the file; the schema is in form_templates/README.md")
        self.problems = problems


def value_lists() -> tuple[str, ...]:
    """The value lists a field may name (``values = "land_use_origin"``)."""
    from importlib import resources
    return tuple(sorted(p.name[len("values_"):-len(".txt")] for p in resources.files("scanner_station.data").iterdir()
                        if p.name.startswith("values_") and p.name.endswith(".txt")))


def field_values(name: str) -> list[str]:
    """The values of a list ``value_lists`` names, as they are written."""
    return list(_field_values(name)) if name else []


@lru_cache(maxsize=None)
def _field_values(name: str) -> tuple[str, ...]:
    from ..data import lines  # read once: every field naming the list asks on every page
    return tuple(lines(f"values_{name}.txt"))


#: per value list, where the values it may be told apart from come from (``list_others``)
_OTHERS = {"nationality": "iso3166-1"}


@lru_cache(maxsize=None)
def list_others(name: str) -> tuple[str, ...]:
    """What a field naming the list ``name`` may hold besides the list's values, for the ink to
    tell them apart: for nationalities, every country's name in Vietnamese (ISO 3166-1 with the
    iso-codes project's translations, from ``pycountry``). Never values by themselves; empty
    where the list has none or the package is missing."""
    domain = _OTHERS.get(name)
    if domain is None:
        return ()
    try:
        import gettext

        import pycountry
    except ImportError:  # pragma: no cover - a dependency; without it the list stands alone
        return ()
    tr = gettext.translation(domain, pycountry.LOCALES_DIR, languages=["vi"], fallback=True)
    own = set(field_values(name))
    names = (nfc(tr.gettext(c.name)) for c in pycountry.countries)
    return tuple(dict.fromkeys(n for n in names if n not in own))


@dataclass(frozen=True, slots=True)
class FieldSpec:
    key: str
    labels: tuple[str, ...]
    type: str
    required: bool = False
    validators: tuple[str, ...] = ()
    #: a regular expression matched against each line instead of a label (label-less values
    #: such as a title "QUYẾT ĐỊNH" or "…, ngày 5 tháng 3 năm 2020"); group 1 if any, else the match
    match: str = ""
    #: only lines inside this section (after its heading, before the next heading) are read
    section: str = ""
    #: for ``layout = "entries"``: ``page`` fields are read once above the first entry and
    #: apply to every entry of the page (book volume, office); ``entry`` fields per entry
    scope: str = "entry"
    #: where on the page a ``match`` is looked for: (left, top, right, bottom) as fractions of
    #: the page ("the serial at the foot of page 1": (0, 0.7, 1, 1)); empty: anywhere
    region: tuple[float, ...] = ()
    #: a number written with its series ("191/TLKS-BS"): the number stays in this field and
    #: the series goes to the field named here
    series: str = ""
    #: for ``entries`` templates: the column headers of this field on a ruled register grid
    #: ("Họ và tên người được khai sinh"); empty: the labels are tried as headers
    columns: tuple[str, ...] = ()
    #: a value taught as a box (``extraction/boxes.py``): printed text near it (``anchor``) and the
    #: box relative to that text, in units of its line height — (left, top, right, bottom) from
    #: the anchor's top-left corner — so a shifted or rescaled scan still finds the value
    anchor: str = ""
    box: tuple[float, ...] = ()
    #: the values the field is usually written with (``scanner_station/data/values_<name>.txt``:
    #: a circular's wordings): doubtful ink is read again among them, never replaced by them
    values: str = ""
    #: the sex of the person a name field names where the form says it ("Nữ" for the mother, the
    #: wife): a doubtful given name is read again among that sex's (``extraction.name_search``);
    #: empty: the section's, else the record's own sex field
    sex: str = ""
    #: a document number's symbols where the form says which (a hospital's death notice
    #: ``540/GBT``, TT 24/2020/TT-BYT): a symbol read near one is read again with it, the number
    #: as read — a question, never a replacement
    symbols: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Section:
    """A part of a form introduced by a heading ("Thông tin người chồng")."""

    key: str
    headings: tuple[str, ...]
    #: the sex implied by the section (the husband is "Nam"), used by the ID cross-check
    sex: str = ""


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
    #: ``form``: one record per document; ``entries``: a register page, one record per entry
    layout: str = "form"
    #: for ``entries``: the field whose label starts a new entry (usually ``register_number``)
    entry_anchor: str = ""
    #: pages one document of this form may span (a GCN: 4); following pages that carry a
    #: ``continuation_cues`` cue, or nothing classifiable, join it up to this count
    max_pages: int = 1
    #: unclassified pages right after a document of this form are its annexes (phụ lục)
    annexes: bool = False
    continuation_cues: tuple[str, ...] = ()
    sections: tuple[Section, ...] = ()
    #: at least one of these (the form's title) must be on the page, else the score is 0
    title_cues: tuple[str, ...] = ()
    #: items of another version of the form: a page with one of them scores 0 here
    not_cues: tuple[str, ...] = ()
    #: who taught the template and when (a template taught in the app; empty for shipped ones)
    author: str = ""
    created: str = ""
    #: a workspace template with a shipped template's id replaces it only when this is true
    overrides: bool = False

    @property
    def shipped(self) -> bool:
        return bool(self.path) and Path(self.path).resolve().parent == templates_dir()


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
    for key in set(data) - {"template", "field", "section"}:
        problems.append(f"{_where(text, key)}unknown top-level key '{key}' "
                        "(allowed: [template], [[section]], [[field]])")
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
    for key in ("cues", "title_cues", "not_cues", "continuation_cues"):
        items = head.get(key)
        if isinstance(items, list) and not all(isinstance(x, str) and x.strip() for x in items):
            # an empty cue is found on every page: a title cue "" would let the form claim any page
            problems.append(f"{_where(text, key)}'template.{key}' must be non-empty strings")
    if isinstance(head.get("id"), str) and not _ID.match(head["id"]):
        problems.append(f"{_where(text, 'id')}'template.id' must look like 'family.name' (lower case)")
    if isinstance(head.get("family"), str) and head["family"] not in {f.value for f in RecordFamily}:
        problems.append(f"{_where(text, 'family')}unknown family '{head['family']}'")
    layout = head.get("layout", "form")
    if layout not in LAYOUTS:
        problems.append(f"{_where(text, 'layout')}'template.layout' must be one of {', '.join(LAYOUTS)}")
    sections = []
    for i, sec in enumerate(data.get("section", []), 1):
        label = f"section {i}" + (f" '{sec.get('key')}'" if isinstance(sec.get("key"), str) else "")
        for key, value in sec.items():
            if key not in SECTION_KEYS:
                problems.append(f"{label}: unknown key '{key}' (allowed: {', '.join(SECTION_KEYS)})")
            elif not isinstance(value, SECTION_KEYS[key]):
                problems.append(f"{label}: '{key}' must be {SECTION_KEYS[key].__name__}")
        if not isinstance(sec.get("key"), str) or not isinstance(sec.get("headings"), list):
            problems.append(f"{label}: needs 'key' and 'headings'")
            continue
        if sec.get("sex", "Nam") not in ("Nam", "Nữ"):
            problems.append(f"{label}: 'sex' is 'Nam' or 'Nữ'")
        sections.append(Section(sec["key"], tuple(sec["headings"]), sec.get("sex", "")))
    section_keys = {s.key for s in sections}
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
        for key in ("key", "type"):
            if key not in f:
                problems.append(f"{label}: missing '{key}'")
        if "labels" not in f and "match" not in f and "box" not in f:
            problems.append(f"{label}: an unlabelled field needs a 'match' pattern (and may give a "
                            "'region') or an 'anchor' and a 'box'; a labelled one needs 'labels'")
        if ("box" in f) != ("anchor" in f):
            problems.append(f"{_where(text, 'box' if 'box' in f else 'anchor')}{label}: 'box' and "
                            "'anchor' go together (the box is measured from the anchor text)")
        box = f.get("box")
        if box is not None and not (isinstance(box, list) and len(box) == 4
                                    and all(isinstance(v, (int, float)) for v in box)
                                    and box[0] < box[2] and box[1] < box[3]):
            problems.append(f"{_where(text, 'box', occurrences.get('box', 0))}{label}: 'box' is "
                            "[left, top, right, bottom] in anchor line heights (left < right, top < bottom)")
        if isinstance(f.get("anchor"), str) and not f["anchor"].strip():
            problems.append(f"{_where(text, 'anchor', occurrences.get('anchor', 0))}{label}: "
                            "'anchor' is printed text near the box")
        region = f.get("region")
        if region is not None:
            where = _where(text, "region", occurrences.get("region", 0))
            if "match" not in f:
                problems.append(f"{where}{label}: 'region' needs a 'match' pattern to look for there")
            if not (isinstance(region, list) and len(region) == 4
                    and all(isinstance(v, (int, float)) and 0 <= v <= 1 for v in region)
                    and region[0] < region[2] and region[1] < region[3]):
                problems.append(f"{where}{label}: 'region' is [left, top, right, bottom], fractions "
                                "of the page from 0 to 1 (left < right, top < bottom)")
        if isinstance(f.get("series"), str):
            if not _KEY.match(f["series"]):
                problems.append(f"{_where(text, 'series', occurrences.get('series', 0))}{label}: "
                                "'series' names a snake_case field key")
            elif f["series"] in {g.get("key") for g in fields_data}:
                problems.append(f"{label}: 'series' key '{f['series']}' is already a field of its own")
        if isinstance(f.get("match"), str):
            try:
                re.compile(f["match"])
            except re.error as exc:
                problems.append(f"{_where(text, 'match', occurrences.get('match', 0))}{label}: "
                                f"'match' is not a valid regular expression ({exc})")
        if "values" in f and not (isinstance(f["values"], str) and f["values"] in value_lists()):
            problems.append(f"{_where(text, 'values', occurrences.get('values', 0))}{label}: 'values' names "
                            f"a value list of the station ({', '.join(value_lists())})")
        if "sex" in f and f["sex"] not in ("Nam", "Nữ"):
            problems.append(f"{_where(text, 'sex', occurrences.get('sex', 0))}{label}: 'sex' is 'Nam' or 'Nữ'")
        if "symbols" in f and (f.get("type") != "document_number" or not isinstance(f["symbols"], list) or not all(
                isinstance(x, str) and re.fullmatch(r"[A-ZĐ]{1,6}(?:-[A-ZĐ0-9]{1,10})*", x) for x in f["symbols"])):
            problems.append(f"{_where(text, 'symbols', occurrences.get('symbols', 0))}{label}: 'symbols' are a "
                            "document number's symbols in capitals (\"GBT\", \"QĐ-UBND\"), for type "
                            "\"document_number\"")
        if isinstance(f.get("section"), str) and f["section"] not in section_keys:
            problems.append(f"{label}: unknown section '{f['section']}'")
        if isinstance(f.get("scope"), str) and f["scope"] not in SCOPES:
            problems.append(f"{label}: 'scope' must be one of {', '.join(SCOPES)}")
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
        if isinstance(f.get("columns"), list) and not all(isinstance(x, str) and x.strip()
                                                          for x in f["columns"]):
            problems.append(f"{_where(text, 'columns', occurrences.get('columns', 0))}{label}: "
                            "columns must be non-empty strings (the column headers of a register grid)")
        elif f.get("columns") and layout != "entries":
            problems.append(f"{_where(text, 'columns', occurrences.get('columns', 0))}{label}: "
                            "'columns' is for register pages (template.layout = \"entries\")")
        if not problems:
            specs.append(FieldSpec(k, tuple(f.get("labels", ())), f["type"], bool(f.get("required", False)),
                                   tuple(f.get("validators", ())), f.get("match", ""),
                                   f.get("section", ""), f.get("scope", "entry"),
                                   tuple(float(v) for v in f.get("region", ())), f.get("series", ""),
                                   tuple(f.get("columns", ())), f.get("anchor", ""),
                                   tuple(float(v) for v in f.get("box", ())), f.get("values", ""),
                                   f.get("sex", ""), tuple(f.get("symbols", ()))))
    if layout == "entries" and not problems:
        anchor = head.get("entry_anchor")
        if anchor not in {sp.key for sp in specs if sp.scope == "entry"}:
            problems.append(f"{_where(text, 'entry_anchor')}'template.entry_anchor' must name an "
                            "entry field (the label that starts each entry)")
    if problems:
        raise TemplateError(path, problems)
    return Template(head["id"], head["version"], head["family"], head["title"], tuple(head["cues"]),
                    float(head.get("min_score", 0.6)), tuple(specs), str(path), layout,
                    head.get("entry_anchor", ""), int(head.get("max_pages", 1)),
                    bool(head.get("annexes", False)), tuple(head.get("continuation_cues", ())),
                    tuple(sections), tuple(head.get("title_cues", ())), tuple(head.get("not_cues", ())),
                    head.get("author", ""), head.get("created", ""), bool(head.get("overrides", False)))


#: the folder of a workspace's own templates (taught in the app, or imported)
WORKSPACE_DIR = "templates"


def load_all(directory: Path | None = None, workspace: Path | None = None) -> list[Template]:
    """Every template in ``directory`` (the shipped ones by default) and, with ``workspace``, the
    workspace's own (``<workspace>/templates``). A workspace template with a shipped template's
    id replaces it only when it says ``overrides = true``; otherwise the clash is refused, naming
    both files. Parsed once per set of file versions: the pipeline, the store's record rebuild
    and the desktop app ask for them often; an edited file is read again."""
    directory = directory or templates_dir()
    shipped = _versions(directory)
    own = _versions(Path(workspace) / WORKSPACE_DIR) if workspace else ()
    base = list(_load_versions(shipped, str(directory)))
    if not own:
        return base
    extra = list(_load_versions(own, str(Path(workspace) / WORKSPACE_DIR)))
    by_id = {t.id: t for t in base}
    shipped_by_id = dict(by_id)
    for t in extra:
        refuse_shipped_id(t, shipped_by_id)
        by_id[t.id] = t
    return list(by_id.values())


def refuse_shipped_id(template: Template, shipped: dict[str, Template]) -> None:
    """A workspace template may take a shipped template's id only when it says
    ``overrides = true``; otherwise it is refused, naming both files."""
    old = shipped.get(template.id)
    if old is not None and not template.overrides:
        raise StationError(f"the workspace template {template.id} has the id of a shipped template "
                           f"({Path(old.path).name})", path=template.path,
                           hint="give it another id (a taught form: another name), or set 'overrides = true' "
                                "in its [template] table to use it instead of the shipped one")


def _versions(directory: Path) -> tuple[tuple[str, int, int], ...]:
    files = sorted(directory.glob("*.toml")) if directory.is_dir() else []
    return tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files)


@lru_cache(maxsize=16)
def _load_versions(versions: tuple[tuple[str, int, int], ...], directory: str) -> tuple[Template, ...]:
    out = [load_template(Path(p)) for p, _, _ in versions]
    ids = [t.id for t in out]
    dupes = {i for i in ids if ids.count(i) > 1}
    if dupes:
        raise StationError(f"template id(s) used twice: {', '.join(sorted(dupes))}", path=directory,
                           hint="give every template its own id")
    return tuple(out)
