"""A district read from its SIS files, turned into the portal's three sheets by the decisions in rosterxl.toml
([sis], see catalog.sis_decisions): which classes, which id, usernames, passwords for new students, product
access, roles, grades, one school per student. What cannot be decided for the coordinator is left as it is
(an empty cell, a grade code the portal lacks) so the check marks it for a person, and every record not
brought over is listed with why."""
from __future__ import annotations

import re
import secrets
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from rosterxl.core.catalog.sis_decisions import ID_WORDS, LEAVE_OUT, STANDARD_GRADES, SisSettings
from rosterxl.core.model import Severity
from rosterxl.core.sis.contents import LeftOut, Person, Section, SisDistrict, SourceProblem, Where
from rosterxl.core.sis.detect import sis_format

W, E = Severity.WARNING, Severity.ERROR
PASSWORD_LETTERS = "abcdfghjkmnpqrstuvwxyz"       # no l or o (read as 1 and 0), no e (Excel reads 2e5 as a number)
PASSWORD_DIGITS = "23456789"
EMAIL = re.compile(r"^[^@\s;,]+@[^@\s;,]+\.[^@\s;,]+$")
Record = dict[str, str]


@dataclass
class Converted:
    """The three sheets' records (column key -> value), the schools for the lists, what was done by a decision
    (counted), what was left out, and the problems converting found."""

    classes: list[Record] = field(default_factory=list)
    educators: list[Record] = field(default_factory=list)
    students: list[Record] = field(default_factory=list)
    schools: list[str] = field(default_factory=list)
    applied: Counter = field(default_factory=Counter)      # "grade TK became K" -> how many
    left_out: list[LeftOut] = field(default_factory=list)
    problems: list[SourceProblem] = field(default_factory=list)

    def records(self, entity: str) -> list[Record]:
        return getattr(self, entity)


class _Converter:
    def __init__(self, district: SisDistrict, settings: SisSettings, password_min: int, known: dict[str, str]):
        self.d, self.s, self.password_min, self.known = district, settings, password_min, known
        self.out = Converted(left_out=list(district.left_out))
        self.school_names = {k: s.name for k, s in district.schools.items() if s.kind in ("school", "")}
        self._orgs_named_as_schools()
        self.out.schools = list(dict.fromkeys(self.school_names.values()))
        self.taught: dict[str, list[str]] = {}
        self.enrolled: dict[str, list[str]] = {}

    def _orgs_named_as_schools(self) -> None:
        """An org of another type (a department, a local or ext: org) that classes name as their school is taken
        as a school, and said: the portal's organizations are schools, and its classes would be lost otherwise."""
        named = {s.school for s in self.d.sections.values()}
        for key, org in self.d.schools.items():
            if key in named and key not in self.school_names and org.kind != "district":
                self.school_names[key] = org.name
                where = org.where or Where("orgs.csv", 0)
                self.out.problems.append(SourceProblem(
                    where.file, where.row or None, "type", f"'{org.name}' is a {org.kind} org, and classes name it "
                    "as their school (schoolSourcedId): it was taken as a school, the portal's organizations being "
                    "schools. If it is part of a school, give the classes that school in the SIS.", W))

    def note(self, person_or_section, column: str, message: str, severity=W) -> None:
        where = person_or_section.where
        self.out.problems.append(SourceProblem(where.file, where.row, column, message, severity))

    # ---- classes
    def classes(self) -> dict[str, str]:
        """The sections brought over, by id, with their portal names."""
        chosen = [s for s in self.d.sections.values() if self._wanted(s)]
        for m in self.d.memberships:
            (self.taught if m.role == "teacher" else self.enrolled if m.role == "student" else {}).setdefault(
                m.section, []).append(m.person)
        names = self._names(chosen)
        rows = []
        for section in chosen:
            school = self.school_names.get(section.school, "")
            grades = [g for g in (self.s.grade(x) or "" for x in section.grades) if g] or sorted(
                {self._grade(self.d.people[p])[0] for p in self.enrolled.get(section.id, []) if p in self.d.people}
                - {""})
            teachers = [self.d.people[t] for t in self.taught.get(section.id, []) if t in self.d.people]
            rows.append((section, {
                "class_name": names[section.id], "external_id": self._class_id(section), "organization": school,
                "product": ";".join(self._products(school, grades)),
                "educators": ";".join(u for u in (self._educator_username(t) for t in teachers) if u)}))
        self._keep("classes", rows, ("organization", "class_name"))
        return names

    def _wanted(self, section: Section) -> bool:
        s = self.s
        why = None
        if section.school not in self.school_names:
            why = "its school is not a school (an org of another type)"
        elif s.terms == "current" and section.terms:
            today = s.today()
            terms = [self.d.terms[t] for t in section.terms if t in self.d.terms]
            if terms and not any(t.start is None or t.end is None or t.start <= today <= t.end for t in terms):
                why = (f"not in a current term on {today.isoformat()} ("
                       + ", ".join(t.title for t in terms) + "); [sis] terms chooses the terms")
        elif isinstance(s.terms, list):
            titles = {self.d.terms[t].title.casefold() for t in section.terms if t in self.d.terms}
            if not titles & {t.casefold() for t in s.terms}:
                why = "not in the terms [sis] terms names"
        if why is None and s.subjects and not {x.casefold() for x in section.subjects} & {
                x.casefold() for x in s.subjects}:
            why = "not one of the subjects [sis] subjects names"
        if why is None and s.class_types and section.class_type and section.class_type not in s.class_types:
            why = f"a {section.class_type} class; [sis] class_types brings {', '.join(s.class_types)}"
        if why:
            self.out.left_out.append(LeftOut(section.where, "class/group", section.title or section.id, why))
        return why is None

    def _names(self, chosen: list[Section]) -> dict[str, str]:
        """Each class's portal name: its title (Clever: Name, else course and teacher), made unique within its
        school with its class code, period or id."""
        names = {}
        for section in chosen:
            name = section.title
            if not name:
                teacher = next((self.d.people[t] for t in self.taught.get(section.id, []) if t in self.d.people), None)
                name = " - ".join(p for p in (section.course or section.id, teacher.family if teacher else "") if p)
            names[section.id] = " ".join(name.split())
        count = Counter((s.school, names[s.id].casefold()) for s in chosen)
        for section in chosen:
            if count[(section.school, names[section.id].casefold())] > 1:
                tell = section.code or ", ".join(section.periods) or section.id
                names[section.id] = f"{names[section.id]} ({tell})"
                self.out.applied["a class name shared in one school got its code or period added"] += 1
        return names

    def _class_id(self, section: Section) -> str:
        return {"source-id": section.id, "class-code": section.code}.get(self.s.class_id, "")

    def _products(self, school: str, grades: list[str]) -> list[str]:
        found: list[str] = []
        for rule in self.s.products:
            if rule.applies(school, grades):
                found += [p for p in rule.products if p not in found]
        return found

    # ---- educators
    def educators(self, class_names: dict[str, str]) -> None:
        every_school = list(self.out.schools)
        teaches = _by_person(self.taught)
        rows = []
        for person in self.d.people.values():
            role = person.role.removeprefix("disabled:")
            if role == "none":
                self.out.left_out.append(LeftOut(person.where, "person", person.name, "no role in roles.csv, so "
                                                 "it cannot be told whether a student or an educator (see Problems)"))
                continue
            if role == "student":
                continue
            word = role.removeprefix("staff:") or "staff"
            kind = self.s.role(word, self.s.role("staff") if role.startswith("staff:") else LEAVE_OUT)
            if person.role.startswith("disabled:"):
                self.out.left_out.append(LeftOut(person.where, "educator", person.name, "a disabled account "
                                                 "(enabledUser false)"))
                continue
            if kind == LEAVE_OUT:
                if word in ("guardian", "parent", "relative"):
                    self.out.left_out.append(LeftOut(person.where, "person", person.name, f"a {word}: the "
                                                     "portal's sheets have students and educators only"))
                else:
                    self.out.left_out.append(LeftOut(person.where, "educator", person.name,
                                                     f"role '{word}' is left out ([sis.roles] can make it Teacher "
                                                     "or Admin)"))
                continue
            schools = self._educator_schools(person, every_school, kind)
            for section in teaches.get(person.id, ()):
                school = self.school_names.get(self.d.sections[section].school) if section in class_names else None
                if school and school not in schools:
                    schools.append(school)
                    self.out.applied["an educator was given the school of a class they teach there"] += 1
            username = self._educator_username(person)
            if not username:
                self.note(person, "email", "this educator has no email address, and the portal's educator username "
                          "is an email: the Username cell is left empty for you.", E)
            taught = [class_names[s] for s in teaches.get(person.id, ()) if s in class_names]
            rows.append((person, {
                "first_name": person.given, "last_name": person.family, "username": username, "educator_type": kind,
                "external_id": {"number": person.number, "source-id": person.id}.get(self.s.educator_id, ""),
                "organizations": ";".join(schools), "classes": ";".join(sorted(taught, key=str.casefold))}))
        self._keep("educators", rows, ("last_name", "first_name"))

    def _educator_schools(self, person: Person, every_school: list[str], kind: str) -> list[str]:
        names = []
        for org in person.schools:
            school = self.d.schools.get(org)
            if school is None:
                continue
            if org in self.school_names:
                names.append(self.school_names[org])
            elif school.kind == "district":
                names += every_school
                if kind == "Teacher":
                    self.note(person, "orgSourcedIds", "a teacher in the district's org: the portal would give a "
                              "teacher in every school. The Organizations cell lists every school; keep only theirs.")
                else:
                    self.out.applied["a district administrator was given every school"] += 1
        return list(dict.fromkeys(names))

    def _educator_username(self, person: Person) -> str:
        for value in (person.email, person.username):
            if value and EMAIL.match(value):
                return value
        return ""

    # ---- students
    def students(self, class_names: dict[str, str]) -> None:
        used = {p.username.casefold() for p in self.d.people.values() if p.username and self.s.usernames == "source"}
        used |= {name.casefold() for name in self.known.values() if name}    # the portal's, taken already
        rows = []
        enrolled_in = _by_person(self.enrolled)
        id_rule = self._student_id_rule()
        for person in self.d.people.values():
            if person.role.removeprefix("disabled:") != "student":
                continue
            if person.role.startswith("disabled:"):
                self.out.left_out.append(LeftOut(person.where, "student", person.name, "a disabled account "
                                                 "(enabledUser false)"))
                continue
            sections = [s for s in enrolled_in.get(person.id, []) if s in class_names]
            school = self._student_school(person, sections)
            grade, source_grade = self._grade(person)
            student_id = _student_id(person, id_rule)
            if not student_id:
                self.note(person, "identifier", f"[sis] student_id makes {ID_WORDS[self.s.student_id]} the External "
                          "Assigned ID, and this student has none: the cell is left empty for you.", E)
            portal_username = self.known.get(student_id.strip()) if student_id.strip() else None
            username = person.username if self.s.usernames == "source" and person.username else ""
            if not username and portal_username:
                username = portal_username                  # a student the portal has keeps its username
            elif not username:
                username = _unique(_pattern(self.s.username_pattern, person, student_id).lower(), used)
                self.out.applied["a student username was made from [sis] username_pattern"] += 1
            password = "" if portal_username is not None else self._password(person, student_id)
            row = {"first_name": person.given, "last_name": person.family, "username": username,
                   "password": password, "grade": grade, "student_id": student_id,
                   "organizations": school, "classes": ";".join(sorted((class_names[s] for s in sections),
                                                                       key=str.casefold)),
                   "products": ";".join(self._products(school, [grade] if grade else []))}
            if source_grade:
                self.out.applied[f"grade {source_grade} became {grade or 'an empty cell'} ([sis.grades])"] += 1
            if self.s.language_support:
                row["language_support"] = self.s.language_support
            if self.s.session_time:
                row["session_time"] = str(self.s.session_time)
            rows.append((person, row))
        self._shared_usernames(rows)
        self._keep("students", rows, ("organizations", "last_name", "first_name", "student_id"))

    def _shared_usernames(self, rows: list[tuple[Person, Record]]) -> None:
        """A username the SIS gives to two students: said with both rows (the check marks both cells; which
        one keeps it is for a person)."""
        first: dict[str, Person] = {}
        column = self._column("username")
        for person, row in rows:
            name = row["username"].casefold()
            if name and person.username and name in first:
                other = first[name].where
                self.note(person, column, f"the SIS gives the username '{row['username']}' to another student too "
                          f"({other.file} row {other.row}); the portal needs each student's own. It is left as the "
                          "SIS has it, marked for you.", E)
            first.setdefault(name, person)

    def _student_id_rule(self) -> str:
        """[sis] student_id, or the SIS's own id when no student at all has the one it names (a whole column the
        SIS leaves empty): said, since the choice is the students' key in the portal."""
        students = [p for p in self.d.people.values() if p.role.removeprefix("disabled:") == "student"]
        rule = self.s.student_id
        if rule == "source-id" or not students or any(_student_id(p, rule) for p in students):
            return rule
        first = students[0].where
        column = self._column("student id")
        self.out.problems.append(SourceProblem(
            first.file, None, None, f"no student has {ID_WORDS[rule]}, which [sis] student_id makes the External "
            f"Assigned ID: every student's is the SIS's own id ({column}) instead. The portal finds a student by it "
            "when you update, so choose for good: write student_id = \"source-id\" in rosterxl.toml's [sis], or give "
            "the students their numbers in the SIS and convert again.", W))
        self.out.applied[f"a student's External Assigned ID is the SIS's own id (no student has {ID_WORDS[rule]})"] \
            += len(students)
        return "source-id"

    def finish(self) -> None:
        """What a person must not miss: no one at all brought over from files that hold people (an error: the
        workbook would look ready with nothing in it), or no class in a current term."""
        people = [*self.d.people.values(), *(x for x in self.d.left_out if x.kind == "person")]
        if people and not (self.out.students or self.out.educators):
            file = self._column("people file")
            self.out.problems.append(SourceProblem(
                file, None, None, f"none of the {len(people):,} people in the files was brought over: the workbook has "
                "no student and no educator to upload. Not brought over and the problems above say why."))
        sections = self.d.sections
        if sections and not self.out.classes and self.s.terms == "current":
            ends = [t.end for t in self.d.terms.values() if t.end]
            latest = f"; the latest term ends {max(ends).isoformat()}" if ends else ""
            first = next(iter(sections.values())).where
            self.out.problems.append(SourceProblem(
                first.file, None, None, f"none of the {len(sections):,} classes is in a term under way on "
                f"{self.s.today().isoformat()}{latest}. If these are the classes to bring, set [sis] as_of to a day "
                "of their term, or terms = \"all\", in rosterxl.toml.", W))

    def _keep(self, entity: str, rows: list, order: tuple[str, ...]) -> None:
        """The records (source, record) in an order a person can find them in, the same whatever the format."""
        rows.sort(key=lambda pr: (*(pr[1][k].casefold() for k in order), pr[0].id))
        self.out.records(entity).extend(row for _, row in rows)

    def _student_school(self, person: Person, sections: list[str]) -> str:
        schools = [o for o in dict.fromkeys([*person.schools, person.primary_school]) if o in self.school_names]
        if not schools:
            self.note(person, self._column("school"),
                      "this student is in no school, and the portal needs exactly one: the cell is left empty.", E)
            return ""
        if len(schools) == 1:
            return self.school_names[schools[0]]
        chosen = schools[0]
        how = "the first listed"
        if self.s.multi_school == "primary":
            if person.primary_school in schools:
                chosen, how = person.primary_school, "the primary school"
            else:
                count = Counter(self.d.sections[s].school for s in sections)
                best = max(schools, key=lambda o: (count[o], -schools.index(o)))
                if count[best]:
                    chosen, how = best, "the school of most of the student's classes"
        names = ", ".join(self.school_names[o] for o in schools)
        self.note(person, self._column("school"),
                  f"the student is in {len(schools)} schools ({names}) and the portal takes one: "
                  f"{self.school_names[chosen]}, {how} ([sis] multi_school).")
        return self.school_names[chosen]

    def _column(self, what: str) -> str:
        """Where the SIS's own files hold `what` (a column, or the file of the people), in its format's words."""
        return sis_format(self.d.format).names[what]

    def _grade(self, person: Person) -> tuple[str, str]:
        """The portal grade and, when a decision made it, the source code (else '')."""
        if not person.grades:
            return "", ""
        code = person.grades[0]
        mapped = self.s.grade(code)
        if mapped is None:
            return code, ""               # no portal word: the check marks it for a person
        return mapped, "" if mapped == STANDARD_GRADES.get(code.strip().casefold()) else code

    def _password(self, person: Person, student_id: str) -> str:
        rule = self.s.passwords
        if rule == "source" and len(person.password) >= self.password_min:
            return person.password
        if rule == "pattern":
            return _pattern(self.s.password_pattern, person, student_id)
        if rule == "none":
            return ""
        length = max(self.s.password_length, self.password_min)
        letters = "".join(secrets.choice(PASSWORD_LETTERS) for _ in range(length - 2))
        return letters + "".join(secrets.choice(PASSWORD_DIGITS) for _ in range(2))   # easy to type, never a number


def _student_id(person: Person, rule: str) -> str:
    return {"number": person.number, "source-id": person.id, "master-id": person.master_id,
            "state-id": person.state_id}[rule]


def _by_person(members: dict[str, list[str]]) -> dict[str, list[str]]:
    """Section -> people turned into person -> sections."""
    found: dict[str, list[str]] = {}
    for section, people in members.items():
        for person in people:
            found.setdefault(person, []).append(section)
    return found


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _pattern(pattern: str, person: Person, student_id: str) -> str:
    first, last = _ascii(person.given), _ascii(person.family)
    clean = {"first": re.sub(r"[^A-Za-z0-9]", "", first), "last": re.sub(r"[^A-Za-z0-9]", "", last)}
    return pattern.format(**clean, first_initial=clean["first"][:1], last_initial=clean["last"][:1],
                          student_id=student_id, student_id_last4=student_id[-4:])


def _unique(name: str, used: set[str]) -> str:
    candidate, n = name, 1
    while not candidate or candidate.casefold() in used:
        n += 1
        candidate = f"{name}{n}"
    used.add(candidate.casefold())
    return candidate


def convert(district: SisDistrict, settings: SisSettings, password_min: int = 4,
            known: dict[str, str] | None = None) -> Converted:
    """The district's three sheets. `known`: the students the portal has already (External Assigned ID ->
    username, from its export): they keep the portal's username unless the SIS gives one, and get no password."""
    converter = _Converter(district, settings, password_min, known or {})
    names = converter.classes()
    converter.educators(names)
    converter.students(names)
    converter.finish()
    return converter.out
