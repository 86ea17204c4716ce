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
from pathlib import Path

from .errors import ChecksumError


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
