"""Encrypted transport (issue 17, item 2): a lost USB stick leaks nothing; the province opens
the package with its key (or ``openssl cms -decrypt``) and verifies it as before."""

from __future__ import annotations

import json
import subprocess
import zipfile
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization as ser
from cryptography.hazmat.primitives.serialization import pkcs12

from conftest import BIN
from scanner_station.domain.errors import ExitCode
from scanner_station.export import envelope, keys
from test_export import add_records


@pytest.fixture()
def province(tmp_path):
    return keys.demo_province(tmp_path / "province", password="tinh")


def _run(ws, *a):
    return subprocess.run([str(BIN / "scanner-station"), "-w", str(ws.root), *a], capture_output=True, text=True)


def test_encrypted_export_verify_import_and_openssl(ws, tmp_path, province):
    add_records(ws)
    assert _run(ws, "keys", "demo").returncode == 0
    res = _run(ws, "export", "--office-code", "01001", "--office-name", "UBND xã Tân Phú", "--operator", "clerk1",
               "--password", "demo", "--include-unreviewed", "--encrypt-to", str(province["cert"]))
    assert res.returncode == 0, res.stderr
    pkg = Path(res.stdout.strip())
    assert pkg.name.endswith(".zip.p7m")
    assert [p.name for p in (ws.root / "exports").iterdir()] == [pkg.name]  # no readable copy left
    blob = pkg.read_bytes()
    assert envelope.is_encrypted(pkg)
    for secret in ("Nguyễn Văn Đức", "001087012345", "records.json"):
        assert secret.encode() not in blob
    assert b"PK\x03\x04" not in blob
    trust = str(ws.root / "keys" / "trust")

    # without a key: a clear refusal, not a traceback
    res = _run(ws, "verify", str(pkg), "--trust", trust)
    assert res.returncode == ExitCode.package_unsafe and "encrypted" in res.stderr
    assert "--decrypt-key" in res.stderr and "Traceback" not in res.stderr
    # with the province's key: verified and imported as an ordinary package
    res = _run(ws, "verify", str(pkg), "--trust", trust, "--decrypt-key", str(province["p12"]),
               "--key-password", "tinh")
    assert res.returncode == 0 and "VALID" in res.stdout, res.stdout + res.stderr
    db = f"sqlite:///{tmp_path / 'p.db'}"
    res = _run(ws, "import", str(pkg), "--trust", trust, "--db", db, "--decrypt-key", str(province["p12"]),
               "--key-password", "tinh")
    assert res.returncode == 0 and "3 added" in res.stdout, res.stdout + res.stderr

    # another province's key: says it is not for this certificate
    other = keys.demo_province(tmp_path / "other", password="x")
    res = _run(ws, "verify", str(pkg), "--trust", trust, "--decrypt-key", str(other["p12"]), "--key-password", "x")
    assert res.returncode == ExitCode.package_unsafe and "not for" in res.stderr and "Traceback" not in res.stderr
    res = _run(ws, "verify", str(pkg), "--trust", trust, "--decrypt-key", str(province["p12"]),
               "--key-password", "wrong")
    assert res.returncode != 0 and "password" in res.stderr and "Traceback" not in res.stderr

    # an independent implementation opens it: OpenSSL's cms -decrypt
    key, cert, _ = pkcs12.load_key_and_certificates(province["p12"].read_bytes(), b"tinh")
    key_pem = tmp_path / "k.pem"
    key_pem.write_bytes(key.private_bytes(ser.Encoding.PEM, ser.PrivateFormat.PKCS8, ser.NoEncryption()))
    out = tmp_path / "opened.zip"
    res = subprocess.run(["openssl", "cms", "-decrypt", "-binary", "-inform", "DER", "-in", str(pkg),
                          "-recip", str(province["cert"]), "-inkey", str(key_pem), "-out", str(out)],
                         capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    with zipfile.ZipFile(out) as z:
        doc = json.loads(z.read("data/records.json"))
    assert {r["key"] for r in doc["records"]} >= {"001087012345", "001188054321"}


def test_openssl_made_envelope_opens_here_and_damage_is_reported(tmp_path, province):
    """The other way round: what OpenSSL encrypts (AES-256-CBC, RSA-OAEP) the station opens; a
    damaged envelope is a clear error."""
    plain = tmp_path / "p.zip"
    plain.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 40)
    enc = tmp_path / "p.zip.p7m"
    res = subprocess.run(["openssl", "cms", "-encrypt", "-binary", "-aes-256-cbc", "-outform", "DER",
                          "-recip", str(province["cert"]), "-keyopt", "rsa_padding_mode:oaep",
                          "-keyopt", "rsa_oaep_md:sha256", "-keyopt", "rsa_mgf1_md:sha256",
                          "-in", str(plain), "-out", str(enc)], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    unwrap, cert = envelope.p12_unwrapper(province["p12"], "tinh")
    assert envelope.decrypt(enc.read_bytes(), unwrap, cert) == plain.read_bytes()
    blob = bytearray(enc.read_bytes())
    blob[-20] ^= 0xFF  # the ciphertext's last block: padding breaks
    with pytest.raises(envelope.EnvelopeError) as exc:
        envelope.decrypt(bytes(blob), unwrap, cert, name="p.zip.p7m")
    assert "cannot be decrypted" in exc.value.message
    with pytest.raises(envelope.EnvelopeError) as exc:
        envelope.decrypt(b"\x30\x03\x02\x01\x00", unwrap, cert)
    assert "damaged" in exc.value.message


def test_signing_certificate_is_refused_as_an_encryption_recipient(tmp_path):
    paths = keys.demo(tmp_path / "k", password="pw")
    signer = keys.load_p12(paths["p12"], "pw")
    pem = tmp_path / "sign.pem"
    pem.write_bytes(signer.cert.public_bytes(ser.Encoding.PEM))
    with pytest.raises(Exception) as exc:
        envelope.load_recipient_cert(pem)
    assert "not for encryption" in str(exc.value)
