"""Accounts, corrections, four-eyes verification, double keying and the audit chain."""

from __future__ import annotations

import subprocess

import pytest

from scanner_station.domain.errors import StationError
from scanner_station.storage.review import AuthError, Conflict, Forbidden, Review
from test_export import add_records


@pytest.fixture()
def team(ws):
    add_records(ws)
    rv = Review(ws.store)
    admin = rv.create_user("admin", "Quản trị", "admin", "admin-pass-1")
    clerk = rv.create_user("lan", "Nguyễn Thị Lan", "clerk", "clerk-pass-1", by=admin)
    clerk2 = rv.create_user("hung", "Trần Văn Hùng", "clerk", "clerk-pass-2", by=admin)
    sup = rv.create_user("minh", "Lê Văn Minh", "supervisor", "super-pass-1", by=admin)
    return rv, admin, clerk, clerk2, sup


def _first(ws):
    return ws.store.record(ws.store.records()[0]["id"])


def test_first_account_is_admin_and_passwords_are_salted_slow_hashes(ws):
    rv = Review(ws.store)
    with pytest.raises(Forbidden):
        rv.create_user("lan", "Lan", "clerk", "clerk-pass-1")
    admin = rv.create_user("admin", "Admin", "admin", "admin-pass-1")
    with pytest.raises(Forbidden):
        rv.create_user("x", "X", "clerk", "password-1", by=None)
    rv.create_user("lan", "Lan", "clerk", "admin-pass-1", by=admin)  # same password, different hash
    hashes = [r[0] for r in ws.store._conn.execute("SELECT pw_hash FROM users")]
    assert len(set(hashes)) == 2 and all(h.startswith("scrypt$16384$") for h in hashes)
    assert "admin-pass-1" not in "".join(hashes)


def test_wrong_password_says_nothing_specific_and_is_rate_limited(team):
    rv, *_ = team
    with pytest.raises(AuthError) as a:
        rv.login("nobody", "whatever-1")
    with pytest.raises(AuthError) as b:
        rv.login("lan", "wrong-password")
    assert a.value.message == b.value.message == "wrong user name or password"
    for _ in range(4):
        with pytest.raises(AuthError):
            rv.login("lan", "wrong-password")
    with pytest.raises(AuthError) as c:
        rv.login("lan", "clerk-pass-1")  # even the right password waits now
    assert "wait" in c.value.message
    assert rv.login("minh", "super-pass-1").role == "supervisor"


def test_correction_confirmation_verification_and_audit_chain(ws, team):
    rv, admin, clerk, clerk2, sup = team
    rec = _first(ws)
    v = rec["version"]
    v = rv.set_field(clerk, rec["id"], "full_name", v, value="Nguyễn Văn Đức", status="confirmed")
    with pytest.raises(Exception) as exc:  # not every field checked yet
        rv.confirm_record(clerk, rec["id"], v)
    assert "still to check" in str(exc.value)
    for key in rec["fields"]:
        if key != "full_name":
            v = rv.set_field(clerk, rec["id"], key, v, status="confirmed", as_written=True, note="sổ ghi vậy")
    v = rv.confirm_record(clerk, rec["id"], v)
    with pytest.raises(Forbidden):  # four eyes: a clerk is not a supervisor
        rv.verify_record(clerk2, rec["id"], v, True)
    assert [q["id"] for q in rv.verification_queue()] == [rec["id"]]
    v = rv.verify_record(sup, rec["id"], v, approve=True)
    after = ws.store.record(rec["id"])
    assert after["state"] == "verified" and after["verified_by"] == "minh"
    assert after["fields"]["sex"]["as_written"] == 1 and after["fields"]["sex"]["note"] == "sổ ghi vậy"
    for change in (lambda: rv.set_field(clerk, rec["id"], "sex", v, value="Nữ"),
                   lambda: rv.confirm_record(clerk, rec["id"], v)):
        with pytest.raises(Forbidden, match="verified record is closed"):
            change()
    ok, broken, n = rv.verify_audit()
    assert ok and broken is None and n >= 8
    # someone edits the store behind the app's back: the chain names the entry
    target = rv.audit(rec["id"])[1]["id"]
    ws.store._conn.execute("UPDATE audit SET new = 'Nguyễn Văn Được' WHERE id = ?", (target,))
    assert rv.verify_audit()[:2] == (False, target)


def test_supervisor_cannot_verify_own_work_and_stale_versions_conflict(ws, team):
    rv, admin, clerk, clerk2, sup = team
    rec = _first(ws)
    v = rec["version"]
    for key in rec["fields"]:
        v = rv.set_field(sup, rec["id"], key, v, status="confirmed")  # the supervisor keyed it
    v = rv.confirm_record(clerk, rec["id"], v)
    with pytest.raises(Forbidden) as exc:
        rv.verify_record(sup, rec["id"], v, True)
    assert "four eyes" in exc.value.message
    with pytest.raises(Conflict):  # a change based on an old version is refused, not merged
        rv.set_field(clerk, rec["id"], "sex", v - 1, value="Nữ")
    assert ws.store.record(rec["id"])["fields"]["sex"]["value"] == "Nam"
    with pytest.raises(StationError, match="say why"):
        rv.verify_record(admin, rec["id"], v, approve=False)  # a rejection needs a reason
    v = rv.verify_record(admin, rec["id"], v, approve=False, comment="Kiểm tra lại ngày sinh")
    assert ws.store.record(rec["id"])["state"] == "rejected"


def test_double_keying_mismatch_goes_to_the_supervisor(ws, team):
    rv, admin, clerk, clerk2, sup = team
    rv.set_sample_rate(sup, "so-ks-1987", 0.0)  # no sampling: only mismatches come up
    recs = [ws.store.record(r["id"]) for r in ws.store.records()[:2]]
    for rec in recs:
        v = rec["version"]
        for key in rec["fields"]:
            v = rv.set_field(clerk, rec["id"], key, v, status="confirmed")
        rv.confirm_record(clerk, rec["id"], v)
    keys = rv.double_key_fields(recs[0]["id"])
    assert "personal_id" in keys and "full_name" in keys
    with pytest.raises(Forbidden):
        rv.double_key(clerk, recs[0]["id"], {"personal_id": "001087012345"})
    assert rv.double_key(clerk2, recs[0]["id"], {"personal_id": "001087012345",
                                                "full_name": "Nguyễn Văn Đức"}) == []
    assert rv.double_key(clerk2, recs[1]["id"], {"personal_id": "001188054312",
                                                "full_name": "Trần Thị Hằng"}) == ["personal_id"]
    queue = rv.verification_queue()
    assert [q["id"] for q in queue] == [recs[1]["id"]] and "personal_id" in queue[0]["needs_review"]
    with pytest.raises(Forbidden):  # the second keyer worked on it too
        rv.verify_record(clerk2, recs[1]["id"], ws.store.record(recs[1]["id"])["version"], True)


def test_cli_audit_verify_reports_the_first_broken_link(ws, team):
    from conftest import BIN
    rv, admin, clerk, *_ = team
    rec = _first(ws)
    rv.set_field(clerk, rec["id"], "sex", rec["version"], value="Nữ")
    exe = [str(BIN / "scanner-station"), "-w", str(ws.root), "audit", "verify"]
    res = subprocess.run(exe, capture_output=True, text=True)
    assert res.returncode == 0 and "intact" in res.stdout, res.stdout + res.stderr
    last = rv.audit()[-1]["id"]
    ws.store._conn.execute("UPDATE audit SET user = 'someone' WHERE id = ?", (last,))
    res = subprocess.run(exe, capture_output=True, text=True)
    assert res.returncode != 0 and f"#{last}" in res.stdout + res.stderr


def test_a_crash_mid_edit_keeps_what_was_confirmed(ws, team, tmp_path):
    """kill -9 during a clerk's session: every change reported saved is there, the audit chain
    still verifies, the store opens (WAL recovery)."""
    import os
    import signal
    import sys
    import textwrap
    rv, admin, clerk, *_ = team
    rid = ws.store.records()[0]["id"]
    script = tmp_path / "clerk.py"
    script.write_text(textwrap.dedent(f"""
        import itertools, sys
        from scanner_station.storage.workspace import Workspace
        from scanner_station.storage.review import Review
        ws = Workspace({str(ws.root)!r})
        rv = Review(ws.store)
        me = rv.login("lan", "clerk-pass-1")
        rec = ws.store.record({rid})
        v = rec["version"]
        for i in itertools.count():
            v = rv.set_field(me, {rid}, "sex", v, value=("Nữ" if i % 2 else "Nam") + str(i), status="confirmed")
            print("saved", i, flush=True)
    """))
    proc = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    last = -1
    while last < 20:
        line = proc.stdout.readline()
        assert line, "the clerk process ended early"
        last = int(line.split()[1])
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    from scanner_station.storage.workspace import Workspace
    again = Workspace(ws.root)
    value = again.store.record(rid)["fields"]["sex"]["value"]
    assert int("".join(ch for ch in value if ch.isdigit())) >= last  # nothing reported saved is lost
    ok, broken, n = Review(again.store).verify_audit()
    assert ok and n > last
    again.close()
