"""Scanning through SANE, and book-scanning sessions that keep every page tied to its book.

``sane`` (python-sane, POSIX only) runs in a process of its own (``sane_worker``): every call
to the device has a deadline, and a backend stuck in C is ended instead of freezing the
station. On Windows the station still runs, it just offers no direct scanning (TWAIN/WIA
software can drop files into the inbox instead).

A **book session** (``BookSession``) is opened with the book's facts — office, record
type, volume (quyển số), year and the page range expected — and a scan profile. Pages
arrive numbered; each is written into the inbox's batch folder as a lossless PNG/TIFF
(written to a ``.part`` name, then renamed, so the watcher never takes half a file) with
its scan settings recorded in the image and in the store. A rescan supersedes the old
scan (kept, never deleted); a missed page can be inserted (the later pages move up);
a page can be marked missing or damaged in the book. A cancelled scan or a scanner that
disappears mid-batch stops with a clear message, and the pages already scanned stay.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
import os
import tomllib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

from ..domain.errors import ExitCode, StationError
from ..domain.records import BatchInfo
from ..domain.text import nfc, safe_filename
from ..storage.workspace import Workspace
from . import sane_worker as W
from .intake import SIDECAR

log = logging.getLogger(__name__)

PROFILES_FILE = Path(__file__).resolve().parents[1] / "data" / "scan_profiles.toml"
MIN_DPI = 200
SOURCES = {"flatbed": ("Flatbed",), "adf": ("Automatic Document Feeder", "ADF", "ADF Front"),
           "adf-duplex": ("ADF Duplex", "Duplex", "Automatic Document Feeder", "ADF")}


class ScannerError(StationError):
    exit_code = ExitCode.input_file


class ScanCancelled(ScannerError):
    pass


@dataclass(frozen=True)
class ScanProfile:
    name: str
    label: str
    mode: str = "Color"
    resolution: int = 300
    source: str = "flatbed"
    format: str = "png"

    def warnings(self) -> list[str]:
        """What breaks the scanning rules (colour, at least 200 dpi)."""
        out = []
        if self.resolution < MIN_DPI:
            out.append(f"{self.resolution} dpi is below the {MIN_DPI} dpi the scanning rules ask for")
        if self.mode.lower() not in ("color", "colour"):
            out.append(f"mode {self.mode}: the scanning rules ask for colour")
        return out


def load_profiles(ws: Workspace | None = None) -> dict[str, ScanProfile]:
    files = [PROFILES_FILE] + ([ws.root / "scan_profiles.toml"] if ws is not None else [])
    out: dict[str, ScanProfile] = {}
    for f in files:
        if not f.exists():
            continue
        try:
            data = tomllib.loads(f.read_text("utf-8"))
            for name, p in data.get("profile", {}).items():
                if p.get("source", "flatbed") not in SOURCES or p.get("format", "png") not in ("png", "tiff"):
                    raise ValueError(f"profile {name}: source is flatbed|adf|adf-duplex, format png|tiff")
                out[name] = ScanProfile(name=name, label=nfc(p.get("label", name)), mode=p.get("mode", "Color"),
                                        resolution=int(p.get("resolution", 300)),
                                        source=p.get("source", "flatbed"), format=p.get("format", "png"))
        except (tomllib.TOMLDecodeError, ValueError, TypeError) as exc:
            raise StationError(f"the scan profiles file is invalid: {exc}", path=str(f),
                               hint="fix the file (see scanner_station/data/scan_profiles.toml)") from exc
    return out


# --- SANE -------------------------------------------------------------------------------------


def available() -> tuple[bool, str]:
    """(usable, why not): SANE exists on Linux/BSD/macOS with python-sane installed."""
    if os.name != "posix":
        return False, "direct scanning uses SANE, which this system (Windows) does not have"
    import importlib.util

    if importlib.util.find_spec("sane") is None:
        return False, "python-sane is not installed (run installer/install.sh; apt libsane-dev)"
    return True, ""


def _process() -> W.SaneProcess:
    ok, why = available()
    if not ok:
        raise ScannerError(f"scanning is not available: {why}",
                           hint="use the scanner's own software to save into the inbox folder")
    try:
        return W.SaneProcess()
    except OSError as exc:
        raise ScannerError(f"the scanner's driver (SANE) could not be started ({exc})",
                           hint="close other programs and try again") from exc


def _lost(exc: Exception) -> ScannerError:
    """The message for a SANE process that stopped answering (ended) or ended on its own."""
    if isinstance(exc, W.SaneGone):
        return ScannerError("the scanner's driver (SANE) stopped unexpectedly",
                            hint="switch the scanner off and on, then continue the session; the pages "
                                 "scanned so far are kept")
    return ScannerError("the scanner stopped responding",
                        hint="check the scanner (cable, power), switch it off and on; the pages "
                             "scanned so far are kept")


def _cancelled() -> ScanCancelled:
    return ScanCancelled("the scan was cancelled", hint="pages scanned before the cancel are kept")


@dataclass(frozen=True)
class DeviceInfo:
    name: str
    vendor: str
    model: str
    kind: str


def list_devices() -> list[DeviceInfo]:
    """The scanners SANE finds (a backend probing the network may take a while: bounded)."""
    worker = _process()
    try:
        return [DeviceInfo(*d) for d in worker.call("devices", deadline=LIST_DEADLINE)]
    except W.SaneFailed as exc:
        raise ScannerError(f"SANE could not list the scanners ({exc})",
                           hint="check the scanner's cable and power, then try again") from exc
    except (W.SaneStuck, W.SaneGone) as exc:
        raise _lost(exc) from exc
    finally:
        worker.close()


@dataclass
class ScanSettings:
    device: str
    mode: str = ""
    resolution: float = 0.0
    source: str = ""
    applied: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


#: how long one page may take to come (start and read) before the scanner is taken to have
#: stopped responding (a device that hangs mid-page, a backend that never returns): a slow
#: flatbed at 600 dpi takes well under a minute
PAGE_DEADLINE = 180.0
#: listing devices (network backends time out on their own well within this)
LIST_DEADLINE = 90.0


class Scanner:
    """One open SANE device, driven in a process of its own (``sane_worker``) so that a backend
    that hangs never freezes the station: every call has a deadline.

    ``faulty:<name>?fail_after=N`` wraps a real device and, after N pages, makes the device
    itself report an I/O error (SANE test backend option ``read-return-value``): a scanner that
    disappears mid-batch; ``stall_after=N`` makes it hang instead (its data trickling a byte
    at a time), ``deadline=S`` the page deadline, ``stall_deadline=S`` the deadline of the pages
    it stalls on (by default the page deadline) — for tests."""

    def __init__(self, name: str) -> None:
        self.fail_after: int | None = None
        self.stall_after: int | None = None
        self.deadline = self.stall_deadline = PAGE_DEADLINE
        if name.startswith("faulty:"):
            name, _, q = name[len("faulty:"):].partition("?")
            params = dict(x.split("=") for x in q.split("&") if x)
            self.fail_after = int(params["fail_after"]) if "fail_after" in params else None
            self.stall_after = int(params["stall_after"]) if "stall_after" in params else None
            if self.fail_after is None and self.stall_after is None:
                self.fail_after = 1
            self.deadline = float(params.get("deadline", PAGE_DEADLINE))
            self.stall_deadline = float(params.get("stall_deadline", self.deadline))
        self.name = name
        self._worker = _process()
        try:
            self._worker.call("open", name)
        except (W.SaneFailed, W.SaneStuck, W.SaneGone) as exc:
            self._worker.close()
            why = str(exc) if isinstance(exc, W.SaneFailed) else _lost(exc).message
            raise ScannerError(f"cannot open the scanner '{name}' ({why})",
                               hint="check the cable and power, then list devices with "
                                    "`scanner-station scan --list`") from exc

    def close(self) -> None:
        self._worker.close()

    def options(self) -> dict[str, Any]:
        return {name: {"title": title, "constraint": constraint}
                for name, title, constraint in self._call("options")}

    def set_option(self, opt: str, value: Any) -> None:
        """Set one device option (python-sane's name, ``-`` as ``_``); raises ScannerError."""
        try:
            self._call("set", opt, value)
        except W.SaneFailed as exc:
            raise ScannerError(f"the scanner refused {opt}={value} ({exc})") from exc

    def apply(self, profile: ScanProfile) -> ScanSettings:
        """Set mode, resolution and source as far as the device offers them; record what it took."""
        opts = self.options()
        settings = ScanSettings(self.name, warnings=profile.warnings())

        def choose(opt: str, wanted: tuple[str, ...]) -> str | None:
            values = opts.get(opt, {}).get("constraint") or []
            for w in wanted:
                for v in values if isinstance(values, list) else []:
                    if str(v).lower() == w.lower():
                        return v
            return None

        if "mode" in opts:
            mode = choose("mode", (profile.mode, "Color", "Colour")) or profile.mode
            self._set("mode", mode, settings)
        if "resolution" in opts:
            self._set("resolution", profile.resolution, settings)
        if "source" in opts:
            src = choose("source", SOURCES[profile.source])
            if src is None:
                settings.warnings.append(f"the scanner offers no '{profile.source}' source; using its default")
            else:
                self._set("source", src, settings)
        elif profile.source != "flatbed":
            settings.warnings.append("the scanner has no document feeder; scanning page by page")
        settings.mode = str(self._call("get", "mode", settings.applied.get("mode", "")))
        settings.resolution = float(self._call("get", "resolution", settings.applied.get("resolution", 0)))
        settings.source = str(settings.applied.get("source", "flatbed"))
        if settings.resolution and settings.resolution < MIN_DPI and not any("dpi" in w for w in settings.warnings):
            settings.warnings.append(f"the scanner gave {settings.resolution:.0f} dpi, below {MIN_DPI}")
        return settings

    def _set(self, opt: str, value: Any, settings: ScanSettings) -> None:
        try:
            self._call("set", opt, value)
            settings.applied[opt] = value
        except W.SaneFailed as exc:
            settings.warnings.append(f"could not set {opt}={value} ({exc})")

    def _call(self, op: str, *args: Any) -> Any:
        try:
            return self._worker.call(op, *args)
        except (W.SaneStuck, W.SaneGone) as exc:
            raise _lost(exc) from exc

    def cancel(self) -> None:
        """Stop the scan in progress (thread-safe): the page being read is dropped, earlier ones kept."""
        self._worker.cancel()

    def _stalled_error(self, deadline: float) -> ScannerError:
        return ScannerError(f"the scanner stopped responding: no page came within {deadline:g} s",
                            hint="check the scanner (cable, power, paper jam), switch it off and on; the pages "
                                 "scanned so far are kept — continue the session to scan the rest (the page it "
                                 "stopped on is scanned again)")

    def pages(self, feeder: bool, count: int | None = None) -> Iterator[Any]:
        """PIL images, one per page: from the feeder until it is empty (or ``count``), or one flatbed
        page. Raises ``ScanCancelled`` or ``ScannerError`` (device gone, jam, no answer…) between pages."""
        from PIL import Image

        self._worker.cancelled.clear()
        done = 0
        while count is None or done < count:
            if self._worker.cancelled.is_set():
                raise _cancelled()
            if self.fail_after is not None and done >= self.fail_after:
                self._set("read_return_value", "SANE_STATUS_IO_ERROR", ScanSettings(self.name))
            deadline = self.deadline
            if self.stall_after is not None and done >= self.stall_after:
                deadline = self.stall_deadline
                # at 600 dpi the test backend still ends such a page within 3-10 s; at 1200 it is
                # four times slower, so a short deadline meets a page that is really stuck
                for opt, value in (("resolution", 1200), ("read_limit", True), ("read_limit_size", 1),
                                   ("read_delay", True), ("read_delay_duration", 200000)):
                    self._set(opt, value, ScanSettings(self.name))
            try:
                # a page that does not come within the deadline is cancelled (the part read is
                # never kept as a page); a backend that does not even give it up is ended
                mode, size, data = self._worker.call("page", deadline=deadline, grace=W.CANCEL_GRACE)
            except W.SaneStuck as exc:
                raise self._stalled_error(deadline) from exc
            except W.SaneGone as exc:
                raise _lost(exc) from exc
            except W.SaneCancelled as exc:
                raise _cancelled() from exc
            except W.SaneFailed as exc:
                text = str(exc)
                low = text.lower()
                if "no more documents" in low or "document feeder out of documents" in low:
                    return
                if "cancel" in low:  # cancelled at the scanner itself (its own button)
                    raise _cancelled() from exc
                raise ScannerError(f"the scanner stopped: {text}",
                                   hint="check the scanner (cable, power, paper jam); the pages scanned so far "
                                        "are kept — continue the session to scan the rest") from exc
            if self._worker.cancelled.is_set():  # read to its end as the cancel came: dropped too
                raise _cancelled()
            done += 1
            yield Image.frombytes(mode, size, data)
            if not feeder:
                return


# --- book sessions ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Book:
    office: str
    record_type: str
    volume: str
    year: str
    first_page: int = 1
    last_page: int = 1
    #: civil_status | land | procedure_result (the batch's record family)
    family: str = "civil_status"

    @staticmethod
    def parse(spec: str) -> "Book":
        """``office=…;type=…;volume=…;year=…;pages=1-200[;family=land]``"""
        try:
            kv = dict(part.split("=", 1) for part in spec.split(";") if part.strip())
            kv = {k.strip(): nfc(v.strip()) for k, v in kv.items()}
            first, _, last = kv.get("pages", "1-1").partition("-")
            family = kv.get("family", "civil_status")
            if family not in ("civil_status", "land", "procedure_result"):
                raise ValueError(family)
            return Book(kv["office"], kv["type"], kv.get("volume", ""), kv.get("year", ""), int(first),
                        int(last or first), family)
        except (KeyError, ValueError) as exc:
            raise StationError("the book description is incomplete or malformed",
                               hint="give --book \"office=UBND xã …;type=khai sinh;volume=01;year=1999;"
                                    "pages=1-200\" (family=land or procedure_result for other books)") from exc

    @property
    def batch(self) -> str:
        return safe_filename(f"{self.record_type}-q{self.volume or 'x'}-{self.year or 'x'}-{self.office}")[:80]


@dataclass
class SessionStatus:
    expected: int
    scanned: int
    missing_marked: int
    damaged: int
    superseded: int
    gaps: list[int]
    next_page: int


class BookSession:
    def __init__(self, ws: Workspace, session_id: int) -> None:
        self.ws = ws
        self.id = session_id
        self.info = ws.store.scan_session(session_id)

    @staticmethod
    def start(ws: Workspace, book: Book, profile: ScanProfile, device: str, operator: str) -> "BookSession":
        sid = ws.store.add_scan_session(batch=book.batch, office=book.office, record_type=book.record_type,
                                        volume=book.volume, year=book.year, first_page=book.first_page,
                                        last_page=book.last_page, profile=profile.name, device=device,
                                        operator=operator)
        folder = ws.inbox / book.batch
        folder.mkdir(parents=True, exist_ok=True)
        sidecar = folder / SIDECAR
        if not sidecar.exists():
            sidecar.write_text(BatchInfo(book.batch, office=book.office, record_family=book.family,
                                         book_type=book.record_type, volume=book.volume,
                                         year=book.year).to_toml(), "utf-8")
        return BookSession(ws, sid)

    def status(self) -> SessionStatus:
        pages = self.ws.store.scan_pages(self.id)
        active = [p for p in pages if p["status"] != "superseded"]
        numbers = {p["page_no"] for p in active}
        first, last = self.info["first_page"], self.info["last_page"]
        top = max([last, *numbers]) if numbers else last
        return SessionStatus(
            expected=last - first + 1, scanned=sum(p["status"] in ("scanned", "damaged") and bool(p["sha256"])
                                                   for p in active),
            missing_marked=sum(p["status"] == "missing" for p in active),
            damaged=sum(p["status"] == "damaged" for p in active),
            superseded=sum(p["status"] == "superseded" for p in pages),
            gaps=[n for n in range(first, top + 1) if n not in numbers],
            next_page=(max(numbers) + 1) if numbers else first)

    def _write(self, img, page_no: int, settings: ScanSettings, profile: ScanProfile) -> tuple[str, str]:
        """Save one page into the batch folder of the inbox, atomically; returns (name, sha256)."""
        from PIL import PngImagePlugin

        buf = io.BytesIO()
        meta = {"scanner_station.page": str(page_no), "scanner_station.session": str(self.id),
                "scanner_station.scanned_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="microseconds"),
                "scanner_station.settings": str(asdict(settings))}
        dpi = (settings.resolution or profile.resolution,) * 2
        if profile.format == "tiff":
            img.save(buf, format="TIFF", compression="tiff_lzw", dpi=dpi)
            ext = "tif"
        else:
            info = PngImagePlugin.PngInfo()
            for k, v in meta.items():
                info.add_text(k, v)
            img.save(buf, format="PNG", pnginfo=info, dpi=dpi)
            ext = "png"
        data = buf.getvalue()
        sha = hashlib.sha256(data).hexdigest()
        name = f"s{self.id:04d}-p{page_no:04d}-{sha[:8]}.{ext}"
        folder = self.ws.inbox / self.info["batch"]
        folder.mkdir(parents=True, exist_ok=True)
        part = folder / f".{name}.part"
        with open(part, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(part, folder / name)
        return name, sha

    def scan(self, scanner: Scanner, profile: ScanProfile, operator: str, *, count: int | None = None,
             page_no: int | None = None, supersede: bool = False,
             on_page: Callable[[int, str], None] | None = None) -> list[int]:
        """Scan pages (the feeder until empty or ``count``; the flatbed: one page) numbered from
        ``page_no`` (default: the next page). Every page is saved and recorded as it arrives, so
        an error or a cancel keeps what came before (and re-raises)."""
        settings = scanner.apply(profile)
        feeder = profile.source != "flatbed"
        n = page_no if page_no is not None else self.status().next_page
        done: list[int] = []
        for img in scanner.pages(feeder, count):
            name, sha = self._write(img, n, settings, profile)
            self.ws.store.add_scan_page(self.id, n, "scanned", operator=operator, file_name=name, sha256=sha,
                                        settings=asdict(settings), device=scanner.name, supersede=supersede)
            done.append(n)
            if on_page:
                on_page(n, name)
            n += 1
            supersede = False  # only the first page of a rescan replaces an earlier scan
        return done

    def rescan(self, scanner: Scanner, profile: ScanProfile, operator: str, page_no: int) -> list[int]:
        """Scan page ``page_no`` again: the earlier scan is marked superseded, never deleted."""
        return self.scan(scanner, profile, operator, count=1, page_no=page_no, supersede=True)

    def insert(self, scanner: Scanner, profile: ScanProfile, operator: str, page_no: int) -> list[int]:
        """Scan a page that was missed: pages from ``page_no`` on move up by one."""
        self.ws.store.shift_scan_pages(self.id, page_no)
        return self.scan(scanner, profile, operator, count=1, page_no=page_no)

    def mark(self, page_no: int, status: str, operator: str, note: str = "") -> None:
        """The book itself lacks this page (``missing``) or has it damaged (``damaged``)."""
        if status not in ("missing", "damaged"):
            raise StationError(f"a page is marked missing or damaged, not '{status}'", hint="missing | damaged")
        self.ws.store.add_scan_page(self.id, page_no, status, operator=operator, note=note,
                                    supersede=status == "missing")

