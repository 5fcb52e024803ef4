"""People's work on records: accounts, corrections, confirmation, verification, audit.

Rules kept here, below any user interface, so the desktop app, the CLI and tests all
obey the same ones:

* **Accounts**: clerk, supervisor, admin; passwords stored as salted scrypt hashes;
  a wrong user name and a wrong password get the same answer and cost the same time;
  after ``MAX_FAILURES`` wrong tries an account is locked for a growing time.
* **The book prevails**: a person may keep a value a validator dislikes, but only by
  marking it *as written* (with an optional note); values are stored as typed (NFC).
* **No lost update**: every change names the record version it was based on; if
  someone else changed the record meanwhile the change is refused (``Conflict``) and
  the caller reloads.
* **Four eyes**: nobody verifies a record they confirmed or corrected; double keying
  is done blind by a second clerk and mismatches go to a supervisor.
* **Audit**: every change (who, when, record, field, old → new, reason) is appended
  to a hash chain; ``verify_audit`` finds the first entry edited behind the app's back.
"""

from __future__ import annotations

import base64
import getpass
import hashlib
import hmac
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..domain.errors import AuthError, Conflict, Forbidden, StationError

__all__ = ["AuthError", "Conflict", "Forbidden", "Review", "User"]
from ..domain.text import nfc

ROLES = ("clerk", "supervisor", "admin")
MAX_FAILURES = 5
LOCK_SECONDS = 30.0
GENESIS = "0" * 64
SCRYPT = {"n": 2**14, "r": 8, "p": 1}
MIN_PASSWORD = 8


@dataclass(frozen=True)
class User:
    id: int
    name: str
    display_name: str
    role: str

    def can(self, role: str) -> bool:
        order = {"clerk": 0, "supervisor": 1, "admin": 2}
        return order[self.role] >= order[role]


def hash_password(password: str) -> str:
    salt = os.urandom(16)
    dk = hashlib.scrypt(password.encode(), salt=salt, dklen=32, maxmem=64 * 1024 * 1024, **SCRYPT)
    return "scrypt${n}${r}${p}$".format(**SCRYPT) + base64.b64encode(salt).decode() + "$" + \
        base64.b64encode(dk).decode()


def check_password(password: str, stored: str) -> bool:
    try:
        _, n, r, p, salt, dk = stored.split("$")
        got = hashlib.scrypt(password.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p),
                             dklen=32, maxmem=64 * 1024 * 1024)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, base64.b64decode(dk))


_DUMMY_HASH = None


def _entry_hash(prev: str, at: float, user: str, action: str, record_id: int | None, field: str, old: str,
                new: str, reason: str) -> str:
    body = json.dumps([prev, round(at, 6), user, action, record_id, field, old, new, reason],
                      ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


class Review:
    """People's operations on a workspace store (one instance per thread: it uses the store's
    connection)."""

    def __init__(self, store) -> None:
        self.store = store
        self.c = store._conn

    # --- accounts ------------------------------------------------------------------------------
    def has_users(self) -> bool:
        return self.c.execute("SELECT COUNT(*) FROM users").fetchone()[0] > 0

    def create_user(self, name: str, display_name: str, role: str, password: str,
                    by: User | None = None) -> User:
        """Create an account. The first account must be the admin; later ones need an admin."""
        name = nfc(name).strip().lower()
        if role not in ROLES:
            raise StationError(f"unknown role '{role}'", hint="use clerk, supervisor or admin")
        if not name or len(password) < MIN_PASSWORD:
            raise StationError(f"a user name and a password of at least {MIN_PASSWORD} characters are needed",
                               hint="choose a longer password")
        first = not self.has_users()
        if first and role != "admin":
            raise Forbidden("the first account must be the administrator", hint="create the admin first")
        if not first and (by is None or not by.can("admin")):
            raise Forbidden("only an administrator creates accounts", hint="log in as the admin")
        with self.store.transaction() as c:
            if c.execute("SELECT 1 FROM users WHERE name = ?", (name,)).fetchone():
                raise StationError("this user name is taken", hint="choose another user name")
            cur = c.execute("INSERT INTO users (name, display_name, role, pw_hash, created_at) VALUES (?,?,?,?,?)",
                            (name, nfc(display_name), role, hash_password(password), time.time()))
            self._audit(c, by.name if by else name, "user_created", None, "", "", f"{name}:{role}", "")
        return User(cur.lastrowid, name, nfc(display_name), role)

    def users(self) -> list[User]:
        return [User(r["id"], r["name"], r["display_name"], r["role"])
                for r in self.c.execute("SELECT * FROM users WHERE active = 1 ORDER BY name")]

    def login(self, name: str, password: str) -> User:
        """The user, or ``AuthError`` that never says which of name and password was wrong."""
        global _DUMMY_HASH
        name = nfc(name).strip().lower()
        row = self.c.execute("SELECT * FROM users WHERE name = ? AND active = 1", (name,)).fetchone()
        now = time.time()
        wrong = AuthError("wrong user name or password", hint="try again; after 5 wrong tries the "
                          "account waits before the next one")
        if row is None:
            _DUMMY_HASH = _DUMMY_HASH or hash_password("not a password")
            check_password(password, _DUMMY_HASH)  # same cost as a real check
            raise wrong
        if row["locked_until"] > now:
            raise AuthError("too many wrong tries: wait before trying again",
                            hint=f"try again in {int(row['locked_until'] - now) + 1} s or ask the admin")
        if not check_password(password, row["pw_hash"]):
            failed = row["failed"] + 1
            locked = now + LOCK_SECONDS * 2 ** (failed - MAX_FAILURES) if failed >= MAX_FAILURES else 0
            self.c.execute("UPDATE users SET failed = ?, locked_until = ? WHERE id = ?", (failed, locked, row["id"]))
            raise wrong
        self.c.execute("UPDATE users SET failed = 0, locked_until = 0 WHERE id = ?", (row["id"],))
        return User(row["id"], row["name"], row["display_name"], row["role"])

    # --- audit -----------------------------------------------------------------------------------
    def _audit(self, c, user: str, action: str, record_id: int | None, field: str, old: str, new: str,
               reason: str) -> None:
        last = c.execute("SELECT hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
        prev = last[0] if last else GENESIS
        at = round(time.time(), 6)
        h = _entry_hash(prev, at, user, action, record_id, field, old, new, reason)
        c.execute("INSERT INTO audit (at, user, action, record_id, field, old, new, reason, prev, hash)"
                  " VALUES (?,?,?,?,?,?,?,?,?,?)", (at, user, action, record_id, field, old, new, reason, prev, h))

    def audit(self, record_id: int | None = None) -> list[dict[str, Any]]:
        sql, args = "SELECT * FROM audit", ()
        if record_id is not None:
            sql, args = sql + " WHERE record_id = ?", (record_id,)
        return [dict(r) for r in self.c.execute(sql + " ORDER BY id", args)]

    def verify_audit(self) -> tuple[bool, int | None, int]:
        """(intact, id of the first broken entry, entries checked)."""
        prev = GENESIS
        n = 0
        for r in self.c.execute("SELECT * FROM audit ORDER BY id"):
            n += 1
            expect = _entry_hash(prev, r["at"], r["user"], r["action"], r["record_id"], r["field"], r["old"],
                                 r["new"], r["reason"])
            if r["prev"] != prev or r["hash"] != expect:
                return False, r["id"], n
            prev = r["hash"]
        return True, None, n

    # --- corrections ------------------------------------------------------------------------------
    def _record_for_change(self, c, record_id: int, version: int, open_only: bool = False) -> Any:
        """The record at ``version`` (else ``Conflict``); ``open_only`` refuses a verified one."""
        row = c.execute("SELECT * FROM records WHERE id = ?", (record_id,)).fetchone()
        if row is None:
            raise StationError(f"no record #{record_id}", hint="reload the list")
        if row["version"] != version:
            raise Conflict("someone else changed this record meanwhile: it was reloaded, check it and "
                           "make your change again", hint="your change was not saved")
        if open_only and row["state"] == "verified":
            raise Forbidden("a verified record is closed", hint="a supervisor can reopen it")
        return row

    def set_field(self, user: User, record_id: int, key: str, version: int, *, value: str | None = None,
                  status: str = "confirmed", as_written: bool = False, note: str = "",
                  reason: str = "", normalized: str | None = None) -> int:
        """Change one field (value and/or status) based on record ``version``; returns the new
        version. A value that the validators dislike is kept only ``as_written``."""
        if status not in ("confirmed", "uncertain", "illegible"):
            raise StationError(f"unknown field status '{status}'", hint="confirmed, uncertain or illegible")
        with self.store.transaction() as c:
            self._record_for_change(c, record_id, version, open_only=True)
            f = c.execute("SELECT * FROM fields WHERE record_id = ? AND key = ?", (record_id, key)).fetchone()
            new_value = nfc(value) if value is not None else (f["value"] if f else "")
            if f is None:
                c.execute("INSERT INTO fields (record_id, key, value, normalized, status, confidence, messages,"
                          " suggestions, second_reading, engine, crop_path, set_by, set_at, as_written, note)"
                          " VALUES (?,?,?,?,?,1.0,'[]','[]','','','',?,?,?,?)",
                          (record_id, key, new_value, new_value, status, user.name, time.time(),
                           int(as_written), nfc(note)))
                old_value, old_status = "", ""
            else:
                old_value, old_status = f["value"], f["status"]
                if normalized is None:
                    normalized = f["normalized"] if new_value == f["value"] else new_value
                c.execute("UPDATE fields SET value = ?, normalized = ?, status = ?, set_by = ?, set_at = ?,"
                          " as_written = ?, note = ? WHERE record_id = ? AND key = ?",
                          (new_value, normalized, status, user.name, time.time(), int(as_written), nfc(note),
                           record_id, key))
            if new_value != old_value:
                self._audit(c, user.name, "value", record_id, key, old_value, new_value, nfc(reason))
            if status != old_status or as_written:
                self._audit(c, user.name, "status", record_id, key, old_status,
                            status + (" (as written)" if as_written else ""), nfc(note or reason))
            c.execute("UPDATE records SET version = version + 1, updated_at = ? WHERE id = ?",
                      (time.time(), record_id))
        return version + 1

    def confirm_record(self, user: User, record_id: int, version: int) -> int:
        """The clerk's "document done": every field confirmed, illegible or kept as written."""
        with self.store.transaction() as c:
            rec = self._record_for_change(c, record_id, version, open_only=True)
            open_ = [r["key"] for r in c.execute(
                "SELECT key FROM fields WHERE record_id = ? AND status NOT IN ('confirmed', 'illegible')",
                (record_id,))]
            if open_:
                raise StationError(f"{len(open_)} field(s) still to check: {', '.join(open_[:5])}",
                                   hint="confirm each field (Enter) or mark it illegible")
            c.execute("UPDATE records SET state = 'corrected', confirmed_by = ?, review_comment = '',"
                      " version = version + 1, updated_at = ? WHERE id = ?", (user.name, time.time(), record_id))
            self._audit(c, user.name, "confirmed", record_id, "", rec["state"], "corrected", "")
        return version + 1

    def _workers(self, c, record_id: int) -> set[str]:
        people = {r[0] for r in c.execute("SELECT DISTINCT set_by FROM fields WHERE record_id = ?", (record_id,))}
        row = c.execute("SELECT confirmed_by FROM records WHERE id = ?", (record_id,)).fetchone()
        people.add(row[0] or "")
        people |= {r[0] for r in c.execute("SELECT user FROM double_keys WHERE record_id = ?", (record_id,))}
        return people - {"machine", ""}

    def verify_record(self, user: User, record_id: int, version: int, approve: bool, comment: str = "") -> int:
        """A supervisor approves (→ verified) or rejects (→ rejected, back to the clerk with the
        comment). Four eyes: refused to anyone who worked on the record."""
        if not user.can("supervisor"):
            raise Forbidden("only a supervisor verifies records", hint="log in as a supervisor")
        with self.store.transaction() as c:
            rec = self._record_for_change(c, record_id, version)
            if user.name in self._workers(c, record_id):
                raise Forbidden("four eyes: you worked on this record, so someone else must verify it",
                                hint="leave it in the queue for another supervisor")
            if rec["state"] != "corrected":
                raise StationError("only records a clerk confirmed can be verified",
                                   hint="the clerk confirms the document first")
            if not approve and not comment.strip():
                raise StationError("say why the record is rejected", hint="write a comment for the clerk")
            state = "verified" if approve else "rejected"
            c.execute("UPDATE records SET state = ?, verified_by = ?, review_comment = ?, needs_review = '',"
                      " version = version + 1, updated_at = ? WHERE id = ?",
                      (state, user.name if approve else None, nfc(comment), time.time(), record_id))
            self._audit(c, user.name, "verified" if approve else "rejected", record_id, "", "corrected", state,
                        nfc(comment))
        return version + 1

    def reopen(self, user: User, record_id: int, version: int, reason: str) -> int:
        if not user.can("supervisor") or not reason.strip():
            raise Forbidden("a supervisor reopens a verified record, with a reason", hint="give a reason")
        with self.store.transaction() as c:
            self._record_for_change(c, record_id, version)
            c.execute("UPDATE records SET state = 'rejected', verified_by = NULL, review_comment = ?,"
                      " version = version + 1 WHERE id = ?", (nfc(reason), record_id))
            self._audit(c, user.name, "reopened", record_id, "", "verified", "rejected", nfc(reason))
        return version + 1

    def verification_queue(self, batch: str | None = None) -> list[dict[str, Any]]:
        """Clerk-confirmed records due for a supervisor: those in the batch's sample (a stable
        choice per record), and every record with a double-keying mismatch."""
        sql = ("SELECT r.id, r.state, r.confirmed_by, r.needs_review, r.template_id, b.name AS batch,"
               " b.sample_rate FROM records r JOIN files f ON f.id = r.file_id JOIN batches b ON b.id = COALESCE(r.batch_id, f.batch_id)"
               " WHERE r.state = 'corrected'")
        args: tuple = ()
        if batch:
            sql, args = sql + " AND b.name = ?", (batch,)
        out = []
        for r in self.c.execute(sql + " ORDER BY r.id", args):
            pick = int(hashlib.sha256(f"sample:{r['id']}".encode()).hexdigest()[:8], 16) / 0xFFFFFFFF
            if r["needs_review"] or pick < r["sample_rate"]:
                out.append(dict(r))
        return out

    def set_sample_rate(self, user: User, batch: str, rate: float) -> None:
        if not user.can("supervisor"):
            raise Forbidden("only a supervisor sets the sampling rate", hint="log in as a supervisor")
        with self.store.transaction() as c:
            c.execute("UPDATE batches SET sample_rate = ? WHERE name = ?", (max(0.0, min(1.0, rate)), batch))
            self._audit(c, user.name, "sample_rate", None, batch, "", f"{rate:.2f}", "")

    # --- templates ---------------------------------------------------------------------------------
    def save_template(self, user: User | None, directory: Path, text: str, action: str = "template_saved"):
        """Validate and save a template file in the workspace (a supervisor's work: taught in the
        app, edited, or imported) and audit it with the file's SHA-256. ``user`` None: the
        station has no accounts yet (the command line on a new station)."""
        from ..extraction.teach import save

        if user is not None and not user.can("supervisor"):
            raise Forbidden("only a supervisor or an administrator teaches or imports a form template",
                            hint="ask a supervisor to log in")
        path, template = save(directory, text)
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        with self.store.transaction() as c:
            self._audit(c, user.name if user else f"os:{getpass.getuser()}", action, None, template.id,
                        "", digest, f"v{template.version} {path.name}")
        return path, template

    # --- double keying ----------------------------------------------------------------------------
    DOUBLE_KEYED = ("personal_id", "full_name", "husband_personal_id", "wife_personal_id", "owner_id",
                    "owner_name", "husband_name", "wife_name", "deceased_name")

    def double_key_fields(self, record_id: int) -> list[str]:
        """The fields a second clerk keys blind (their values are not shown)."""
        return [r[0] for r in self.c.execute("SELECT key FROM fields WHERE record_id = ? ORDER BY rowid",
                                              (record_id,)) if r[0] in self.DOUBLE_KEYED]

    def double_key(self, user: User, record_id: int, values: dict[str, str]) -> list[str]:
        """Store a second clerk's blind keying; returns the keys that disagree with the record (the
        record then waits for a supervisor, whatever the sampling rate)."""
        with self.store.transaction() as c:
            if user.name in self._workers(c, record_id):
                raise Forbidden("double keying must be done by a different clerk",
                                hint="ask a colleague to key this record")
            mismatched = []
            for key, value in values.items():
                f = c.execute("SELECT value FROM fields WHERE record_id = ? AND key = ?", (record_id, key)).fetchone()
                c.execute("INSERT OR REPLACE INTO double_keys (record_id, key, value, user, at) VALUES (?,?,?,?,?)",
                          (record_id, key, nfc(value), user.name, time.time()))
                if f is None or nfc(value).strip() != f[0].strip():
                    mismatched.append(key)
            if mismatched:
                c.execute("UPDATE records SET needs_review = ?, version = version + 1 WHERE id = ?",
                          ("double keying differs: " + ", ".join(mismatched), record_id))
            self._audit(c, user.name, "double_keyed", record_id, ",".join(sorted(values)), "",
                        "mismatch" if mismatched else "match", "")
        return mismatched

    def double_keys(self, record_id: int) -> dict[str, dict[str, Any]]:
        return {r["key"]: dict(r) for r in self.c.execute("SELECT * FROM double_keys WHERE record_id = ?",
                                                          (record_id,))}
