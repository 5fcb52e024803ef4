"""The provincial database: verified packages imported for reuse, SQLite or PostgreSQL.

``ProvinceDB(url)`` opens ``sqlite:///path`` or ``postgresql://…`` (psycopg 3). An
import runs in one transaction (killed midway, nothing is half-imported), is
idempotent (a package already imported adds nothing), never overwrites: a record
whose ID already exists with different values is stored as a *conflict* for
review. Every record keeps its package's provenance. Schema changes are stepwise
migrations for both back ends. Never logs record contents.
"""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from ..domain.errors import StationError

SCHEMA_VERSION = 2
CHUNK = 1000  # records looked up and written per round trip (progress is reported per chunk)
MIGRATIONS = {
    1: [
        """CREATE TABLE packages (
            id TEXT PRIMARY KEY, office_code TEXT NOT NULL, office_name TEXT NOT NULL,
            station_id TEXT NOT NULL, operator TEXT NOT NULL, signer TEXT NOT NULL,
            created_at TEXT NOT NULL, imported_at DOUBLE PRECISION NOT NULL, record_count INTEGER NOT NULL,
            meta TEXT NOT NULL)""",
        """CREATE TABLE person_records (
            key TEXT NOT NULL, template TEXT, package_id TEXT NOT NULL REFERENCES packages(id),
            state TEXT NOT NULL, content_hash TEXT NOT NULL, record TEXT NOT NULL,
            imported_at DOUBLE PRECISION NOT NULL,
            PRIMARY KEY (key, template))""",
        "CREATE INDEX person_records_pkg ON person_records(package_id)",
        """CREATE TABLE person_ids (
            personal_id TEXT NOT NULL, key TEXT NOT NULL, template TEXT, role TEXT NOT NULL)""",
        "CREATE INDEX person_ids_id ON person_ids(personal_id)",
        """CREATE TABLE conflicts (
            key TEXT NOT NULL, template TEXT, package_id TEXT NOT NULL REFERENCES packages(id),
            existing_package_id TEXT NOT NULL, record TEXT NOT NULL, detected_at DOUBLE PRECISION NOT NULL,
            resolved INTEGER NOT NULL DEFAULT 0)""",
    ],
    2: [
        # what the province checked before importing, kept with the package (audit of the import)
        "ALTER TABLE packages ADD COLUMN checks TEXT NOT NULL DEFAULT '[]'",
        "CREATE INDEX conflicts_key ON conflicts(key)",
    ],
}


class ProvinceDB:
    def __init__(self, url: str, upto: int = SCHEMA_VERSION) -> None:
        """Open (and migrate up to ``upto``, normally the latest) the database at ``url``."""
        u = urlparse(url)
        self.url = url
        if u.scheme in ("sqlite", ""):
            path = u.path if u.scheme else url
            if u.scheme and url.startswith("sqlite:///"):
                path = url[len("sqlite:///"):]
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            self.kind = "sqlite"
            self.conn = sqlite3.connect(path, isolation_level=None, timeout=30)
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            self.ph = "?"
        elif u.scheme in ("postgresql", "postgres"):
            try:
                import psycopg
            except ImportError as exc:  # pragma: no cover
                raise StationError("psycopg is not installed", hint="run installer/install.sh") from exc
            try:
                self.conn = psycopg.connect(url, autocommit=True)
            except psycopg.OperationalError as exc:
                raise StationError("cannot connect to the PostgreSQL database",
                                   hint="check --db (host, port, user, database) and that the server runs"
                                   ) from exc
            self.kind = "postgresql"
            self.ph = "%s"
        else:
            raise StationError(f"unsupported database URL scheme '{u.scheme}'",
                               hint="use sqlite:///path/to/province.db or postgresql://user@host/db")
        self._migrate(upto)

    def _q(self, sql: str) -> str:
        return sql.replace("?", self.ph)

    def _exec(self, sql: str, args: tuple = ()):
        return self.conn.execute(self._q(sql), args)

    def _begin(self) -> None:
        self._exec("BEGIN IMMEDIATE" if self.kind == "sqlite" else "BEGIN")

    def schema_version(self) -> int:
        return self._exec("SELECT MAX(version) FROM schema_version").fetchone()[0] or 0

    def _migrate(self, upto: int) -> None:
        self._exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        current = self._exec("SELECT MAX(version) FROM schema_version").fetchone()[0] or 0
        if current > SCHEMA_VERSION:
            raise StationError(f"the provincial database is schema version {current}, newer than this program",
                               hint="update Scanner Station")
        for v in range(current + 1, upto + 1):
            self._begin()
            try:
                for stmt in MIGRATIONS[v]:
                    self._exec(stmt)
                self._exec("INSERT INTO schema_version (version) VALUES (?)", (v,))
                self._exec("COMMIT")
            except BaseException:
                self._exec("ROLLBACK")
                raise

    def close(self) -> None:
        self.conn.close()

    # --- import ----------------------------------------------------------------------------------
    def import_document(self, doc: dict[str, Any], signer: str, checks: list | None = None,
                        progress=None) -> dict[str, int]:
        """Import a verified package document in one transaction. Returns counts.

        Records are handled in chunks of ``CHUNK``: one query finds which keys exist, the new ones
        are written in bulk (COPY on PostgreSQL). ``progress(done, total)`` is called after each
        chunk, inside the transaction: nothing is visible to others until the final commit."""
        import hashlib

        import orjson

        pkg = doc["package"]
        records = doc["records"]
        counts = {"added": 0, "unchanged": 0, "conflicts": 0, "already_imported": 0}
        self._begin()
        try:
            if self._exec("SELECT 1 FROM packages WHERE id = ?", (pkg["id"],)).fetchone():
                self._exec("ROLLBACK")
                counts["already_imported"] = 1
                return counts
            now = time.time()
            self._exec("INSERT INTO packages (id, office_code, office_name, station_id, operator, signer,"
                       " created_at, imported_at, record_count, meta, checks) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                       (pkg["id"], pkg["office_code"], pkg["office_name"], pkg["station_id"], pkg["operator"],
                        signer, pkg["created_at"], now, pkg["record_count"],
                        json.dumps(pkg, ensure_ascii=False), json.dumps(checks or [], ensure_ascii=False)))
            for start in range(0, len(records), CHUNK):
                chunk = records[start:start + CHUNK]
                existing = self._existing([r["key"] for r in chunk])
                adds, ids, conflicts = [], [], []
                for r in chunk:
                    # content hash over the values only (not provenance): canonical, sorted JSON
                    h = hashlib.sha256(orjson.dumps({"fields": r["fields"], "persons": r["persons"]},
                                                    option=orjson.OPT_SORT_KEYS)).hexdigest()
                    old = existing.get((r["key"], r["template"]))
                    if old is None:
                        adds.append((r["key"], r["template"], pkg["id"], r["state"], h,
                                     orjson.dumps(r).decode(), now))
                        ids.extend((p["personal_id"], r["key"], r["template"], p["role"]) for p in r["persons"])
                        existing[(r["key"], r["template"])] = (h, pkg["id"])
                        counts["added"] += 1
                    elif old[0] == h:
                        counts["unchanged"] += 1
                    else:
                        conflicts.append((r["key"], r["template"], pkg["id"], old[1],
                                          orjson.dumps(r).decode(), now))
                        counts["conflicts"] += 1
                self._insert("person_records", ("key", "template", "package_id", "state", "content_hash",
                                                "record", "imported_at"), adds)
                self._insert("person_ids", ("personal_id", "key", "template", "role"), ids)
                self._insert("conflicts", ("key", "template", "package_id", "existing_package_id", "record",
                                           "detected_at"), conflicts)
                if progress:
                    progress(start + len(chunk), len(records))
            self._exec("COMMIT")
        except BaseException:
            self._exec("ROLLBACK")
            raise
        return counts

    def _existing(self, keys: list[str]) -> dict[tuple[str, str | None], tuple[str, str]]:
        if self.kind == "postgresql":
            rows = self._exec("SELECT key, template, content_hash, package_id FROM person_records"
                              " WHERE key = ANY(?)", (keys,)).fetchall()
        else:
            marks = ",".join("?" * len(keys))
            rows = self._exec("SELECT key, template, content_hash, package_id FROM person_records"
                              f" WHERE key IN ({marks})", tuple(keys)).fetchall()
        return {(r[0], r[1]): (r[2], r[3]) for r in rows}

    def _insert(self, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
        if not rows:
            return
        cur = self.conn.cursor()
        if self.kind == "postgresql":
            with cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cur.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
                            f"({','.join('?' * len(columns))})", rows)

    def lookup(self, personal_id: str) -> dict[str, Any]:
        """A person's reusable records (and open conflicts) by ID number."""
        rows = self._exec("SELECT DISTINCT r.record, r.package_id, p.office_name FROM person_ids i"
                          " JOIN person_records r ON r.key = i.key AND (r.template = i.template OR"
                          " (r.template IS NULL AND i.template IS NULL))"
                          " JOIN packages p ON p.id = r.package_id WHERE i.personal_id = ?",
                          (personal_id,)).fetchall()
        conflicts = self._exec("SELECT record, package_id FROM conflicts WHERE key = ? AND resolved = 0",
                               (personal_id,)).fetchall()
        return {"personal_id": personal_id,
                "records": [{"package": r[1], "office": r[2], **json.loads(r[0])} for r in rows],
                "conflicts": [{"package": c[1], **json.loads(c[0])} for c in conflicts]}

    def counts(self) -> dict[str, int]:
        return {t: self._exec(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                for t in ("packages", "person_records", "person_ids", "conflicts")}
