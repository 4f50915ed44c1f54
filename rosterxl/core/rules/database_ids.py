"""Round-trip checks on a sheet made from a portal export: the Database ID, the portal's key for each
record, must stay as exported; rows gone, new rows and changed student IDs are pointed out."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from rosterxl.core.model import Issue, Severity, plural
from rosterxl.core.rules.base import Code, Context, check
from rosterxl.core.tables import Table

E, W = Severity.ERROR, Severity.WARNING
ID_UNKNOWN = Code("roundtrip.database-id-unknown", "a Database ID the portal did not export (edited or typed by hand)",
                  E)
ID_CLEARED = Code("roundtrip.database-id-cleared", "an exported record whose Database ID was removed (it would be "
                  "created again)", E)
ID_DUPLICATE = Code("roundtrip.database-id-duplicate", "the same Database ID on two rows", E)
NOT_IN_SHEET = Code("roundtrip.not-in-sheet", "exported records no longer in the sheet (an import does not delete "
                    "them)", W)
STUDENT_ID_CHANGED = Code("roundtrip.student-id-changed", "a student ID changed on an exported record (it is the "
                          "update key)", W)
NEW_RECORD = Code("roundtrip.new-record", "a row without a Database ID: the import creates a new record", W)
CODES = (ID_UNKNOWN, ID_CLEARED, ID_DUPLICATE, NOT_IN_SHEET, STUDENT_ID_CHANGED, NEW_RECORD)


@check("round trip", CODES)
def round_trip(ctx: Context, table: Table) -> Iterator[Issue]:
    found = ctx.changes(table)
    if found is None:
        return
    db = table.header_for("database_id")
    ids = Counter(c.database_id for c in found.rows if c.database_id)
    real = _real_rows(found, ids)
    cleared = _cleared(table, found, {c.row.number for c in found.rows if c.database_id in real
                                      and real[c.database_id] not in (None, c.row.number)})
    for change in found.rows:
        row, database_id = change.row, change.database_id
        owner = real.get(database_id)
        if database_id and ids[database_id] > 1 and owner is None:
            yield ctx.issue(table, db, row.number, ID_DUPLICATE,
                            f"The Database ID {database_id} is on {ids[database_id]} rows, and their other cells "
                            "do not tell which is the exported record. Each record has its own: the copies would "
                            "overwrite each other. Find the exported record's row; clear the Database ID of the "
                            "copies (they become new records) or delete them.")
        elif database_id and ids[database_id] > 1 and owner != row.number:
            was = cleared.get(row.number)
            mend = (f"This row's cells are those of the record exported with Database ID {was}: put that ID back."
                    if was else "This row's was changed or copied: put back its own Database ID, or clear it to "
                    "make this row a new record.")
            yield ctx.issue(table, db, row.number, ID_DUPLICATE,
                            f"The Database ID {database_id} belongs to row {owner}, whose other cells are that "
                            f"exported record's. {mend}", was, certain=was is not None)
        if change.status == "added" and database_id:
            was = cleared.get(row.number)
            yield ctx.issue(table, db, row.number, ID_UNKNOWN,
                            f"The portal did not export the Database ID {database_id}: it was changed or typed by "
                            "hand, and the import would not find the record. "
                            + (f"This row's student was exported with Database ID {was}: put it back."
                               if was else "Put back the exported value, or clear it to make this a new record."),
                            was, certain=was is not None)
        elif change.status == "added" and row.number in cleared:      # the Database ID was emptied
            yield ctx.issue(table, db, row.number, ID_CLEARED,
                            f"This row is the exported record with Database ID {cleared[row.number]}, but its "
                            "Database ID was removed: the import would create the account a second time. Put "
                            "the Database ID back.", cleared[row.number], certain=True)
        elif change.status == "added":
            yield ctx.issue(table, db, row.number, NEW_RECORD,
                            f"This row has no Database ID, so the import creates a new {table.entity.noun}.")
        student_id = table.header_for("student_id")
        if change.status == "changed" and student_id in change.columns:
            was = change.before.get(student_id.index, "")
            yield ctx.issue(table, student_id, row.number, STUDENT_ID_CHANGED,
                            f"The student ID was '{was}' when exported. The portal finds students by it: changing "
                            "it may create a second account or lose the student's history. Change it only on "
                            "purpose.", was)
    if found.gone:
        shown = ", ".join(found.gone[:5]) + (" ..." if len(found.gone) > 5 else "")
        verb = "is" if len(found.gone) == 1 else "are"
        yield ctx.issue(table, db, table.header_row, NOT_IN_SHEET,
                        f"{plural(len(found.gone), 'exported record')} {verb} no longer in the sheet (Database ID "
                        f"{shown}). An import does not delete them: to remove accounts, delete them in the portal.")


def _real_rows(found, ids: Counter) -> dict[str, int | None]:
    """For each Database ID on several rows, the row that is its exported record: the one whose other cells
    changed least since the export (None when two match it equally well)."""
    real: dict[str, int | None] = {}
    for database_id in (i for i, n in ids.items() if n > 1):
        rows = sorted((len(c.columns), c.row.number) for c in found.rows if c.database_id == database_id)
        real[database_id] = rows[0][1] if rows[0][0] < rows[1][0] else None
    return real


def _cleared(table: Table, found, copies: set[int] = frozenset()) -> dict[int, str]:
    """New-looking rows (no Database ID, one the portal did not export, or another row's: `copies`) that carry
    the student ID (or username) of an exported record no longer in the sheet: row number -> that record's
    Database ID."""
    exported = table.exported
    keys = [h for h in (table.header_for("student_id"), table.header_for("username")) if h is not None]
    if not found.gone or not keys:
        return {}
    by_key = {}
    for database_id in found.gone:
        for h in keys:
            value = (exported.value(database_id, h.text) or "").strip().casefold()
            if value:
                by_key[(h.index, value)] = database_id
    cleared = {}
    for change in found.rows:
        if change.status == "added" or change.row.number in copies:
            for h in keys:
                match = by_key.get((h.index, change.row.values[h.index].strip().casefold()))
                if match:
                    cleared[change.row.number] = match
                    break
    return cleared
