"""Every check's stable code and what it finds, made from the checks' declarations by
`python -m rosterxl.core.rules` (a test checks it is current). Config keys use these codes."""

CODES: dict[str, str] = {
    'cross.class-unknown':
        'a class/group not in the Classes/Groups sheet or config, or at another school',
    'excel.boolean':
        'TRUE or FALSE that Excel stored as yes/no where text is expected (an error in an ID column)',
    'excel.date':
        'a value Excel turned into a date',
    'excel.number':
        'an ID, username or password Excel stored as a number; IDs shorter than their zero-padded neighbours',
    'excel.scientific':
        '`1.23457E+11`: digits lost',
    'format.email':
        'an educator username that is not an email',
    'format.line-break':
        'a line break inside a single-value cell',
    'format.out-of-range':
        'session time outside 5-120 minutes',
    'format.too-long':
        'longer than the portal accepts (student ID > 64 characters)',
    'format.too-short':
        'shorter than the portal accepts (username < 3, password < 4 characters)',
    'format.whole-number':
        'session time not a whole number',
    'list.not-allowed':
        'a value not in its list, with the nearest allowed value',
    'list.spelling':
        "a value in its list but spelled differently; the CSV uses the portal's spelling",
    'multi.repeated':
        'the same value twice in a cell',
    'multi.separator':
        'several values separated by `:` `,` `|` `/` or line breaks instead of `;`',
    'multi.too-many':
        'a student in more than one school',
    'organization.misspelt':
        'without a config: a school written unlike other rows (near miss, capitals, short form, comma)',
    'password.blank':
        'a new student without a password (setting `blank_password`)',
    'required.missing':
        'a required value is empty',
    'roundtrip.database-id-cleared':
        'an exported record whose Database ID was removed (it would be created again)',
    'roundtrip.database-id-duplicate':
        'the same Database ID on two rows',
    'roundtrip.database-id-unknown':
        'a Database ID the portal did not export (edited or typed by hand)',
    'roundtrip.new-record':
        'a row without a Database ID: the import creates a new record',
    'roundtrip.not-in-sheet':
        'exported records no longer in the sheet (an import does not delete them)',
    'roundtrip.student-id-changed':
        'a student ID changed on an exported record (it is the update key)',
    'sample.row':
        'a sample row copied among the records (left out of the CSV); samples under the header are not said',
    'sheet.blank-row':
        'empty rows between records',
    'sheet.duplicate-header':
        'two columns for the same thing',
    'sheet.header-spelling':
        "a header spelled unlike the portal's",
    'sheet.hidden':
        'rows or columns hidden in Excel (checked and saved like the others)',
    'sheet.missing-column':
        'a required column is missing',
    'sheet.too-many-records':
        'more than 10,000 records: the CSV will be split',
    'sheet.unknown-header':
        'a column rosterxl does not know (copied to the CSV unchanged)',
    'text.formula':
        'a header or cell a spreadsheet would run as a formula (`=1+1`, `@SUM(1+1)`): never saved',
    'text.formula-start':
        'data starting with `+` `-` `@` or a tab (`@home`): saved after an apostrophe',
    'text.garbled':
        'letters garbled by a wrong encoding (`EspaÃ±ol`)',
    'text.invisible':
        'zero-width or control characters in a cell',
    'text.spaces':
        'spaces at the start or end of a cell, or doubled inside a name',
    'text.too-long':
        'a value longer than a spreadsheet cell holds (32,767 characters)',
    'unique.duplicate':
        'a student ID or username used twice (usernames ignoring capitals); a class name twice in one school',
}
