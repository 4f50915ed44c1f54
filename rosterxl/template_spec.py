"""What a template holds, independent of how it is written (openpyxl for files, xlwings in Excel):
the columns of each sheet and the live checks that turn a cell red."""
from __future__ import annotations

from dataclasses import dataclass

from rosterxl.catalog.columns import Column, Entity, Kind

RECORDS = 10_000                       # the portal's limit per file: validation covers this many rows
FIRST_ROW = 4                          # under the header (1) and the two sample rows (2, 3)
LAST_ROW = FIRST_ROW + RECORDS - 1


@dataclass(frozen=True)
class SheetPlan:
    entity: Entity
    columns: tuple[Column, ...]


def template_columns(entity: Entity, optional: set[str] | None) -> tuple[Column, ...]:
    """Required columns always; optional ones when asked for (None asks for all); never export-only ones."""
    chosen = []
    for column in entity.columns:
        if column.kind is Kind.EXPORT_ONLY:
            continue
        if column.required or optional is None or column.key in optional or column.header in optional:
            chosen.append(column)
    return tuple(chosen)


def live_checks(column: Column, letter: str, last: str, lists: dict[str, str],
                first_row: int = FIRST_ROW, last_row: int = LAST_ROW) -> list[str]:
    """Conditional-format formulas (for the first data cell; Excel shifts them down) that are TRUE,
    and so turn the cell red, when the value is wrong."""
    c = f"{letter}{first_row}"
    filled = f"LEN(TRIM({c}))>0"
    checks = []
    if column.required:
        checks.append(f"AND(LEN(TRIM({c}))=0,COUNTA($A{first_row}:${last}{first_row})>0)")
    name = lists.get(column.list_name or "")
    if name and column.kind is Kind.LIST:
        checks.append(f"AND({filled},COUNTIF({name},TRIM({c}))=0)")
    if name and column.kind is Kind.MULTI_LIST:
        cell = f'";"&SUBSTITUTE(SUBSTITUTE(TRIM({c}),"; ",";")," ;",";")&";"'
        items = f'(LEN({c})-LEN(SUBSTITUTE({c},";",""))+1)'
        found = f'SUMPRODUCT(--ISNUMBER(SEARCH(";"&{name}&";",{cell})))'
        checks.append(f"AND({filled},{found}<{items})")
    if column.max_items == 1:
        checks.append(f'ISNUMBER(SEARCH(";",TRIM({c})))')
    if column.unique and column.unique_severity.value == "error":
        checks.append(f"IF({filled},SUMPRODUCT(--({letter}${first_row}:{letter}${last_row}={c}))>1,FALSE)")
    if column.min_length and column.min_length > 1:
        checks.append(f"AND({filled},LEN(TRIM({c}))<{column.min_length})")
    if column.max_length and column.length_severity.value == "error":
        checks.append(f"LEN(TRIM({c}))>{column.max_length}")
    if column.kind is Kind.EMAIL:
        checks.append(f'AND({filled},OR(ISERROR(FIND("@",{c})),ISERROR(FIND(".",{c},FIND("@",{c})+2)),'
                      f'ISNUMBER(FIND(" ",TRIM({c})))))')
    if column.kind is Kind.WHOLE_NUMBER:
        checks.append(f"AND({filled},IFERROR(INT(--TRIM({c}))<>--TRIM({c}),TRUE))")
    return checks
