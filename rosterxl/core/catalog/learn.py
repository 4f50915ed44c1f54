"""Learning an entity's columns from a portal-generated template or export: the header row gives the
portal's own header text and order, the two sample rows under it give the sample values."""
from __future__ import annotations

from dataclasses import replace

from rosterxl.core.catalog.catalog import Catalog
from rosterxl.core.catalog.columns import Column, Entity, normalise_header
from rosterxl.core.catalog.headers import map_headers
from rosterxl.core.model import RosterInputError


def learn_entity(entity: Entity, header_row: list[str], sample_rows: list[list[str]]) -> Entity:
    headers = map_headers(entity, [h.strip() for h in header_row])
    placed: list[tuple[int, Column]] = []
    for h in headers:
        if not h.text:
            continue
        if h.column is not None:
            placed.append((h.index, replace(h.column, header=h.text, aliases=(*h.column.aliases, h.column.header))))
        else:   # a column the portal has and the catalog does not: kept as plain text
            placed.append((h.index, Column(f"portal:{normalise_header(h.text)}", h.text,
                                           help="A column of the portal's template.")))
    columns = [c for _, c in placed]
    learned = {c.key for c in columns}
    columns.extend(c for c in entity.columns if c.key not in learned)
    samples = []
    for row in sample_rows:
        values = {c.key: (row[i].strip() if i < len(row) else "") for i, c in placed}
        if sum(1 for v in values.values() if v) >= 2:
            samples.append(values)
    return replace(entity, columns=tuple(columns), sample_rows=(*samples, *entity.sample_rows))


def learn_portal_template(catalog: Catalog, entity_key: str, grid: list[list[str]], name: str) -> Catalog:
    """The catalog with one entity learned from the rows of a portal template (`name` is its file)."""
    rows = [r for r in grid if any(c.strip() for c in r)]
    if not rows:
        raise RosterInputError("template.unreadable", f"{name}: the portal template has no header row", file=name)
    entity = learn_entity(catalog.entities[entity_key], rows[0], rows[1:3])
    return replace(catalog, entities={**catalog.entities, entity_key: entity})
