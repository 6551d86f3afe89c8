"""A content-addressed cache for files generated at build time (figures, workbook, CNN, playground).

A folder ``cache_root/<digest of the inputs>/`` holds one complete set of generated files. It is
written to a temporary folder first and renamed into place, so a folder that exists is complete;
folders of earlier digests are removed. Builds and `mkdocs serve` rebuilds reuse it until an
input changes. ``scripts.build.generated`` says which files are the inputs of what.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path


def input_digest(sources: Sequence[Path], salt: str = "", root: Path | None = None) -> str:
    """A short hash of the named files' contents and names (relative to ``root``, else their own) and of
    ``salt`` (e.g. libraries' versions)."""
    digest = hashlib.sha256(salt.encode() + b"\0")
    for path in sources:
        name = path.relative_to(root).as_posix() if root is not None else path.name
        digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
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
