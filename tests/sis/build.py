"""One district, written as a OneRoster 1.1 bundle, a OneRoster 1.2 bundle and Clever's SFTP files, so the three
must give the same sheets; and broken copies of each with known mistakes (planted.json names each one's file,
row and column). `python -m tests.sis.build` rewrites tests/sis/files. The district's writers, and the large
districts of the bench, are in bench/sis_district.py."""
from __future__ import annotations

import json
from pathlib import Path

from bench.sis_district import CONFIG, FALL, SETS, SPRING, District, Person, Section, write

HERE = Path(__file__).parent / "files"


def small() -> District:
    schools = [("org-elm", "Elm Street Elementary", "101"), ("org-oak", "Oak Ridge Middle School", "201")]
    people = [
        Person("u-t1", "T-1001", "Ana", "Rivera", "arivera", "arivera@maplevalley.example", ["org-elm"], "teacher"),
        Person("u-t2", "T-1002", "David", "Chen", "dchen", "dchen@maplevalley.example", ["org-elm"], "teacher"),
        Person("u-t3", "T-2001", "Grace", "O'Neill", "goneill", "goneill@maplevalley.example", ["org-oak"], "teacher"),
        Person("u-t4", "T-2002", "Tomás", "Núñez", "tnunez", "tnunez@maplevalley.example", ["org-oak", "org-elm"],
               "teacher"),
        Person("u-p1", "", "Marcus", "Okafor", "mokafor", "mokafor@maplevalley.example", ["org-elm"], "principal"),
        Person("u-d1", "", "Helen", "Park", "hpark", "hpark@maplevalley.example", ["org-elm", "org-oak"], "district"),
        Person("u-s1", "0004412", "Sofía", "García", "sgarcia", "", ["org-elm"], grade="3"),
        Person("u-s2", "0004413", "Liam", "O'Brien", "lobrien", "", ["org-elm"], grade="3"),
        Person("u-s3", "0004414", "Amir", "Haddad", "ahaddad", "", ["org-elm"], grade="K"),
        Person("u-s4", "0004415", "Mei", "Chen", "mchen", "", ["org-elm"], grade="4"),
        Person("u-s5", "0004416", "Zoë", "Nguyễn", "znguyen", "", ["org-elm"], grade="TK"),
        Person("u-s6", "0007201", "Mateo", "Ruiz", "mruiz", "", ["org-oak"], grade="7"),
        Person("u-s7", "0007202", "Isabella", "Torres", "itorres", "", ["org-oak", "org-elm"], grade="7"),
        Person("u-s8", "0008101", "Noah", "D'Souza", "ndsouza", "", ["org-oak"], grade="8"),
    ]
    sections = [
        Section("c-301", "Grade 3 Reading", "R301", "org-elm", FALL, ["u-t1"], "english/language arts", "3", "1",
                ["u-s1", "u-s2"]),
        Section("c-302", "Grade 3 Reading", "R302", "org-elm", FALL, ["u-t2"], "english/language arts", "3", "2",
                []),
        Section("c-401", "Grade 4 Math", "M401", "org-elm", FALL, ["u-t2"], "math", "4", "3", ["u-s4"]),
        Section("c-k01", "Kindergarten Homeroom", "HK01", "org-elm", FALL, ["u-t1", "u-t4"], "homeroom/advisory",
                "K", "1", ["u-s3", "u-s5"]),
        Section("c-701", "Math 7", "M701", "org-oak", FALL, ["u-t3"], "math", "7", "2", ["u-s6", "u-s7"]),
        Section("c-702", "ELA 7", "E701", "org-oak", FALL, ["u-t4"], "english/language arts", "7", "3",
                ["u-s6", "u-s7"]),
        Section("c-801", "Science 8", "S801", "org-oak", FALL, ["u-t3"], "science", "8", "4", ["u-s8"]),
        Section("c-802", "Science 8", "S802", "org-oak", SPRING, ["u-t3"], "science", "8", "4", ["u-s8"]),
    ]
    return District(schools, people, sections)


# ---- the broken copies: each mistake with the file, row and column a validator would name ----------------------

def _find(rows: list[list[str]], value: str) -> int:
    return next(i for i, r in enumerate(rows) if value in r)


def _set(files, file: str, ident: str, column: str, value: str) -> dict:
    rows = files[file]
    i, j = _find(rows, ident), rows[0].index(column)
    rows[i][j] = value
    return {"file": file, "row": i + 1, "column": column}


def _row_problem(files, file: str, ident: str, cells: list[str]) -> dict:
    i = _find(files[file], ident)
    files[file][i] = cells
    return {"file": file, "row": i + 1, "column": None}


def break_oneroster(files, version: str) -> list[dict]:
    planted = [
        _set(files, "users.csv", "u-s2", "givenName", ""),                              # required value empty
        _set(files, "enrollments.csv", "e-c-401-u-s4", "userSourcedId", "u-s99"),       # not in users.csv
        _set(files, "academicSessions.csv", "term-fall", "startDate", "08/17/2026"),    # not YYYY-MM-DD
        _set(files, "classes.csv", "c-701", "classType", "lab"),                        # not homeroom/scheduled
        _set(files, "orgs.csv", "org-oak", "status", "active"),                         # bulk file with a status
        _set(files, "classes.csv", "c-702", "schoolSourcedId", "org-pine"),             # not in orgs.csv
    ]
    row = list(files["classes.csv"][_find(files["classes.csv"], "c-801")])
    row[row.index("term-fall")] = "term-fall"
    planted.append(_row_problem(files, "classes.csv", "c-801", row[:10] + ["term-fall", "term-spring"] + row[11:]))
    if version == "1.1":
        planted.append(_set(files, "users.csv", "u-t3", "role", "techer"))
        planted.append(_set(files, "users.csv", "u-s8", "grades", "8"))                # not a CEDS code (warning)
    else:
        i = _find(files["roles.csv"], "role-u-t4-1")
        files["roles.csv"][i][4] = "primary"                                           # a second primary role
        planted.append({"file": "roles.csv", "row": i + 1, "column": "roleType"})
        planted.append(_set(files, "users.csv", "u-t3", "enabledUser", "yes"))
        planted.append(_set(files, "roles.csv", "role-u-s6-0", "orgSourcedId", "org-pine"))
    return planted


def break_clever(files) -> list[dict]:
    planted = [
        _set(files, "sections.csv", "c-702", "Teacher_id", "u-t9"),                     # not in teachers.csv
        _set(files, "enrollments.csv", "u-s4", "Student_id", "u-s99"),                  # not in students.csv
        _set(files, "students.csv", "u-s2", "Last_name", ""),                           # required value empty
        _set(files, "students.csv", "u-s8", "Grade", "Eighth"),                         # not a Clever grade
        _set(files, "sections.csv", "c-801", "Term_start", "2026-13-45"),               # not a date
        _set(files, "sections.csv", "c-802", "Section_id", "c-401"),                    # an id given twice
    ]
    files["students.csv"][0][files["students.csv"][0].index("Username")] = "username"  # capitals count (warning)
    planted.append({"file": "students.csv", "row": 1, "column": "username"})
    return planted


ELM, OAK = "Elm Street Elementary", "Oak Ridge Middle School"
ILL, MATH = "Imagine Language & Literacy", "Imagine Math"


def portal() -> tuple[dict[str, list[list[str]]], dict]:
    """The portal's exports of the small district as an earlier upload left them (each file in its own column
    order), and what a merge with the SIS must find: per sheet the records in both that changed (with the
    columns) or did not, the SIS's new records and the portal's records the SIS does not have. The ones marked
    unchanged differ from the SIS only in ways that are no change: capitals, the order of a list, a grade's
    other spelling, a record found by its username or by its name and school, a value the SIS leaves empty
    (Marcus Okafor's class, Zoë's Audio Support)."""
    files = {
        "students-export.csv": [
            ["Database ID", "First Name", "Last Name", "Username", "Password", "Grade", "External Assigned ID",
             "Organizations", "Classes/Groups", "Products", "Audio Support"],
            ["51001", "Sofía", "García", "SGarcia", "", "3", "0004412", ELM, "Grade 3 Reading (R301)", ILL, ""],
            ["51002", "Liam", "O'Brien", "lobrien", "", "2", "0004413", ELM, "Grade 3 Reading (R301)", ILL, ""],
            ["51004", "Mei", "Chen", "mchen", "", "4", "0004415", ELM, "Grade 4 Math", ILL.lower(), ""],
            ["51005", "Zoë", "Nguyễn", "znguyen", "", "Kindergarten", "0004416", ELM, "Kindergarten Homeroom", ILL,
             "Yes"],
            ["51006", "Mateo", "Ruiz", "mruiz", "", "7", "0007201", OAK, "Math 7;ELA 7", MATH, ""],
            ["51007", "Isabella", "Torres", "itorres", "", "7", "0007202", ELM, "", MATH, ""],
            ["51008", "Noah", "D'Souza", "Noah.DSouza", "", "8", "0008101", OAK, "Science 8", "", ""],
            ["50999", "Ava", "Lindqvist", "alindqvist", "", "5", "0004399", ELM, "", ILL, ""],
        ],
        "educators-export.csv": [
            ["First Name", "Last Name", "Username", "Educator Type", "External Assigned ID", "Organizations",
             "Classes/Groups", "Database ID"],
            ["Ana", "Rivera", "arivera@maplevalley.example", "Teacher", "T-1001", ELM,
             "Kindergarten Homeroom;Grade 3 Reading (R301)", "61001"],
            ["David", "Chen", "dchen@maplevalley.example", "Teacher", "T-1002", ELM,
             "Grade 3 Reading (R302);Grade 4 Math", "61002"],
            ["Grace", "O'Neil", "goneill@maplevalley.example", "Teacher", "T-2001", OAK, "Math 7;Science 8", "61003"],
            ["Marcus", "Okafor", "MOkafor@maplevalley.example", "Admin", "", ELM, "Kindergarten Homeroom", "61004"],
            ["Helen", "Park", "hpark@maplevalley.example", "admin", "", f"{ELM};{OAK}", "", "61005"],
            ["Robert", "Klein", "rklein@maplevalley.example", "Teacher", "T-1009", ELM, "Art Club", "61009"],
        ],
        "classes-export.csv": [
            ["Database ID", "Class/Group Name", "External Assigned ID", "Organization", "Product", "Educators"],
            ["71001", "Grade 3 Reading (R301)", "c-301", ELM, ILL, "arivera@maplevalley.example"],
            ["71002", "Grade 3 Reading (R302)", "c-302", ELM, ILL, "dchen@maplevalley.example"],
            ["71003", "Grade 4 Math", "", ELM, ILL, "dchen@maplevalley.example"],
            ["71004", "Kindergarten Homeroom", "c-k01", ELM, ILL, "arivera@maplevalley.example"],
            ["71005", "ELA 7", "c-702", OAK, MATH, ""],
            ["71006", "Math 7", "c-701", OAK, MATH, "goneill@maplevalley.example"],
            ["71009", "Art Club", "", ELM, ILL, "rklein@maplevalley.example"],
        ],
    }
    expected = {      # by Database ID (new records by their SIS key)
        "Students": {"unchanged": ["51001", "51004", "51005", "51006"],
                     "changed": {"51002": ["Grade"], "51007": ["Organizations", "Classes/Groups"],
                                 "51008": ["Username", "Products"]},
                     "new": ["0004414"], "portal_only": ["50999"]},
        "Educators": {"unchanged": ["61001", "61002", "61004", "61005"], "changed": {"61003": ["Last Name"]},
                      "new": ["tnunez@maplevalley.example"], "portal_only": ["61009"]},
        "Classes-Groups": {"unchanged": ["71001", "71002", "71006"],
                           "changed": {"71003": ["External Assigned ID"], "71004": ["Educators"],
                                       "71005": ["Educators"]},
                           "new": ["c-801"], "portal_only": ["71009"]},
    }
    return files, expected


def build(root: Path = HERE) -> None:
    planted = {}
    for name, make in SETS.items():
        write(make(small()), root / name)
        broken = make(small())
        planted[name] = (break_clever(broken) if name == "clever"
                         else break_oneroster(broken, name.split("-")[1]))
        write(broken, root / f"{name}-broken")
    exports, planted["portal"] = portal()
    write(exports, root / "portal")
    (root / "rosterxl.toml").write_text(CONFIG, encoding="utf-8")
    (root / "planted.json").write_text(json.dumps(planted, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    build()
