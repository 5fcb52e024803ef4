"""Commands that move records between station and province: keys, export, verify, import,
lookup."""

from __future__ import annotations

import contextlib
import json
import os
import sys
import tempfile
from pathlib import Path

from ..domain.errors import ExitCode, StationError
from ..domain.records import RECORD_STATES
from .common import _ws, _password


def cmd_keys(args) -> int:
    from ..export import keys

    directory = Path(args.dir) if args.dir else _ws(args).root / "keys"
    if args.action == "province":
        paths = keys.demo_province(directory, password=args.password)
        print(f"demo province decryption key (NOT for production) in {directory}")
        print(f"  decryption key: {paths['p12']} (PKCS#12, password '{args.password}')")
        print(f"  certificate stations encrypt to: {paths['cert']}")
        return 0
    paths = keys.demo(directory, office=args.office, password=args.password)
    print(f"demo CA and station certificate (NOT for production) in {directory}")
    print(f"  signing key: {paths['p12']} (PKCS#12, password '{args.password}')")
    print(f"  trust store: {paths['trust']}")
    return 0


def load_signer(args, default_p12: Path | None):
    """The signing key named by ``--p12``/``--password`` or a PKCS#11 token (``--pkcs11-lib``…)."""
    from ..export.keys import Pkcs11Ref, load_p12, load_pkcs11

    if args.pkcs11_lib:
        if not (args.token_label and args.key_label):
            raise StationError("signing with a token needs --token-label and --key-label",
                               hint="list the token's objects with `pkcs11-tool --module LIB -O`")
        pin = args.pin if args.pin is not None else os.environ.get("SCANNER_STATION_TOKEN_PIN")
        if pin is None:
            raise StationError("no PIN for the signing token", hint="pass --pin or set SCANNER_STATION_TOKEN_PIN")
        return load_pkcs11(Pkcs11Ref(args.pkcs11_lib, args.token_label, pin, args.key_label),
                           chain=Path(args.chain) if args.chain else None)
    if not args.p12 and default_p12 is None:
        raise StationError("no signing key given", hint="pass --p12 KEY.p12 (or a token with --pkcs11-lib)")
    return load_p12(Path(args.p12) if args.p12 else default_p12, _password(args))


def cmd_export(args) -> int:
    from ..export.package import UNREVIEWED_STATES, ExportOptions, export_package

    ws = _ws(args, create=False)
    signer = load_signer(args, ws.root / "keys" / "station.p12")
    states = tuple(s.strip() for s in args.states.split(",") if s.strip())
    unknown = [s for s in states if s not in RECORD_STATES]
    if unknown or not states:
        raise StationError(f"unknown record state(s) for --states: {', '.join(unknown) or '(none given)'}",
                           hint=f"valid states: {', '.join(RECORD_STATES)}")
    unreviewed = [s for s in states if s in UNREVIEWED_STATES]
    if args.include_unreviewed:
        states = tuple(dict.fromkeys(states + ("extracted",)))
    elif unreviewed:
        raise StationError(f"--states {','.join(unreviewed)} would export records no person has reviewed",
                           hint="add --include-unreviewed if that is really wanted (the package then "
                                "says so), or correct and confirm the records first")
    opts = ExportOptions(office_code=args.office_code, office_name=args.office_name,
                         station_id=args.station_id or os.environ.get("HOSTNAME", "station"),
                         operator=args.operator, batch=args.batch, period=args.period or "",
                         states=states, with_pdfs=not args.no_pdfs)
    recipients = []
    if args.encrypt_to:
        from ..export.envelope import load_recipient_cert
        recipients = [load_recipient_cert(Path(c)) for c in args.encrypt_to]  # refused before any work
    path = export_package(ws.store, Path(args.out) if args.out else ws.root / "exports", signer, opts,
                          pages_root=ws.root)
    if recipients:
        path = _encrypt_package(ws, path, recipients, args.oaep_hash)
    print(path)
    return 0


def _encrypt_package(ws, path: Path, recipients, oaep_hash: str) -> Path:
    """Replace the signed zip by its encrypted form; no readable copy stays behind."""
    from ..export.envelope import SUFFIX, encrypt
    from ..storage.workspace import write_private

    target = path.with_name(path.name + SUFFIX)
    part = path.with_name("." + target.name + ".part")
    try:
        write_private(part, encrypt(path.read_bytes(), recipients, oaep_hash), exclusive=False)
        os.replace(part, target)
    finally:
        part.unlink(missing_ok=True)
        path.unlink(missing_ok=True)
    ws.store.rename_export(path.name, target.name)
    return target


@contextlib.contextmanager
def _opened_package(args):
    """The package to verify: as given, or decrypted into a private temporary folder (removed
    afterwards) when it is a CMS envelope."""
    from ..export.envelope import EnvelopeError, decrypt, is_encrypted, p12_unwrapper, pkcs11_unwrapper
    from ..storage.workspace import write_private

    path = Path(args.package)
    if not is_encrypted(path):
        yield path
        return
    if args.pkcs11_lib:
        from ..export.keys import Pkcs11Ref
        pin = args.pin if args.pin is not None else os.environ.get("SCANNER_STATION_TOKEN_PIN")
        if pin is None or not (args.token_label and args.key_label):
            raise StationError("decrypting with a token needs --token-label, --key-label and a PIN",
                               hint="pass --pin or set SCANNER_STATION_TOKEN_PIN")
        unwrap, cert = pkcs11_unwrapper(Pkcs11Ref(args.pkcs11_lib, args.token_label, pin, args.key_label))
    elif args.decrypt_key:
        password = args.key_password if args.key_password is not None else \
            os.environ.get("SCANNER_STATION_KEY_PASSWORD", "")
        unwrap, cert = p12_unwrapper(Path(args.decrypt_key), password)
    else:
        raise EnvelopeError("the package is encrypted", path=str(path),
                            hint="give the province's decryption key: --decrypt-key PROVINCE.p12 "
                                 "(or --pkcs11-lib … for a token)")
    plain = decrypt(path.read_bytes(), unwrap, cert, name=str(path))
    with tempfile.TemporaryDirectory(prefix="scanner-station-") as tmp:  # 0700, only ours
        inner = Path(tmp) / path.name.removesuffix(".p7m")
        write_private(inner, plain)
        yield inner


def _print_report(report) -> None:
    for name, ok, detail in report.checks:
        print(f"  {'✓' if ok else '✗'} {name}" + (f": {detail}" if detail else ""))
    if report.signer:
        print(f"  signer: {report.signer}")


def cmd_verify(args) -> int:
    from ..export.package import verify_package

    with _opened_package(args) as path:
        report = verify_package(path, Path(args.trust))
    print(f"{'VALID' if report.ok else 'REJECTED'}: {args.package}")
    _print_report(report)
    return int(report.exit_code)


def cmd_import(args) -> int:
    from ..export.package import verify_package
    from ..storage.province import ProvinceDB

    with _opened_package(args) as path:
        report = verify_package(path, Path(args.trust))
    if not report.ok:
        print(f"REJECTED, nothing imported: {args.package}", file=sys.stderr)
        _print_report(report)
        return int(report.exit_code)
    if report.work_package:
        raise StationError("this is a work package (a book read on the farm), not records to import",
                           path=args.package, hint="send it to the commune that owns the book: "
                           "`scanner-station open PACKAGE.zip` there; import the package it exports")
    db = ProvinceDB(args.db)

    def progress(done: int, total: int) -> None:
        if args.progress:
            print(f"importing {done}/{total}", file=sys.stderr, flush=True)

    try:
        counts = db.import_document(report.document, report.signer,
                                    checks=[[n, ok, d] for n, ok, d in report.checks], progress=progress)
    finally:
        db.close()
    if counts["already_imported"]:
        print("this package was imported before: nothing added")
    else:
        print(f"imported: {counts['added']} added, {counts['unchanged']} unchanged, "
              f"{counts['conflicts']} conflict(s) stored for review")
    return 0


def cmd_lookup(args) -> int:
    from ..storage.province import ProvinceDB

    db = ProvinceDB(args.db)
    try:
        info = db.lookup(args.personal_id)
    finally:
        db.close()
    print(json.dumps(info, ensure_ascii=False, indent=1))
    return 0 if info["records"] else int(ExitCode.not_found)
