"""Commands that keep a workspace safe: backup (and its verification) and restore."""

from __future__ import annotations

from pathlib import Path

from ..domain.errors import ExitCode
from .common import _ws


def cmd_backup(args) -> int:
    from ..storage import backup as bk

    if args.verify:
        report = bk.verify(Path(args.dest))
        for p in report.problems[:50]:
            print(f"  ✗ {p}")
        if report.problems:
            print(f"BROKEN: {len(report.problems)} problem(s) in {report.files} file(s) of {args.dest}")
            return int(ExitCode.verification_failed)
        print(f"OK: {report.files} file(s) match the manifest; the database copy is intact")
        return 0
    ws = _ws(args, create=False)
    try:
        report = bk.backup(ws, Path(args.dest), with_keys=args.with_keys)
    finally:
        ws.close()
    print(f"backup in {report.dest}: {report.files} file(s), {report.copied} copied "
          f"({report.bytes_copied / 2**20:.1f} MiB), {report.reused} already there, {report.seconds:.1f} s"
          + ("" if args.with_keys else "; keys not included (--with-keys)"))
    return 0


def cmd_restore(args) -> int:
    from ..storage import backup as bk
    from ..storage.review import Review
    from ..storage.workspace import Workspace

    report = bk.restore(Path(args.dest), Path(args.target))
    ws = Workspace.open(Path(args.target))
    try:
        ok, broken, n = Review(ws.store).verify_audit()
    finally:
        ws.close()
    print(f"restored {report.files} file(s) into {report.dest}; audit chain of {n} entries "
          + ("intact" if ok else f"BROKEN at entry #{broken}"))
    return 0 if ok else int(ExitCode.audit_broken)
