"""The command line: typer commands over the library (rosterxl.roster), rich output."""
from rosterxl.cli.app import app, main

__all__ = ["app", "main"]
