"""Typed errors with an exit code and a fix hint (after OCRmyPDF's ``exceptions``).

Every error a user can cause or fix says *what* went wrong, *which* file or
page it concerns, and *what to do*. Messages never carry personal data read
from a record: only file names, page numbers, codes and counts.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    ok = 0
    bad_args = 2
    input_file = 3
    missing_dependency = 4
    model_error = 5
    ocr_failed = 6
    workspace = 7
    locked = 8
    verification_failed = 9
    not_found = 10
    #: package verification (scanner-station verify / import): the first failed check decides
    package_unsafe = 11       # zip-slip, absolute path, symlink, oversized member, zip bomb, bad zip
    package_unsigned = 12     # no CMS signature / tag manifest
    signature_invalid = 13    # altered after signing, untrusted, expired signer
    checksum_mismatch = 14    # a member differs from the BagIt manifests, or an unlisted member
    schema_invalid = 15       # records.json: JSON, schema version, schema, duplicate IDs
    audit_broken = 16         # the audit hash chain does not verify (store edited behind the app)
    auth_failed = 17          # wrong user name or password, or the account waits after wrong tries
    forbidden = 18            # the user's role or the four-eyes rule does not allow it
    conflict = 19             # the record changed since it was read: reload, then change again
    disk_full = 20            # no space left: nothing half-written was kept; free space and go on
    interrupted = 130


class StationError(Exception):
    """Base class: ``message`` says what happened, ``hint`` what to do about it."""

    exit_code: ExitCode = ExitCode.bad_args

    def __init__(self, message: str, *, hint: str = "", path: str | None = None,
                 page: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.path = path
        self.page = page

    def __reduce__(self):
        # kept whole across processes (a worker's error reaches the command that reported it):
        # Exception's default would call the class again with the message alone
        return (_restored, (type(self), self.message, dict(self.__dict__)))

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = f"{self.path}"
            if self.page is not None:
                where += f", page {self.page}"
            where += ": "
        text = where + self.message
        if self.hint:
            text += f"\n  → {self.hint}"
        return text


def _restored(cls: type, message: str, state: dict) -> StationError:
    err = cls.__new__(cls)
    Exception.__init__(err, message)
    err.__dict__.update(state)
    return err


class InputFileError(StationError):
    """An input file the station cannot take; ``reason_code`` names the kind for quarantine."""

    exit_code = ExitCode.input_file

    def __init__(self, reason_code: str, message: str, **kw) -> None:
        super().__init__(message, **kw)
        self.reason_code = reason_code


class MissingDependencyError(StationError):
    exit_code = ExitCode.missing_dependency


class ModelError(StationError):
    """A model file is missing or does not match its SHA-256 in ``ocr_models/manifest.toml``."""

    exit_code = ExitCode.model_error


class OcrError(StationError):
    exit_code = ExitCode.ocr_failed


class WorkspaceError(StationError):
    exit_code = ExitCode.workspace


class WorkspaceLocked(StationError):
    exit_code = ExitCode.locked


class NotFound(StationError):
    exit_code = ExitCode.not_found


class AuthError(StationError):
    exit_code = ExitCode.auth_failed


class Forbidden(StationError):
    exit_code = ExitCode.forbidden


class Conflict(StationError):
    """The record changed since the caller read it: reload, look, then change again."""

    exit_code = ExitCode.conflict


class DiskFull(StationError):
    """The disk (or the user's quota) is full: what was being written was not kept."""

    exit_code = ExitCode.disk_full


def is_disk_full(exc: BaseException) -> bool:
    """Whether an error means "no space left" (a file write, or SQLite's "database or disk is
    full"), including one raised in a worker process and passed back."""
    import errno

    if isinstance(exc, DiskFull):
        return True
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return True
    return type(exc).__name__ in ("OperationalError", "DatabaseError") and "full" in str(exc).lower()
