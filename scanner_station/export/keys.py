"""Signing keys: a demo PKI for try-outs and tests; signers from a PKCS#12 file or a PKCS#11 token.

``scanner-station keys demo`` makes a demo CA, a station certificate signed by it
(in a password-protected PKCS#12 file) and a trust store holding the CA — never
for production: real deployments point the config at their own PKCS#12 file or
token. Private keys are written with owner-only permissions where the OS allows.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from ..domain.errors import StationError
from ..storage.workspace import write_private


@dataclass(frozen=True)
class Pkcs11Ref:
    """Where a key lives on a PKCS#11 token (a smart card, an HSM, SoftHSM2 in tests)."""

    lib: str
    token_label: str
    pin: str
    key_label: str


@dataclass(frozen=True)
class Signer:
    """The station's signing identity: a key in memory (from PKCS#12) or on a PKCS#11 token."""

    key: Any | None
    cert: x509.Certificate
    chain: tuple[x509.Certificate, ...] = ()
    token: Pkcs11Ref | None = None

    @property
    def subject(self) -> str:
        return self.cert.subject.rfc4514_string()

    @contextlib.contextmanager
    def pyhanko(self) -> Iterator[Any]:
        """A pyHanko signer for this identity (a token session stays open inside the block)."""
        from asn1crypto import keys as akeys
        from asn1crypto import x509 as ax509
        from pyhanko_certvalidator.registry import SimpleCertificateStore

        der = lambda c: ax509.Certificate.load(c.public_bytes(serialization.Encoding.DER))  # noqa: E731
        if self.token is None:
            yield _parsed_key_signer_class()(
                self.key, signing_cert=der(self.cert),
                signing_key=akeys.PrivateKeyInfo.load(self.key.private_bytes(
                    serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                    serialization.NoEncryption())),
                cert_registry=SimpleCertificateStore.from_certs([der(c) for c in self.chain]))
            return
        from pyhanko.sign.pkcs11 import PKCS11Signer

        session = _open_token(self.token)
        try:
            yield PKCS11Signer(session, key_label=self.token.key_label, signing_cert=der(self.cert),
                               ca_chain=[der(c) for c in self.chain])
        finally:
            session.close()

    def sign_detached(self, data: bytes) -> bytes:
        """A detached CMS SignedData (DER) over ``data``."""
        if self.token is None:
            from cryptography.hazmat.primitives.serialization import pkcs7

            builder = pkcs7.PKCS7SignatureBuilder().set_data(data).add_signer(self.cert, self.key, hashes.SHA256())
            for c in self.chain:
                builder = builder.add_certificate(c)
            return builder.sign(serialization.Encoding.DER,
                                [pkcs7.PKCS7Options.DetachedSignature, pkcs7.PKCS7Options.Binary])
        with self.pyhanko() as ps:
            return asyncio.run(ps.async_sign_general_data(data, "sha256", detached=True)).dump()


@functools.lru_cache(maxsize=1)
def _parsed_key_signer_class():
    from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
    from pyhanko.sign import signers
    from pyhanko.sign.general import get_pyca_cryptography_hash

    class ParsedKeySigner(signers.SimpleSigner):
        """pyHanko's in-memory signer, but with the key parsed once: the stock one re-parses and
        re-validates the RSA key for every signature (~60 ms each, twice per PDF)."""

        def __init__(self, pyca_key, **kw) -> None:
            super().__init__(**kw)
            self._pyca_key = pyca_key

        def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
            mech = self.get_signature_mechanism_for_digest(digest_algorithm)
            if mech.signature_algo == "rsassa_pkcs1v15" and isinstance(self._pyca_key, rsa.RSAPrivateKey):
                return self._pyca_key.sign(data, PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm))
            return super().sign_raw(data, digest_algorithm)

    return ParsedKeySigner


def _open_token(ref: Pkcs11Ref):
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign.pkcs11 import open_pkcs11_session

    if not Path(ref.lib).exists():
        raise StationError("the PKCS#11 library is not installed", path=ref.lib,
                           hint="install the token's driver, or set [signing] pkcs11_lib to its path")
    try:
        return open_pkcs11_session(ref.lib, token_criteria=TokenCriteria(label=ref.token_label),
                                   user_pin=ref.pin)
    except Exception as exc:  # the driver's own exception types vary
        raise StationError(f"cannot open the signing token '{ref.token_label}' ({type(exc).__name__})",
                           hint="insert the token and check its label and PIN") from exc


def load_pkcs11(ref: Pkcs11Ref, chain: Path | None = None) -> Signer:
    """A signer whose key (and certificate, same label) live on a PKCS#11 token."""
    import pkcs11
    from pkcs11 import Attribute, ObjectClass

    session = _open_token(ref)
    try:
        certs = [bytes(c[Attribute.VALUE]) for c in session.get_objects(
            {Attribute.CLASS: ObjectClass.CERTIFICATE, Attribute.LABEL: ref.key_label})]
        keys_ = list(session.get_objects({Attribute.CLASS: ObjectClass.PRIVATE_KEY,
                                          Attribute.LABEL: ref.key_label}))
    except pkcs11.PKCS11Error as exc:
        raise StationError("cannot read the signing token", hint="check the PIN and the token") from exc
    finally:
        session.close()
    if not certs or not keys_:
        raise StationError(f"the token holds no key and certificate labelled '{ref.key_label}'",
                           hint="import the station's key and certificate under one label")
    cert = x509.load_der_x509_certificate(certs[0])
    extra = tuple(x509.load_pem_x509_certificates(Path(chain).read_bytes())) if chain else ()
    return Signer(None, cert, extra, ref)


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
          not_before: dt.datetime | None = None, encryption: bool = False) -> Signer:
    """A signing certificate for a station, issued by ``ca_cert`` (``days`` may be negative
    with ``not_before`` in the past, to make an expired certificate for tests);
    ``encryption``: a province's certificate that packages are encrypted to instead."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    start = not_before or dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=1)
    cert = (x509.CertificateBuilder().subject_name(_name(cn, org)).issuer_name(ca_cert.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(start).not_valid_after(start + dt.timedelta(days=days))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=not encryption, content_commitment=not encryption,
                                         key_encipherment=encryption, data_encipherment=False,
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
    write_private(path, data, exclusive=False)


def save_p12(signer: Signer, path: Path, password: str) -> Path:
    data = pkcs12.serialize_key_and_certificates(
        b"station", signer.key, signer.cert, list(signer.chain),
        serialization.BestAvailableEncryption(password.encode()))
    _write_private(path, data)
    return path


def load_p12(path: Path, password: str, what: str = "signing") -> Signer:
    """A key and its certificate from PKCS#12; ``what`` names its use in messages."""
    try:
        key, cert, extra = pkcs12.load_key_and_certificates(Path(path).read_bytes(), password.encode())
    except FileNotFoundError as exc:
        raise StationError(f"{what} key file not found", path=str(path),
                           hint="run `scanner-station keys demo` for a try-out, or set [signing] p12"
                           if what == "signing" else "give the province's PKCS#12 key with --decrypt-key") from exc
    except ValueError as exc:
        raise StationError(f"cannot open the {what} key file (wrong password or not PKCS#12)",
                           path=str(path), hint="check the password in station.toml [signing]"
                           if what == "signing" else "check --key-password") from exc
    if key is None or cert is None:
        raise StationError("the PKCS#12 file holds no key and certificate", path=str(path),
                           hint="export the key together with its certificate")
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


def demo_province(directory: Path, password: str = "demo",
                  name: str = "Sở Tư pháp (demo)") -> dict[str, Path]:
    """A demo province decryption key (PKCS#12) and its certificate (PEM) that stations encrypt
    packages to, issued by a demo CA of its own (try-out only)."""
    directory = Path(directory)
    ca_key, ca_cert = make_ca("Province Demo CA")
    prov = issue(ca_key, ca_cert, f"Scanner Station province — {name}", name, encryption=True)
    paths = {"p12": save_p12(prov, directory / "province.p12", password),
             "cert": directory / "province-cert.pem"}
    paths["cert"].write_bytes(prov.cert.public_bytes(serialization.Encoding.PEM))
    return paths


def load_trust(path: Path) -> list[x509.Certificate]:
    """Trust anchors from a PEM file or every *.pem / *.crt in a folder."""
    path = Path(path)
    files = sorted(list(path.glob("*.pem")) + list(path.glob("*.crt"))) if path.is_dir() else [path]
    certs = []
    for f in files:
        try:
            certs.extend(x509.load_pem_x509_certificates(f.read_bytes()))
        except OSError as exc:
            raise StationError(f"cannot read the trust store ({exc.strerror})", path=str(f),
                               hint="point --trust at the provincial trust store (a PEM file or a folder "
                                    "of them)") from exc
        except ValueError as exc:
            raise StationError("the trust store is not a PEM certificate file", path=str(f),
                               hint="point --trust at the provincial trust store (PEM files)") from exc
    if not certs:
        raise StationError("the trust store holds no certificate", path=str(path),
                           hint="point --trust at the provincial trust store (PEM files)")
    return certs
