"""Signed export packages: a zipped BagIt bag of records keyed to the personal ID number.

Layout of a package (``exports/<office>-<date>-<id8>.zip``)::

    bagit.txt  bag-info.txt (sender tags)  manifest-sha256.txt  manifest-sha512.txt
    tagmanifest-sha256.txt  tagmanifest-sha512.txt
    tagmanifest-sha256.txt.p7s   detached CMS signature (DER) over tagmanifest-sha256.txt
    data/records.json   one entry per record (schema: exports/schema/records.schema.json)
    data/records.csv    the same, one row per record, UTF-8 with BOM (opens in Excel)
    data/documents/*.pdf  each document's pages: PDF/A-2b, invisible OCR text, PAdES-signed
                        with a visible stamp (a record names its file in provenance.document)
    data/templates/*.toml the form templates the records were read with

The signature covers the tag manifest, which covers the manifests, which cover every
payload byte: one changed byte anywhere breaks the chain. ``verify_package`` checks
all of it before anything is imported, and refuses unsafe archives (zip-slip,
absolute paths, symlinks, oversized members, zip bombs) without extracting them.
Never logs record contents.
"""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import functools
import io
import json
import os
import shutil
import stat
import tempfile
import unicodedata
import uuid
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from ..domain.errors import DiskFull, ExitCode, StationError, is_disk_full
from ..domain.text import nfc, safe_filename
from .keys import Signer, load_trust
from .provenance import write_templates

SCHEMA_VERSION = 1
SCHEMA_PATH = Path(__file__).resolve().parents[2] / "exports" / "schema" / "records.schema.json"
SIGNATURE = "tagmanifest-sha256.txt.p7s"
WORK_PACKAGE_DOCUMENT = "workpackage.json"  # the farm's work packages (scanner_station.farm.package)
MAX_MEMBERS = 20000
MAX_MEMBER_BYTES = 512 * 1024 * 1024
MAX_TOTAL_BYTES = 4 * 1024 * 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed per member: beyond it a member is a bomb


class PackageError(StationError):
    exit_code = ExitCode.package_unsafe

    """A package that must not be imported; ``member`` names the part at fault."""

    def __init__(self, message: str, member: str = "", hint: str = "") -> None:
        super().__init__(message + (f" [{member}]" if member else ""),
                         hint=hint or "ask the sending office for a new package; nothing was imported")
        self.member = member


@dataclass
class ExportOptions:
    office_code: str
    office_name: str
    station_id: str
    operator: str
    batch: str | None = None
    period: str = ""
    states: tuple[str, ...] = ("corrected", "verified")  # what a person confirmed, by default
    with_pdfs: bool = True


#: Records no person has looked at: exported only when asked, and then the package says so.
UNREVIEWED_STATES = ("extracted", "unclassified")


def _version() -> str:
    from .. import __version__
    return __version__


def _primary_id(persons: list[dict[str, Any]]) -> str | None:
    order = ("personal_id", "owner_id", "husband_personal_id", "wife_personal_id")
    by_role = {p["role"]: p["personal_id"] for p in persons}
    for role in order:
        if role in by_role:
            return by_role[role]
    return persons[0]["personal_id"] if persons else None


def build_records(store, opts: ExportOptions) -> list[dict[str, Any]]:
    """The package's records from the store, each keyed by its person's ID number or, without
    one, by a stable local key that says why."""
    out = []
    read_by: dict[str, dict[str, Any]] = {}
    for r in store.records(opts.batch):
        if r["state"] not in opts.states:
            continue
        rec = store.record(r["id"])
        f = store.file(r["file_id"])
        b = store.batch(r["batch_id"] or f["batch_id"])  # a second cover sheet's batch
        persons = [{"personal_id": p["personal_id"], "role": p["role"], "name": p["name"],
                    "birth": p["birth"], "sex": p["sex"]} for p in store.record_persons(r["id"])]
        pid = _primary_id(persons)
        page_numbers = store.page_numbers(rec["page_ids"])
        fields = {}
        for k, fl in rec["fields"].items():
            fields[k] = {"value": fl["value"], "normalized": fl["normalized"], "status": fl["status"],
                         "confidence": round(float(fl["confidence"]), 4), "set_by": fl["set_by"],
                         "verified_by": rec.get("verified_by"),
                         "page": page_numbers.get(fl["page_id"]) if fl["page_id"] else None,
                         "bbox": fl["bbox"], "messages": fl["messages"]}
        doc_name = safe_filename(f"{b.name}-{f['sha256'][:12]}-{r['doc_index'] + 1}") + ".pdf"
        entry = {"key": pid or f"LOCAL-{opts.station_id}-{f['sha256'][:16]}-{r['doc_index'] + 1}-"
                                f"{r['entry_index'] + 1}",
                 "key_kind": "personal_id" if pid else "local",
                 "template": r["template_id"], "state": r["state"], "persons": persons,
                 "provenance": {"office": b.office, "book_type": b.book_type, "volume": b.volume,
                                "year": b.year, "batch": b.name, "file_sha256": f["sha256"],
                                "file_name": f["original_name"],
                                "pages": sorted(page_numbers.values()), "entry": r["entry_index"] + 1,
                                "document": f"documents/{doc_name}"},
                 "fields": fields, "_page_ids": rec["page_ids"], "_record_id": r["id"]}
        if f["work_package"]:  # read on the province's farm: which run, engine and models
            if f["work_package"] not in read_by:  # one look-up per package, not per record
                read_by[f["work_package"]] = _read_by(store, f["work_package"])
            entry["provenance"]["read_by"] = read_by[f["work_package"]]
        if not pid:
            entry["key_reason"] = ("no valid 12-digit ID number on the record" if r["template_id"]
                                   else "page not classified")
        out.append(entry)
    dupes = duplicate_keys(out)
    if dupes:
        raise StationError(f"{len(dupes)} ID number(s) appear on more than one record of this export",
                           hint="resolve them with `scanner-station person ID` (conflicts) or export "
                                "the records in separate packages")
    return out


def _read_by(store, package_id: str) -> dict[str, Any]:
    wp = store.work_package(package_id) or {"provenance": {}}
    prov = wp["provenance"]
    return {"work_package": package_id, "signer": prov.get("signer", ""),
            "farm_runs": [{"id": r["id"], "engine": r["engine"], "software_version": r["software_version"],
                           "models": [f"{m['name']} {m['version']} sha256:{m['sha256']}" for m in r["models"]]}
                          for r in prov.get("runs", [])]}


def duplicate_keys(records: list[dict[str, Any]]) -> list[str]:
    """Record keys used more than once (one Counter pass: packages hold thousands of records)."""
    return sorted(k for k, n in Counter(r["key"] for r in records).items() if n > 1)


def _csv(records: list[dict[str, Any]]) -> bytes:
    keys: list[str] = []
    for r in records:
        for k in r["fields"]:
            if k not in keys:
                keys.append(k)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(["key", "key_kind", "template", "state", "office", "book_type", "volume", "year",
                "file_name", "pages", "entry", "fields_not_confirmed"] + keys)
    for r in records:
        p = r["provenance"]
        doubtful = [k for k, f in r["fields"].items() if f["status"] != "confirmed"]
        w.writerow([r["key"], r["key_kind"], r["template"] or "", r["state"], p["office"], p["book_type"],
                    p["volume"], p["year"], p["file_name"], " ".join(map(str, p["pages"])), p["entry"],
                    " ".join(doubtful)]
                   + [(r["fields"][k]["normalized"] or r["fields"][k]["value"]) if k in r["fields"] else ""
                      for k in keys])
    return b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8")


def export_package(store, out_dir: Path, signer: Signer, opts: ExportOptions,
                   pages_root: Path | None = None) -> Path:
    """Write one signed, zipped BagIt package of the store's records into ``out_dir``; returns its
    path. Page images are found under ``pages_root`` (the workspace; by default the store's folder)."""
    records = build_records(store, opts)
    if not records:
        waiting = sum(1 for r in store.records(opts.batch) if r["state"] in UNREVIEWED_STATES)
        raise StationError(f"no record in state {', '.join(opts.states)} to export"
                           + (f" ({waiting} record(s) read by machine wait for review)" if waiting else ""),
                           hint="correct and confirm the records in the app first, or export them "
                                "unreviewed with --include-unreviewed (the package then says so)")
    record_ids = [r.pop("_record_id") for r in records]
    documents: dict[str, list[int]] = {}
    for r in records:
        page_ids = r.pop("_page_ids")
        if opts.with_pdfs and page_ids:
            documents.setdefault(r["provenance"]["document"].split("/", 1)[1], page_ids)
        else:
            r["provenance"].pop("document")

    used = [r["template"] for r in records if r["template"]]

    def write_documents(folder: Path) -> None:
        if documents:
            _write_documents(store, pages_root or store.path.parent, folder, documents, signer, opts)
        write_templates(folder.parent / "templates", used, pages_root or store.path.parent)

    path = None
    try:
        path = write_package(records, out_dir, signer, opts, write_documents)
        store.mark_exported(record_ids, path.name)
    except Exception as exc:
        if not is_disk_full(exc):
            raise
        if path is not None:
            path.unlink(missing_ok=True)  # not marked as exported: not left as if it had been
        raise DiskFull("the disk is full: no package was written", path=str(out_dir),
                       hint="free disk space (or export to another disk with --out) and export again; "
                            "the records are unchanged") from exc
    return path


def write_package(records: list[dict[str, Any]], out_dir: Path, signer: Signer, opts: ExportOptions,
                  write_documents=None) -> Path:
    """Bag, sign and zip ``records`` (already in the schema's shape); ``write_documents(folder)``
    puts the documents' PDFs into ``data/documents``."""
    package_id = str(uuid.uuid4())
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    unreviewed = sum(1 for r in records if r["state"] in UNREVIEWED_STATES)
    doc = {"schema_version": SCHEMA_VERSION,
           "package": {"id": package_id, "created_at": now.isoformat(), "office_code": opts.office_code,
                       "office_name": nfc(opts.office_name), "station_id": opts.station_id,
                       "operator": nfc(opts.operator), "period": opts.period, "batch": opts.batch,
                       "software_version": _version(), "record_count": len(records),
                       "unreviewed_records": unreviewed},
           "records": records}
    validate_schema(doc)
    stem = safe_filename(f"{opts.office_code}-{now:%Y%m%d-%H%M%S}-{package_id[:8]}")

    def fill(bag_dir: Path) -> None:
        (bag_dir / "records.json").write_text(json.dumps(doc, ensure_ascii=False, indent=1), "utf-8")
        (bag_dir / "records.csv").write_bytes(_csv(records))
        if write_documents:
            write_documents(bag_dir / "documents")

    return bag_sign_zip(out_dir, stem, {
        "Source-Organization": nfc(opts.office_name), "Office-Code": opts.office_code,
        "Station-Id": opts.station_id, "Operator": nfc(opts.operator), "Period": opts.period,
        "Package-Id": package_id, "Software-Version": f"scanner-station {_version()}",
        "Record-Count": str(len(records)),
        "Unreviewed-Records": (f"{unreviewed} (read by machine, not yet checked by a person: "
                               "state extracted/unclassified)" if unreviewed else "0")}, signer, fill)


def bag_sign_zip(out_dir: Path, stem: str, info: dict[str, str], signer: Signer, fill) -> Path:
    """``fill(folder)`` writes the payload; it is bagged (sha256 and sha512 manifests, ``info``
    in bag-info.txt), the tag manifest signed, and the bag zipped to ``out_dir/<stem>.zip``
    through a temporary name (a half-written package is never left to be sent)."""
    import bagit

    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out_dir, prefix=".staging-") as tmp:
        bag_dir = Path(tmp) / stem
        bag_dir.mkdir()  # make_bag moves what is here into data/
        fill(bag_dir)
        bagit.make_bag(str(bag_dir), info, checksums=["sha256", "sha512"])
        tagmanifest = (bag_dir / "tagmanifest-sha256.txt").read_bytes()
        (bag_dir / SIGNATURE).write_bytes(signer.sign_detached(tagmanifest))
        target = out_dir / f"{stem}.zip"
        part = out_dir / f".{stem}.zip.part"
        try:
            with zipfile.ZipFile(part, "w", zipfile.ZIP_DEFLATED) as z:
                for p in sorted(bag_dir.rglob("*")):
                    if p.is_file():
                        z.write(p, unicodedata.normalize("NFC", p.relative_to(bag_dir).as_posix()))
            with open(part, "rb+") as fh:
                os.fsync(fh.fileno())
            os.replace(part, target)
        finally:
            part.unlink(missing_ok=True)
    return target


def _write_documents(store, root: Path, out: Path, documents: dict[str, list[int]], signer: Signer,
                     opts: ExportOptions) -> None:
    """One signed PDF/A-2b per document, the pages as processed, OCR text invisible on top.

    Building a PDF is page work (decode the cleaned image, encode it once); it runs in worker
    processes while this process signs the PDFs already built (a token session stays here)."""
    from concurrent.futures import ProcessPoolExecutor

    from .pdfa import PdfPage, sign_pdf

    out.mkdir()
    staging = out.parent / ".unsigned"
    staging.mkdir()
    jobs = []
    for i, (name, page_ids) in enumerate(documents.items()):
        pages = []
        for row in store.pages_by_id(page_ids):
            steps = json.loads(row["steps"] or "{}")
            dpi = float((steps.get("source") or {}).get("dpi") or 0) or 300.0
            pages.append(PdfPage(root / row["image_path"],
                                 json.loads(row["ocr_json"]) if row["ocr_json"] else None, dpi))
        jobs.append((name, pages, staging / f"{i}.pdf"))
    creator = f"Scanner Station {_version()}"
    workers = min(max(1, (os.cpu_count() or 1)), len(jobs))
    try:
        with signer.pyhanko() as ps:
            if workers <= 1 or len(jobs) < 4:
                for name, pages, tmp in jobs:
                    _build(pages, tmp, name[:-4], creator)
                    sign_pdf(tmp, out / name, ps, opts.office_name)
                return
            import multiprocessing
            with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
                futures = [(name, tmp, pool.submit(_build, pages, tmp, name[:-4], creator))
                           for name, pages, tmp in jobs]
                for name, tmp, fut in futures:  # in order: signing overlaps with later builds
                    fut.result()
                    sign_pdf(tmp, out / name, ps, opts.office_name)
                    tmp.unlink()
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _build(pages, path: Path, title: str, creator: str) -> Path:
    from .pdfa import build_pdfa

    return build_pdfa(pages, path, title=title, creator=creator)


# --- verification ------------------------------------------------------------------------------


@dataclass
class Report:
    package: str
    ok: bool = True
    checks: list[tuple[str, bool, str]] = field(default_factory=list)
    signer: str = ""
    document: dict[str, Any] | None = None
    work_package: bool = False

    def add(self, name: str, ok: bool, detail: str = "",
            code: ExitCode = ExitCode.verification_failed) -> None:
        """Record a check; the first failed check's ``code`` is the report's exit code."""
        self.checks.append((name, ok, detail))
        if not ok and self.ok:
            self.exit_code = code
        self.ok = self.ok and ok

    exit_code: ExitCode = ExitCode.ok


@functools.lru_cache(maxsize=1)
def _schema_validator():
    import fastjsonschema

    return fastjsonschema.compile(json.loads(SCHEMA_PATH.read_text("utf-8")))


def validate_schema(doc: dict[str, Any]) -> None:
    """Check ``doc`` against the JSON Schema (draft-07, compiled once: ~30 µs per record)."""
    import fastjsonschema

    try:
        _schema_validator()(doc)
    except fastjsonschema.JsonSchemaValueException as e:
        where = "/".join(str(x) for x in e.path[1:])
        raise PackageError(f"data/records.json does not follow the schema at '{where}': "
                           f"{e.message[len(e.name):].strip()[:200]}", member="data/records.json") from None


def _safe_members(z: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    infos = z.infolist()
    if len(infos) > MAX_MEMBERS:
        raise PackageError(f"too many members ({len(infos)})")
    total = 0
    for i in infos:
        name = i.filename
        pp = PurePosixPath(name)
        if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":") or "\\" in name:
            raise PackageError("absolute or non-portable path in the archive", member=name)
        if any(part == ".." for part in pp.parts):
            raise PackageError("path leaves the package (zip-slip)", member=name)
        mode = i.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise PackageError("symbolic link in the archive", member=name)
        if i.file_size > MAX_MEMBER_BYTES:
            raise PackageError(f"member too large ({i.file_size} bytes)", member=name)
        if i.compress_size and i.file_size / i.compress_size > MAX_RATIO and i.file_size > 1024 * 1024:
            raise PackageError("member expands suspiciously (zip bomb)", member=name)
        if unicodedata.normalize("NFC", name) != name:
            raise PackageError("member name is not Unicode NFC", member=name)
        total += i.file_size
        if total > MAX_TOTAL_BYTES:
            raise PackageError("package expands beyond the size limit (zip bomb)")
    return infos


def _extract(z: zipfile.ZipFile, infos: list[zipfile.ZipInfo], dest: Path) -> None:
    for i in infos:
        target = (dest / i.filename).resolve()
        if not str(target).startswith(str(dest.resolve()) + os.sep):
            raise PackageError("path leaves the package (zip-slip)", member=i.filename)
        if i.is_dir():
            target.mkdir(parents=True, exist_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        with z.open(i) as src, open(target, "wb") as dst:
            copied = 0
            while chunk := src.read(1 << 20):
                copied += len(chunk)
                if copied > i.file_size or copied > MAX_MEMBER_BYTES:
                    raise PackageError("member larger than it claims (zip bomb)", member=i.filename)
                dst.write(chunk)


def _check_signature(data: bytes, sig: bytes, trust: list) -> tuple[bool, str, str]:
    from asn1crypto import cms
    from asn1crypto import x509 as ax509
    from cryptography.hazmat.primitives.serialization import Encoding
    from pyhanko.sign.validation.generic_cms import async_validate_detached_cms
    from pyhanko_certvalidator import ValidationContext

    try:
        content = cms.ContentInfo.load(sig)
        signed = content["content"]
        _ = signed["signer_infos"][0]
    except Exception:
        return False, "", "the signature is not a CMS SignedData structure"
    roots = [ax509.Certificate.load(c.public_bytes(Encoding.DER)) for c in trust]
    vc = ValidationContext(trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail")
    status = asyncio.run(async_validate_detached_cms(data, signed, signer_validation_context=vc))
    who = status.signing_cert.subject.human_friendly if status.signing_cert else ""
    if not status.intact or not status.valid:
        return False, who, "the signature does not match the signed manifest (altered after signing)"
    if not status.trusted:
        return False, who, ("the signer's certificate does not chain to the trust store, or is "
                            "expired or not valid for signing")
    return True, who, ""


def verify_bag(path: Path, trust_path: Path, tmp: Path) -> tuple[Report, Path | None]:
    """The checks every signed package passes, whatever it carries: archive safety, the CMS
    signature and its chain, the BagIt checksums, nothing outside the manifests. The package
    is extracted into ``tmp`` (the caller removes it); returns the report and the bag folder
    (None when a check failed)."""
    import bagit

    report = Report(str(path))
    try:
        trust = load_trust(trust_path)
    except StationError as exc:
        report.add("trust store", False, exc.message, ExitCode.bad_args)
        return report, None
    try:
        with zipfile.ZipFile(path) as z:
            infos = _safe_members(z)
            report.add("archive is safe (paths, links, sizes)", True)
            _extract(z, infos, tmp)
    except PackageError as exc:
        report.add("archive is safe (paths, links, sizes)", False, exc.message, ExitCode.package_unsafe)
        return report, None
    except (zipfile.BadZipFile, OSError) as exc:
        report.add("archive opens", False, f"not a readable zip file ({type(exc).__name__})", ExitCode.package_unsafe)
        return report, None
    roots = [p for p in tmp.iterdir()]
    bag_dir = roots[0] if len(roots) == 1 and roots[0].is_dir() else tmp
    sig = bag_dir / SIGNATURE
    tm = bag_dir / "tagmanifest-sha256.txt"
    if not sig.exists() or not tm.exists():
        report.add("signed", False, f"unsigned package: {SIGNATURE} or the tag manifest is missing",
                   ExitCode.package_unsigned)
        return report, None
    ok, who, why = _check_signature(tm.read_bytes(), sig.read_bytes(), trust)
    report.signer = who
    report.add("CMS signature over the tag manifest, chain to the trust store", ok,
               why + (" [tagmanifest-sha256.txt]" if why else ""), ExitCode.signature_invalid)
    if not ok:
        return report, None
    try:
        bag = bagit.Bag(str(bag_dir))
        bag.validate(processes=1)
        report.add("BagIt checksums (sha256, sha512) of every member", True)
    except bagit.BagValidationError as exc:
        bad = [getattr(d, "path", "") for d in getattr(exc, "details", [])]
        report.add("BagIt checksums (sha256, sha512) of every member", False,
                   f"{exc.message if hasattr(exc, 'message') else exc}"[:200] + (f" [{bad[0]}]" if bad else ""),
                   ExitCode.checksum_mismatch)
        return report, None
    except bagit.BagError as exc:
        report.add("BagIt structure", False, str(exc)[:200], ExitCode.checksum_mismatch)
        return report, None
    listed = {k[len("data/"):] for k in bag.payload_entries()}
    extra = [p for p in bag_dir.rglob("*") if p.is_file() and p.relative_to(bag_dir).parts[0] == "data"
             and p.relative_to(bag_dir / "data").as_posix() not in listed]
    if extra:
        report.add("no payload outside the manifests", False, "unlisted member [data/"
                   + extra[0].relative_to(bag_dir / "data").as_posix() + "]", ExitCode.checksum_mismatch)
        return report, None
    return report, bag_dir


def verify_package(path: Path, trust_path: Path, keep_dir: Path | None = None) -> Report:
    """Check a package completely; never raises for a bad package (the report says why)."""
    tmp = Path(tempfile.mkdtemp(prefix="ss-verify-", dir=keep_dir))
    try:
        report, bag_dir = verify_bag(path, trust_path, tmp)
        if bag_dir is None:
            return report
        trust = load_trust(trust_path)
        if (bag_dir / "data" / WORK_PACKAGE_DOCUMENT).exists() and not (bag_dir / "data" / "records.json").exists():
            report.work_package = True  # a farm's work package: opened at a station, never imported
            report.add("a work package (a book read on the farm): open it at the commune's station with "
                       "`scanner-station open`", True)
            return report
        try:
            raw = (bag_dir / "data" / "records.json").read_text("utf-8")
            doc = json.loads(raw, object_pairs_hook=_no_duplicate_keys)
        except (OSError, ValueError) as exc:
            report.add("records.json parses", False, f"{exc} [data/records.json]"[:200], ExitCode.schema_invalid)
            return report
        if doc.get("schema_version") != SCHEMA_VERSION:
            report.add("schema version", False, f"schema version {doc.get('schema_version')!r}, this program "
                       f"reads {SCHEMA_VERSION} [data/records.json]", ExitCode.schema_invalid)
            return report
        try:
            validate_schema(doc)
            report.add("records.json follows the JSON Schema", True)
        except PackageError as exc:
            report.add("records.json follows the JSON Schema", False, exc.message, ExitCode.schema_invalid)
            return report
        if not _check_documents(report, bag_dir, doc, trust):
            return report
        dupes = duplicate_keys(doc["records"])
        report.add("one record per ID number", not dupes,
                   f"{len(dupes)} key(s) used twice [data/records.json]" if dupes else "", ExitCode.schema_invalid)
        if doc["package"]["record_count"] != len(doc["records"]):
            report.add("record count", False, "record_count disagrees with the records [data/records.json]",
                       ExitCode.schema_invalid)
        if report.ok:
            report.document = doc
        return report
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _check_documents(report: Report, bag_dir: Path, doc: dict[str, Any], trust: list) -> bool:
    from .pdfa import check_signed_pdf

    pdfs = sorted((bag_dir / "data" / "documents").glob("*.pdf")) if (bag_dir / "data" / "documents").is_dir() else []
    for pdf in pdfs:
        ok, why = check_signed_pdf(pdf, trust)
        if not ok:
            report.add("every PDF: PAdES signature, chain, PDF/A-2b", False,
                       f"{why} [data/documents/{pdf.name}]", ExitCode.signature_invalid)
            return False
    names = {p.name for p in pdfs}
    missing = [r["provenance"]["document"] for r in doc["records"]
               if r["provenance"].get("document") and r["provenance"]["document"].split("/", 1)[1] not in names]
    if missing:
        report.add("every record's document is in the package", False, f"missing [data/{missing[0]}]",
                   ExitCode.checksum_mismatch)
        return False
    if pdfs:
        report.add(f"every PDF ({len(pdfs)}): PAdES signature, chain, PDF/A-2b", True)
    return True


def _no_duplicate_keys(pairs):
    seen = {}
    for k, v in pairs:
        if k in seen:
            raise ValueError(f"duplicate key {k!r}")
        seen[k] = v
    return seen
