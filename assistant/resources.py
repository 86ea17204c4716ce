"""Data files shipped with the package: prompts, eval data and ``assistant/data/`` (read with ``importlib.resources``).

In the repository the prompts and eval data live at the root (``prompts/``, ``evals/``); ``pyproject.toml``
maps them into the package as ``assistant/data/prompts`` and ``assistant/data/evals``, so a wheel carries
them. :func:`data_dir` finds them in both layouts: inside the installed package first, else beside the
``assistant/`` folder of a source checkout (or an editable install, which runs from the checkout).

Example:
    >>> (data_dir("prompts") / "answer.md").is_file(), (data_dir("evals") / "gold.jsonl").is_file()
    (True, True)
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

PACKAGE = __name__.rpartition(".")[0]  # "assistant"
CHECKOUT_FOLDERS = ("prompts", "evals")  # data folders kept at the repository root, mapped into assistant/data/


def data_dir(name: str) -> Path:
    """The packaged data folder ``name`` (``"prompts"``, ``"evals"``, or ``""`` for ``assistant/data`` itself).

    The folder may not exist (a broken install); callers name the missing file in their error.
    """
    base = resources.files(PACKAGE) / "data"
    packaged = base / name if name else base
    # a package on disk (the only kind pip installs) gives a real Path; keep that type for callers
    packaged_path = packaged if isinstance(packaged, Path) else Path(str(packaged))
    if name in CHECKOUT_FOLDERS and not packaged_path.is_dir():
        checkout = Path(__file__).resolve().parent.parent / name
        if checkout.is_dir():
            return checkout
    return packaged_path
