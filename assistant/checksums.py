"""Pinned model files: their sha256 is checked at load, and a mismatch names the reinstall command.

Shared by the embedder (``embeddings``) and the parser (``nlp``); standard library only, so checking a file
imports nothing heavy.

Example:
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "w.bin"
    >>> _ = f.write_bytes(b"weights")
    >>> check_sha256(f, sha256_file(f), "pkg==1.0") == sha256_file(f)
    True
    >>> check_sha256(f, "0" * 64, "pkg==1.0")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    assistant.errors.ChecksumError: ...reinstall it with `pip install --force-reinstall pkg==1.0`.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
from pathlib import Path

from .errors import ChecksumError, ConfigError


def sha256_file(path: Path) -> str:
    """The hex sha256 of a file."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def check_sha256(path: Path, expected: str, package: str) -> str:
    """The file's sha256, when it is ``expected``; otherwise ChecksumError naming the reinstall of ``package``."""
    actual = sha256_file(path)
    if actual != expected:
        raise ChecksumError(
            f"{path}: sha256 is {actual}, expected {expected}. The file is corrupt or not the "
            f"pinned version: reinstall it with `pip install --force-reinstall {package}`."
        )
    return actual


def installed_path(dist: str, relpath: str, pin: str, what: str, directory: bool = False) -> Path:
    """A file (or folder) inside an installed distribution, found through its metadata without importing it;
    ConfigError naming the install command when the package or the file is missing."""
    try:
        path = Path(str(importlib.metadata.distribution(dist).locate_file(relpath)))
    except importlib.metadata.PackageNotFoundError:
        raise ConfigError(
            f"The {what} package {dist!r} is not installed: run `pip install {pin}` (or `make run`, which installs everything)."
        ) from None
    if not (path.is_dir() if directory else path.is_file()):
        raise ConfigError(f"{dist} is installed but {relpath} is missing: run `pip install --force-reinstall {pin}`.")
    return path
