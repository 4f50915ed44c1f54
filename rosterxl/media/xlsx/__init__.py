"""The .xlsx/.xlsm medium: reading workbooks (python-calamine, else openpyxl), writing new ones (openpyxl:
templates, the demo, open-export workbooks), and marking existing ones part by part (package, xml*, marker)."""
