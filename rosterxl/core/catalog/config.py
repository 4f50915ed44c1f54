"""The district config file, rosterxl.toml: schools, products, classes and overrides."""
from __future__ import annotations

import difflib
import tomllib
from dataclasses import replace
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from rosterxl.core.catalog.builtin import ENTITIES, LISTS
from rosterxl.core.catalog.catalog import Catalog, builtin_catalog
from rosterxl.core.catalog.columns import AllowedList, Entity, normalise_header
from rosterxl.core.catalog.learn import learn_portal_template
from rosterxl.core.catalog.secrets import words
from rosterxl.core.catalog.sis_decisions import SisSettings
from rosterxl.core.codes import CODES
from rosterxl.core.model import CONFIG_NAME as CONFIG_NAME  # defined with the model (light to import)
from rosterxl.core.model import RosterInputError, Severity

SeverityName = Literal["error", "warning"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ClassGroup(Strict):
    name: str = Field(min_length=1)
    organization: str = Field(min_length=1)


class ListOverride(Strict):
    values: list[str]
    aliases: dict[str, str] = {}
    severity: SeverityName | None = None


class Limits(Strict):
    student_id_max: int = Field(64, ge=1)
    username_min: int = Field(3, ge=1)
    password_min: int = Field(4, ge=1)
    educator_username_max: int = Field(50, ge=1)
    external_id_max: int = Field(250, ge=1)
    session_time_min: int = Field(5, ge=0)
    session_time_max: int = Field(120, ge=1)
    records_per_file: int = Field(10_000, ge=1, le=10_000)


class DistrictConfig(Strict):
    district: str = ""
    organizations: list[str] = []
    products: list[str] | None = None
    classes: list[ClassGroup] = []
    lists: dict[str, list[str] | ListOverride] = {}
    limits: Limits = Limits()
    severity: dict[str, SeverityName] = {}
    blank_password: Literal["allow", "warn", "error"] = "warn"
    csv_bom: bool = False
    portal_templates: dict[Literal["classes", "educators", "students"], str] = {}
    headers: dict[str, str] = {}      # "students.student_id" = "Student ID": the header templates and CSVs use
    secret_headers: list[str] = []    # more words a secret column's header uses ("Geheimcode"): never shown
    sis: SisSettings = SisSettings()  # from-sis: the decisions that turn SIS files into the portal's sheets

    @field_validator("headers")
    @classmethod
    def _known_columns(cls, value: dict) -> dict:
        columns = {f"{e.key}.{c.key}": c for e in ENTITIES.values() for c in e.columns}
        for key, text in value.items():
            if key not in columns:
                raise ValueError(f"there is no column '{key}'{_did_you_mean(key, columns)}; a column is named "
                                 "as record type and column, like students.student_id")
            if normalise_header(text) not in columns[key].names():
                known = ", ".join(f"'{n}'" for n in (columns[key].header, *columns[key].spellings))
                raise ValueError(f"'{text}' is not a header rosterxl knows for {key} (it knows {known} and their "
                                 "other names)")
        return value

    @field_validator("secret_headers")
    @classmethod
    def _words(cls, value: list[str]) -> list[str]:
        for text in value:
            if not words(text):
                raise ValueError(f"'{text}' has no letters or digits; a secret header is named by its words, "
                                 "like \"Code secret\"")
        return value

    @field_validator("lists")
    @classmethod
    def _known_lists(cls, value: dict) -> dict:
        for name in value:
            if name not in LISTS:
                raise ValueError(f"there is no list called '{name}'{_did_you_mean(name, LISTS)}; "
                                 f"the lists are {', '.join(LISTS)}")
        return value

    @field_validator("severity")
    @classmethod
    def _known_codes(cls, value: dict) -> dict:
        for key in value:
            code = key.split(":", 1)[0]
            if code not in CODES:
                raise ValueError(f"there is no check called '{code}'{_did_you_mean(code, CODES)}")
        return value


def _did_you_mean(word: str, choices) -> str:
    match = difflib.get_close_matches(word, list(choices), n=1)
    return f" (did you mean '{match[0]}'?)" if match else ""


def _describe(error: dict) -> str:
    key = ".".join(str(p) for p in error["loc"]) or "(top level)"
    if error["type"] == "extra_forbidden":
        fields = list(DistrictConfig.model_fields) + list(Limits.model_fields) + list(SisSettings.model_fields)
        return f"key '{key}': this setting does not exist{_did_you_mean(str(error['loc'][-1]), fields)}"
    message = error["msg"].removeprefix("Value error, ")
    return f"key '{key}': {message} (found {error.get('input')!r})"


def read_config(path: str | Path) -> DistrictConfig:
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RosterInputError("config.not-found", f"{path}: the config file does not exist", file=path) from None
    except IsADirectoryError:
        raise RosterInputError("config.unreadable", f"{path}: this is a folder; the district config is a file, like "
                               f"{path / 'rosterxl.toml'}", file=path) from None
    except PermissionError:
        raise RosterInputError("config.unreadable",
                               f"{path}: rosterxl is not allowed to read the config file", file=path) from None
    except UnicodeDecodeError:
        raise RosterInputError("config.unreadable",
                               f"{path}: the config file is not UTF-8 text. Save it again as UTF-8.",
                               file=path) from None
    except tomllib.TOMLDecodeError as exc:
        raise RosterInputError("config.invalid",
                               f"{path}: the config file has a mistake in its layout: {exc}. Compare it with the "
                               "README's example (its section The district config).", file=path) from None
    try:
        return DistrictConfig.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(_describe(e) for e in exc.errors())
        raise RosterInputError("config.invalid", f"{path}: {problems}", file=path) from None


def _with_headers(entity: Entity, headers: dict[str, str]) -> Entity:
    """The header the config chose for a column; the one it replaces stays a spelling rosterxl keeps."""
    columns = []
    for column in entity.columns:
        text = headers.get(f"{entity.key}.{column.key}")
        if text and text != column.header:
            spellings = tuple(dict.fromkeys(s for s in (column.header, *column.spellings) if s != text))
            column = replace(column, header=text, spellings=spellings)
        columns.append(column)
    return replace(entity, columns=tuple(columns))


def _with_limits(entity: Entity, limits: Limits) -> Entity:
    changes = {
        ("students", "student_id"): {"max_length": limits.student_id_max},
        ("students", "username"): {"min_length": limits.username_min},
        ("students", "password"): {"min_length": limits.password_min},
        ("students", "session_time"): {"number_range": (limits.session_time_min, limits.session_time_max)},
        ("educators", "username"): {"max_length": limits.educator_username_max},
    }
    columns = []
    for column in entity.columns:
        change = changes.get((entity.key, column.key), {})
        if column.key == "external_id":
            change = {"max_length": limits.external_id_max}
        columns.append(replace(column, **change) if change else column)
    return replace(entity, columns=tuple(columns))


def apply_config(config: DistrictConfig, path: str | None, base: Catalog | None = None,
                 portal_templates: dict[str, list[list[str]]] | None = None) -> Catalog:
    """The catalog a config makes. `portal_templates` are the rows of the files its [portal_templates]
    names, by record type (the caller reads them: the core reads no files but its own)."""
    base = base or builtin_catalog()
    lists = dict(base.lists)
    if config.organizations:
        lists["Organization"] = replace(lists["Organization"], values=tuple(config.organizations),
                                        source="config")
    if config.products is not None:
        lists["Product"] = replace(lists["Product"], values=tuple(config.products), source="config")
    if config.classes:
        names = tuple(dict.fromkeys(c.name for c in config.classes))
        lists["ClassGroup"] = replace(lists["ClassGroup"], values=names, source="config")
    for name, override in config.lists.items():
        if isinstance(override, list):
            override = ListOverride(values=override)
        current: AllowedList = lists[name]
        lists[name] = replace(
            current, values=tuple(override.values), source="config",
            aliases=override.aliases or {a: v for a, v in current.aliases.items() if v in override.values},
            severity=Severity(override.severity) if override.severity else current.severity)
    entities = {k: replace(_with_headers(_with_limits(e, config.limits), config.headers),
                           secret_words=tuple(config.secret_headers)) for k, e in base.entities.items()}
    catalog = replace(
        base, entities=entities, lists=lists,
        classes=tuple((c.name, c.organization) for c in config.classes),
        records_per_file=config.limits.records_per_file, blank_password=config.blank_password,
        csv_bom=config.csv_bom, severities={k: Severity(v) for k, v in config.severity.items()},
        district=config.district, config_path=path, sis_decisions=config.sis)
    for key, template in config.portal_templates.items():
        if portal_templates is None or key not in portal_templates:
            raise RosterInputError("template.unreadable",
                                   f"{path}: the portal template '{template}' for {key} was not read", file=path)
        catalog = learn_portal_template(catalog, key, portal_templates[key], template)
    return catalog


def portal_template_paths(config: DistrictConfig, path: str | Path | None) -> dict[str, Path]:
    """The files the config's [portal_templates] names, beside the config file."""
    root = Path(path).parent if path else Path(".")
    return {key: root / name for key, name in config.portal_templates.items()}


def example_district() -> Catalog:
    """The built-in example district `rosterxl demo` uses."""
    text = resources.files("rosterxl.core.catalog").joinpath("example_district.toml").read_text("utf-8")
    config = DistrictConfig.model_validate(tomllib.loads(text))
    catalog = apply_config(config, "example_district.toml")
    return catalog
