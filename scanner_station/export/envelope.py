"""Encrypted transport: a signed package wrapped in CMS EnvelopedData for the province.

Packages travel on USB sticks; a lost stick must leak nothing. ``encrypt`` wraps the signed
package (the zip, unchanged) in CMS EnvelopedData (RFC 5652): the content is encrypted with
a fresh AES-256-CBC key, and that key is encrypted to each recipient certificate with
RSAES-OAEP (RFC 8017, SHA-256 and MGF1-SHA-256 by default; SHA-1 for tokens that know no
other OAEP hash). The result, ``PACKAGE.zip.p7m`` (DER), opens with
``openssl cms -decrypt -inform DER -recip CERT -inkey KEY`` too.

``decrypt`` takes the province's key from a PKCS#12 file or a PKCS#11 token (the key never
leaves the token: only the 32-byte content key is unwrapped there) and returns the zip's
bytes, which are then verified exactly as an unencrypted package.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

from cryptography import x509
from cryptography.hazmat.primitives import hashes, padding, serialization
from cryptography.hazmat.primitives.asymmetric import padding as apadding
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from ..domain.errors import ExitCode, StationError

SUFFIX = ".p7m"
_HASHES = {"sha256": hashes.SHA256, "sha1": hashes.SHA1}


class EnvelopeError(StationError):
    exit_code = ExitCode.package_unsafe


def is_encrypted(path: Path) -> bool:
    """Whether a file is a CMS EnvelopedData (by content, not by name)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(64)
    except OSError:
        return False
    return head.startswith(b"\x30") and b"\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x07\x03" in head


def load_recipient_cert(path: Path) -> x509.Certificate:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise StationError(f"cannot read the recipient certificate ({exc.strerror})", path=str(path),
                           hint="give the province's encryption certificate (PEM or DER)") from exc
    try:
        cert = (x509.load_pem_x509_certificate(data) if b"-----BEGIN" in data
                else x509.load_der_x509_certificate(data))
    except ValueError as exc:
        raise StationError("the file is not an X.509 certificate", path=str(path),
                           hint="give the province's encryption certificate (PEM or DER)") from exc
    if not isinstance(cert.public_key(), rsa.RSAPublicKey):
        raise StationError("the certificate's key is not RSA; packages are encrypted with RSA-OAEP",
                           path=str(path), hint="ask the province for its RSA encryption certificate")
    try:
        ku = cert.extensions.get_extension_for_class(x509.KeyUsage).value
        if not ku.key_encipherment:
            raise StationError("the certificate is not for encryption (its key usage has no "
                               "keyEncipherment)", path=str(path),
                               hint="ask the province for its encryption certificate, not a signing one")
    except x509.ExtensionNotFound:
        pass
    return cert


def encrypt(data: bytes, recipients: list[x509.Certificate], oaep_hash: str = "sha256") -> bytes:
    """CMS EnvelopedData (DER) of ``data`` for every certificate in ``recipients``."""
    from asn1crypto import algos, cms
    from asn1crypto import x509 as ax509

    if not recipients:
        raise StationError("no recipient certificate to encrypt to")
    h = _HASHES[oaep_hash]
    key, iv = os.urandom(32), os.urandom(16)
    padder = padding.PKCS7(128).padder()
    plain = padder.update(data) + padder.finalize()
    enc = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    encrypted = enc.update(plain) + enc.finalize()
    infos = []
    for cert in recipients:
        wrapped = cert.public_key().encrypt(key, apadding.OAEP(mgf=apadding.MGF1(h()), algorithm=h(),
                                                                label=None))
        acert = ax509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
        infos.append(cms.RecipientInfo(name="ktri", value=cms.KeyTransRecipientInfo({
            "version": "v0",
            "rid": cms.RecipientIdentifier(name="issuer_and_serial_number", value=cms.IssuerAndSerialNumber(
                {"issuer": acert.issuer, "serial_number": acert.serial_number})),
            "key_encryption_algorithm": cms.KeyEncryptionAlgorithm({
                "algorithm": "rsaes_oaep",
                "parameters": algos.RSAESOAEPParams({
                    "hash_algorithm": {"algorithm": oaep_hash},
                    "mask_gen_algorithm": {"algorithm": "mgf1", "parameters": {"algorithm": oaep_hash}},
                })}),
            "encrypted_key": wrapped})))
    env = cms.EnvelopedData({
        "version": "v0",  # RFC 5652 6.1: no originator info, only v0 key-transport recipients
        "recipient_infos": infos,
        "encrypted_content_info": {
            "content_type": "data",
            "content_encryption_algorithm": {"algorithm": "aes256_cbc", "parameters": iv},
            "encrypted_content": encrypted}})
    return cms.ContentInfo({"content_type": "enveloped_data", "content": env}).dump()


#: unwraps the content key: (encrypted_key, oaep_hash_name) -> key
Unwrap = Callable[[bytes, str], bytes]


def p12_unwrapper(path: Path, password: str) -> tuple[Unwrap, x509.Certificate]:
    from .keys import load_p12

    held = load_p12(path, password, what="decryption")

    def unwrap(encrypted_key: bytes, oaep_hash: str) -> bytes:
        h = _HASHES[oaep_hash]
        return held.key.decrypt(encrypted_key, apadding.OAEP(mgf=apadding.MGF1(h()), algorithm=h(), label=None))

    return unwrap, held.cert


def pkcs11_unwrapper(ref) -> tuple[Unwrap, x509.Certificate]:
    """The key stays on the token; the session is opened for each unwrap (one per package)."""
    import pkcs11
    from pkcs11 import MGF, Attribute, Mechanism, ObjectClass

    from .keys import _open_token

    session = _open_token(ref)
    try:
        certs = [bytes(c[Attribute.VALUE]) for c in session.get_objects(
            {Attribute.CLASS: ObjectClass.CERTIFICATE, Attribute.LABEL: ref.key_label})]
    finally:
        session.close()
    if not certs:
        raise StationError(f"the token holds no certificate labelled '{ref.key_label}'",
                           hint="import the province's key and certificate under one label")
    cert = x509.load_der_x509_certificate(certs[0])
    mech = {"sha256": (Mechanism.SHA256, MGF.SHA256), "sha1": (Mechanism.SHA_1, MGF.SHA1)}

    def unwrap(encrypted_key: bytes, oaep_hash: str) -> bytes:
        s = _open_token(ref)
        try:
            key = s.get_key(object_class=ObjectClass.PRIVATE_KEY, label=ref.key_label)
            return key.decrypt(encrypted_key, mechanism=Mechanism.RSA_PKCS_OAEP,
                               mechanism_param=(*mech[oaep_hash], None))
        except pkcs11.PKCS11Error as exc:
            extra = ("; tokens that know only SHA-1 OAEP need packages encrypted with --oaep-hash sha1"
                     if oaep_hash != "sha1" else "")
            raise ValueError(f"the token could not unwrap the key ({type(exc).__name__}){extra}") from exc
        finally:
            s.close()

    return unwrap, cert


def decrypt(blob: bytes, unwrap: Unwrap, cert: x509.Certificate, name: str = "") -> bytes:
    """The content of a CMS EnvelopedData for ``cert``'s key; clear errors, never a traceback."""
    from asn1crypto import cms

    try:
        info = cms.ContentInfo.load(blob, strict=True)
        if info["content_type"].native != "enveloped_data":
            raise ValueError("not enveloped data")
        env = info["content"]
        eci = env["encrypted_content_info"]
        alg = eci["content_encryption_algorithm"]
        recipients = []
        for ri in env["recipient_infos"]:
            if ri.name != "ktri":
                continue
            k = ri.chosen
            rid = k["rid"].chosen
            recipients.append((rid["issuer"].dump(), int(rid["serial_number"].native), k))
        ciphertext = eci["encrypted_content"].native
    except (ValueError, TypeError, KeyError) as exc:
        raise EnvelopeError("the encrypted package is damaged or not a CMS envelope", path=name,
                            hint="copy the package again from the sending office") from exc
    from asn1crypto import x509 as ax509
    mine = ax509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
    match = [k for issuer, serial, k in recipients
             if issuer == mine.issuer.dump() and serial == mine.serial_number]
    if not match:
        raise EnvelopeError(
            f"the package is encrypted for {len(recipients)} other certificate(s), not for "
            f"'{cert.subject.rfc4514_string()}' (serial {cert.serial_number:x})", path=name,
            hint="decrypt it with the key of the certificate the office encrypted to")
    k = match[0]
    try:
        kalg = k["key_encryption_algorithm"]
        if kalg["algorithm"].native != "rsaes_oaep":
            raise ValueError(f"key transport {kalg['algorithm'].native} is not accepted (RSA-OAEP only)")
        params = kalg["parameters"]
        oaep_hash = params["hash_algorithm"]["algorithm"].native
        mgf_hash = params["mask_gen_algorithm"]["parameters"]["algorithm"].native
        if oaep_hash not in _HASHES or mgf_hash != oaep_hash:
            raise ValueError(f"OAEP with {oaep_hash}/{mgf_hash} is not accepted")
        content_key = unwrap(k["encrypted_key"].native, oaep_hash)
        if alg["algorithm"].native != "aes256_cbc" or len(content_key) != 32:
            raise ValueError("content encryption other than AES-256-CBC is not accepted")
        iv = alg["parameters"].native
        dec = Cipher(algorithms.AES(content_key), modes.CBC(iv)).decryptor()
        padded = dec.update(ciphertext) + dec.finalize()
        unpadder = padding.PKCS7(128).unpadder()
        return unpadder.update(padded) + unpadder.finalize()
    except (ValueError, TypeError, KeyError) as exc:
        raise EnvelopeError(f"the package cannot be decrypted with this key ({exc})"
                            if "accepted" in str(exc) or "token" in str(exc)
                            else "the package cannot be decrypted with this key (wrong key, or the "
                                 "package was altered)", path=name,
                            hint="use the key of the certificate the office encrypted to; if it is the "
                                 "right key, ask for the package again") from exc
