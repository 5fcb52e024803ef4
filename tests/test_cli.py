"""The command line as a user runs it: exit codes, messages, files written."""

import json
import subprocess

from conftest import BIN, cer, write_pdf


def run(*args, env=None):
    return subprocess.run([str(BIN / "scanner-station"), *args], capture_output=True, text=True, env=env)


def test_ocr_without_workspace_writes_txt_and_json(tmp_path, pages):
    pdf = write_pdf(tmp_path / "Giấy khai sinh.pdf", [pages["clean"].image, pages["scanner"].image])
    out = tmp_path / "out"
    res = run("ocr", str(pdf), "-o", str(out), "--engine", "tesseract", "-q")
    assert res.returncode == 0, res.stderr
    txt = (out / "Giấy khai sinh.txt").read_text("utf-8")
    first, second = txt.rstrip("\n").split("\f")
    assert cer(pages["clean"].text, first) < 0.01
    assert cer(pages["scanner"].text, second) < 0.02
    tree = json.loads((out / "Giấy khai sinh.json").read_text("utf-8"))
    assert tree["type"] == "document" and len(tree["pages"]) == 2
    word = tree["pages"][0]["blocks"][0]["lines"][0]["words"][0]
    assert set(word) == {"text", "bbox", "confidence"}


def test_ocr_in_worker_processes_reads_the_same_in_input_order(tmp_path, pages):
    """`--jobs 2`: pages read in parallel, each worker with its own engine, written in order."""
    pdf = write_pdf(tmp_path / "sổ.pdf", [pages["clean"].image, pages["scanner"].image,
                                          pages["clean"].image])
    one, two = tmp_path / "one", tmp_path / "two"
    assert run("ocr", str(pdf), "-o", str(one), "--engine", "tesseract", "-q", "--jobs", "1").returncode == 0
    res = run("ocr", str(pdf), "-o", str(two), "--engine", "tesseract", "-q", "--jobs", "2")
    assert res.returncode == 0, res.stderr
    a, b = ((d / "sổ.txt").read_text("utf-8") for d in (one, two))
    assert a == b and len(b.split("\f")) == 3
    assert cer(pages["scanner"].text, b.split("\f")[1]) < 0.02  # the second page stays second
    res = run("ocr", str(pdf), "-o", str(two), "--jobs", "0")
    assert res.returncode != 0 and "--jobs" in res.stderr and "Traceback" not in res.stderr


def test_ocr_pdf_writes_a_searchable_pdfa(tmp_path, pages):
    """`ocr --pdf`: what people reach for OCRmyPDF for — the pages with their Vietnamese text
    searchable, as PDF/A-2b (the checks export uses), with worker processes."""
    from scanner_station.domain.text import fold
    from scanner_station.export.pdfa import pdfa_problems
    pdf = write_pdf(tmp_path / "Giấy khai sinh.pdf", [pages["clean"].image, pages["scanner"].image])
    out = tmp_path / "out"
    res = run("ocr", str(pdf), "-o", str(out), "--engine", "tesseract", "-q", "--jobs", "2", "--pdf")
    assert res.returncode == 0, res.stderr
    made = out / "Giấy khai sinh.pdf"
    assert pdfa_problems(made) == []
    text = subprocess.run(["pdftotext", str(made), "-"], capture_output=True, text=True).stdout
    pages_text = text.split("\f")
    assert len([t for t in pages_text if t.strip()]) == 2
    assert cer(pages["clean"].text, pages_text[0]) < 0.03  # the text, diacritics and all
    words = [w for w in pages["clean"].text.split() if fold(w) != w.lower()]  # words with diacritics
    assert len(words) > 10 and all(w in text for w in words[:10])
    assert not list(out.glob(".*.part"))


def test_bad_input_gets_exit_code_and_hint(tmp_path):
    bad = tmp_path / "scan.pdf"
    bad.write_bytes(b"")
    res = run("ocr", str(bad), "-o", str(tmp_path / "o"), "--engine", "tesseract", "-q")
    assert res.returncode == 3
    assert "scan.pdf" in res.stderr and "empty" in res.stderr and "→" in res.stderr
    assert "Traceback" not in res.stderr


def test_ocr_reports_a_page_cut_short_and_reads_the_others(tmp_path, pages):
    """`ocr` decodes a file's pages only in its workers (not once more to inspect it): a PNG cut
    short is reported there — which file, what, what to do — nothing is written for it, and the
    files around it are read, with one worker and with two."""
    import cv2

    good = tmp_path / "a.png"
    cv2.imwrite(str(good), pages["clean"].image)
    data = good.read_bytes()
    cut = tmp_path / "b-cut.png"
    cut.write_bytes(data[: len(data) // 2])
    after = tmp_path / "c.png"
    after.write_bytes(data)
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        res = run("ocr", str(good), str(cut), str(after), "-o", str(out), "--engine", "tesseract",
                  "-q", "--jobs", jobs)
        assert res.returncode == 3, res.stderr
        assert "b-cut.png" in res.stderr and "incomplete" in res.stderr and "→" in res.stderr
        assert "Traceback" not in res.stderr
        assert sorted(p.name for p in out.glob("*.txt")) == ["a.txt", "c.txt"]
        assert cer(pages["clean"].text, (out / "c.txt").read_text("utf-8")) < 0.01


def test_a_station_error_crosses_processes_whole():
    """A worker's error reaches the main process with its reason, file, page and hint."""
    import pickle

    from scanner_station.domain.errors import InputFileError

    err = pickle.loads(pickle.dumps(InputFileError("truncated", "the image data is incomplete",
                                                   path="b.png", page=2, hint="copy it again")))
    assert (err.reason_code, err.path, err.page, err.hint) == ("truncated", "b.png", 2, "copy it again")
    assert str(err) == "b.png, page 2: the image data is incomplete\n  → copy it again"


def test_not_a_workspace_is_explained(tmp_path):
    res = run("--workspace", str(tmp_path / "nowhere"), "search", "duc")
    assert res.returncode == 7
    assert "scanner-station init" in res.stderr


def test_ingest_status_search_round_trip(tmp_path, pages):
    ws = tmp_path / "ws"
    assert run("init", str(ws)).returncode == 0
    pdf = write_pdf(tmp_path / "a.pdf", [pages["clean"].image])
    res = run("-w", str(ws), "ingest", str(pdf), "--batch", "KS 1995", "--book-type", "khai sinh",
              "--engine", "tesseract", "--workers", "0", "-q")
    assert res.returncode == 0, res.stderr
    assert pdf.exists()  # ingest copies; the caller's file stays
    st = json.loads(run("-w", str(ws), "status", "--json").stdout)
    assert st["files"] == {"done": 1} and st["batches"][0]["name"] == "KS 1995"
    name = pages["clean"].lines[4].split(":", 1)[1].strip() if pages["clean"].kind == "birth" else "định danh"
    from scanner_station.domain.text import fold
    res = run("-w", str(ws), "search", fold(name), "--json")
    assert res.returncode == 0 and json.loads(res.stdout)[0]["file"] == "a.pdf"
    assert run("-w", str(ws), "search", "zzzz qqq").returncode == 10


def test_models_check_ok():
    res = run("models", "check")
    assert res.returncode == 0 and res.stdout.count("[ok ]") >= 6


def test_doctor_names_each_problem_with_its_fix(tmp_path):
    """`doctor`: all well on a new workspace (a missing display or scanner is a warning); a
    broken workspace fails, each problem with its fix; the lock's holder is named."""
    import os
    from scanner_station.storage.workspace import Workspace
    ws_dir = tmp_path / "ws"
    assert run("init", str(ws_dir)).returncode == 0
    res = run("doctor", "--workspace", str(ws_dir), "--json")
    assert res.returncode == 0, res.stdout + res.stderr
    checks = {c["area"]: c for c in json.loads(res.stdout)}
    assert checks["models"]["status"] == "ok" and checks["database"]["detail"].startswith("integrity ok")
    assert "vie" in checks["tesseract"]["detail"] and checks["processing lock"]["detail"].startswith("free")
    holder = Workspace(ws_dir)
    holder.lock()
    try:
        (ws_dir / "exports").rmdir()
        res = run("doctor", "--workspace", str(ws_dir))
    finally:
        holder.close()
    assert res.returncode == 1
    assert "✗ workspace" in res.stdout and "missing folders: exports" in res.stdout
    assert f"scanner-station init {ws_dir}" in res.stdout  # the fix
    assert f"held by process {os.getpid()}" in res.stdout
