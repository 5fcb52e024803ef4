"""The station's store: SQLite (WAL) through sqlite-utils. The only module with SQL.

Holds batches, ingested files (by SHA-256), quarantined files, pages with their
cleanup steps and OCR results, the durable job queue, and a full-text index
(FTS5) over page text plus a diacritic-folded copy for accent-free search.

Schema changes are stepwise migrations; before migrating an existing database
the file is backed up beside itself. Never logs page text or personal data.
"""

from __future__ import annotations

import json
import sqlite3
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import sqlite_utils

from ..domain.errors import DiskFull, is_disk_full
from ..domain.records import DEFAULT_BATCH_NAME, BatchInfo
from ..domain.text import fold, nfc

SCHEMA_VERSION = 7

MIGRATIONS: dict[int, str] = {
    1: """
    CREATE TABLE batches (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        office TEXT NOT NULL, record_family TEXT NOT NULL, book_type TEXT NOT NULL,
        volume TEXT NOT NULL, year TEXT NOT NULL, split_mode TEXT NOT NULL,
        created_at REAL NOT NULL
    );
    CREATE TABLE files (
        id INTEGER PRIMARY KEY,
        sha256 TEXT NOT NULL UNIQUE,
        original_name TEXT NOT NULL,
        size INTEGER NOT NULL,
        kind TEXT NOT NULL,
        page_count INTEGER NOT NULL,
        batch_id INTEGER NOT NULL REFERENCES batches(id),
        stored_path TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'queued',
        ingested_at REAL NOT NULL
    );
    CREATE TABLE duplicates (
        id INTEGER PRIMARY KEY,
        file_id INTEGER NOT NULL REFERENCES files(id),
        original_name TEXT NOT NULL,
        seen_at REAL NOT NULL
    );
    CREATE TABLE quarantine (
        id INTEGER PRIMARY KEY,
        sha256 TEXT,
        original_name TEXT NOT NULL,
        reason_code TEXT NOT NULL,
        reason TEXT NOT NULL,
        path TEXT NOT NULL,
        created_at REAL NOT NULL
    );
    CREATE TABLE pages (
        id INTEGER PRIMARY KEY,
        file_id INTEGER NOT NULL REFERENCES files(id),
        source_index INTEGER NOT NULL,
        part INTEGER NOT NULL,
        image_path TEXT NOT NULL,
        width INTEGER NOT NULL, height INTEGER NOT NULL,
        blank INTEGER NOT NULL,
        steps TEXT NOT NULL,
        engine TEXT,
        ocr_text TEXT,
        ocr_json TEXT,
        mean_confidence REAL,
        state TEXT NOT NULL,
        error TEXT,
        processed_at REAL NOT NULL,
        UNIQUE (file_id, source_index, part)
    );
    CREATE TABLE jobs (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        file_id INTEGER NOT NULL REFERENCES files(id),
        source_index INTEGER NOT NULL,
        state TEXT NOT NULL DEFAULT 'queued',
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        updated_at REAL NOT NULL,
        UNIQUE (kind, file_id, source_index)
    );
    CREATE INDEX jobs_state ON jobs(state, id);
    CREATE VIRTUAL TABLE pages_fts USING fts5(text, folded, tokenize = 'unicode61 remove_diacritics 0');
    """,
    2: """
    ALTER TABLE pages ADD COLUMN analysis TEXT;
    CREATE TABLE records (
        id INTEGER PRIMARY KEY,
        file_id INTEGER NOT NULL REFERENCES files(id),
        doc_index INTEGER NOT NULL,
        entry_index INTEGER NOT NULL,
        template_id TEXT,
        template_score REAL NOT NULL,
        page_ids TEXT NOT NULL,
        state TEXT NOT NULL,
        reason TEXT NOT NULL DEFAULT '',
        version INTEGER NOT NULL DEFAULT 1,
        created_at REAL NOT NULL,
        updated_at REAL NOT NULL,
        UNIQUE (file_id, doc_index, entry_index)
    );
    CREATE INDEX records_state ON records(state);
    CREATE TABLE fields (
        record_id INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        normalized TEXT NOT NULL,
        status TEXT NOT NULL,
        confidence REAL NOT NULL,
        page_id INTEGER,
        bbox TEXT,
        messages TEXT NOT NULL,
        suggestions TEXT NOT NULL,
        second_reading TEXT NOT NULL,
        engine TEXT NOT NULL,
        crop_path TEXT NOT NULL,
        set_by TEXT NOT NULL DEFAULT 'machine',
        set_at REAL NOT NULL,
        PRIMARY KEY (record_id, key)
    );
    CREATE TABLE persons (
        record_id INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
        personal_id TEXT NOT NULL,
        role TEXT NOT NULL,
        name TEXT NOT NULL,
        name_folded TEXT NOT NULL,
        birth TEXT NOT NULL,
        sex TEXT NOT NULL,
        PRIMARY KEY (record_id, role)
    );
    CREATE INDEX persons_id ON persons(personal_id);
    CREATE INDEX persons_name ON persons(name_folded);
    """,
    3: """
    CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        display_name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('clerk', 'supervisor', 'admin')),
        pw_hash TEXT NOT NULL,
        active INTEGER NOT NULL DEFAULT 1,
        failed INTEGER NOT NULL DEFAULT 0,
        locked_until REAL NOT NULL DEFAULT 0,
        created_at REAL NOT NULL
    );
    CREATE TABLE audit (
        id INTEGER PRIMARY KEY,
        at REAL NOT NULL,
        user TEXT NOT NULL,
        action TEXT NOT NULL,
        record_id INTEGER,
        field TEXT NOT NULL DEFAULT '',
        old TEXT NOT NULL DEFAULT '',
        new TEXT NOT NULL DEFAULT '',
        reason TEXT NOT NULL DEFAULT '',
        prev TEXT NOT NULL,
        hash TEXT NOT NULL
    );
    CREATE INDEX audit_record ON audit(record_id);
    CREATE TABLE double_keys (
        record_id INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        user TEXT NOT NULL,
        at REAL NOT NULL,
        PRIMARY KEY (record_id, key)
    );
    ALTER TABLE fields ADD COLUMN as_written INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE fields ADD COLUMN note TEXT NOT NULL DEFAULT '';
    ALTER TABLE records ADD COLUMN confirmed_by TEXT;
    ALTER TABLE records ADD COLUMN verified_by TEXT;
    ALTER TABLE records ADD COLUMN review_comment TEXT NOT NULL DEFAULT '';
    ALTER TABLE records ADD COLUMN needs_review TEXT NOT NULL DEFAULT '';
    ALTER TABLE batches ADD COLUMN sample_rate REAL NOT NULL DEFAULT 1.0;
    """,
    4: """
    CREATE TABLE scan_sessions (
        id INTEGER PRIMARY KEY,
        batch TEXT NOT NULL,
        office TEXT NOT NULL, record_type TEXT NOT NULL, volume TEXT NOT NULL, year TEXT NOT NULL,
        first_page INTEGER NOT NULL, last_page INTEGER NOT NULL,
        profile TEXT NOT NULL, device TEXT NOT NULL, operator TEXT NOT NULL,
        started_at REAL NOT NULL, closed_at REAL
    );
    CREATE TABLE scan_pages (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES scan_sessions(id),
        page_no INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('scanned', 'superseded', 'missing', 'damaged')),
        file_name TEXT NOT NULL DEFAULT '',
        sha256 TEXT NOT NULL DEFAULT '',
        settings TEXT NOT NULL DEFAULT '{}',
        device TEXT NOT NULL DEFAULT '',
        operator TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        at REAL NOT NULL
    );
    CREATE INDEX scan_pages_session ON scan_pages(session_id, page_no);
    CREATE INDEX scan_pages_sha ON scan_pages(sha256);
    """,
    5: """
    ALTER TABLE records ADD COLUMN exported_package TEXT;
    ALTER TABLE records ADD COLUMN exported_at REAL;
    """,
    6: """
    ALTER TABLE batches ADD COLUMN blank_separates TEXT NOT NULL DEFAULT 'no';
    ALTER TABLE batches ADD COLUMN note TEXT NOT NULL DEFAULT '';
    ALTER TABLE records ADD COLUMN batch_id INTEGER REFERENCES batches(id);
    """,
    7: """
    CREATE TABLE work_packages (
        id TEXT PRIMARY KEY,
        batch_id INTEGER NOT NULL REFERENCES batches(id),
        book TEXT NOT NULL,
        created_at TEXT NOT NULL,
        signer TEXT NOT NULL,
        provenance TEXT NOT NULL,
        opened_at REAL NOT NULL,
        opened_by TEXT NOT NULL
    );
    ALTER TABLE files ADD COLUMN work_package TEXT REFERENCES work_packages(id);
    """,
}

MAX_ATTEMPTS = 3


@dataclass(frozen=True, slots=True)
class Job:
    id: int
    kind: str
    file_id: int
    source_index: int
    attempts: int


class Store:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._conn = sqlite3.connect(str(self.path), timeout=30, isolation_level=None,
                                     check_same_thread=False)
        self._conn.row_factory = sqlite3.Row
        self.db = sqlite_utils.Database(self._conn)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=FULL")  # a committed record or audit entry survives a power cut
        self._conn.execute("PRAGMA foreign_keys=ON")
        self._migrate()

    # --- schema ---------------------------------------------------------------------------------
    def _migrate(self) -> None:
        c = self._conn
        c.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        row = c.execute("SELECT MAX(version) FROM schema_version").fetchone()
        current = row[0] or 0
        if current > SCHEMA_VERSION:
            from ..domain.errors import WorkspaceError
            raise WorkspaceError(f"the database is schema version {current}, newer than this "
                                 f"program ({SCHEMA_VERSION})", path=str(self.path),
                                 hint="update Scanner Station before opening this workspace")
        if current < SCHEMA_VERSION and current > 0:
            backup = self.path.with_name(f"{self.path.name}.v{current}.{int(time.time())}.bak")
            src = sqlite3.connect(str(self.path))
            dst = sqlite3.connect(str(backup))
            with dst:
                src.backup(dst)
            src.close()
            dst.close()
        for version in range(current + 1, SCHEMA_VERSION + 1):
            with self.transaction():
                for stmt in _split_sql(MIGRATIONS[version]):
                    c.execute(stmt)
                c.execute("INSERT INTO schema_version (version) VALUES (?)", (version,))

    @property
    def schema_version(self) -> int:
        return self._conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0]

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        c = self._conn
        c.execute("BEGIN IMMEDIATE")
        try:
            yield c
            c.execute("COMMIT")
        except BaseException as exc:
            if c.in_transaction:
                c.execute("ROLLBACK")
            if is_disk_full(exc):  # SQLite rolled it back: nothing half-written is kept
                raise DiskFull("the disk is full: the change was not saved", path=str(self.path.parent),
                               hint="free disk space (or move the workspace to a larger disk), then "
                                    "do it again; nothing was lost") from exc
            raise

    def close(self) -> None:
        self._conn.close()

    # --- batches --------------------------------------------------------------------------------
    def ensure_batch(self, info: BatchInfo) -> int:
        c = self._conn
        row = c.execute("SELECT id FROM batches WHERE name = ?", (info.name,)).fetchone()
        if row:
            return row[0]
        d = info.as_dict()
        cur = c.execute(
            "INSERT INTO batches (name, office, record_family, book_type, volume, year, split_mode,"
            " blank_separates, created_at) VALUES (?,?,?,?,?,?,?,?,?)",
            (d["name"], d["office"], d["record_family"], d["book_type"], d["volume"], d["year"],
             d["split_mode"], d["blank_separates"], time.time()))
        return cur.lastrowid

    def batch_note(self, batch_id: int) -> str:
        return self._conn.execute("SELECT note FROM batches WHERE id = ?", (batch_id,)).fetchone()[0]

    @staticmethod
    def _cover_batch(meta: dict, base: BatchInfo, name: str) -> BatchInfo:
        """The batch a cover sheet describes (``name`` when the sheet names none), keeping the
        processing options of ``base``."""
        return BatchInfo(meta.get("batch") or name, office=meta.get("office", ""),
                         record_family=meta.get("family") or "unknown", book_type=meta.get("book_type", ""),
                         volume=meta.get("volume", ""), year=meta.get("year", ""),
                         split_mode=base.split_mode, blank_separates=base.blank_separates)

    def _file_batch(self, c: sqlite3.Connection, file_id: int) -> tuple[int, BatchInfo]:
        bid = c.execute("SELECT batch_id FROM files WHERE id = ?", (file_id,)).fetchone()[0]
        return bid, self.batch(bid)

    def _apply_cover(self, c: sqlite3.Connection, file_id: int, covers: list[tuple[int, dict]]) -> dict[int, int]:
        """A cover sheet gives the file's batch its metadata; the sheet wins over the inbox
        folder's ``batch.toml`` and a disagreement is noted on the batch. A file dropped loose
        into the inbox (the default batch) moves to the batch the sheet names; a folder's batch
        takes the sheet's values (its other files — a folder of images — with it). A second,
        third… cover starts a batch of its own: returns {page index of that cover: its batch}."""
        page_no, meta = covers[0]
        bid, old = self._file_batch(c, file_id)
        info = self._cover_batch(meta, old, old.name)
        fields_ = ("office", "record_family", "book_type", "volume", "year")
        notes = []
        differ = [k for k in fields_ if getattr(old, k) != "unknown" and getattr(old, k) != getattr(info, k)]
        if differ:
            notes.append(f"the cover sheet (file #{file_id}, page {page_no}) differs from the folder's "
                         f"batch.toml in {', '.join(differ)}: the sheet's values are used")
        kept = info.name  # the file's batch from now on
        if old.name == DEFAULT_BATCH_NAME:
            bid = self.ensure_batch(info)
            c.execute("UPDATE files SET batch_id = ? WHERE id = ?", (bid, file_id))
        else:
            kept = old.name
            d = info.as_dict()
            c.execute("UPDATE batches SET office = ?, record_family = ?, book_type = ?, volume = ?, year = ?"
                      " WHERE id = ?", (d["office"], d["record_family"], d["book_type"], d["volume"],
                                        d["year"], bid))
            if info.name != old.name:
                notes.append(f"the cover sheet names the batch '{info.name}'")
        later = {}
        for extra_page, extra in covers[1:]:
            notes.append(f"a second cover sheet in file #{file_id} (page {extra_page}): the documents "
                         f"after it belong to batch '{extra.get('batch', '')}'")
            later[extra_page - 1] = self.ensure_batch(self._cover_batch(extra, info, f"{kept} ({extra_page})"))
        if notes:
            prev = c.execute("SELECT note FROM batches WHERE id = ?", (bid,)).fetchone()[0]
            note = "\n".join(dict.fromkeys([n for n in prev.split("\n") if n] + notes))
            c.execute("UPDATE batches SET note = ? WHERE id = ?", (note, bid))
        return later

    def batch(self, batch_id: int) -> BatchInfo:
        r = self._conn.execute("SELECT * FROM batches WHERE id = ?", (batch_id,)).fetchone()
        return BatchInfo(**{k: r[k] for k in BatchInfo.keys()})

    # --- files ----------------------------------------------------------------------------------
    def file_by_sha(self, sha256: str) -> sqlite3.Row | None:
        return self._conn.execute("SELECT * FROM files WHERE sha256 = ?", (sha256,)).fetchone()

    def file(self, file_id: int) -> sqlite3.Row:
        return self._conn.execute("SELECT * FROM files WHERE id = ?", (file_id,)).fetchone()

    def add_file(self, *, sha256: str, original_name: str, size: int, kind: str, page_count: int,
                 batch_id: int, stored_path: str) -> int:
        """Record a new file and queue one job per page, atomically."""
        with self.transaction() as c:
            cur = c.execute(
                "INSERT INTO files (sha256, original_name, size, kind, page_count, batch_id,"
                " stored_path, ingested_at) VALUES (?,?,?,?,?,?,?,?)",
                (sha256, nfc(original_name), size, kind, page_count, batch_id, stored_path, time.time()))
            file_id = cur.lastrowid
            now = time.time()
            c.executemany(
                "INSERT INTO jobs (kind, file_id, source_index, updated_at) VALUES ('page', ?, ?, ?)",
                [(file_id, i, now) for i in range(page_count)])
        return file_id

    def add_duplicate(self, file_id: int, original_name: str) -> None:
        self._conn.execute("INSERT INTO duplicates (file_id, original_name, seen_at) VALUES (?,?,?)",
                           (file_id, nfc(original_name), time.time()))

    def add_quarantine(self, *, sha256: str | None, original_name: str, reason_code: str,
                       reason: str, path: str) -> int:
        cur = self._conn.execute(
            "INSERT INTO quarantine (sha256, original_name, reason_code, reason, path, created_at)"
            " VALUES (?,?,?,?,?,?)", (sha256, nfc(original_name), reason_code, reason, path, time.time()))
        return cur.lastrowid

    def quarantined(self) -> list[sqlite3.Row]:
        return self._conn.execute("SELECT * FROM quarantine ORDER BY id").fetchall()

    # --- jobs -----------------------------------------------------------------------------------
    def requeue_interrupted(self) -> int:
        """Jobs left 'running' by a process that died go back to the queue (call at start-up,
        under the workspace lock)."""
        cur = self._conn.execute(
            "UPDATE jobs SET state = 'queued', updated_at = ? WHERE state = 'running'", (time.time(),))
        return cur.rowcount

    def claim_jobs(self, limit: int) -> list[Job]:
        with self.transaction() as c:
            rows = c.execute("SELECT id, kind, file_id, source_index, attempts FROM jobs "
                             "WHERE state = 'queued' ORDER BY id LIMIT ?", (limit,)).fetchall()
            now = time.time()
            c.executemany("UPDATE jobs SET state = 'running', attempts = attempts + 1, updated_at = ?"
                          " WHERE id = ?", [(now, r["id"]) for r in rows])
        return [Job(r["id"], r["kind"], r["file_id"], r["source_index"], r["attempts"] + 1) for r in rows]

    def complete_page_job(self, job: Job, pages: list[dict[str, Any]]) -> None:
        """Store a source page's results and mark its job done, in one transaction.

        Re-running a job (after a crash) replaces its pages, so every page exists once.
        """
        with self.transaction() as c:
            old = c.execute("SELECT id FROM pages WHERE file_id = ? AND source_index = ?",
                            (job.file_id, job.source_index)).fetchall()
            for r in old:
                c.execute("DELETE FROM pages_fts WHERE rowid = ?", (r["id"],))
            c.execute("DELETE FROM pages WHERE file_id = ? AND source_index = ?",
                      (job.file_id, job.source_index))
            now = time.time()
            self._insert_pages(c, job.file_id, job.source_index, pages, now)
            c.execute("UPDATE jobs SET state = 'done', last_error = NULL, updated_at = ? WHERE id = ?",
                      (now, job.id))
            self._update_file_state(c, job.file_id)

    @staticmethod
    def _insert_pages(c: sqlite3.Connection, file_id: int, source_index: int, pages: list[dict[str, Any]],
                      now: float) -> None:
        for p in pages:
            text = nfc(p.get("ocr_text") or "")
            cur = c.execute(
                "INSERT INTO pages (file_id, source_index, part, image_path, width, height, blank,"
                " steps, engine, ocr_text, ocr_json, mean_confidence, state, error, processed_at,"
                " analysis) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (file_id, source_index, p["part"], p["image_path"], p["width"], p["height"],
                 int(p["blank"]), json.dumps(p["steps"], ensure_ascii=False), p.get("engine"),
                 text, p.get("ocr_json"), p.get("mean_confidence"), p["state"], p.get("error"), now,
                 p.get("analysis")))
            if text:
                c.execute("INSERT INTO pages_fts (rowid, text, folded) VALUES (?,?,?)",
                          (cur.lastrowid, text, fold(text)))

    # --- pages read elsewhere (a farm's work package) ------------------------------------------
    def add_work_package(self, *, package_id: str, batch_id: int, book: str, created_at: str, signer: str,
                         provenance: dict[str, Any], opened_by: str) -> None:
        self._conn.execute(
            "INSERT INTO work_packages (id, batch_id, book, created_at, signer, provenance, opened_at, opened_by)"
            " VALUES (?,?,?,?,?,?,?,?)", (package_id, batch_id, nfc(book), created_at, signer,
                                          json.dumps(provenance, ensure_ascii=False), time.time(), opened_by))

    def work_package(self, package_id: str) -> dict[str, Any] | None:
        r = self._conn.execute("SELECT * FROM work_packages WHERE id = ?", (package_id,)).fetchone()
        if r is None:
            return None
        d = dict(r)
        d["provenance"] = json.loads(d["provenance"])
        return d

    def records_of_file(self, file_id: int) -> list[int]:
        return [r[0] for r in self._conn.execute("SELECT id FROM records WHERE file_id = ? ORDER BY id",
                                                 (file_id,)).fetchall()]

    def file_has_human_work(self, file_id: int) -> bool:
        """Whether a person changed, confirmed or verified anything on the file's records."""
        c = self._conn
        return bool(c.execute(
            "SELECT 1 FROM records r WHERE r.file_id = ? AND (r.state NOT IN ('extracted', 'unclassified')"
            " OR EXISTS (SELECT 1 FROM fields fl WHERE fl.record_id = r.id AND fl.set_by != 'machine'))"
            " LIMIT 1", (file_id,)).fetchone())

    def put_read_file(self, *, sha256: str, original_name: str, size: int, kind: str, page_count: int,
                      batch_id: int, work_package: str, pages: list[dict[str, Any]]) -> int:
        """A file whose pages were read elsewhere: stored as done (no job), its pages as read.
        A file already here gets the new pages (the caller checked no person worked on it)."""
        now = time.time()
        with self.transaction() as c:
            row = c.execute("SELECT id FROM files WHERE sha256 = ?", (sha256,)).fetchone()
            if row is None:
                file_id = c.execute(
                    "INSERT INTO files (sha256, original_name, size, kind, page_count, batch_id, stored_path,"
                    " state, ingested_at, work_package) VALUES (?,?,?,?,?,?,'','done',?,?)",
                    (sha256, nfc(original_name), size, kind, page_count, batch_id, now, work_package)).lastrowid
            else:
                file_id = row[0]
                for r in c.execute("SELECT id FROM pages WHERE file_id = ?", (file_id,)).fetchall():
                    c.execute("DELETE FROM pages_fts WHERE rowid = ?", (r[0],))
                c.execute("DELETE FROM records WHERE file_id = ?", (file_id,))
                c.execute("DELETE FROM pages WHERE file_id = ?", (file_id,))
                c.execute("DELETE FROM jobs WHERE file_id = ? AND state != 'done'", (file_id,))
                c.execute("UPDATE files SET work_package = ?, state = 'done' WHERE id = ?", (work_package, file_id))
            for p in pages:
                self._insert_pages(c, file_id, p["source_index"], [p], now)
        return file_id

    def fail_job(self, job: Job, error: str) -> str:
        """Record a failed attempt: back to the queue, or 'failed' after MAX_ATTEMPTS."""
        state = "failed" if job.attempts >= MAX_ATTEMPTS else "queued"
        with self.transaction() as c:
            c.execute("UPDATE jobs SET state = ?, last_error = ?, updated_at = ? WHERE id = ?",
                      (state, error[:500], time.time(), job.id))
            self._update_file_state(c, job.file_id)
        return state

    def requeue_job(self, job_id: int) -> None:
        """Put a job that was running back in the queue without counting an attempt."""
        self._conn.execute("UPDATE jobs SET state = 'queued', attempts = MAX(0, attempts - 1),"
                           " updated_at = ? WHERE id = ? AND state = 'running'", (time.time(), job_id))

    def retry_failed(self) -> int:
        cur = self._conn.execute("UPDATE jobs SET state = 'queued', attempts = 0, updated_at = ?"
                                 " WHERE state = 'failed'", (time.time(),))
        return cur.rowcount

    @staticmethod
    def _update_file_state(c: sqlite3.Connection, file_id: int) -> None:
        counts = dict(c.execute("SELECT state, COUNT(*) FROM jobs WHERE file_id = ? GROUP BY state",
                                (file_id,)).fetchall())
        if counts.get("queued") or counts.get("running"):
            state = "processing"
        elif counts.get("failed"):
            state = "failed"
        else:
            state = "done"
        c.execute("UPDATE files SET state = ? WHERE id = ?", (state, file_id))

    def pending_jobs(self) -> int:
        return self._conn.execute(
            "SELECT COUNT(*) FROM jobs WHERE state IN ('queued', 'running')").fetchone()[0]

    # --- pages and search -----------------------------------------------------------------------
    def pages(self, file_id: int | None = None) -> list[sqlite3.Row]:
        if file_id is None:
            return self._conn.execute("SELECT * FROM pages ORDER BY file_id, source_index, part").fetchall()
        return self._conn.execute("SELECT * FROM pages WHERE file_id = ? ORDER BY source_index, part",
                                  (file_id,)).fetchall()

    def pages_by_id(self, page_ids: list[int]) -> list[sqlite3.Row]:
        """The pages with these ids, in the order given."""
        marks = ",".join("?" * len(page_ids))
        rows = {r["id"]: r for r in self._conn.execute(f"SELECT * FROM pages WHERE id IN ({marks})",
                                                       tuple(page_ids))}
        return [rows[i] for i in page_ids if i in rows]

    def search(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        """Pages matching ``query``: exact (diacritics as typed) matches rank first,
        then accent-folded matches (``duc`` finds ``Đức``)."""
        q = nfc(query).strip()
        if not q:
            return []
        exact_terms = _fts_terms(q)
        folded_terms = _fts_terms(fold(q))
        rows = self._conn.execute(
            f"""
            SELECT rowid, 0 AS tier, bm25(pages_fts) AS score FROM pages_fts
              WHERE pages_fts MATCH ?
            UNION ALL
            SELECT rowid, 1 AS tier, bm25(pages_fts) AS score FROM pages_fts
              WHERE pages_fts MATCH ?
            ORDER BY tier, score LIMIT {int(limit) * 2}
            """, ("text : " + exact_terms, "folded : " + folded_terms)).fetchall()
        seen: set[int] = set()
        out = []
        for r in rows:
            if r["rowid"] in seen:
                continue
            seen.add(r["rowid"])
            page = self._conn.execute(
                "SELECT p.id, p.file_id, p.source_index, p.part, p.ocr_text, f.original_name, b.name AS batch"
                " FROM pages p JOIN files f ON f.id = p.file_id JOIN batches b ON b.id = f.batch_id"
                " WHERE p.id = ?", (r["rowid"],)).fetchone()
            if page:
                out.append({"page_id": page["id"], "file": page["original_name"], "batch": page["batch"],
                            "page": page["source_index"] + 1, "part": page["part"],
                            "exact": r["tier"] == 0, "snippet": _snippet(page["ocr_text"], q)})
            if len(out) >= limit:
                break
        return out

    # --- records (extracted fields), person links ---------------------------------------------
    def set_page_analysis(self, page_id: int, analysis_json: str) -> None:
        self._conn.execute("UPDATE pages SET analysis = ? WHERE id = ?", (analysis_json, page_id))

    def files_done(self, batch: str | None = None) -> list[sqlite3.Row]:
        sql = "SELECT f.* FROM files f JOIN batches b ON b.id = f.batch_id WHERE f.state = 'done'"
        args: tuple = ()
        if batch:
            sql += " AND b.name = ?"
            args = (batch,)
        return self._conn.execute(sql + " ORDER BY f.id", args).fetchall()

    def rebuild_records(self, file_id: int) -> int | None:
        """(Re)build a file's records from its pages' analyses: pages grouped into documents,
        one record per document (per entry on register pages), fields and person links.
        Returns the number of records, or ``None`` when a person already worked on the file's
        records (their work is never overwritten by a machine pass)."""
        from ..extraction.evidence import cross_check
        from ..extraction.documents import group_pages
        from ..extraction.extract import PageAnalysis
        from ..extraction.persons import persons
        from ..extraction.templates import load_all

        templates = {t.id: t for t in load_all(workspace=self.path.parent)}
        with self.transaction() as c:
            touched = c.execute(
                "SELECT COUNT(*) FROM fields fl JOIN records r ON r.id = fl.record_id"
                " WHERE r.file_id = ? AND fl.set_by != 'machine'", (file_id,)).fetchone()[0]
            if touched:
                return None
            pages = c.execute("SELECT id, blank, state, analysis, steps FROM pages WHERE file_id = ?"
                              " ORDER BY source_index, part", (file_id,)).fetchall()
            analyses = [_on_page(PageAnalysis.from_json(json.loads(p["analysis"])), i + 1)
                        if p["analysis"] and not p["blank"] else None for i, p in enumerate(pages)]
            _, batch = self._file_batch(c, file_id)
            steps = [json.loads(p["steps"] or "{}") for p in pages]
            sheets = [i for i, p in enumerate(pages) if p["state"] in ("separator", "cover")]
            breaks = set(sheets) | ({i for i, p in enumerate(pages) if p["blank"]}
                                    if batch.blank_separates == "yes" else set())
            covers = [(i + 1, next(cd["fields"] for cd in steps[i].get("codes", []) if cd["kind"] == "cover"))
                      for i in sheets if steps[i].get("sheet") == "cover"]
            later = self._apply_cover(c, file_id, covers) if covers else {}
            docs = group_pages(analyses, templates, breaks)
            c.execute("DELETE FROM records WHERE file_id = ?", (file_id,))
            now = time.time()
            count = 0
            for d_i, doc in enumerate(docs):
                page_ids = [pages[i]["id"] for i in doc.pages]
                entries = doc.entries or [{}]
                codes = [cd for i in doc.pages for cd in steps[i].get("codes", [])]
                if codes:  # an ID card's QR on the document: evidence for its fields
                    entries = [cross_check(e, codes) for e in entries]
                # a document after a second cover sheet belongs to that sheet's batch
                own_batch = next((b for i, b in sorted(later.items(), reverse=True) if i < doc.pages[0]), None)
                for e_i, fields in enumerate(entries):
                    state = "extracted" if doc.template_id and fields else "unclassified"
                    cur = c.execute(
                        "INSERT INTO records (file_id, doc_index, entry_index, template_id, template_score,"
                        " page_ids, state, reason, created_at, updated_at, batch_id)"
                        " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                        (file_id, d_i, e_i, doc.template_id, doc.score, json.dumps(page_ids), state,
                         doc.reason, now, now, own_batch))
                    rid = cur.lastrowid
                    count += 1
                    c.executemany(
                        "INSERT INTO fields (record_id, key, value, normalized, status, confidence, page_id,"
                        " bbox, messages, suggestions, second_reading, engine, crop_path, set_at)"
                        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                        [(rid, k, nfc(f.value), nfc(f.normalized), f.status, f.confidence,
                          pages[f.page - 1]["id"] if 0 < f.page <= len(pages) else None,
                          json.dumps(f.bbox) if f.bbox else None,
                          json.dumps(f.messages, ensure_ascii=False),
                          json.dumps(f.suggestions, ensure_ascii=False), nfc(f.second_reading),
                          f.engine, f.crop, now) for k, f in fields.items()])
                    c.executemany(
                        "INSERT INTO persons (record_id, personal_id, role, name, name_folded, birth, sex)"
                        " VALUES (?,?,?,?,?,?,?)",
                        [(rid, p.personal_id, p.role, p.name, fold(p.name), p.birth, p.sex)
                         for p in persons(fields)])
            return count

    def records(self, batch: str | None = None, state: str | None = None) -> list[dict[str, Any]]:
        sql = ("SELECT r.*, f.original_name, b.name AS batch FROM records r JOIN files f ON f.id = r.file_id"
               " JOIN batches b ON b.id = COALESCE(r.batch_id, f.batch_id) WHERE 1=1")
        args: list[Any] = []
        if batch:
            sql += " AND b.name = ?"
            args.append(batch)
        if state:
            sql += " AND r.state = ?"
            args.append(state)
        return [dict(r) for r in self._conn.execute(sql + " ORDER BY r.id", args)]

    def record(self, record_id: int) -> dict[str, Any]:
        r = self._conn.execute("SELECT * FROM records WHERE id = ?", (record_id,)).fetchone()
        if r is None:
            from ..domain.errors import NotFound
            raise NotFound(f"no record #{record_id}", hint="list records with `scanner-station records`")
        out = dict(r)
        out["page_ids"] = json.loads(r["page_ids"])
        out["fields"] = {}
        for f in self._conn.execute("SELECT * FROM fields WHERE record_id = ? ORDER BY rowid", (record_id,)):
            d = dict(f)
            for k in ("messages", "suggestions"):
                d[k] = json.loads(d[k])
            d["bbox"] = json.loads(d["bbox"]) if d["bbox"] else None
            out["fields"][f["key"]] = d
        return out

    def person(self, personal_id: str) -> dict[str, Any]:
        """The records linked by one ID number, and the values on which they disagree."""
        from ..extraction.persons import births_agree

        rows = [dict(r) for r in self._conn.execute(
            "SELECT p.*, r.template_id, r.state, r.file_id FROM persons p JOIN records r ON r.id = p.record_id"
            " WHERE p.personal_id = ? ORDER BY p.record_id", (personal_id,))]
        conflicts = []
        for i, a in enumerate(rows):
            for b in rows[i + 1:]:
                for what, same in (("name", fold(a["name"]) == fold(b["name"]) or not a["name"] or not b["name"]),
                                   ("birth", births_agree(a["birth"], b["birth"])),
                                   ("sex", a["sex"] == b["sex"] or not a["sex"] or not b["sex"])):
                    if not same:
                        conflicts.append({"field": what, "records": [a["record_id"], b["record_id"]],
                                          "values": [a[what], b[what]]})
        return {"personal_id": personal_id, "records": rows, "conflicts": conflicts}

    def record_persons(self, record_id: int) -> list[dict[str, Any]]:
        return [dict(r) for r in self._conn.execute(
            "SELECT * FROM persons WHERE record_id = ? ORDER BY role", (record_id,))]

    def page_numbers(self, page_ids: list[int]) -> dict[int, int]:
        """Page id → its 1-based position in its file (split halves count as pages)."""
        if not page_ids:
            return {}
        marks = ",".join("?" * len(page_ids))
        rows = self._conn.execute(
            "SELECT id, n FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY file_id ORDER BY source_index, part)"
            f" AS n FROM pages WHERE file_id IN (SELECT file_id FROM pages WHERE id IN ({marks})))"
            f" WHERE id IN ({marks})", (*page_ids, *page_ids))
        return {r["id"]: r["n"] for r in rows}

    def find_people(self, query: str, limit: int = 50) -> list[dict[str, Any]]:
        """People by ID number (prefix) or by name typed with or without diacritics."""
        q = nfc(query).strip()
        if q.isdigit():
            rows = self._conn.execute("SELECT * FROM persons WHERE personal_id LIKE ? ORDER BY personal_id"
                                      " LIMIT ?", (q + "%", limit))
        else:
            rows = self._conn.execute("SELECT * FROM persons WHERE name_folded LIKE ? ORDER BY name_folded"
                                      " LIMIT ?", ("%" + fold(q) + "%", limit))
        return [dict(r) for r in rows]

    def overview(self) -> dict[str, Any]:
        """For the desktop app: batches with progress, every record with its status, files still
        in processing, failed and quarantined files."""
        c = self._conn
        files = {r[0]: r[1:] for r in c.execute(
            "SELECT batch_id, COUNT(*), SUM(state = 'done'), SUM(state = 'failed') FROM files GROUP BY batch_id")}
        pages = {r[0]: r[1:] for r in c.execute(
            "SELECT f.batch_id, COUNT(*), SUM(j.state = 'done') FROM jobs j JOIN files f ON f.id = j.file_id"
            " GROUP BY f.batch_id")}
        batches = []
        for b in c.execute("SELECT * FROM batches ORDER BY id"):
            nf, nf_done, nf_failed = files.get(b["id"], (0, 0, 0))
            np_, np_done = pages.get(b["id"], (0, 0))
            batches.append({"name": b["name"], "office": b["office"], "book_type": b["book_type"],
                            "volume": b["volume"], "year": b["year"], "files": nf or 0,
                            "files_done": nf_done or 0, "files_failed": nf_failed or 0,
                            "pages": np_ or 0, "pages_done": np_done or 0, "sample_rate": b["sample_rate"],
                            "note": b["note"]})
        records = [dict(r) for r in c.execute(
            "SELECT r.id, r.state, r.template_id, r.confirmed_by, r.verified_by, r.needs_review,"
            " r.review_comment, r.exported_package, f.original_name, b.name AS batch,"
            " (SELECT COUNT(*) FROM fields fl WHERE fl.record_id = r.id AND fl.status IN ('uncertain', 'proposed'))"
            " AS open_fields FROM records r JOIN files f ON f.id = r.file_id JOIN batches b ON b.id = COALESCE(r.batch_id, f.batch_id)"
            " ORDER BY r.id")]
        pending = [dict(r) for r in c.execute(
            "SELECT f.id, f.original_name, f.state, b.name AS batch FROM files f JOIN batches b"
            " ON b.id = f.batch_id WHERE f.state NOT IN ('done', 'failed') ORDER BY f.id")]
        errors = [{"kind": "failed", "name": r["original_name"], "reason": r["last_error"] or ""}
                  for r in c.execute(
                      "SELECT f.original_name, (SELECT last_error FROM jobs j WHERE j.file_id = f.id AND"
                      " j.state = 'failed' LIMIT 1) AS last_error FROM files f WHERE f.state = 'failed'")]
        errors += [{"kind": "quarantine", "name": q["original_name"], "reason": q["reason"], "path": q["path"]}
                   for q in self.quarantined()]
        queued = c.execute("SELECT COUNT(*) FROM jobs WHERE state IN ('queued', 'running')").fetchone()[0]
        return {"batches": batches, "records": records, "pending_files": pending, "errors": errors,
                "queued_pages": queued}

    def mark_exported(self, record_ids: list[int], package: str) -> None:
        """Note which package carried these records (the app shows them as exported)."""
        with self.transaction() as c:
            c.executemany("UPDATE records SET exported_package = ?, exported_at = ? WHERE id = ?",
                          [(package, time.time(), rid) for rid in record_ids])

    def record_count(self) -> int:
        return self._conn.execute("SELECT COUNT(*) FROM records").fetchone()[0]

    def rename_export(self, old: str, new: str) -> None:
        """The package was replaced by another file (its encrypted form)."""
        with self.transaction() as c:
            c.execute("UPDATE records SET exported_package = ? WHERE exported_package = ?", (new, old))

    # --- book-scanning sessions ------------------------------------------------------------------
    def add_scan_session(self, *, batch: str, office: str, record_type: str, volume: str, year: str,
                         first_page: int, last_page: int, profile: str, device: str, operator: str) -> int:
        cur = self._conn.execute(
            "INSERT INTO scan_sessions (batch, office, record_type, volume, year, first_page, last_page, profile,"
            " device, operator, started_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (batch, nfc(office), nfc(record_type), volume, year, first_page, last_page, profile, device,
             nfc(operator), time.time()))
        return cur.lastrowid

    def scan_session(self, session_id: int) -> dict[str, Any]:
        r = self._conn.execute("SELECT * FROM scan_sessions WHERE id = ?", (session_id,)).fetchone()
        if r is None:
            from ..domain.errors import NotFound
            raise NotFound(f"no scanning session #{session_id}", hint="start one with `scanner-station scan`")
        return dict(r)

    def scan_pages(self, session_id: int, active_only: bool = False) -> list[dict[str, Any]]:
        sql = "SELECT * FROM scan_pages WHERE session_id = ?"
        if active_only:
            sql += " AND status != 'superseded'"
        return [dict(r) for r in self._conn.execute(sql + " ORDER BY page_no, id", (session_id,))]

    def add_scan_page(self, session_id: int, page_no: int, status: str, *, operator: str, file_name: str = "",
                      sha256: str = "", settings: dict | None = None, device: str = "", note: str = "",
                      supersede: bool = False) -> int:
        """One page of a book session; ``supersede`` marks the page's earlier scan superseded (kept)."""
        with self.transaction() as c:
            if supersede:
                c.execute("UPDATE scan_pages SET status = 'superseded' WHERE session_id = ? AND page_no = ?"
                          " AND status != 'superseded'", (session_id, page_no))
            cur = c.execute(
                "INSERT INTO scan_pages (session_id, page_no, status, file_name, sha256, settings, device, operator,"
                " note, at) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (session_id, page_no, status, file_name, sha256, json.dumps(settings or {}, ensure_ascii=False),
                 device, nfc(operator), nfc(note), time.time()))
            return cur.lastrowid

    def shift_scan_pages(self, session_id: int, from_page: int) -> None:
        """Make room for a missed page: every page numbered ``from_page`` or later moves up by one."""
        with self.transaction() as c:
            c.execute("UPDATE scan_pages SET page_no = -(page_no + 1) WHERE session_id = ? AND page_no >= ?",
                      (session_id, from_page))
            c.execute("UPDATE scan_pages SET page_no = -page_no WHERE session_id = ? AND page_no < 0",
                      (session_id,))

    def scan_provenance(self, sha256: str) -> dict[str, Any] | None:
        """Where a scanned file came from: book, page number, settings, device, operator, time."""
        r = self._conn.execute(
            "SELECT p.*, s.office, s.record_type, s.volume, s.year, s.batch FROM scan_pages p"
            " JOIN scan_sessions s ON s.id = p.session_id WHERE p.sha256 = ? ORDER BY p.id DESC LIMIT 1",
            (sha256,)).fetchone()
        if r is None:
            return None
        out = dict(r)
        out["settings"] = json.loads(out["settings"])
        return out

    # --- status ---------------------------------------------------------------------------------
    def status(self) -> dict[str, Any]:
        c = self._conn
        return {
            "files": dict(c.execute("SELECT state, COUNT(*) FROM files GROUP BY state").fetchall()),
            "jobs": dict(c.execute("SELECT state, COUNT(*) FROM jobs GROUP BY state").fetchall()),
            "pages": c.execute("SELECT COUNT(*) FROM pages").fetchone()[0],
            "blank_pages": c.execute("SELECT COUNT(*) FROM pages WHERE blank = 1").fetchone()[0],
            "quarantined": c.execute("SELECT COUNT(*) FROM quarantine").fetchone()[0],
            "duplicates": c.execute("SELECT COUNT(*) FROM duplicates").fetchone()[0],
            "records": dict(c.execute("SELECT state, COUNT(*) FROM records GROUP BY state").fetchall()),
            "batches": [dict(r) for r in c.execute(
                "SELECT b.name, b.book_type, b.volume, b.year, COUNT(DISTINCT f.id) AS files,"
                " (SELECT COUNT(*) FROM pages p JOIN files f2 ON f2.id = p.file_id"
                "   WHERE f2.batch_id = b.id) AS pages,"
                " SUM(CASE WHEN f.state = 'done' THEN 1 ELSE 0 END) AS done"
                " FROM batches b LEFT JOIN files f ON f.batch_id = b.id GROUP BY b.id ORDER BY b.id")],
        }


def _on_page(analysis, page_no: int):
    """Stamp every field of a page's analysis with the page's position in its file."""
    from dataclasses import replace

    return replace(analysis, entries=tuple({k: replace(f, page=page_no) for k, f in e.items()}
                                           for e in analysis.entries))


def _split_sql(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


def _fts_terms(text: str) -> str:
    """Each word as a quoted FTS5 phrase (no operator injection), ANDed."""
    words = [w.replace('"', '""') for w in text.split() if w]
    return " ".join(f'"{w}"' for w in words) or '""'


def _snippet(text: str, query: str, width: int = 80) -> str:
    """About ``width`` characters of the page text around the first hit, cut at word boundaries
    (never in the middle of a word), the hit marked «…», an ellipsis where text was left out."""
    if not text:
        return ""
    flat = " ".join(text.split())
    words = fold(query).split()
    i = fold(flat).find(words[0]) if words else -1
    if i < 0:
        if len(flat) <= width:
            return flat
        cut = flat[:width]
        return (cut[:cut.rfind(" ")] if " " in cut else cut).rstrip() + " …"
    hit_start, hit_end = i, i + len(words[0])
    while hit_start > 0 and flat[hit_start - 1].isalnum():
        hit_start -= 1  # the whole word the hit is in
    while hit_end < len(flat) and flat[hit_end].isalnum():
        hit_end += 1
    lead = flat.rfind(" ", 0, max(0, hit_start - 25))
    start = lead + 1 if lead >= 0 else 0
    end = flat.find(" ", hit_end + max(0, width - (hit_end - start)))
    end = len(flat) if end < 0 else end
    out = flat[start:hit_start] + "«" + flat[hit_start:hit_end] + "»" + flat[hit_end:end]
    return ("… " if start > 0 else "") + out.strip() + (" …" if end < len(flat) else "")