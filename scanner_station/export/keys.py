"""Signing keys: a demo PKI for try-outs and tests, and loading a PKCS#12 signer.

``scanner-station keys demo`` makes a demo CA, a station certificate signed by it
(in a password-protected PKCS#12 file) and a trust store holding the CA — never
for production: real deployments point the config at their own PKCS#12 file or
token. Private keys are written with owner-only permissions where the OS allows.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from ..domain.errors import StationError


@dataclass(frozen=True)
class Signer:
    key: rsa.RSAPrivateKey
    cert: x509.Certificate
    chain: tuple[x509.Certificate, ...] = ()

    @property
    def subject(self) -> str:
        return self.cert.subject.rfc4514_string()


def _name(cn: str, org: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
                      x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def make_ca(cn: str = "Scanner Station Demo CA", days: int = 3650) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = dt.datetime.now(dt.timezone.utc)
    name = _name(cn, "Scanner Station (demo, not for production)")
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=days))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False,
                                         key_encipherment=False, data_encipherment=False,
                                         key_agreement=False, key_cert_sign=True, crl_sign=True,
                                         encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .sign(key, hashes.SHA256()))
    return key, cert


def issue(ca_key, ca_cert: x509.Certificate, cn: str, org: str, days: int = 825,
          not_before: dt.datetime | None = None) -> Signer:
    """A signing certificate for a station, issued by ``ca_cert`` (``days`` may be negative
    with ``not_before`` in the past, to make an expired certificate for tests)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    start = not_before or dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=1)
    cert = (x509.CertificateBuilder().subject_name(_name(cn, org)).issuer_name(ca_cert.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(start).not_valid_after(start + dt.timedelta(days=days))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True,
                                         key_encipherment=False, data_encipherment=False,
                                         key_agreement=False, key_cert_sign=False, crl_sign=False,
                                         encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION,
                                                  ExtendedKeyUsageOID.CODE_SIGNING]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
                           critical=False)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))
    return Signer(key, cert, (ca_cert,))


def _write_private(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(data)


def save_p12(signer: Signer, path: Path, password: str) -> Path:
    data = pkcs12.serialize_key_and_certificates(
        b"station", signer.key, signer.cert, list(signer.chain),
        serialization.BestAvailableEncryption(password.encode()))
    _write_private(path, data)
    return path


def load_p12(path: Path, password: str) -> Signer:
    try:
        key, cert, extra = pkcs12.load_key_and_certificates(Path(path).read_bytes(), password.encode())
    except FileNotFoundError as exc:
        raise StationError("signing key file not found", path=str(path),
                           hint="run `scanner-station keys demo` for a try-out, or set [signing] p12") from exc
    except ValueError as exc:
        raise StationError("cannot open the signing key file (wrong password or not PKCS#12)",
                           path=str(path), hint="check the password in station.toml [signing]") from exc
    if key is None or cert is None:
        raise StationError("the PKCS#12 file holds no key and certificate", path=str(path),
                           hint="export the station's key together with its certificate")
    return Signer(key, cert, tuple(extra or ()))


def demo(directory: Path, office: str = "UBND xã Tân Phú (demo)", password: str = "demo") -> dict[str, Path]:
    """Demo CA + station certificate (PKCS#12) + trust store, in ``directory``."""
    directory = Path(directory)
    ca_key, ca_cert = make_ca()
    signer = issue(ca_key, ca_cert, f"Scanner Station — {office}", office)
    paths = {"p12": save_p12(signer, directory / "station.p12", password),
             "trust": directory / "trust" / "demo-ca.pem",
             "ca_key": directory / "demo-ca.key.pem"}
    paths["trust"].parent.mkdir(parents=True, exist_ok=True)
    paths["trust"].write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    _write_private(paths["ca_key"], ca_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    return paths


def load_trust(path: Path) -> list[x509.Certificate]:
    """Trust anchors from a PEM file or every *.pem / *.crt in a folder."""
    path = Path(path)
    files = sorted(list(path.glob("*.pem")) + list(path.glob("*.crt"))) if path.is_dir() else [path]
    certs = []
    for f in files:
        certs.extend(x509.load_pem_x509_certificates(f.read_bytes()))
    if not certs:
        raise StationError("the trust store holds no certificate", path=str(path),
                           hint="point --trust at the provincial trust store (PEM files)")
    return certs
