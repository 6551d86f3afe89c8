"""A content-addressed cache for files generated at build time (figures, the workbook).

A folder ``cache_root/<digest of the inputs>/`` holds one complete set of generated files. It is
written to a temporary folder first and renamed into place, so a folder that exists is complete;
folders of earlier digests are removed. Builds and `mkdocs serve` rebuilds reuse it until an
input changes; then ``reload_modules`` loads the edited generating code before it runs again.
"""

from __future__ import annotations

import hashlib
import importlib
import shutil
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import ModuleType


def input_digest(sources: Sequence[Path], salt: str = "") -> str:
    """A short hash of the named files' contents (and of `salt`, e.g. a library's version)."""
    digest = hashlib.sha256(salt.encode() + b"\0")
    for path in sources:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def ensure_cached(cache_root: Path, digest: str, generate: Callable[[], Mapping[str, bytes]]) -> Path:
    """The folder ``cache_root/<digest>/`` with the generated files, generated only if missing."""
    target = cache_root / digest
    if not target.is_dir():
        cache_root.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{digest}-", dir=cache_root))
        staging.chmod(0o755)  # mkdtemp's folder is private; the cache is an ordinary build output
        for name, data in generate().items():
            (staging / name).write_bytes(data)
        try:
            staging.rename(target)
        except OSError:  # another build got there first with the same files
            shutil.rmtree(staging)
    for old in cache_root.iterdir():
        if old.is_dir() and old.name != digest and not old.name.startswith("."):
            shutil.rmtree(old, ignore_errors=True)
    return target


def reload_modules(sources: Sequence[Path]) -> ModuleType:
    """Load the code among the inputs again, in their order (dependencies first), and return the last module.

    A `mkdocs serve` rebuild after an edit must generate with the edited code: every
    ``scripts/<layer>/<name>.py`` in ``sources`` is reloaded as ``scripts.<layer>.<name>``.
    """
    root = Path(__file__).resolve().parents[2]
    modules = [importlib.reload(importlib.import_module(".".join(path.relative_to(root).with_suffix("").parts)))
               for path in sources if path.suffix == ".py"]
    return modules[-1]
