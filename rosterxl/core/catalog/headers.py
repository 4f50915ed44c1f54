"""Header-driven: match a header row to an entity's columns by name and known aliases."""
from __future__ import annotations

from dataclasses import dataclass

from rosterxl.core.catalog.catalog import Catalog
from rosterxl.core.catalog.columns import Column, Entity, normalise_header
from rosterxl.core.catalog.secrets import secret_header
from rosterxl.core.model import column_letter


@dataclass(slots=True)
class Header:
    text: str                     # as found in the file
    index: int                    # 0-based position in the row
    column: Column | None = None  # the catalog column it maps to; None for unknown columns
    named_secret: bool = False    # the header's words name a secret ("PW", "Contraseña"; catalog.secrets)

    @property
    def letter(self) -> str:
        return column_letter(self.index)

    @property
    def secret(self) -> bool:
        """A password: the catalog's, or any column whose header names a secret in the words people use
        ("Student Password", a second "Password", "PW", "PIN", "Contraseña"). Its values are never shown,
        noted, listed, suggested, fixed or kept."""
        return (self.column is not None and self.column.secret) or self.named_secret


def map_headers(entity: Entity, texts: list[str]) -> list[Header]:
    """Each header text becomes a Header; known ones point at their catalog column.

    A column is taken by the first header that names it; a second header naming the same
    column stays unmapped (the duplicated-header check reports it).
    """
    by_name = {}
    for column in entity.columns:
        for name in column.names():
            by_name.setdefault(name, column)
    headers, taken = [], set()
    for index, text in enumerate(texts):
        column = by_name.get(normalise_header(text))
        if column is not None and column.key in taken:
            column = None
        if column is not None:
            taken.add(column.key)
        headers.append(Header(text=text, index=index, column=column,
                              named_secret=secret_header(text, entity.secret_words)))
    return headers


def score(entity: Entity, texts: list[str]) -> int:
    """How well a header row fits an entity: required columns count double."""
    found = {h.column.key for h in map_headers(entity, texts) if h.column is not None}
    return sum(2 if c.required else 1 for c in entity.columns if c.key in found)


def guess_entity(catalog: Catalog, texts: list[str]) -> Entity | None:
    """The entity whose required columns a header row holds best; None when nothing fits."""
    scored = []
    for entity in catalog.entities.values():
        required = {c.key for c in entity.required()}
        mapped = {h.column.key for h in map_headers(entity, texts) if h.column is not None}
        if len(required & mapped) >= min(2, len(required)):
            scored.append((score(entity, texts), entity))
    scored.sort(key=lambda pair: pair[0], reverse=True)
    if not scored or (len(scored) > 1 and scored[0][0] == scored[1][0]):
        return None          # nothing fits, or two fit equally well: the person must say which
    return scored[0][1]
