"""Plain file access shared by the media: reading a file's bytes with a message a person understands when
it cannot be read, and writing a file in one step (a temporary file beside the target, put in place only
when it is complete, so a failed run leaves the previous file as it was and never half a file)."""
from __future__ import annotations

import os
import re
import shutil
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from rosterxl.core.model import RosterInputError


def read_file(path: Path, limit: int = -1, most: int | None = None) -> bytes:
    """The file's bytes (the first `limit` of them), or a message a person understands. Only an ordinary file is
    read (a pipe would wait for ever, a device like /dev/zero never ends); `most`: the largest file taken whole."""
    try:
        kind = path.stat().st_mode            # stat, not open: opening a pipe waits for its writer
        if not stat.S_ISREG(kind) and not stat.S_ISDIR(kind):
            raise RosterInputError("file.not-ordinary",
                                   f"{path}: this is not an ordinary file (it is a device, a pipe or a socket), so "
                                   "rosterxl does not read it. Save the data as a file and give that file.", file=path)
        if most is not None and limit < 0 and path.stat().st_size > most:
            raise RosterInputError("file.too-large",
                                   f"{path}: the file is {path.stat().st_size / 1024 ** 2:,.0f} MB, more than the "
                                   f"{most // 1024 ** 2:,} MB rosterxl reads. Split it into smaller files.", file=path)
        with path.open("rb") as f:
            return f.read(limit)
    except FileNotFoundError:
        raise RosterInputError("file.not-found", f"{path}: the file does not exist", file=path) from None
    except IsADirectoryError:
        raise RosterInputError("file.is-folder", f"{path}: this is a folder, not a file", file=path) from None
    except PermissionError:
        raise RosterInputError("file.not-allowed",
                               f"{path}: rosterxl is not allowed to read this file", file=path) from None


def same_file(a: str | Path, b: str | Path) -> bool:
    """The same file under any path (a relative path, ./, a link, another spelling); False when either
    does not exist."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def check_output(out: Path, inputs: list[Path], suffixes: tuple[str, ...], in_place: str = "") -> Path:
    """A path rosterxl may write to: not a folder, not one of the inputs under another name, in a folder
    that exists, with a suffix of its kind. Returns it; raises a message naming it otherwise. `in_place`: the
    verb of a workflow that can change the input itself instead (a face may offer that)."""
    if out.is_dir():
        raise RosterInputError("output.is-folder",
                               f"{out}: this is a folder. Give a file name, like {out / ('name' + suffixes[0])}",
                               file=out)
    for source in inputs:
        if same_file(out, source):
            raise RosterInputError("output.is-input", f"{out}: this is the file being read ({source}), and writing "
                                   "there would replace it.", file=out, instead="name", in_place=in_place)
    if out.suffix.lower() not in suffixes:
        raise RosterInputError("output.kind",
                               f"{out}: this file would be a workbook; give it a {' or '.join(suffixes)} name.",
                               file=out)
    if not out.parent.is_dir():
        raise RosterInputError("output.no-folder", f"{out}: the folder {out.parent} does not exist.", file=out)
    return out


BACKUP_LABEL = "before-rosterxl"
# rosterxl's own temporary files: hidden, short (a name of 255 characters still fits beside them), and naming the
# process writing them, so that a later run can tell one left by a killed run from one still being written.
TEMPORARY_PREFIX = ".rosterxl-"
TEMPORARY = re.compile(r"\.rosterxl-(\d+)-[a-z0-9_]{8}\.tmp")
STALE_AFTER = 24 * 3600          # seconds: a temporary this old is stale even if its process number is in use again
NAME_MAX = 255                   # bytes in one file name, on every drive rosterxl writes to


def _writer_gone(pid: int) -> bool:
    if pid == os.getpid():
        return False
    if os.name == "nt":                                        # pragma: no cover - Windows: no signal 0
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:                                            # another user's process: it exists
        return False
    return False


def remove_stale_temporaries(folder: Path) -> int:
    """rosterxl's own temporary files left in `folder` by a run that was killed (its process is gone, or the
    file is a day old), removed; nothing else is touched. How many were removed."""
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        found = TEMPORARY.fullmatch(entry.name)
        if not found or not entry.is_file(follow_symlinks=False):
            continue
        try:
            old = time.time() - entry.stat(follow_symlinks=False).st_mtime > STALE_AFTER
            if old or _writer_gone(int(found.group(1))):
                os.unlink(entry.path)
                removed += 1
        except OSError:
            continue
    return removed


@contextmanager
def temporary_beside(path: Path) -> Iterator[Path]:
    """A new, empty hidden file in `path`'s folder, removed after the block unless the block put it in place.
    The stale temporaries of killed runs there are removed first. An error of the operating system names
    `path`, never the temporary file (a person never sees its name)."""
    tmp = None
    try:
        remove_stale_temporaries(path.parent)
        fd, name = tempfile.mkstemp(prefix=f"{TEMPORARY_PREFIX}{os.getpid()}-", suffix=".tmp", dir=path.parent)
        os.close(fd)
        tmp = Path(name)
        yield tmp
    except OSError as exc:
        if exc.filename is None or tmp is None or exc.filename == str(tmp) or exc.filename == tmp:
            raise OSError(exc.errno, exc.strerror, str(path)) from None
        raise
    finally:
        if tmp is not None:
            tmp.unlink(missing_ok=True)


def numbered_copy(path: Path, label: str = BACKUP_LABEL) -> Path:
    """A copy of the file beside it, NAME.label.ext, or NAME.label-2.ext and so on: never over an earlier
    copy, and never half a copy (written under a temporary name, then given its own)."""
    with temporary_beside(path) as tmp:
        shutil.copy2(path, tmp)
        return _at_free_name(tmp, path, label)


def keep_before_replacing(path: Path, new: Path | None = None) -> Path | None:
    """Before a file rosterxl writes replaces `path`: what is there kept as NAME.before-rosterxl.ext (then -2,
    -3...), so nothing a person made is lost. Nothing is kept when there is no file, or when it has the same
    bytes as `new` (the file about to replace it). The copy kept, or None."""
    try:
        if not path.is_file():
            return None
        if new is not None and path.stat().st_size == new.stat().st_size and path.read_bytes() == new.read_bytes():
            return None
    except OSError:
        return None
    return numbered_copy(path, BACKUP_LABEL)


def set_aside(path: Path, label: str) -> Path:
    """The file moved to NAME.label.ext (or -2, -3...) beside it, over no earlier file of that name."""
    kept = _at_free_name(path, path, label)
    path.unlink(missing_ok=True)
    return kept


def _at_free_name(source: Path, path: Path, label: str) -> Path:
    """`source` given the first free name NAME.label.ext, NAME.label-2.ext... of `path`: linked where the
    drive allows (taking a name that exists fails, so nothing is replaced), else moved onto a claimed name."""
    n = 1
    while True:
        end = f".{label}{'' if n == 1 else f'-{n}'}{path.suffix}"
        stem = path.stem.encode("utf-8")[:NAME_MAX - len(end.encode("utf-8"))].decode("utf-8", "ignore")
        target = path.with_name(stem + end)           # a long name is shortened so that its copy's name fits
        n += 1
        try:
            os.link(source, target)
            return target
        except FileExistsError:
            continue
        except OSError:                     # a drive without links: claim the name, then put the file there
            try:
                with open(target, "xb"):
                    pass
            except FileExistsError:
                continue
            os.replace(source, target)
            return target


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


def write_atomically(path: str | Path, write: Callable[[Path], None], keep: bool = False) -> Path | None:
    """`write(temporary_path)` writes the whole file; then it replaces `path`. With `keep`, a different file
    that was there is kept first (see keep_before_replacing). The copy kept, or None."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with temporary_beside(path) as tmp:
        write(tmp)
        kept = keep_before_replacing(path, tmp) if keep else None
        replace_file(tmp, path)
    return kept
