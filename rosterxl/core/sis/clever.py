"""Clever's SFTP files (schools, students, teachers, sections, enrollments, and staff when there is one): the
headers exactly as Clever names them (capitals count, the order does not), the required values, the grade and
subject vocabularies, and the references between files."""
from __future__ import annotations

from rosterxl.core.model import Severity
from rosterxl.core.sis.contents import Files, Membership, Person, School, Section, SisDistrict, SisFormat, Term, Where
from rosterxl.core.sis.validate import Col, FileReader, FileSpec, Record, parse_date

E, W = Severity.ERROR, Severity.WARNING
TEACHER_SLOTS = 10
# Clever's grade words, and what real Clever files hold besides: its own sandbox district writes 0 for
# kindergarten (the portal's K, by [sis.grades]), and Gender as female and male
GRADES = ("InfantToddler", "Preschool", "PreKindergarten", "TransitionalKindergarten", "Kindergarten",
          *(str(n) for n in range(1, 14)), "PostGraduate", "Ungraded", "Other", "K", "PK", "TK", "0")
GENDERS = ("M", "F", "X", "female", "male")
SUBJECTS = ("english/language arts", "math", "science", "social studies", "language", "homeroom/advisory",
            "interventions/online learning", "technology and engineering", "PE and health", "arts and music", "other")
FILES = ("schools.csv", "students.csv", "teachers.csv", "sections.csv", "enrollments.csv", "staff.csv")


def _cols(required: tuple[str, ...], optional: tuple[str, ...], *special: Col) -> tuple[Col, ...]:
    named = {c.name for c in special}
    return (*special, *(Col(n, required=True) for n in required if n not in named),
            *(Col(n) for n in optional if n not in named))


SPECS = {
    "schools": FileSpec("schools.csv", _cols(
        ("School_id", "School_name"),
        ("School_number", "State_id", "Nces_id", "Low_grade", "High_grade", "Principal", "Principal_email",
         "School_address", "School_city", "School_state", "School_zip", "School_phone")),
        required=True, key="School_id", kind="school", dates="MM/DD/YYYY"),
    "students": FileSpec("students.csv", _cols(
        ("School_id", "Student_id", "Last_name", "First_name"),
        ("Student_number", "State_id", "Middle_name", "Graduation_year", "DOB", "Race", "Hispanic_Latino",
         "Home_language", "Ell_status", "Frl_status", "IEP_status", "Student_street", "Student_city",
         "Student_state", "Student_zip", "Student_email", "Contact_relationship", "Contact_type", "Contact_name",
         "Contact_phone", "Contact_phone_type", "Contact_email", "Contact_sis_id", "Username", "Password",
         "Unweighted_gpa", "Weighted_gpa"),
        Col("Grade", vocab=GRADES, vocab_severity=W, folded=True),
        Col("Gender", vocab=GENDERS, vocab_severity=W, folded=True)),
        required=True, key="Student_id", key_repeats=True, kind="person", dates="MM/DD/YYYY"),
    "teachers": FileSpec("teachers.csv", _cols(
        ("School_id", "Teacher_id", "Last_name", "First_name"),
        ("Teacher_number", "State_teacher_id", "Teacher_email", "Middle_name", "Title", "Username", "Password")),
        required=True, key="Teacher_id", key_repeats=True, kind="person", dates="MM/DD/YYYY"),
    "sections": FileSpec("sections.csv", _cols(
        ("School_id", "Section_id", "Teacher_id"),
        (*(f"Teacher_{n}_id" for n in range(2, TEACHER_SLOTS + 1)), "Name", "Section_number", "Course_name",
         "Course_number", "Course_description", "Period", "Term_name"),
        Col("Grade", vocab=GRADES, vocab_severity=W, folded=True),
        Col("Subject", vocab=SUBJECTS, vocab_severity=W, folded=True),
        Col("Term_start", kind="date"), Col("Term_end", kind="date")),
        required=True, key="Section_id", kind="class/group", dates="MM/DD/YYYY"),
    "enrollments": FileSpec("enrollments.csv", _cols(("School_id", "Section_id", "Student_id"), ()), required=True,
                            kind="enrollment", dates="MM/DD/YYYY"),
    "staff": FileSpec("staff.csv", _cols(
        ("School_id", "Staff_id", "Staff_email", "First_name", "Last_name"),
        ("Department", "Title", "Username", "Password", "Role")), key="Staff_id", key_repeats=True, kind="person",
        dates="MM/DD/YYYY"),
}


def read_clever(files: Files) -> SisDistrict:
    district = SisDistrict("Clever", sorted(files))
    reader = FileReader(files, district.problems, district.fatal, district.left_out)
    records = {key: reader.read(spec) for key, spec in SPECS.items()}
    if not reader.fatal:
        _build(reader, district, {k: v or [] for k, v in records.items()})
    return district


def _check(reader: FileReader, file: str, r: Record, column: str, known, target: str) -> str | None:
    value = r.get(column)
    if value and (f"{target}s.csv", value) in reader.unread:
        return None                     # its row could not be read, and is listed as not brought over
    if value and value not in known:
        reader.problem(file, r.row, column, f"'{value}' is not in {target}s.csv.")
        return None
    return value or None


def _build(reader: FileReader, d: SisDistrict, records: dict[str, list[Record]]) -> None:
    for r in records["schools"]:
        d.schools[r.get("School_id")] = School(r.get("School_id"), r.get("School_name"), r.get("School_number"),
                                               where=Where("schools.csv", r.row))
    schools = d.schools
    _people(reader, d, records["students"], "students.csv", "Student_id", lambda r: "student")
    _people(reader, d, records["teachers"], "teachers.csv", "Teacher_id", lambda r: "teacher")
    _people(reader, d, records["staff"], "staff.csv", "Staff_id",
            lambda r: f"staff:{(r.get('Role') or r.get('Title')).strip()}")
    teachers = {r.get("Teacher_id") for r in records["teachers"]}
    students = {r.get("Student_id") for r in records["students"]}
    for r in records["sections"]:
        school = _check(reader, "sections.csv", r, "School_id", schools, "school")
        ids = [r.get("Teacher_id")] + [r.get(f"Teacher_{n}_id") for n in range(2, TEACHER_SLOTS + 1)]
        columns = ["Teacher_id"] + [f"Teacher_{n}_id" for n in range(2, TEACHER_SLOTS + 1)]
        found = [_check(reader, "sections.csv", r, c, teachers, "teacher") for c, v in zip(columns, ids) if v]
        if school is None:
            reader.left("sections.csv", r.row, "class/group", r.values, "Section_id",
                        f"its school '{r.get('School_id')}' is not in schools.csv (see Problems)")
            continue
        term = _term(reader, d, r)
        section = Section(r.get("Section_id"), r.get("Name"), school, Where("sections.csv", r.row),
                          r.get("Section_number"), [term] if term else [], [r.get("Subject")] if r.get("Subject")
                          else [], [r.get("Grade")] if r.get("Grade") else [], [r.get("Period")] if r.get("Period")
                          else [], "", r.get("Course_name"))
        d.sections[section.id] = section
        d.memberships.extend(Membership(section.id, t, "teacher") for t in dict.fromkeys(found) if t)
    lost: dict[str, list[tuple[int, str]]] = {}
    for r in records["enrollments"]:
        unread = ("sections.csv", r.get("Section_id")) in reader.unread
        section = None if unread else _check(reader, "enrollments.csv", r, "Section_id", d.sections, "section")
        student = _check(reader, "enrollments.csv", r, "Student_id", students, "student")
        school = _check(reader, "enrollments.csv", r, "School_id", schools, "school")
        if unread and student in d.people:
            lost.setdefault(r.get("Section_id"), []).append((r.row, d.people[student].name))
        if section and student:
            if school and school != d.sections[section].school:
                reader.problem("enrollments.csv", r.row, "School_id", f"the section {section} belongs to "
                               f"{d.sections[section].school}, not {school}.", W)
            d.memberships.append(Membership(section, student, "student"))
    reader.lost("enrollments.csv", "sections.csv", lost)


def _people(reader: FileReader, d: SisDistrict, records: list[Record], file: str, key: str, role) -> None:
    """One person per id: a second row with the same id and another school adds the school (Clever's way of
    putting a teacher or student in several schools); the same school twice is a mistake."""
    first: dict[str, int] = {}
    for r in records:
        school = _check(reader, file, r, "School_id", d.schools, "school")
        pid = r.get(key)
        person = d.people.get(pid)
        if person is not None and person.where.file == file:
            if school in person.schools:
                reader.problem(file, r.row, key, f"the id '{pid}' is also on row {first[pid]}, in the same school: "
                               "each record has its own id. This row was not read.")
            elif school:
                person.schools.append(school)
            continue
        if person is not None and "students.csv" in (file, person.where.file):
            other = "student" if file != "students.csv" else "teacher or staff member"
            reader.problem(file, r.row, key, f"the id '{pid}' is also a {other}'s ({person.where.file} row "
                           f"{person.where.row}): the files would mix the two people up. This row was not read.")
            reader.left(file, r.row, "person", r.values, key, f"its id {pid} is also on {person.where.file} row "
                        f"{person.where.row} (see Problems)")
            continue
        if person is not None:          # a teacher who is also staff: the teacher's row is the person
            continue
        first[pid] = r.row
        number = r.get("Student_number") or r.get("Teacher_number")
        d.people[pid] = Person(
            pid, role(r), r.get("First_name"), r.get("Last_name"), Where(file, r.row),
            username=r.get("Username"), email=r.get("Teacher_email") or r.get("Staff_email") or r.get("Student_email"),
            number=number, state_id=r.get("State_id") or r.get("State_teacher_id"), password=r.get("Password"),
            grades=[r.get("Grade")] if r.get("Grade") else [], schools=[school] if school else [])


def _term(reader: FileReader, d: SisDistrict, r: Record) -> str | None:
    name, start, end = r.get("Term_name"), r.get("Term_start"), r.get("Term_end")
    if not (name or start or end):
        return None
    dates = [parse_date(start) if start else None, parse_date(end) if end else None]   # read as dates already
    key = f"{name}|{start}|{end}"
    d.terms.setdefault(key, Term(key, name or f"{start} to {end}", dates[0], dates[1]))
    return key


def is_clever(files: Files, where: str) -> bool:
    """Two or more of Clever's file names."""
    names = {n.casefold() for n in files}
    return sum(n in names for n in FILES) >= 2


CLEVER = SisFormat("Clever", is_clever, read_clever, frozenset({"sections.csv", "enrollments.csv"}),
                   {"username": "Username", "student id": "Student_id", "people file": "students.csv",
                    "school": "School_id"})
