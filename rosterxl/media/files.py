"""Plain file access shared by the media: reading a file's bytes with a message a person understands when
it cannot be read, and writing a file in one step (a temporary file beside the target, put in place only
when it is complete, so a failed run leaves the previous file as it was and never half a file)."""
from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from rosterxl.core.model import RosterInputError


def read_file(path: Path, limit: int = -1) -> bytes:
    """The file's bytes (the first `limit` of them), or a message a person understands."""
    try:
        with path.open("rb") as f:
            return f.read(limit)
    except FileNotFoundError:
        raise RosterInputError(f"{path}: the file does not exist") from None
    except IsADirectoryError:
        raise RosterInputError(f"{path}: this is a folder, not a file") from None
    except PermissionError:
        raise RosterInputError(f"{path}: rosterxl is not allowed to read this file") from None


def same_file(a: str | Path, b: str | Path) -> bool:
    """The same file under any path (a relative path, ./, a link, another spelling); False when either
    does not exist."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def replace_file(temporary: Path, final: Path) -> None:
    """Put a finished temporary file in place in one step, with the permissions the file had
    (or a new file would have): temporary files are created readable by their owner only."""
    try:
        mode = final.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    os.chmod(temporary, mode)
    os.replace(temporary, final)


def write_atomically(path: str | Path, write: Callable[[Path], None]) -> Path:
    """`write(temporary_path)` writes the whole file; then it replaces `path`."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        replace_file(Path(tmp), path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
