"""rosterxl: prepare, check and save Imagine Learning bulk-import rostering files in Excel."""
__version__ = "0.1.0"
