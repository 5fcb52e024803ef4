"""The form templates a package's records were read with, carried in the package
(``data/templates/<id>.toml``, covered by the bag's manifests and so by the signature): a
province sees how each field was found, and can hand a commune's taught form to others
(``scanner-station templates import``)."""

from __future__ import annotations

import shutil
from pathlib import Path

from ..domain.text import safe_filename
from ..extraction.templates import load_all


def write_templates(folder: Path, template_ids: list[str], workspace: Path | None) -> list[str]:
    """Copy the templates (shipped or the workspace's own) with these ids into ``folder``;
    returns the ids written."""
    by_id = {t.id: t for t in load_all(workspace=workspace)}
    written = []
    for tid in sorted(set(template_ids)):
        t = by_id.get(tid)
        if t is None or not t.path:
            continue  # a template removed since the records were read: the records still say its id
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(t.path, folder / safe_filename(f"{tid}.toml"))
        written.append(tid)
    return written


#: a signed template carries its detached CMS signature beside it: ``<file>.p7s``
SIGNATURE_SUFFIX = ".p7s"


def sign_template(path: Path, signer) -> Path:
    """Sign a template file (detached CMS, as packages are signed); returns the signature's path."""
    sig = Path(str(path) + SIGNATURE_SUFFIX)
    sig.write_bytes(signer.sign_detached(Path(path).read_bytes()))
    return sig


def check_template_signature(path: Path, trust_path: Path | None) -> tuple[bool | None, str, str]:
    """(None, "", "") for an unsigned file; else (valid and trusted, signer, why not)."""
    from ..domain.errors import StationError
    from .keys import load_trust
    from .package import _check_signature

    sig = Path(str(path) + SIGNATURE_SUFFIX)
    if not sig.exists():
        return None, "", ""
    if trust_path is None:
        raise StationError("the template is signed but no trust store was given to check it", path=str(path),
                           hint="pass --trust (the province's CA certificate, a PEM file or folder)")
    return _check_signature(Path(path).read_bytes(), sig.read_bytes(), load_trust(trust_path))
