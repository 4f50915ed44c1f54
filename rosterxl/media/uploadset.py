"""The upload files of one export, put in their folder as a set, and nothing else in that folder touched.

- Every file is first written whole in a hidden staging folder beside the targets (`.rosterxl-export-...`).
- A small manifest (`.rosterxl-export.json`) remembers what the last export wrote, with each file's SHA-256.
  A file is only ever removed (a part of an earlier, larger export: `Students-03.csv`) when the manifest
  proves rosterxl wrote it and nobody changed it since. A person's own file with an upload file's name is
  kept under a numbered backup name, never overwritten.
- The files are then renamed into place, which takes moments. If renaming fails, what was moved is put back
  and the error names the file. If the process is killed while renaming, the manifest still says
  "in progress": the next export says so and puts a whole set in place.
- A target that is one of the inputs (the same file under any path) is refused before anything is written.
"""
from __future__ import annotations

import errno
import glob
import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

try:
    import fcntl
    msvcrt = None
except ImportError:                               # pragma: no cover - Windows
    fcntl = None
    import msvcrt

from rosterxl.core.model import RosterInputError
from rosterxl.media.files import BACKUP_LABEL, replace_file, same_file, set_aside, write_atomically

MANIFEST = ".rosterxl-export.json"
LOCK = ".rosterxl-export.lock"
STAGING = ".rosterxl-export-"
STAGING_MARK = "rosterxl-staging"
LOCK_WAIT = 600.0                 # seconds an export waits for another one saving into the same folder


@dataclass
class SetWritten:
    files: dict[str, list[Path]] = field(default_factory=dict)     # stem -> the files written for it
    notes: list[tuple[str, str]] = field(default_factory=list)      # (stem, or "" for all; what to know)


def part_names(stem: str, parts: int) -> list[str]:
    if parts == 1:
        return [f"{stem}.csv"]
    return [f"{stem}-{i:02d}.csv" for i in range(1, parts + 1)]


def is_part_name(name: str, stem: str) -> bool:
    if not (name.startswith(stem) and name.endswith(".csv")):
        return False
    rest = name[len(stem):-len(".csv")]
    return rest == "" or (rest.startswith("-") and rest[1:].isdigit() and len(rest) == 3)


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _file_digest(path: Path) -> str | None:
    try:
        return digest(path.read_bytes())
    except OSError:
        return None


def read_manifest(folder: Path) -> dict:
    try:
        found = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        if not (isinstance(found, dict) and isinstance(found.get("files"), dict)):
            return {"files": {}}
        if not isinstance(found.get("pending", {}), dict):
            found.pop("pending")
        return found
    except (OSError, ValueError):
        return {"files": {}}


def _write_manifest(folder: Path, manifest: dict) -> None:
    write_atomically(folder / MANIFEST, lambda p: p.write_text(json.dumps(manifest, indent=1), encoding="utf-8"))


def hide(path: Path) -> None:
    """Out of sight in Windows Explorer too (elsewhere the leading dot hides it). Only for what is never
    replaced: Windows refuses some replacements of a hidden file, so the manifest stays visible there."""
    if os.name == "nt":                                          # pragma: no cover - Windows
        import ctypes
        ctypes.windll.kernel32.SetFileAttributesW(str(path), 0x2)   # FILE_ATTRIBUTE_HIDDEN


def write_upload_set(folder: str | Path, sets: dict[str, list[bytes]], inputs: list[Path] = (),
                     on_wait: Callable[[str], None] | None = None) -> SetWritten:
    """Each stem's files (their bytes, one item per numbered part) put in the folder as one set. `on_wait(text)`
    is told once when another export is saving into the folder and this one waits for it."""
    folder = Path(folder)
    names = {stem: part_names(stem, len(parts)) for stem, parts in sets.items()}
    for stem, wanted in names.items():
        for name in wanted:
            for source in inputs:
                if same_file(folder / name, source):
                    raise RosterInputError(
                        "output.is-input", f"{folder / name}: this is one of the files being read ({source}), and "
                        "saving would replace it.", file=folder / name, instead="upload folder")
    folder.mkdir(parents=True, exist_ok=True)
    with folder_lock(folder, on_wait):
        return _write_locked(folder, sets, names)


def _write_locked(folder: Path, sets: dict[str, list[bytes]], names: dict[str, list[str]]) -> SetWritten:
    result = SetWritten()
    manifest = read_manifest(folder)
    if manifest.get("in_progress"):
        result.notes.append(("", f"The last export into {folder} was stopped while its files were being put in "
                            "place, so they could mix two exports; this export replaces them with a whole set."))
    _remove_old_staging(folder)
    staging = Path(tempfile.mkdtemp(prefix=STAGING, dir=folder))
    hide(staging)
    try:
        (staging / STAGING_MARK).write_bytes(b"")
        written: dict[str, str] = {}
        for stem, parts in sets.items():
            for name, data in zip(names[stem], parts):
                try:
                    with open(staging / name, "wb") as f:
                        f.write(data)
                        f.flush()
                        os.fsync(f.fileno())
                except OSError as exc:               # named as the person knows it, not the hidden staging copy
                    raise OSError(exc.errno, exc.strerror, str(folder / name)) from None
                written[name] = digest(data)
        _swap(folder, staging, names, written, manifest, result)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return result


def _ours(manifest: dict, stem: str, path: Path) -> bool:
    """rosterxl wrote this file in the last export of the stem (or in one stopped while its files were being
    put in place), and nobody changed it since."""
    recorded = {manifest[key].get(stem, {}).get(path.name) for key in ("files", "pending") if key in manifest}
    return _file_digest(path) in recorded - {None}


def _swap(folder: Path, staging: Path, names: dict[str, list[str]], written: dict[str, str], manifest: dict,
          result: SetWritten) -> None:
    undo: list[tuple[Path, Path]] = []          # (where a file is now, where it goes back) if a rename fails
    before = {"files": dict(manifest["files"])}
    old = staging / "previous"
    old.mkdir()
    try:
        for stem, wanted in names.items():
            for path in sorted(folder.glob(f"{glob.escape(stem)}*.csv")):
                if not is_part_name(path.name, stem) or path.is_dir():
                    continue
                if _ours(manifest, stem, path):
                    if path.name not in wanted:               # a part of an earlier, larger export: goes
                        os.replace(path, old / path.name)
                        undo.append((old / path.name, path))
                elif path.name in wanted:                    # a person's own file of that name: kept aside
                    kept = set_aside(path, BACKUP_LABEL)
                    undo.append((kept, path))
                    result.notes.append((stem, f"{path.name} was not written by rosterxl's last export (or was "
                                               f"changed since): it is kept as {kept.name}."))
                else:
                    result.notes.append((stem, f"{path.name} is not part of this export and was left as it is: "
                                               "do not upload it with these files."))
        pending = {stem: {n: written[n] for n in wanted} for stem, wanted in names.items()}
        manifest = {"files": {**manifest["files"]}, "in_progress": True, "pending": pending}
        _write_manifest(folder, manifest)
        for stem, wanted in names.items():
            for name in wanted:
                target = folder / name
                if target.is_dir():
                    raise IsADirectoryError(errno.EISDIR, "Is a directory", str(target))
                if target.exists():                           # our own earlier file of that name: kept to undo
                    _keep_copy(target, old / name)
                    undo.append((old / name, target))
                replace_file(staging / name, target)
            result.files[stem] = [folder / n for n in wanted]
            manifest["files"][stem] = {n: written[n] for n in wanted}
    except OSError:
        for now, back in reversed(undo):
            try:
                os.replace(now, back)
            except OSError:
                pass
        for name in [n for wanted in names.values() for n in wanted]:
            if not (folder / name).exists() or (folder / name).is_dir():
                continue
            if _file_digest(folder / name) == written.get(name) and not any(b == folder / name for _, b in undo):
                (folder / name).unlink()                      # a new file with no earlier one: taken back
        _write_manifest(folder, before)                  # the previous set is back, and so is its record
        raise
    for key in ("in_progress", "pending"):
        manifest.pop(key, None)
    _write_manifest(folder, manifest)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def folder_lock(folder: Path, on_wait: Callable[[str], None] | None = None):
    """One export at a time into a folder: a second one waits for the first, saying so, for at most LOCK_WAIT
    seconds (the lock goes with the process that holds it, so a killed export never leaves the folder locked)."""
    handle = open(folder / LOCK, "a+b")
    hide(folder / LOCK)
    try:
        deadline = time.monotonic() + LOCK_WAIT
        while not _try_lock(handle):
            if on_wait is not None:
                on_wait(f"Waiting for another rosterxl run that is saving into {folder}...")
                on_wait = None
            if time.monotonic() > deadline:
                raise RosterInputError("output.busy", f"{folder}: another rosterxl run has been saving into this "
                                       f"folder for {LOCK_WAIT / 60:g} minutes and still is, so nothing was saved.",
                                       file=folder)
            time.sleep(0.2)
        yield
    finally:
        handle.close()


def _try_lock(handle) -> bool:
    try:
        if fcntl is not None:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        elif msvcrt is not None:                  # pragma: no cover - Windows
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        return True
    except OSError:
        return False


def _keep_copy(path: Path, copy: Path) -> None:
    try:
        os.link(path, copy)                  # instant, no space; some shared drives cannot
    except OSError:
        shutil.copy2(path, copy)


def _remove_old_staging(folder: Path) -> None:
    """Staging folders an interrupted export left behind (they hold only rosterxl's own files)."""
    for leftover in folder.glob(f"{STAGING}*"):
        if leftover.is_dir() and (leftover / STAGING_MARK).exists():
            shutil.rmtree(leftover, ignore_errors=True)

