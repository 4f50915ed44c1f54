"""A package whose public names are imported when first used (PEP 562): `rosterxl --help` and a ribbon click pay
only for what they run."""
from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Any


def lazy_names(package: str, namespace: dict[str, Any], where: dict[str, str]
               ) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The package's __getattr__ and __dir__: each name in `where` (name -> the module that defines it) imported
    on first use, then kept in the package's `namespace`."""
    def __getattr__(name: str) -> Any:
        if name not in where:
            raise AttributeError(f"module '{package}' has no attribute '{name}'")
        value = getattr(import_module(where[name]), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted([*namespace, *where])
    return __getattr__, __dir__
