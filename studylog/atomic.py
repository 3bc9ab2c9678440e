"""Writing a file whole or not at all: exports, reviews, settings."""

from __future__ import annotations

import os
import threading
from pathlib import Path


def write_atomically(path: Path, content: str, *, private: bool = False) -> None:
    """Write ``content`` to a temporary file beside ``path``, then rename it into place: a failure (a full
    disk, a read-only folder) leaves neither half a file nor the temporary one, and an existing file is
    only replaced by a whole new one. ``private``: readable by the owner only (it holds everything)."""
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}-{threading.get_ident()}")  # never shared
    try:
        if private:
            os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
        tmp.write_text(content, encoding="utf-8")
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
