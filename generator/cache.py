"""Work remembered between builds in ``.cache/`` (cards, QR codes): slow to make, same every time.

Files are named by a hash of everything that went into them, so a changed input simply misses the
cache and is made again; nothing needs clearing. ``folder=None`` remembers nothing (tests). What was
read or made is also kept in memory, for the next rebuild of a long-running ``make serve``.
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path


@functools.cache
def fingerprint() -> str:
    """A digest of the generator's code, templates and messages: what is made from them is kept only
    as long as they stay the same."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix in (".py", ".j2", ".yml", ".json"):
            digest.update(path.relative_to(PACKAGE).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()


PACKAGE = Path(__file__).parent


class Cache:
    def __init__(self, folder: Path | None, suffix: str, in_memory: bool = True) -> None:
        """``in_memory=False`` for what is only ever copied from its file (cards): thousands of them."""
        self.folder, self.suffix, self.in_memory = folder, suffix, in_memory

    def path(self, *inputs: object) -> Path | None:
        if self.folder is None:
            return None
        digest = hashlib.sha256(json.dumps(inputs, ensure_ascii=False, default=str).encode()).hexdigest()
        return self.folder / f"{digest}{self.suffix}"

    def get(self, *inputs: object) -> bytes | None:
        path = self.path(*inputs)
        if path is None:
            return None
        if path not in _MEMORY and path.exists():
            _MEMORY[path] = path.read_bytes()
        return _MEMORY.get(path)

    def file(self, *inputs: object) -> Path | None:
        """The kept file itself, for outputs copied as they are rather than read."""
        path = self.path(*inputs)
        return path if path and path.exists() else None

    def put(self, data: bytes, *inputs: object) -> None:
        path = self.path(*inputs)
        if path:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            if self.in_memory:
                _MEMORY[path] = data


_MEMORY: dict[Path, bytes] = {}
