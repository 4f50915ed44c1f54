"""A district of any size written as a OneRoster 1.1 bundle, a OneRoster 1.2 bundle or Clever's SFTP files (the
same people and classes in each): `write(SETS[name](large(n)), folder)`. bench/bench_from_sis.py and
bench/bench_speed.py run from-sis on it; tests/sis/build.py makes its small fixtures with the same writers."""
from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass, field
from pathlib import Path

AS_OF = "2026-11-23"
FALL = ("term-fall", "Fall 2026", "2026-08-17", "2026-12-18")
SPRING = ("term-spring", "Spring 2027", "2027-01-05", "2027-05-28")
YEAR = ("year-2027", "2026-2027", "2026-08-17", "2027-05-28")
CEDS = {"TK": "TK", "K": "KG", **{str(n): f"{n:02d}" for n in range(1, 13)}}
CLEVER = {"TK": "TransitionalKindergarten", "K": "Kindergarten", **{str(n): str(n) for n in range(1, 13)}}


@dataclass
class Person:
    id: str
    number: str
    given: str
    family: str
    username: str
    email: str
    schools: list[str]            # the primary school first
    role: str = "student"         # student, teacher, principal, district
    grade: str = ""


@dataclass
class Section:
    id: str
    title: str
    code: str
    school: str
    term: tuple
    teachers: list[str]
    subject: str
    grade: str
    period: str
    students: list[str] = field(default_factory=list)


@dataclass
class District:
    schools: list[tuple[str, str, str]]        # id, name, number
    people: list[Person]
    sections: list[Section]


def large(students: int, per_school: int = 1000, seed: int = 7) -> District:
    """A district of `students` students: schools of `per_school`, 40 students a teacher, 5 classes each."""
    rng = random.Random(seed)
    firsts = ["Ana", "Liam", "Sofía", "Noah", "Mei", "Amir", "Zoë", "Mateo", "Grace", "Omar", "Chloé", "Ivan"]
    lasts = ["García", "O'Brien", "Nguyễn", "Haddad", "Smith", "Chen", "Okafor", "D'Souza", "Kowalski", "Park"]
    schools, people, sections = [], [], []
    for s in range(max(1, students // per_school)):
        sid = f"org-{s:03d}"
        schools.append((sid, f"School {s:03d}", f"{s:03d}"))
        teachers = []
        for t in range(per_school // 40):
            tid = f"u-t{s:03d}-{t:02d}"
            teachers.append(tid)
            people.append(Person(tid, f"T{s:03d}{t:02d}", rng.choice(firsts), rng.choice(lasts), f"t{s:03d}{t:02d}",
                                 f"t{s:03d}{t:02d}@district.example", [sid], "teacher"))
            for c in range(5):
                sections.append(Section(f"c-{s:03d}-{t:02d}-{c}", f"Class {t:02d}-{c}", f"C{s:03d}{t:02d}{c}", sid,
                                        FALL, [tid], "math", str(1 + t % 12), str(c + 1)))
        for n in range(per_school):
            pid = f"u-s{s:03d}-{n:04d}"
            t = n % len(teachers)
            people.append(Person(pid, f"{s:03d}{n:05d}", rng.choice(firsts), rng.choice(lasts), f"s{s:03d}{n:05d}", "",
                                 [sid], grade=str(1 + t % 12)))
            for c in range(5):
                sections[-len(teachers) * 5 + t * 5 + c].students.append(pid)
    return District(schools, people, sections)


def _csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


def oneroster(d: District, version: str) -> dict[str, list[list[str]]]:
    v12 = version == "1.2"
    files = {"manifest.csv": [["propertyName", "value"], ["manifest.version", "1.0"], ["oneroster.version", version],
                              *(["file." + f, "bulk"] for f in ("academicSessions", "orgs", "courses", "classes",
                                                                "users", "enrollments")),
                              *(["file." + f, "absent"] for f in ("demographics", "resources", "classResources",
                                                                  "courseResources", "categories", "lineItems",
                                                                  "results")),
                              ["source.systemName", "rosterxl test SIS"], ["source.systemCode", "TEST"]]}
    if v12:
        files["manifest.csv"].insert(9, ["file.roles", "bulk"])
    files["orgs.csv"] = [["sourcedId", "status", "dateLastModified", "name", "type", "identifier", "parentSourcedId"],
                         ["org-district", "", "", "Maple Valley Unified", "district", "MVU", ""],
                         *([sid, "", "", name, "school", number, "org-district"] for sid, name, number in d.schools)]
    files["academicSessions.csv"] = [
        ["sourcedId", "status", "dateLastModified", "title", "type", "startDate", "endDate", "parentSourcedId",
         "schoolYear"], [YEAR[0], "", "", YEAR[1], "schoolYear", YEAR[2], YEAR[3], "", "2027"],
        *([t[0], "", "", t[1], "term", t[2], t[3], YEAR[0], "2027"] for t in (FALL, SPRING))]
    files["courses.csv"] = [["sourcedId", "status", "dateLastModified", "schoolYearSourcedId", "title", "courseCode",
                             "grades", "orgSourcedId", "subjects", "subjectCodes"]]
    files["classes.csv"] = [["sourcedId", "status", "dateLastModified", "title", "grades", "courseSourcedId",
                             "classCode", "classType", "location", "schoolSourcedId", "termSourcedIds", "subjects",
                             "subjectCodes", "periods"]]
    for s in d.sections:
        files["courses.csv"].append([f"course-{s.id}", "", "", YEAR[0], s.title, s.code, CEDS[s.grade], s.school,
                                     s.subject, ""])
        files["classes.csv"].append([s.id, "", "", s.title, CEDS[s.grade], f"course-{s.id}", s.code,
                                     "homeroom" if "Homeroom" in s.title else "scheduled", "", s.school, s.term[0],
                                     s.subject, "", s.period])
    head = ["sourcedId", "status", "dateLastModified", "enabledUser"] + ([] if v12 else ["orgSourcedIds", "role"]) + [
        "username", "userIds", "givenName", "familyName", "middleName", "identifier", "email", "sms", "phone",
        "agentSourcedIds", "grades", "password"] + (["userMasterIdentifier", "resourceSourcedIds", "preferredGivenName",
                                                     "preferredMiddleName", "preferredFamilyName",
                                                     "primaryOrgSourcedId", "pronouns"] if v12 else [])
    users, roles = [head], [["sourcedId", "status", "dateLastModified", "userSourcedId", "roleType", "role",
                             "beginDate", "endDate", "orgSourcedId", "userProfileSourcedId"]]
    for p in d.people:
        orgs = ["org-district"] if p.role == "district" else p.schools
        role11 = {"principal": "administrator", "district": "administrator"}.get(p.role, p.role)
        role12 = {"district": "districtAdministrator"}.get(p.role, p.role)
        row = [p.id, "", "", "true"] + ([] if v12 else [",".join(orgs), role11]) + [
            p.username, "", p.given, p.family, "", p.number, p.email, "", "", "", CEDS.get(p.grade, ""), ""]
        if v12:
            row += ["", "", "", "", "", orgs[0], ""]
            for n, org in enumerate(orgs):
                roles.append([f"role-{p.id}-{n}", "", "", p.id, "primary" if n == 0 else "secondary", role12, "", "",
                              org, ""])
        users.append(row)
    files["users.csv"] = users
    if v12:
        files["roles.csv"] = roles
    enrollments = [["sourcedId", "status", "dateLastModified", "classSourcedId", "schoolSourcedId", "userSourcedId",
                    "role", "primary", "beginDate", "endDate"]]
    for s in d.sections:
        for n, t in enumerate(s.teachers):
            enrollments.append([f"e-{s.id}-{t}", "", "", s.id, s.school, t, "teacher", "true" if n == 0 else "false",
                                "", ""])
        enrollments += [[f"e-{s.id}-{p}", "", "", s.id, s.school, p, "student", "false", "", ""] for p in s.students]
    files["enrollments.csv"] = enrollments
    return files


def _us_date(iso: str) -> str:
    year, month, day = iso.split("-")
    return f"{month}/{day}/{year}"


def clever(d: District) -> dict[str, list[list[str]]]:
    files = {"schools.csv": [["School_id", "School_name", "School_number", "Low_grade", "High_grade"],
                             *([sid, name, number, "", ""] for sid, name, number in d.schools)]}
    students = [["School_id", "Student_id", "Student_number", "State_id", "Last_name", "Middle_name", "First_name",
                 "Grade", "Gender", "Username", "Password"]]
    teachers = [["School_id", "Teacher_id", "Teacher_number", "Teacher_email", "First_name", "Last_name", "Title",
                 "Username"]]
    staff = [["School_id", "Staff_id", "Staff_email", "First_name", "Last_name", "Title", "Role"]]
    for p in d.people:
        for school in p.schools:
            if p.role == "student":
                students.append([school, p.id, p.number, "", p.family, "", p.given, CLEVER[p.grade], "", p.username,
                                 ""])
            elif p.role == "teacher":
                teachers.append([school, p.id, p.number, p.email, p.given, p.family, "", p.username])
            else:
                staff.append([school, p.id, p.email, p.given, p.family, "",
                              "Principal" if p.role == "principal" else "District Administrator"])
    files |= {"students.csv": students, "teachers.csv": teachers, "staff.csv": staff}
    sections = [["School_id", "Section_id", "Teacher_id", "Teacher_2_id", "Name", "Section_number", "Grade",
                 "Course_name", "Subject", "Period", "Term_name", "Term_start", "Term_end"]]
    enrollments = [["School_id", "Section_id", "Student_id"]]
    for s in d.sections:
        sections.append([s.school, s.id, s.teachers[0], s.teachers[1] if len(s.teachers) > 1 else "", s.title, s.code,
                         CLEVER[s.grade], s.title, s.subject, s.period, s.term[1], _us_date(s.term[2]),
                         _us_date(s.term[3])])
        enrollments += [[s.school, s.id, p] for p in s.students]
    files |= {"sections.csv": sections, "enrollments.csv": enrollments}
    return files


CONFIG = f"""# the district's decisions for from-sis (the test fixtures')
district = "Maple Valley Unified"

[sis]
as_of = {AS_OF}
passwords = "pattern"
password_pattern = "{{first_initial}}{{last_initial}}{{student_id_last4}}"

[[sis.products]]
grades = "K-5"
products = ["Imagine Language & Literacy"]

[[sis.products]]
grades = "6-8"
products = ["Imagine Math"]
"""


SETS = {"oneroster-1.1": lambda d: oneroster(d, "1.1"), "oneroster-1.2": lambda d: oneroster(d, "1.2"),
        "clever": clever}


def write(files: dict[str, list[list[str]]], folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in files.items():
        (folder / name).write_bytes(_csv(rows))
    return folder
