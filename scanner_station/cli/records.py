"""Commands on the workspace's records: search, status, records, person, audit, users, gui."""

from __future__ import annotations

import json
import os
import sys
import time

from ..domain.errors import ExitCode
from .common import _ws


def cmd_search(args) -> int:
    ws = _ws(args, create=False)
    hits = ws.store.search(args.query, limit=args.limit)
    if args.json:
        print(json.dumps(hits, ensure_ascii=False, indent=1))
        return 0 if hits else int(ExitCode.not_found)
    if not hits:
        print("no match")
        return int(ExitCode.not_found)
    for h in hits:
        part = {0: "", 1: " (left)", 2: " (right)"}[h["part"]]
        print(f"{'=' if h['exact'] else '~'} {h['batch']} / {h['file']} p.{h['page']}{part}: {h['snippet']}")
    return 0


def cmd_status(args) -> int:
    ws = _ws(args)
    st = ws.store.status()
    if args.json:
        print(json.dumps(st, ensure_ascii=False, indent=1))
        return 0
    print(f"Workspace: {ws.root}")
    print("Files:  " + (", ".join(f"{k} {v}" for k, v in sorted(st["files"].items())) or "none"))
    print("Pages:  " + (", ".join(f"{k} {v}" for k, v in sorted(st["jobs"].items())) or "none")
          + f"; stored {st['pages']} (blank {st['blank_pages']})")
    print(f"Quarantined: {st['quarantined']}   Duplicates skipped: {st['duplicates']}")
    for b in st["batches"]:
        print(f"  batch {b['name']}: {b['files']} file(s), {b['pages']} page(s), {b['done'] or 0} file(s) done"
              f" [{b['book_type']}, quyển {b['volume']}, {b['year']}]")
    return 0


def cmd_records(args) -> int:
    ws = _ws(args, create=False)
    if args.id:
        r = ws.store.record(args.id)
        if args.json:
            print(json.dumps(r, ensure_ascii=False, indent=1))
        else:
            print(f"record #{r['id']} {r['template_id'] or 'unclassified'} [{r['state']}] "
                  f"pages {r['page_ids']} {r['reason']}")
            for k, f in r["fields"].items():
                flag = "; ".join(f["messages"])
                print(f"  {k:22s} [{f['status']:9s}] {f['value']}" + (f"   ⚠ {flag}" if flag else ""))
        return 0
    rows = ws.store.records(args.batch, args.state)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
    else:
        for r in rows:
            print(f"#{r['id']:<5d} {r['batch']:20s} {r['original_name'][:30]:30s} "
                  f"{r['template_id'] or 'unclassified':28s} {r['state']}")
    return 0


def cmd_person(args) -> int:
    ws = _ws(args, create=False)
    if not args.query.isdigit() or len(args.query) != 12:
        hits = ws.store.find_people(args.query)
        if args.json:
            print(json.dumps(hits, ensure_ascii=False, indent=1))
        else:
            for h in hits:
                print(f"{h['personal_id']}  {h['name']:30s} {h['birth']:10s} record #{h['record_id']} ({h['role']})")
        return 0 if hits else int(ExitCode.not_found)
    info = ws.store.person(args.query)
    if args.json:
        print(json.dumps(info, ensure_ascii=False, indent=1))
    else:
        for r in info["records"]:
            print(f"record #{r['record_id']} {r['template_id']}: {r['name']} {r['birth']} {r['sex']} ({r['role']})")
        for c in info["conflicts"]:
            print(f"CONFLICT {c['field']}: records {c['records'][0]} and {c['records'][1]} say "
                  f"{c['values'][0]!r} and {c['values'][1]!r}")
    return 0 if info["records"] else int(ExitCode.not_found)


def cmd_audit(args) -> int:
    from ..storage.review import Review

    ws = _ws(args, create=False)
    rv = Review(ws.store)
    if args.action == "verify":
        ok, broken, n = rv.verify_audit()
        if ok:
            print(f"audit chain intact: {n} entries")
            return 0
        print(f"audit chain BROKEN at entry #{broken} (entry {n} of the chain): the store was changed "
              "outside Scanner Station from there on", file=sys.stderr)
        print(f"broken at #{broken}")
        return int(ExitCode.audit_broken)
    rows = rv.audit(args.record)
    for r in rows:
        print(f"#{r['id']} {time.strftime('%Y-%m-%d %H:%M:%S', time.localtime(r['at']))} {r['user']} "
              f"{r['action']} record={r['record_id'] or '-'} {r['field']}: {r['old']!r} → {r['new']!r}"
              + (f" ({r['reason']})" if r["reason"] else ""))
    return 0


def cmd_users(args) -> int:
    import getpass

    from ..storage.review import Review

    ws = _ws(args, create=False)
    rv = Review(ws.store)
    if args.action == "list":
        for u in rv.users():
            print(f"{u.name}\t{u.role}\t{u.display_name}")
        return 0
    password = os.environ.get("SCANNER_STATION_NEW_PASSWORD") or getpass.getpass("new password: ")
    by = None
    if rv.has_users():
        admin_pw = os.environ.get("SCANNER_STATION_ADMIN_PASSWORD") or getpass.getpass(f"password of {args.admin}: ")
        by = rv.login(args.admin, admin_pw)
    u = rv.create_user(args.name, args.display_name or args.name, args.role, password, by=by)
    print(f"created {u.name} ({u.role})")
    return 0


def cmd_gui(args) -> int:
    from ..gui.app import run_gui

    return run_gui(args)
