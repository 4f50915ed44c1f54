"""A Catalog: the entities, the allowed lists and the district's settings that one check runs with."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from rosterxl.core.catalog.builtin import ENTITIES, LISTS
from rosterxl.core.catalog.columns import AllowedList, Entity, normalise_header
from rosterxl.core.model import Severity

if TYPE_CHECKING:
    from rosterxl.core.catalog.sis_decisions import SisSettings

CATALOG_VERSION = "2026.11"   # bump when the built-in columns, lists or sample rows change


@dataclass(frozen=True)
class Catalog:
    entities: dict[str, Entity]
    lists: dict[str, AllowedList]
    classes: tuple[tuple[str, str], ...] = ()   # (class/group name, organization) from the config
    records_per_file: int = 10_000
    blank_password: str = "warn"                # a new student without a password: allow, warn, error
    csv_bom: bool = False
    severities: dict[str, Severity] = field(default_factory=dict)  # "code" or "code:Header" -> severity
    district: str = ""
    config_path: str | None = None
    sis_decisions: Any = None   # the from-sis decisions ([sis] in rosterxl.toml), a SisSettings; see `sis`

    @property
    def sis(self) -> SisSettings:
        """The from-sis decisions: the config's, or the defaults, made when first asked for (their models are
        not needed to check a workbook)."""
        if self.sis_decisions is None:
            from rosterxl.core.catalog.sis_decisions import SisSettings
            object.__setattr__(self, "sis_decisions", SisSettings())
        return self.sis_decisions

    @property
    def has_config(self) -> bool:
        return self.config_path is not None

    def severity(self, code: str, header: str, default: Severity) -> Severity:
        return self.severities.get(f"{code}:{header}", self.severities.get(code, default))

    def entity_for_name(self, name: str) -> Entity | None:
        """The entity a sheet or file name stands for ("Students", "students_2026.csv", "Classes & Groups")."""
        norm = normalise_header(name)
        for entity in self.entities.values():
            names = {normalise_header(n) for n in (entity.sheet, entity.name, *entity.sheet_aliases)}
            if norm in names:
                return entity
        for entity in self.entities.values():     # "export_students_2026-09-01"
            for n in (entity.name, *entity.sheet_aliases):
                word = normalise_header(n)
                if len(word) >= 5 and word in norm:
                    return entity
        return None

    def with_lists(self, lists: dict[str, tuple[str, ...]]) -> Catalog:
        """This catalog with a workbook's own dropdown values (a template's hidden Lists sheet, a SIS export's
        schools) standing in for every list the config does not give: a list the config gives wins."""
        merged = dict(self.lists)
        for key, values in lists.items():
            if key in merged and merged[key].source != "config" and values:
                merged[key] = replace(merged[key], values=values, source="workbook")
        return replace(self, lists=merged)


def builtin_catalog() -> Catalog:
    return Catalog(entities=dict(ENTITIES), lists=dict(LISTS))
