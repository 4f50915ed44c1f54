"""`python -m rosterxl` runs the command line."""
from rosterxl.cli import main

main()
