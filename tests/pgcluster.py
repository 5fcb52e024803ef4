"""A throwaway PostgreSQL 15 cluster for tests and benchmarks (initdb + pg_ctl on a free port).

As root (CI containers), the cluster runs as the ``postgres`` system user, since initdb
refuses root. Stopped and deleted on exit."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path
from typing import Iterator

PG_BIN = Path("/usr/lib/postgresql/15/bin")


class PgUnavailable(RuntimeError):
    pass


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def throwaway_cluster(fsync: bool = False) -> Iterator[str]:
    """Yield the URL of a fresh cluster's ``postgres`` database."""
    if not (PG_BIN / "initdb").exists():
        raise PgUnavailable("PostgreSQL 15 is not installed: run installer/install.sh (apt postgresql-15)")
    base = Path(tempfile.mkdtemp(prefix="ss-pg-"))
    data, sock = base / "data", base / "sock"
    sock.mkdir()
    as_user: list[str] = []
    if os.name == "posix" and os.geteuid() == 0:
        shutil.chown(base, "postgres")
        shutil.chown(sock, "postgres")
        os.chmod(base, 0o700)
        as_user = ["runuser", "-u", "postgres", "--"]
    port = _free_port()

    def run(*args: str) -> None:
        res = subprocess.run([*as_user, *args], capture_output=True, text=True)
        if res.returncode:
            raise PgUnavailable(f"{Path(args[0]).name} failed: {res.stderr.strip()[-300:]}")

    try:
        run(str(PG_BIN / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
            "--locale=C.UTF-8")
        run(str(PG_BIN / "pg_ctl"), "-D", str(data), "-l", str(base / "log"), "-w", "-o",
            f"-p {port} -k {sock} -c listen_addresses=127.0.0.1 -c fsync={'on' if fsync else 'off'}", "start")
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*as_user, str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                       capture_output=True)
        shutil.rmtree(base, ignore_errors=True)
