"""A compound file ([MS-CFB], version 3: 512-byte sectors) holding a few streams, written from scratch.

The one compound file rosterxl writes is a VBA project (xl/vbaProject.bin): a dozen streams, most of them
small. No library on PyPI both writes new compound files and is maintained under a licence we can ship
(olefile and compoundfiles only read; the writers are 0.0.x experiments or AGPL), and what is needed is
small: the header, one FAT, the mini stream for streams under 4,096 bytes with its mini FAT, and the
directory's siblings as a balanced red-black tree. olefile and oletools read the result back in the
tests, and LibreOffice opens it."""
from __future__ import annotations

import struct

SECTOR = 512
MINI_SECTOR = 64
MINI_CUTOFF = 4096
FREE, END, FAT_SECTOR = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
NO_STREAM = 0xFFFFFFFF
ENTRY = 128
STORAGE, STREAM, ROOT = 1, 2, 5
RED, BLACK = 0, 1
HEADER_FAT_SLOTS = 109


class _Entry:
    def __init__(self, name: str, kind: int, data: bytes = b""):
        if len(name) > 31:
            raise ValueError(f"a compound file name has at most 31 characters: {name!r}")
        self.name, self.kind, self.data = name, kind, data
        self.children: dict[str, _Entry] = {}
        self.index = 0
        self.left = self.right = self.child = NO_STREAM
        self.start, self.size = END, 0
        self.colour, self.depth = BLACK, 0


def _sort_key(name: str) -> tuple[int, str]:
    """The directory's order: shorter names first, then by upper-cased name ([MS-CFB] 2.6.4)."""
    return len(name), name.upper()


def compound_file(streams: dict[str, bytes]) -> bytes:
    """The file holding these streams; a path such as 'VBA/dir' makes the storage 'VBA' on the way."""
    root = _Entry("Root Entry", ROOT)
    for path, data in streams.items():
        node = root
        *folders, name = path.split("/")
        for folder in folders:
            node = node.children.setdefault(folder, _Entry(folder, STORAGE))
        node.children[name] = _Entry(name, STREAM, data)
    entries = _number(root)

    # the mini stream: every stream under the cutoff, in 64-byte sectors
    mini, mini_fat = bytearray(), []
    for e in entries:
        if e.kind == STREAM and 0 < len(e.data) < MINI_CUTOFF:
            e.start, e.size = len(mini) // MINI_SECTOR, len(e.data)
            count = -(-len(e.data) // MINI_SECTOR)
            mini_fat += [e.start + i + 1 for i in range(count - 1)] + [END]
            mini += e.data + bytes(count * MINI_SECTOR - len(e.data))
    large = [e for e in entries if e.kind == STREAM and len(e.data) >= MINI_CUTOFF]

    def sectors(n: int) -> int:
        return -(-n // SECTOR)

    dir_sectors = sectors(len(entries) * ENTRY)
    mini_fat_sectors = sectors(len(mini_fat) * 4)
    body = dir_sectors + mini_fat_sectors + sectors(len(mini)) + sum(sectors(len(e.data)) for e in large)
    fat_sectors = 1
    while fat_sectors * SECTOR // 4 < body + fat_sectors:
        fat_sectors += 1
    if fat_sectors > HEADER_FAT_SLOTS:
        raise ValueError("the streams are too large for a compound file without a DIFAT")

    fat: list[int] = [FAT_SECTOR] * fat_sectors
    out: list[bytes] = []

    def place(data: bytes) -> int:
        """The data in whole sectors after what is placed already; returns its first sector."""
        first, count = len(fat), sectors(len(data))
        fat.extend([first + i + 1 for i in range(count - 1)] + [END])
        out.append(data + bytes(count * SECTOR - len(data)))
        return first

    directory_start = len(fat)
    fat.extend([directory_start + i + 1 for i in range(dir_sectors - 1)] + [END])
    out.append(b"")                      # the directory, written when every start is known
    mini_fat_start = place(b"".join(struct.pack("<I", n) for n in mini_fat)) if mini_fat else END
    if mini:
        root.start, root.size = place(bytes(mini)), len(mini)
    for e in large:
        e.start, e.size = place(e.data), len(e.data)
    directory = b"".join(_entry_bytes(e) for e in entries)
    directory += b"".join(_empty_entry() for _ in range(dir_sectors * SECTOR // ENTRY - len(entries)))
    out[0] = directory
    fat += [FREE] * (fat_sectors * SECTOR // 4 - len(fat))

    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII", bytes.fromhex("D0CF11E0A1B11AE1"), bytes(16), 0x003E, 0x0003, 0xFFFE, 9, 6,
        bytes(6), 0, fat_sectors, directory_start, 0, MINI_CUTOFF, mini_fat_start, mini_fat_sectors, END, 0)
    slots = list(range(fat_sectors)) + [FREE] * (HEADER_FAT_SLOTS - fat_sectors)
    header += struct.pack(f"<{HEADER_FAT_SLOTS}I", *slots)
    fat_bytes = struct.pack(f"<{len(fat)}I", *fat)
    return header + fat_bytes + b"".join(out)


def _number(root: _Entry) -> list[_Entry]:
    """Every entry in directory order (the root first), siblings linked as a balanced tree."""
    entries = [root]

    def visit(node: _Entry) -> None:
        kids = sorted(node.children.values(), key=lambda e: _sort_key(e.name))
        for kid in kids:
            kid.index = len(entries)
            entries.append(kid)
        node.child = _balance(kids, 0)
        deepest = max((k.depth for k in kids), default=0)
        for kid in kids:                 # red on the deepest level: every path then has the same black height
            kid.colour = RED if kid.depth == deepest > 0 else BLACK
        for kid in kids:
            visit(kid)
    visit(root)
    return entries


def _balance(kids: list[_Entry], depth: int) -> int:
    """The sorted siblings as a tree split at the middle: the leaves lie on at most two adjacent levels."""
    if not kids:
        return NO_STREAM
    middle = len(kids) // 2
    node = kids[middle]
    node.depth = depth
    node.left, node.right = _balance(kids[:middle], depth + 1), _balance(kids[middle + 1:], depth + 1)
    return node.index


def _entry_bytes(e: _Entry) -> bytes:
    name = (e.name + "\0").encode("utf-16-le")
    return struct.pack("<64sHBBIII16sIQQIQ", name, len(name), e.kind, e.colour, e.left, e.right, e.child, bytes(16), 0,
                       0, 0, e.start if e.kind != STORAGE else 0, e.size)


def _empty_entry() -> bytes:
    return struct.pack("<64sHBBIII16sIQQIQ", b"", 0, 0, 0, NO_STREAM, NO_STREAM, NO_STREAM, bytes(16), 0, 0, 0, 0, 0)
