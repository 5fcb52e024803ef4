"""Store schema: WAL, version table, stepwise migration with a backup first."""

import sqlite3

from scanner_station.storage import store as store_mod
from scanner_station.storage.store import Store


def test_wal_and_schema_version(tmp_path):
    s = Store(tmp_path / "a.db")
    assert s.schema_version == store_mod.SCHEMA_VERSION
    mode = s._conn.execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"
    s.close()


def test_migration_backs_up_before_changing(tmp_path, monkeypatch):
    path = tmp_path / "station.db"
    s = Store(path)
    s._conn.execute("INSERT INTO batches (name, office, record_family, book_type, volume, year,"
                    " split_mode, created_at) VALUES ('b', 'o', 'unknown', 'x', '1', '2000', 'auto', 0)")
    s.close()
    now = store_mod.SCHEMA_VERSION
    migrations = dict(store_mod.MIGRATIONS)
    migrations[now + 1] = "ALTER TABLE batches ADD COLUMN remark TEXT"
    monkeypatch.setattr(store_mod, "MIGRATIONS", migrations)
    monkeypatch.setattr(store_mod, "SCHEMA_VERSION", now + 1)
    s = Store(path)
    assert s.schema_version == now + 1
    backups = list(tmp_path.glob(f"station.db.v{now}.*.bak"))
    assert len(backups) == 1
    old = sqlite3.connect(backups[0])
    assert old.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] == now
    assert old.execute("SELECT name FROM batches").fetchall() == [("b",)]
    assert [tuple(r) for r in s._conn.execute("SELECT remark FROM batches")] == [(None,)]
    s.close()


def test_version_1_database_gains_records(tmp_path, monkeypatch):
    """A station.db from the first release (pages only) migrates to the records schema."""
    path = tmp_path / "station.db"
    monkeypatch.setattr(store_mod, "SCHEMA_VERSION", 1)
    Store(path).close()
    monkeypatch.undo()
    s = Store(path)
    assert s.schema_version == store_mod.SCHEMA_VERSION >= 2
    cols = [r[1] for r in s._conn.execute("PRAGMA table_info(pages)")]
    assert "analysis" in cols
    assert s.records() == [] and s.status()["records"] == {}
    assert list(tmp_path.glob("station.db.v1.*.bak"))
    s.close()


def test_newer_database_is_refused(tmp_path):
    path = tmp_path / "x.db"
    s = Store(path)
    s._conn.execute("INSERT INTO schema_version VALUES (99)")
    s.close()
    import pytest
    from scanner_station.domain.errors import WorkspaceError
    with pytest.raises(WorkspaceError) as exc:
        Store(path)
    assert "newer" in exc.value.message


def test_overview_counts_files_and_pages_per_batch(ws):
    from test_export import PEOPLE, add_records
    add_records(ws)
    add_records(ws, PEOPLE[:1], batch="so-ks-khac")
    by_name = {b["name"]: b for b in ws.store.overview()["batches"]}
    assert (by_name["so-ks-1987"]["files"], by_name["so-ks-1987"]["files_done"], by_name["so-ks-1987"]["pages"],
            by_name["so-ks-1987"]["pages_done"]) == (3, 3, 3, 3)
    assert (by_name["so-ks-khac"]["files"], by_name["so-ks-khac"]["pages_done"]) == (1, 1)
