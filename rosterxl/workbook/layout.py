"""Where things are in a rosterxl template, shared by the code that writes templates and the code that reads them."""

RECORDS = 10_000                       # the portal's limit per file: validation covers this many rows
FIRST_ROW = 4                          # under the header (1) and the two sample rows (2, 3)
LAST_ROW = FIRST_ROW + RECORDS - 1
LISTS_SHEET = "Lists"
SAMPLES_TITLE = "Sample rows of "      # title of the Lists sheet's block that keeps a sheet's sample rows
