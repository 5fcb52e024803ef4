"""``scanner-station``: the command line (after OCRmyPDF: distinct exit codes, a fix hint,
never a traceback for a user error).

Commands: init, watch, ingest, process, retry, ocr, extract, records, person, templates, search,
status, models, engines, doctor.
Every workspace command takes ``--workspace DIR`` (default: the user's data
folder, or SCANNER_STATION_WORKSPACE).


The commands live by family: ``intake`` (pages in), ``reading`` (OCR and forms without a
workspace), ``records`` (the workspace's records), ``exchange`` (packages to the province).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys

from .. import __version__
from ..domain.errors import ExitCode, StationError
from .maintenance import cmd_backup, cmd_restore
from .sheets import cmd_sheets
from .intake import cmd_ingest, cmd_init, cmd_process, cmd_retry, cmd_scan, cmd_watch
from .reading import cmd_engines, cmd_extract, cmd_models, cmd_ocr, cmd_templates
from .records import cmd_audit, cmd_gui, cmd_person, cmd_records, cmd_search, cmd_status, cmd_users
from .doctor import cmd_doctor
from .exchange import cmd_export, cmd_import, cmd_keys, cmd_lookup, cmd_verify


def decrypt_opts(s: argparse.ArgumentParser) -> None:
    """How verify/import open an encrypted package (.p7m)."""
    s.add_argument("--decrypt-key", metavar="P12", help="an encrypted package (.p7m): the province's "
                   "PKCS#12 decryption key")
    s.add_argument("--key-password", help="its password (or SCANNER_STATION_KEY_PASSWORD)")
    s.add_argument("--pkcs11-lib", help="an encrypted package: decrypt with a PKCS#11 token (its library)")
    s.add_argument("--token-label")
    s.add_argument("--key-label")
    s.add_argument("--pin", help="token PIN (or SCANNER_STATION_TOKEN_PIN)")


def signer_opts(s: argparse.ArgumentParser, default: str = "WORKSPACE/keys/station.p12") -> None:
    """How a command that signs finds its key: a PKCS#12 file or a PKCS#11 token."""
    s.add_argument("--p12", help=f"signing key (default: {default})")
    s.add_argument("--password", help="its password (or SCANNER_STATION_KEY_PASSWORD)")
    s.add_argument("--pkcs11-lib", help="sign with a PKCS#11 token: path of its library (.so/.dll)")
    s.add_argument("--token-label")
    s.add_argument("--key-label", help="label of the key and its certificate on the token")
    s.add_argument("--pin", help="token PIN (or SCANNER_STATION_TOKEN_PIN)")
    s.add_argument("--chain", help="PEM file of the CA certificates above the signer")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="scanner-station",
                                description="Digitise Vietnamese administrative paper records.")
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    p.add_argument("--workspace", "-w", help="workspace folder (default: the user's data folder)")
    p.add_argument("--verbose", "-v", action="store_true")
    sub = p.add_subparsers(dest="command", required=True)
    # every command also takes --workspace after its name ("watch --workspace DIR"); SUPPRESS
    # keeps a value given before the command when none is given after it
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--workspace", "-w", default=argparse.SUPPRESS,
                        help="workspace folder (default: the user's data folder)")
    _add = sub.add_parser

    def add_parser(name, **kw):
        return _add(name, parents=[common], **kw)

    sub.add_parser = add_parser

    s = sub.add_parser("init", help="create a workspace")
    s.add_argument("dir", nargs="?")
    s.set_defaults(func=cmd_init)

    def engine_opts(s):
        s.add_argument("--engine", help="OCR engine (see `scanner-station engines`)")
        s.add_argument("--workers", type=int, help="worker processes (0: in this process)")
        s.add_argument("--quiet", "-q", action="store_true")

    s = sub.add_parser("watch", help="watch the inbox and process what arrives")
    s.add_argument("--poll", type=float, help="poll every N seconds (network shares)")
    engine_opts(s)
    s.set_defaults(func=cmd_watch)

    s = sub.add_parser("ingest", help="take files once (copies; the files stay where they are)")
    s.add_argument("files", nargs="+")
    s.add_argument("--batch", help="batch name (default: from the inbox subfolder, or 'chưa phân lô')")
    s.add_argument("--book-type")
    s.add_argument("--volume")
    s.add_argument("--year")
    s.add_argument("--office")
    s.add_argument("--split", choices=["auto", "on", "off"], default="auto",
                   help="open-book spread splitting for this batch")
    s.add_argument("--move", action="store_true", help="remove the files once taken")
    s.add_argument("--no-process", action="store_true", help="only queue, do not OCR now")
    engine_opts(s)
    s.set_defaults(func=cmd_ingest)

    s = sub.add_parser("process", help="process queued pages and exit")
    engine_opts(s)
    s.set_defaults(func=cmd_process)

    s = sub.add_parser("retry", help="queue failed pages again")
    s.set_defaults(func=cmd_retry)

    s = sub.add_parser("ocr", help="OCR files without a workspace: <stem>.txt and <stem>.json")
    s.add_argument("files", nargs="+")
    s.add_argument("--output-dir", "-o", required=True)
    s.add_argument("--engine")
    s.add_argument("--split", choices=["auto", "on", "off"], default="auto")
    s.add_argument("--jobs", "-j", type=int, help="worker processes reading pages in parallel "
                   "(default: the number of cores; output stays in input order)")
    s.add_argument("--pdf", action="store_true",
                   help="also write <stem>.pdf: the cleaned pages with their text searchable (PDF/A-2b)")
    s.add_argument("--quiet", "-q", action="store_true")
    s.set_defaults(func=cmd_ocr)

    s = sub.add_parser("search", help="find pages (accents optional: 'nguyen van duc')")
    s.add_argument("query")
    s.add_argument("--limit", type=int, default=20)
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_search)

    s = sub.add_parser("status", help="counts per state and per batch")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_status)

    s = sub.add_parser("models", help="check every OCR model file against the manifest")
    s.add_argument("action", choices=["check"])
    s.add_argument("--prepare", action="store_true", help="also build local model folders")
    s.set_defaults(func=cmd_models)

    s = sub.add_parser("extract", help="read form fields: from FILEs (no workspace), or rebuild the "
                                       "workspace's records")
    s.add_argument("files", nargs="*")
    s.add_argument("--json", action="store_true")
    s.add_argument("--engine")
    s.add_argument("--batch", help="workspace mode: only this batch")
    s.add_argument("--reanalyse", action="store_true",
                   help="workspace mode: classify and read stored pages again (after a template change)")
    s.set_defaults(func=cmd_extract)

    s = sub.add_parser("records", help="list extracted records, or show one")
    s.add_argument("id", nargs="?", type=int)
    s.add_argument("--batch")
    s.add_argument("--state", help="extracted | unclassified | …")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_records)

    s = sub.add_parser("person", help="a person's linked records and conflicts, by ID number; or find "
                                      "people by name (accents optional)")
    s.add_argument("query")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_person)

    s = sub.add_parser("keys", help="keys demo: a demo CA, station certificate and trust store; "
                                    "keys province: a demo province decryption key and certificate")
    s.add_argument("action", choices=["demo", "province"])
    s.add_argument("--dir", help="where to write them (default: WORKSPACE/keys)")
    s.add_argument("--office", default="UBND xã Tân Phú (demo)")
    s.add_argument("--password", default="demo")
    s.set_defaults(func=cmd_keys)

    s = sub.add_parser("export", help="write a signed package of records into exports/")
    s.add_argument("--batch")
    s.add_argument("--office-code", required=True, help="code of the digitising office")
    s.add_argument("--office-name", required=True)
    s.add_argument("--operator", required=True)
    s.add_argument("--station-id")
    s.add_argument("--period", help="e.g. 2026-11")
    s.add_argument("--states", default="corrected,verified",
                   help="record states to export (comma-separated; default: what a person confirmed)")
    s.add_argument("--include-unreviewed", action="store_true",
                   help="also export records no person has reviewed (extracted, unclassified); "
                        "the package says so")
    signer_opts(s)
    s.add_argument("--no-pdfs", action="store_true", help="records only, without the per-document PDFs")
    s.add_argument("--encrypt-to", action="append", metavar="CERT.pem",
                   help="encrypt the signed package to the province's certificate (CMS, AES-256, "
                        "RSA-OAEP); writes PACKAGE.zip.p7m and no readable copy; repeat for more recipients")
    s.add_argument("--oaep-hash", choices=["sha256", "sha1"], default="sha256",
                   help="OAEP hash for --encrypt-to (sha1 only for tokens that know no other)")
    s.add_argument("--out", help="folder (default: WORKSPACE/exports)")
    s.set_defaults(func=cmd_export)

    s = sub.add_parser("verify", help="check a package: archive safety, signature, checksums, schema")
    s.add_argument("package")
    s.add_argument("--trust", required=True, help="trust store: a PEM file or a folder of them")
    decrypt_opts(s)
    s.set_defaults(func=cmd_verify)

    s = sub.add_parser("import", help="verify a package and import it into the provincial database")
    s.add_argument("package")
    s.add_argument("--trust", required=True)
    s.add_argument("--db", default="sqlite:///province.db", help="sqlite:///path or postgresql://…")
    s.add_argument("--progress", action="store_true", help="report records imported so far on stderr")
    decrypt_opts(s)
    s.set_defaults(func=cmd_import)

    from .farm import add_farm_parsers
    add_farm_parsers(sub, signer_opts)

    s = sub.add_parser("lookup", help="a person's reusable records in the provincial database")
    s.add_argument("personal_id")
    s.add_argument("--db", default="sqlite:///province.db")
    s.set_defaults(func=cmd_lookup)

    s = sub.add_parser("audit", help="show the audit trail, or verify its hash chain")
    s.add_argument("action", choices=["verify", "show"])
    s.add_argument("--record", type=int, help="only this record's entries (show)")
    s.set_defaults(func=cmd_audit)

    s = sub.add_parser("users", help="list accounts or add one (the first must be the admin)")
    s.add_argument("action", choices=["list", "add"])
    s.add_argument("--name")
    s.add_argument("--display-name")
    s.add_argument("--role", choices=["clerk", "supervisor", "admin"], default="clerk")
    s.add_argument("--admin", default="admin", help="the admin who creates the account")
    s.set_defaults(func=cmd_users)

    s = sub.add_parser("scan", help="scan through SANE into the inbox, in book sessions")
    s.add_argument("--list", action="store_true", help="list scanners and scan profiles")
    s.add_argument("--profile", help="scan profile (see --list)")
    s.add_argument("--book", help='"office=…;type=…;volume=…;year=…;pages=1-200" (starts a session)')
    s.add_argument("--session", type=int, help="continue this session")
    s.add_argument("--device", help="SANE device name (default: the session's, else the first found)")
    s.add_argument("--count", type=int, help="pages to take from the feeder (default: until it is empty)")
    s.add_argument("--rescan", type=int, metavar="PAGE", help="scan this page again (the old scan is kept)")
    s.add_argument("--insert", type=int, metavar="PAGE", help="scan a missed page here (later pages move up)")
    s.add_argument("--mark", type=int, metavar="PAGE", help="mark a page of the book missing or damaged")
    s.add_argument("--as", dest="mark_as", choices=["missing", "damaged"], default="missing")
    s.add_argument("--note")
    s.add_argument("--status", action="store_true", help="show the session's pages scanned vs expected")
    s.add_argument("--operator", help="who scans (default: the logged-in OS user)")
    s.add_argument("--force", action="store_true", help="scan even though the profile breaks the rules")
    s.set_defaults(func=cmd_scan)

    s = sub.add_parser("gui", help="open the desktop app (clerks and supervisors)")
    s.add_argument("--lang", choices=["vi", "en"], help="interface language (default: Vietnamese)")
    s.add_argument("--demo", action="store_true", help="add the demo batch at start if the workspace is empty")
    s.add_argument("--no-processing", action="store_true", help="do not run the inbox and pipeline here")
    s.set_defaults(func=cmd_gui)

    s = sub.add_parser("templates", help="list form templates (shipped and the workspace's), check a "
                                         "file, teach a new form from a sample page, or import one")
    s.add_argument("action", choices=["list", "check", "learn", "import", "sign"])
    s.add_argument("file", nargs="?", help="check/import/sign: a template file; learn: the sample page")
    s.add_argument("--family", choices=["civil_status", "land", "procedure_result"], help="learn: the form's family")
    s.add_argument("--name", help="learn: the form's name (its id is made from it)")
    s.add_argument("--title-cue", action="append", help="learn: the form's title as printed (repeat for variants)")
    s.add_argument("--field", action="append",
                   help="learn: KEY=LABEL (the label printed before the value) or KEY@left,top,right,bottom "
                        "(a box around the value, in the cleaned page's pixels); repeat per field")
    s.add_argument("--type", action="append", metavar="KEY=TYPE",
                   help="learn: a field's type when the family's templates do not know its key")
    s.add_argument("--overrides", action="store_true",
                   help="learn: the taught template replaces a shipped one with the same id")
    s.add_argument("--engine")
    s.add_argument("--user", help="learn/import: the supervisor (password from SCANNER_STATION_PASSWORD or asked)")
    s.add_argument("--trust", help="import: trust store that checks a signed template (FILE.p7s)")
    s.add_argument("--p12", help="sign: signing key (default: WORKSPACE/keys/station.p12)")
    s.add_argument("--password", help="sign: the key's password (or SCANNER_STATION_KEY_PASSWORD)")
    s.set_defaults(func=cmd_templates)

    s = sub.add_parser("sheets", help="print cover and separator sheets (QR) that split a scanned stack")
    s.add_argument("kind", choices=["cover", "separator"])
    s.add_argument("-o", "--output", required=True, help="the PDF to write")
    s.add_argument("--batch", help="cover: the batch's name")
    s.add_argument("--office", help="cover: the registering office")
    s.add_argument("--office-code", help="cover: its code")
    s.add_argument("--family", choices=["civil_status", "land", "procedure_result"], help="cover: record family")
    s.add_argument("--book-type", help="cover: e.g. khai sinh")
    s.add_argument("--volume", help="cover: quyển số")
    s.add_argument("--year", help="cover: YYYY")
    s.add_argument("--doc-type", help="separator: the type of the document that follows (optional)")
    s.add_argument("--copies", type=int, default=1, help="separator: how many pages in the PDF")
    s.set_defaults(func=cmd_sheets)

    s = sub.add_parser("backup", help="a consistent, incremental backup of the workspace (while it runs)")
    s.add_argument("dest", help="backup folder (another disk); the same folder next time copies only what is new")
    s.add_argument("--with-keys", action="store_true", help="also copy keys/ (the signing key)")
    s.add_argument("--verify", action="store_true", help="check an existing backup against its manifest")
    s.set_defaults(func=cmd_backup)

    s = sub.add_parser("restore", help="rebuild a workspace from a backup into a new folder")
    s.add_argument("dest", help="the backup folder")
    s.add_argument("target", help="a new or empty folder for the restored workspace")
    s.set_defaults(func=cmd_restore)

    s = sub.add_parser("doctor", help="check the installation and the workspace; each problem with its fix")
    s.add_argument("--json", action="store_true")
    s.add_argument("--fix-permissions", action="store_true",
                   help="first make every folder 0700 and file 0600 in the workspace")
    s.set_defaults(func=cmd_doctor)

    s = sub.add_parser("engines", help="list OCR engines")
    s.set_defaults(func=cmd_engines)
    return p


def main(argv: list[str] | None = None) -> int:
    from ..storage.workspace import private_umask

    args = build_parser().parse_args(argv)
    private_umask()  # workspaces hold personal data: nothing this process writes is for others
    level = os.environ.get("SCANNER_STATION_LOG", "").upper()  # DEBUG for support sessions
    logging.basicConfig(level=getattr(logging, level, None) if level in ("DEBUG", "INFO", "WARNING")
                        else logging.INFO if args.verbose else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        return int(args.func(args) or 0)
    except StationError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return int(exc.exit_code)
    except KeyboardInterrupt:
        return int(ExitCode.interrupted)


if __name__ == "__main__":
    sys.exit(main())
