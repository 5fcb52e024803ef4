"""Per-document PDF/A-2b with an invisible text layer, PAdES signatures (ours and poppler's
pdfsig agree), and signing with a key on a PKCS#11 token (SoftHSM2)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from scanner_station.export import keys
from scanner_station.export.pdfa import PdfPage, build_pdfa, check_signed_pdf, pdfa_problems, sign_pdf
from scanner_station.synth.pages import render_with_layout

LINES = ["CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "TRÍCH LỤC KHAI SINH",
         "Họ, chữ đệm, tên: Nguyễn Thị Ngọc Ánh", "Nơi sinh: Trạm y tế xã Đông Hưng, tỉnh Thái Bình"]


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    d = tmp_path_factory.mktemp("pki")
    paths = keys.demo(d, password="pw")
    return {**paths, "signer": keys.load_p12(paths["p12"], "pw"), "trust_certs": keys.load_trust(paths["trust"])}


@pytest.fixture(scope="module")
def unsigned(tmp_path_factory):
    d = tmp_path_factory.mktemp("pdf")
    pages = []
    for i in range(2):
        img, layout = render_with_layout(LINES if i == 0 else LINES[2:])
        p = d / f"p{i}.png"
        Image.fromarray(img).save(p)
        pages.append(PdfPage(p, layout, 150))
    return build_pdfa(pages, d / "doc.pdf", title="Trích lục khai sinh")


def _text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_pdfa_has_searchable_vietnamese_text_and_the_pdfa_claim(unsigned):
    assert pdfa_problems(unsigned) == []
    text = _text(unsigned)
    assert "Nguyễn Thị Ngọc Ánh" in text and "Đông Hưng" in text
    fonts = subprocess.run(["pdffonts", str(unsigned)], capture_output=True, text=True, check=True).stdout
    rows = [r for r in fonts.splitlines()[2:] if r.strip()]
    assert rows and all(" yes " in r for r in rows), fonts  # every font embedded
    info = subprocess.run(["pdfinfo", str(unsigned)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Pages:\s+2\n", info) and "595.2 x 841.92" in info  # A4 from 150 dpi pixels
    assert "PDF version:     1.7" in info


def test_pades_signature_verifies_here_and_with_pdfsig(unsigned, pki, tmp_path):
    with pki["signer"].pyhanko() as ps:
        signed = sign_pdf(unsigned, tmp_path / "signed.pdf", ps, "UBND xã Đông Hưng")
    assert check_signed_pdf(signed, pki["trust_certs"]) == (True, "")
    res = subprocess.run(["pdfsig", "-nocert", str(signed)], capture_output=True, text=True)
    assert "Signature is Valid" in res.stdout and "Total document signed" in res.stdout, res.stdout
    assert "ETSI.CAdES.detached" in res.stdout  # PAdES, not the legacy adbe.pkcs7 subfilter
    # the stamp (top right of page 1) names the office; the page text is untouched by signing
    text = _text(signed)
    assert "Số hoá bởi: UBND xã Đông Hưng" in text and "Nguyễn Thị Ngọc Ánh" in text
    assert signed.read_bytes().startswith(unsigned.read_bytes())  # incremental: pages not re-rendered
    assert pdfa_problems(signed) == []


def test_altered_or_appended_or_untrusted_pdfs_are_refused(unsigned, pki, tmp_path):
    with pki["signer"].pyhanko() as ps:
        signed = sign_pdf(unsigned, tmp_path / "signed.pdf", ps, "UBND xã Đông Hưng")
    data = signed.read_bytes()
    i = data.find(b"/MediaBox")
    (tmp_path / "flip.pdf").write_bytes(data[:i] + b"/MediaBoy" + data[i + 9:])
    ok, why = check_signed_pdf(tmp_path / "flip.pdf", pki["trust_certs"])
    assert not ok and "altered" in why
    # an incremental update after signing (e.g. a page swapped in): signature intact, coverage not
    import pikepdf
    with pikepdf.open(signed) as p:
        p.docinfo["/Title"] = "changed"
        p.save(tmp_path / "appended.pdf")
    ok, why = check_signed_pdf(tmp_path / "appended.pdf", pki["trust_certs"])
    assert not ok
    other_key, other_ca = keys.make_ca("Stranger CA")
    stranger = keys.issue(other_key, other_ca, "Stranger", "Nobody")
    with stranger.pyhanko() as ps:
        foreign = sign_pdf(unsigned, tmp_path / "foreign.pdf", ps, "x")
    ok, why = check_signed_pdf(foreign, pki["trust_certs"])
    assert not ok and "trust store" in why
    ok, why = check_signed_pdf(unsigned, pki["trust_certs"])
    assert not ok and "not signed" in why


SOFTHSM = Path("/usr/lib/softhsm/libsofthsm2.so")


@pytest.fixture(scope="module")
def token(tmp_path_factory, pki):
    """A SoftHSM2 token holding the station key and certificate. One per module: a PKCS#11 library
    is initialised once per process, so its configuration must not change under it."""
    if not SOFTHSM.exists() or not shutil.which("softhsm2-util") or not shutil.which("pkcs11-tool"):
        pytest.fail("SoftHSM2/OpenSC are not installed: run installer/install.sh (apt softhsm2 opensc)")
    d = tmp_path_factory.mktemp("hsm")
    conf = d / "softhsm2.conf"
    (d / "tokens").mkdir()
    conf.write_text(f"directories.tokendir = {d / 'tokens'}\nobjectstore.backend = file\n")
    old = os.environ.get("SOFTHSM2_CONF")
    os.environ["SOFTHSM2_CONF"] = str(conf)
    run = lambda *a: subprocess.run(a, capture_output=True, text=True, check=True)  # noqa: E731
    run("softhsm2-util", "--init-token", "--free", "--label", "station-token", "--pin", "1234", "--so-pin", "5678")
    # the station key is made on the PC and imported, as a province's key ceremony would do
    from cryptography.hazmat.primitives import serialization as ser
    ca_key = ser.load_pem_private_key(pki["ca_key"].read_bytes(), None)
    station = keys.issue(ca_key, pki["trust_certs"][0], "Scanner Station — token", "UBND xã Đông Hưng")
    pem, der = d / "k.pem", d / "c.der"
    pem.write_bytes(station.key.private_bytes(ser.Encoding.PEM, ser.PrivateFormat.PKCS8, ser.NoEncryption()))
    der.write_bytes(station.cert.public_bytes(ser.Encoding.DER))
    run("softhsm2-util", "--import", str(pem), "--token", "station-token", "--label", "station", "--id", "01",
        "--pin", "1234")
    pem.unlink()
    run("pkcs11-tool", "--module", str(SOFTHSM), "--token-label", "station-token", "--login", "--pin", "1234",
        "--write-object", str(der), "--type", "cert", "--label", "station", "--id", "01")
    yield keys.Pkcs11Ref(str(SOFTHSM), "station-token", "1234", "station")
    if old is None:
        os.environ.pop("SOFTHSM2_CONF", None)
    else:
        os.environ["SOFTHSM2_CONF"] = old


def test_signing_with_a_pkcs11_token(token, unsigned, pki, tmp_path):
    signer = keys.load_pkcs11(token, chain=pki["trust"])
    assert signer.key is None and "token" in signer.subject
    with signer.pyhanko() as ps:
        signed = sign_pdf(unsigned, tmp_path / "hsm.pdf", ps, "UBND xã Đông Hưng")
    assert check_signed_pdf(signed, pki["trust_certs"]) == (True, "")
    assert "Signature is Valid" in subprocess.run(["pdfsig", "-nocert", str(signed)], capture_output=True,
                                                  text=True).stdout
    data = b"tag manifest bytes\n"
    sig = tmp_path / "s.p7s"
    sig.write_bytes(signer.sign_detached(data))
    (tmp_path / "d").write_bytes(data)
    res = subprocess.run(["openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", str(sig),
                          "-content", str(tmp_path / "d"), "-CAfile", str(pki["trust"]), "-purpose", "any",
                          "-out", os.devnull], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    with pytest.raises(Exception) as exc:
        keys.load_pkcs11(keys.Pkcs11Ref(str(SOFTHSM), "station-token", "0000", "station"))
    assert "PIN" in str(getattr(exc.value, "hint", exc.value))


def test_cli_exports_with_a_token(token, ws, pki, tmp_path):
    import sys
    sys.path.insert(0, str(Path(__file__).parent))
    from conftest import BIN
    from test_export import add_records
    add_records(ws)
    res = subprocess.run([str(BIN / "scanner-station"), "-w", str(ws.root), "export", "--office-code", "01001",
                          "--office-name", "UBND xã Đông Hưng", "--operator", "clerk1", "--pkcs11-lib", token.lib,
                          "--token-label", token.token_label, "--key-label", "station", "--chain",
                          str(pki["trust"]), "--include-unreviewed"], capture_output=True, text=True,
                         env={**os.environ, "SCANNER_STATION_TOKEN_PIN": "1234"})
    assert res.returncode == 0, res.stderr
    from scanner_station.export.package import verify_package
    report = verify_package(Path(res.stdout.strip()), pki["trust"])
    assert report.ok and "token" in report.signer, report.checks
    with zipfile.ZipFile(res.stdout.strip()) as z:
        assert sum(n.endswith(".pdf") for n in z.namelist()) == 3


@pytest.mark.parametrize("oaep_hash", ["sha1", "sha256"])
def test_encrypted_package_opens_with_a_key_on_a_token(token, oaep_hash):
    """The province's key stays on its token: only the content key is unwrapped there."""
    from scanner_station.export import envelope
    unwrap, cert = envelope.pkcs11_unwrapper(token)
    blob = envelope.encrypt(b"PK\x03\x04 a package", [cert], oaep_hash=oaep_hash)
    try:
        assert envelope.decrypt(blob, unwrap, cert) == b"PK\x03\x04 a package"
    except envelope.EnvelopeError as exc:  # SoftHSM 2.6 knows SHA-1 OAEP only: say what to do
        assert oaep_hash == "sha256" and "--oaep-hash sha1" in exc.message
