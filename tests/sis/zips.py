"""Zips as Windows makes them, written byte by byte: members compressed with Deflate64 (what Explorer's "Send to
compressed folder" chooses for large files; Python's zipfile cannot write it) and paths with backslashes
(PowerShell 5's Compress-Archive)."""
from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

import inflate64

DEFLATE64 = 9


def deflate64_zip(path: Path, files: dict[str, bytes], folder: str = "") -> Path:
    """A zip whose members are Deflate64 streams, as Explorer writes them (version 2.1 needed, method 9)."""
    local, central = bytearray(), bytearray()
    for name, data in files.items():
        packer = inflate64.Deflater()
        packed = packer.deflate(data) + packer.flush()
        arcname = (folder + name).encode()
        crc = zlib.crc32(data)
        offset = len(local)
        local += struct.pack("<IHHHHHIIIHH", 0x04034B50, 21, 0, DEFLATE64, 0, 0x21, crc, len(packed), len(data),
                             len(arcname), 0) + arcname + packed
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 0x0014, 21, 0, DEFLATE64, 0, 0x21, crc,
                               len(packed), len(data), len(arcname), 0, 0, 0, 0, 0x20, offset) + arcname
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(files), len(files), len(central), len(local), 0)
    path.write_bytes(bytes(local + central + end))
    return path


def backslash_zip(path: Path, files: dict[str, bytes], folder: str = "export") -> Path:
    """A zip whose member names use backslashes between folders, as PowerShell 5's Compress-Archive writes."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(zipfile.ZipInfo(f"{folder}\\{name}", (2026, 8, 24, 9, 0, 0)), data)
    return path


def folder_files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}
