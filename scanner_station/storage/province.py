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

SCHEMA_VERSION = 1
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
}


class ProvinceDB:
    def __init__(self, url: str) -> None:
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
        self._migrate()

    def _q(self, sql: str) -> str:
        return sql.replace("?", self.ph)

    def _exec(self, sql: str, args: tuple = ()):
        return self.conn.execute(self._q(sql), args)

    def _begin(self) -> None:
        self._exec("BEGIN IMMEDIATE" if self.kind == "sqlite" else "BEGIN")

    def _migrate(self) -> None:
        self._exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        current = self._exec("SELECT MAX(version) FROM schema_version").fetchone()[0] or 0
        if current > SCHEMA_VERSION:
            raise StationError(f"the provincial database is schema version {current}, newer than this program",
                               hint="update Scanner Station")
        for v in range(current + 1, SCHEMA_VERSION + 1):
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
    def import_document(self, doc: dict[str, Any], signer: str, on_record=None) -> dict[str, int]:
        """Import a verified package document in one transaction. Returns counts."""
        import hashlib

        pkg = doc["package"]
        counts = {"added": 0, "unchanged": 0, "conflicts": 0, "already_imported": 0}
        self._begin()
        try:
            if self._exec("SELECT 1 FROM packages WHERE id = ?", (pkg["id"],)).fetchone():
                self._exec("ROLLBACK")
                counts["already_imported"] = 1
                return counts
            self._exec("INSERT INTO packages (id, office_code, office_name, station_id, operator, signer,"
                       " created_at, imported_at, record_count, meta) VALUES (?,?,?,?,?,?,?,?,?,?)",
                       (pkg["id"], pkg["office_code"], pkg["office_name"], pkg["station_id"], pkg["operator"],
                        signer, pkg["created_at"], time.time(), pkg["record_count"],
                        json.dumps(pkg, ensure_ascii=False)))
            now = time.time()
            adds, ids, conflicts = [], [], []
            for r in doc["records"]:
                body = json.dumps({"fields": r["fields"], "persons": r["persons"]}, ensure_ascii=False,
                                  sort_keys=True)
                h = hashlib.sha256(body.encode()).hexdigest()
                old = self._exec("SELECT content_hash, package_id FROM person_records WHERE key = ? AND "
                                 "template IS NOT DISTINCT FROM ?" if self.kind == "postgresql" else
                                 "SELECT content_hash, package_id FROM person_records WHERE key = ? AND "
                                 "template IS ?", (r["key"], r["template"])).fetchone()
                record = json.dumps(r, ensure_ascii=False)
                if old is None:
                    adds.append((r["key"], r["template"], pkg["id"], r["state"], h, record, now))
                    ids.extend((p["personal_id"], r["key"], r["template"], p["role"]) for p in r["persons"])
                    counts["added"] += 1
                elif old[0] == h:
                    counts["unchanged"] += 1
                else:
                    conflicts.append((r["key"], r["template"], pkg["id"], old[1], record, now))
                    counts["conflicts"] += 1
                if on_record:
                    on_record()
            cur = self.conn.cursor()
            cur.executemany(self._q("INSERT INTO person_records (key, template, package_id, state, content_hash,"
                                    " record, imported_at) VALUES (?,?,?,?,?,?,?)"), adds)
            cur.executemany(self._q("INSERT INTO person_ids (personal_id, key, template, role) VALUES (?,?,?,?)"),
                            ids)
            cur.executemany(self._q("INSERT INTO conflicts (key, template, package_id, existing_package_id, record,"
                                    " detected_at) VALUES (?,?,?,?,?,?)"), conflicts)
            self._exec("COMMIT")
        except BaseException:
            self._exec("ROLLBACK")
            raise
        return counts

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
