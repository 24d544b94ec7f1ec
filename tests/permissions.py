"""Acting as an ordinary user, for tests of file permissions (which do not stop root)."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

NOBODY = 65534


@contextlib.contextmanager
def unprivileged() -> Iterator[Path]:
    """A fresh folder, and the process acting as an ordinary user while inside.

    File modes do not stop root, so as root the process takes the user `nobody`'s ids (for
    every thread, aiosqlite's included) until the block ends.
    """
    root = os.geteuid() == 0
    folder = Path(tempfile.mkdtemp(prefix="eig-db-"))
    folder.chmod(0o777)
    if root:
        os.setegid(NOBODY)
        os.seteuid(NOBODY)
    try:
        yield folder
    finally:
        if root:
            os.seteuid(0)
            os.setegid(0)
        for path in (folder, *folder.rglob("*")):
            path.chmod(0o777)
        shutil.rmtree(folder)


def threads_left() -> set[threading.Thread]:
    """Threads that would keep the process alive at exit (an aiosqlite connection not closed)."""
    return {thread for thread in threading.enumerate() if not thread.daemon}
