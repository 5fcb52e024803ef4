"""The farm's results in PostgreSQL: what was found in the archive and what each page read.

Every page is keyed by its original's SHA-256 and page number. A page is stored in one
transaction that first claims its key in ``farm_page_done`` (``ON CONFLICT DO NOTHING``): a
retried task, a task run twice after a worker died, a second client or a re-run finds the
key taken and stores nothing, so a page exists once whatever happened. The walk remembers
each archive entry (book, relative path, size, modification time) so a resumed run does not
read and hash files it has already judged. Never logs page contents.
"""

from __future__ import annotations

import json
import time
from typing import Any, Iterable

from ..domain.errors import StationError

SCHEMA_VERSION = 1
MIGRATIONS = {
    1: [
        """CREATE TABLE farm_runs (
            id TEXT PRIMARY KEY, started_at DOUBLE PRECISION NOT NULL, finished_at DOUBLE PRECISION,
            archive TEXT NOT NULL, out TEXT NOT NULL, engine TEXT NOT NULL, models TEXT NOT NULL,
            software_version TEXT NOT NULL, host TEXT NOT NULL, state TEXT NOT NULL)""",
        """CREATE TABLE farm_books (
            name TEXT PRIMARY KEY, folder TEXT NOT NULL, meta TEXT NOT NULL, meta_source TEXT NOT NULL,
            listed_at DOUBLE PRECISION NOT NULL)""",
        # every entry of a book folder as the walk found it; state: listed (not judged yet),
        # ok, duplicate (the same bytes elsewhere in the archive), quarantined
        """CREATE TABLE farm_entries (
            book TEXT NOT NULL REFERENCES farm_books(name), rel_path TEXT NOT NULL,
            size BIGINT NOT NULL, mtime_ns BIGINT NOT NULL, sha256 TEXT, kind TEXT,
            page_count INTEGER, state TEXT NOT NULL, reason_code TEXT NOT NULL DEFAULT '',
            reason TEXT NOT NULL DEFAULT '', run_id TEXT, judged_at DOUBLE PRECISION,
            PRIMARY KEY (book, rel_path))""",
        "CREATE INDEX farm_entries_sha ON farm_entries(sha256)",
        # one row per distinct original (the first entry that had these bytes)
        """CREATE TABLE farm_files (
            sha256 TEXT PRIMARY KEY, book TEXT NOT NULL, rel_path TEXT NOT NULL, size BIGINT NOT NULL,
            kind TEXT NOT NULL, page_count INTEGER NOT NULL)""",
        "CREATE INDEX farm_files_book ON farm_files(book)",
        """CREATE TABLE farm_page_done (
            sha256 TEXT NOT NULL, source_index INTEGER NOT NULL, run_id TEXT NOT NULL,
            worker TEXT NOT NULL, parts INTEGER NOT NULL, seconds DOUBLE PRECISION NOT NULL,
            stored_at DOUBLE PRECISION NOT NULL, PRIMARY KEY (sha256, source_index))""",
        """CREATE TABLE farm_pages (
            sha256 TEXT NOT NULL, source_index INTEGER NOT NULL, part INTEGER NOT NULL,
            image_path TEXT NOT NULL, width INTEGER NOT NULL, height INTEGER NOT NULL,
            blank BOOLEAN NOT NULL, state TEXT NOT NULL, steps TEXT NOT NULL, engine TEXT,
            ocr_text TEXT, ocr_json TEXT, mean_confidence DOUBLE PRECISION, analysis TEXT,
            PRIMARY KEY (sha256, source_index, part))""",
        """CREATE TABLE farm_failures (
            sha256 TEXT NOT NULL, source_index INTEGER NOT NULL, run_id TEXT NOT NULL,
            reason TEXT NOT NULL, at DOUBLE PRECISION NOT NULL)""",
    ],
}

PAGE_COLUMNS = ("sha256", "source_index", "part", "image_path", "width", "height", "blank", "state",
                "steps", "engine", "ocr_text", "ocr_json", "mean_confidence", "analysis")


class FarmDB:
    """A connection to the farm's PostgreSQL database (``postgresql://…``), migrated on open."""

    def __init__(self, url: str) -> None:
        if not url.startswith(("postgresql://", "postgres://")):
            raise StationError("the farm keeps its results in PostgreSQL",
                               hint="pass --db postgresql://USER@HOST/DATABASE")
        import psycopg

        try:
            self.conn = psycopg.connect(url, autocommit=True, connect_timeout=15)
        except psycopg.OperationalError as exc:
            raise StationError("cannot connect to the farm's PostgreSQL database",
                               hint="check --db (host, port, user, database) and that the server runs"
                               ) from exc
        self._migrate()

    def close(self) -> None:
        self.conn.close()

    def _migrate(self) -> None:
        c = self.conn
        with c.transaction():
            # one migrator at a time (several workers open the database at once)
            c.execute("SELECT pg_advisory_xact_lock(7417001)")
            c.execute("CREATE TABLE IF NOT EXISTS farm_schema_version (version INTEGER NOT NULL)")
            current = c.execute("SELECT MAX(version) FROM farm_schema_version").fetchone()[0] or 0
            if current > SCHEMA_VERSION:
                raise StationError(f"the farm database is schema version {current}, newer than this "
                                   "program", hint="update Scanner Station on this machine")
            for v in range(current + 1, SCHEMA_VERSION + 1):
                for stmt in MIGRATIONS[v]:
                    c.execute(stmt)
                c.execute("INSERT INTO farm_schema_version (version) VALUES (%s)", (v,))

    # --- runs -------------------------------------------------------------------------------------
    def start_run(self, run_id: str, archive: str, out: str, engine: str, models: list[dict], version: str,
                  host: str) -> None:
        self.conn.execute(
            "INSERT INTO farm_runs (id, started_at, archive, out, engine, models, software_version, host, state)"
            " VALUES (%s,%s,%s,%s,%s,%s,%s,%s,'running')",
            (run_id, time.time(), archive, out, engine, json.dumps(models), version, host))

    def last_out(self) -> str | None:
        """The output folder of the latest run (where its page images are)."""
        row = self.conn.execute("SELECT out FROM farm_runs ORDER BY started_at DESC LIMIT 1").fetchone()
        return row[0] if row else None

    def finish_run(self, run_id: str, state: str) -> None:
        self.conn.execute("UPDATE farm_runs SET finished_at = %s, state = %s WHERE id = %s",
                          (time.time(), state, run_id))

    def runs(self, ids: Iterable[str] | None = None) -> list[dict[str, Any]]:
        sql = "SELECT id, started_at, finished_at, archive, engine, models, software_version, state FROM farm_runs"
        args: tuple = ()
        if ids is not None:
            sql += " WHERE id = ANY(%s)"
            args = (list(ids),)
        rows = self.conn.execute(sql + " ORDER BY started_at", args).fetchall()
        return [{"id": r[0], "started_at": r[1], "finished_at": r[2], "archive": r[3], "engine": r[4],
                 "models": json.loads(r[5]), "software_version": r[6], "state": r[7]} for r in rows]

    # --- the walk ---------------------------------------------------------------------------------
    def list_book(self, name: str, folder: str, meta: dict, meta_source: str,
                  entries: list[tuple[str, int, int]]) -> dict[str, dict[str, Any]]:
        """Record a book and its entries ``(rel_path, size, mtime_ns)`` as listed; an entry whose
        size or time changed since it was judged is judged again. Returns every entry's row."""
        c = self.conn
        with c.transaction():
            c.execute("INSERT INTO farm_books (name, folder, meta, meta_source, listed_at) VALUES (%s,%s,%s,%s,%s)"
                      " ON CONFLICT (name) DO UPDATE SET folder = EXCLUDED.folder, meta = EXCLUDED.meta,"
                      " meta_source = EXCLUDED.meta_source, listed_at = EXCLUDED.listed_at",
                      (name, folder, json.dumps(meta, ensure_ascii=False), meta_source, time.time()))
            known = self.entries(name)
            for rel, size, mtime in entries:
                old = known.get(rel)
                if old and old["size"] == size and old["mtime_ns"] == mtime:
                    continue
                c.execute("INSERT INTO farm_entries (book, rel_path, size, mtime_ns, state) VALUES"
                          " (%s,%s,%s,%s,'listed') ON CONFLICT (book, rel_path) DO UPDATE SET"
                          " size = EXCLUDED.size, mtime_ns = EXCLUDED.mtime_ns, state = 'listed',"
                          " sha256 = NULL, kind = NULL, page_count = NULL, reason_code = '', reason = ''",
                          (name, rel, size, mtime))
        return self.entries(name)

    def entries(self, book: str) -> dict[str, dict[str, Any]]:
        rows = self.conn.execute(
            "SELECT rel_path, size, mtime_ns, sha256, kind, page_count, state, reason_code, reason"
            " FROM farm_entries WHERE book = %s", (book,)).fetchall()
        keys = ("rel_path", "size", "mtime_ns", "sha256", "kind", "page_count", "state", "reason_code", "reason")
        return {r[0]: dict(zip(keys, r)) for r in rows}

    def judge_entry(self, book: str, rel: str, run_id: str, *, sha256: str | None, kind: str | None = None,
                    page_count: int | None = None, size: int = 0, reason_code: str = "",
                    reason: str = "") -> str:
        """Record what inspecting an entry found; returns its state (ok, duplicate, quarantined).
        The first entry with a given content owns its pages; later ones are duplicates."""
        c = self.conn
        with c.transaction():
            if reason_code:
                state = "quarantined"
            else:
                owner = c.execute("INSERT INTO farm_files (sha256, book, rel_path, size, kind, page_count)"
                                  " VALUES (%s,%s,%s,%s,%s,%s) ON CONFLICT (sha256) DO NOTHING RETURNING 1",
                                  (sha256, book, rel, size, kind, page_count)).fetchone()
                if owner:
                    state = "ok"
                else:
                    first = c.execute("SELECT book, rel_path FROM farm_files WHERE sha256 = %s",
                                      (sha256,)).fetchone()
                    state = "ok" if first and (first[0], first[1]) == (book, rel) else "duplicate"
                    if state == "duplicate":
                        reason = f"the same content as {first[0]}/{first[1]}"
            c.execute("UPDATE farm_entries SET sha256 = %s, kind = %s, page_count = %s, state = %s,"
                      " reason_code = %s, reason = %s, run_id = %s, judged_at = %s WHERE book = %s AND rel_path = %s",
                      (sha256, kind, page_count, state, reason_code, reason[:500], run_id, time.time(), book, rel))
        return state

    # --- pages ------------------------------------------------------------------------------------
    def store_page(self, sha256: str, source_index: int, rows: list[dict[str, Any]], run_id: str,
                   worker: str, seconds: float) -> bool:
        """Store a page's results once. False when it was already stored (nothing written).

        A page stored by a run with another engine or other model files is replaced (``farm run
        --reread`` after a model improvement): the key row is updated under its row lock, so two
        workers re-reading the same page still store it once."""
        c = self.conn
        now = time.time()
        with c.transaction():
            replaced = c.execute(
                "UPDATE farm_page_done d SET run_id = %s, worker = %s, parts = %s, seconds = %s, stored_at = %s"
                " FROM farm_runs old, farm_runs cur WHERE d.sha256 = %s AND d.source_index = %s"
                " AND old.id = d.run_id AND cur.id = %s"
                " AND (old.engine, old.models) IS DISTINCT FROM (cur.engine, cur.models) RETURNING 1",
                (run_id, worker, len(rows), seconds, now, sha256, source_index, run_id)).fetchone()
            if replaced:
                c.execute("DELETE FROM farm_pages WHERE sha256 = %s AND source_index = %s", (sha256, source_index))
            else:
                claimed = c.execute(
                    "INSERT INTO farm_page_done (sha256, source_index, run_id, worker, parts, seconds, stored_at)"
                    " VALUES (%s,%s,%s,%s,%s,%s,%s) ON CONFLICT DO NOTHING RETURNING 1",
                    (sha256, source_index, run_id, worker, len(rows), seconds, now)).fetchone()
                if not claimed:
                    return False
            with c.cursor().copy(f"COPY farm_pages ({', '.join(PAGE_COLUMNS)}) FROM STDIN") as copy:
                for p in rows:
                    copy.write_row((sha256, source_index, p["part"], p["image_path"], p["width"], p["height"],
                                    bool(p["blank"]), p["state"], json.dumps(p["steps"], ensure_ascii=False),
                                    p.get("engine"), p.get("ocr_text") or "", p.get("ocr_json"),
                                    p.get("mean_confidence"), p.get("analysis")))
        return True

    def record_failure(self, sha256: str, source_index: int, run_id: str, reason: str) -> None:
        self.conn.execute("INSERT INTO farm_failures (sha256, source_index, run_id, reason, at) VALUES"
                          " (%s,%s,%s,%s,%s)", (sha256, source_index, run_id, reason[:500], time.time()))

    def done_pages(self, sha256s: list[str], read_as: str | None = None) -> set[tuple[str, int]]:
        """Pages stored already; with ``read_as`` (a run id), only those read with that run's
        engine and model files (the others are to be read again)."""
        if not sha256s:
            return set()
        if read_as:
            rows = self.conn.execute(
                "SELECT d.sha256, d.source_index FROM farm_page_done d JOIN farm_runs old ON old.id = d.run_id"
                " JOIN farm_runs cur ON cur.id = %s WHERE d.sha256 = ANY(%s)"
                " AND old.engine = cur.engine AND old.models = cur.models", (read_as, sha256s)).fetchall()
        else:
            rows = self.conn.execute("SELECT sha256, source_index FROM farm_page_done WHERE sha256 = ANY(%s)",
                                     (sha256s,)).fetchall()
        return {(r[0], r[1]) for r in rows}

    def counts(self) -> dict[str, int]:
        one = lambda sql: self.conn.execute(sql).fetchone()[0] or 0  # noqa: E731
        return {"books": one("SELECT COUNT(*) FROM farm_books"),
                "files": one("SELECT COUNT(*) FROM farm_files"),
                "pages_total": one("SELECT SUM(page_count) FROM farm_files"),
                "pages_done": one("SELECT COUNT(*) FROM farm_page_done"),
                "page_rows": one("SELECT COUNT(*) FROM farm_pages"),
                "quarantined": one("SELECT COUNT(*) FROM farm_entries WHERE state = 'quarantined'"),
                "duplicates": one("SELECT COUNT(*) FROM farm_entries WHERE state = 'duplicate'"),
                "unjudged": one("SELECT COUNT(*) FROM farm_entries WHERE state = 'listed'")}

    # --- books for packages ---------------------------------------------------------------------
    def books(self, name: str | None = None) -> list[dict[str, Any]]:
        """Every book in name order, or the one named ``name`` (an empty list if none is)."""
        sql, args = "SELECT name, folder, meta, meta_source FROM farm_books", ()
        if name is not None:
            sql, args = sql + " WHERE name = %s", (name,)
        rows = self.conn.execute(sql + " ORDER BY name", args).fetchall()
        return [{"name": r[0], "folder": r[1], "meta": json.loads(r[2]), "meta_source": r[3]} for r in rows]

    def book_progress(self, name: str) -> dict[str, int]:
        """Entries not judged yet, pages expected and pages stored for one book."""
        c = self.conn
        unjudged = c.execute("SELECT COUNT(*) FROM farm_entries WHERE book = %s AND state = 'listed'",
                             (name,)).fetchone()[0]
        expected = c.execute("SELECT COALESCE(SUM(page_count), 0) FROM farm_files WHERE book = %s",
                             (name,)).fetchone()[0]
        done = c.execute("SELECT COUNT(*) FROM farm_page_done d JOIN farm_files f ON f.sha256 = d.sha256"
                         " WHERE f.book = %s", (name,)).fetchone()[0]
        return {"unjudged": unjudged, "pages_expected": int(expected), "pages_done": int(done)}

    def book_files(self, name: str) -> list[dict[str, Any]]:
        rows = self.conn.execute("SELECT sha256, rel_path, size, kind, page_count FROM farm_files WHERE book = %s"
                                 " ORDER BY rel_path", (name,)).fetchall()
        return [{"sha256": r[0], "name": r[1], "size": r[2], "kind": r[3], "page_count": r[4]} for r in rows]

    def book_entries_not_ok(self, name: str) -> list[dict[str, Any]]:
        return [e for e in self.entries(name).values() if e["state"] in ("quarantined", "duplicate")]

    def file_pages(self, sha256: str) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            f"SELECT {', '.join(PAGE_COLUMNS)} FROM farm_pages WHERE sha256 = %s ORDER BY source_index, part",
            (sha256,)).fetchall()
        out = []
        for r in rows:
            p = dict(zip(PAGE_COLUMNS, r))
            p["steps"] = json.loads(p["steps"])
            out.append(p)
        return out

    def page_runs(self, sha256: str) -> dict[int, str]:
        rows = self.conn.execute("SELECT source_index, run_id FROM farm_page_done WHERE sha256 = %s",
                                 (sha256,)).fetchall()
        return {r[0]: r[1] for r in rows}
