"""Where things are in a rosterxl template, shared by the code that writes templates and the code that reads them."""

from rosterxl.roundtrip import SNAPSHOT_PREFIX
from rosterxl.template_spec import FIRST_ROW, LAST_ROW, RECORDS  # noqa: F401

LISTS_SHEET = "Lists"
SAMPLES_TITLE = "Sample rows of "      # title of the Lists sheet's block that keeps a sheet's sample rows
ISSUES_SHEET = "Issues"
RECORD_SHEET = "rosterxl-marks"        # veryHidden: what each marked cell had before, for clearing
RECORD_HEADER = ["Sheet", "Cell", "Style", "Style XML", "Fill XML", "Note XML", "Note author", "Note added"]


def is_helper_sheet(name: str) -> bool:
    """A sheet rosterxl adds around the records (lists, instructions, issues, its records): never checked."""
    helpers = {LISTS_SHEET, "Instructions", ISSUES_SHEET, f"{ISSUES_SHEET} (rosterxl)", RECORD_SHEET}
    return name.strip().casefold() in {h.casefold() for h in helpers} or name.startswith(SNAPSHOT_PREFIX)
