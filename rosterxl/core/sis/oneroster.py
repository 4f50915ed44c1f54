"""OneRoster CSV bundles, 1.1 and 1.2: the manifest, the files a conversion needs, their columns and
vocabularies (1EdTech's CSV binding; see the README's sources), the bulk and delta rules, and the references
between files. What a 1.1 validator or a 1.2 validator would report, this reports, with file, row and column."""
from __future__ import annotations

from functools import partial

from rosterxl.core.model import Severity
from rosterxl.core.sis.contents import (
    Files,
    LeftOut,
    Membership,
    Person,
    School,
    Section,
    SisDistrict,
    SisFormat,
    SisInputError,
    Term,
    Where,
)
from rosterxl.core.sis.validate import Col, FileReader, FileSpec, Record, parse_date, record_name, split_list

E, W = Severity.ERROR, Severity.WARNING
MANIFEST = "manifest.csv"
STATUS = ("active", "tobedeleted", "inactive")
ORG_TYPES = ("department", "district", "local", "national", "school", "state")
SESSION_TYPES = ("gradingPeriod", "semester", "schoolYear", "term")
ROLES_11 = ("administrator", "aide", "guardian", "parent", "proctor", "relative", "student", "teacher")
ROLES_12 = ("aide", "counselor", "districtAdministrator", "guardian", "parent", "principal", "proctor", "relative",
            "siteAdministrator", "student", "systemAdministrator", "teacher")
ENROLLMENT_ROLES = ("administrator", "proctor", "student", "teacher")
GRADES_11 = ("IT", "PR", "PK", "TK", "KG", *(f"{n:02d}" for n in range(1, 14)), "PS", "UG", "Other")
FILE_MODES = ("bulk", "delta", "absent")


def _head(*more: Col) -> tuple[Col, ...]:
    return (Col("sourcedId", required=True), Col("status", vocab=STATUS), Col("dateLastModified", kind="datetime"),
            *more)


def _specs(version: str) -> dict[str, FileSpec]:
    v12 = version == "1.2"
    grades = Col("grades", kind="list") if v12 else Col("grades", kind="list", vocab=GRADES_11, vocab_severity=W)
    common = dict(key="sourcedId", all_columns=True, in_order=True, extra_prefix="metadata.")
    # a class type, session type or org type the format lacks is said, and the record read all the same: it
    # is still a class, a term, an org (its students would lose it otherwise)
    users = (_head(Col("enabledUser", required=True, kind="bool"), Col("username", required=True, needed=False),
                   Col("userIds"), Col("givenName", required=True), Col("familyName", required=True),
                   Col("middleName"), Col("identifier"), Col("email"), Col("sms"), Col("phone"),
                   Col("agentSourcedIds", kind="list"), grades, Col("password"), Col("userMasterIdentifier"),
                   Col("resourceSourcedIds", kind="list"),
                   Col("preferredGivenName"), Col("preferredMiddleName"), Col("preferredFamilyName"),
                   Col("primaryOrgSourcedId"), Col("pronouns"))
             if v12 else
             _head(Col("enabledUser", required=True, kind="bool"), Col("orgSourcedIds", required=True, kind="list"),
                   Col("role", required=True, vocab=ROLES_11), Col("username", required=True, needed=False),
                   Col("userIds"),
                   Col("givenName", required=True), Col("familyName", required=True), Col("middleName"),
                   Col("identifier"), Col("email"), Col("sms"), Col("phone"), Col("agentSourcedIds", kind="list"),
                   grades, Col("password")))
    specs = {
        "orgs": FileSpec("orgs.csv", _head(Col("name", required=True),
                                           Col("type", required=True, vocab=ORG_TYPES, ext=v12, vocab_severity=W),
                                           Col("identifier"), Col("parentSourcedId")), required=True,
                         kind="school", **common),
        "academicSessions": FileSpec("academicSessions.csv", _head(
            Col("title", required=True), Col("type", required=True, vocab=SESSION_TYPES, ext=v12, vocab_severity=W),
            Col("startDate", required=True, kind="date"), Col("endDate", required=True, kind="date"),
            Col("parentSourcedId"), Col("schoolYear", required=True, needed=False)), required=True, kind="term",
            **common),
        "courses": FileSpec("courses.csv", _head(
            Col("schoolYearSourcedId"), Col("title", required=True), Col("courseCode"), grades,
            Col("orgSourcedId", required=True), Col("subjects", kind="list"), Col("subjectCodes", kind="list")),
            kind="course", **common),
        "classes": FileSpec("classes.csv", _head(
            Col("title", required=True), grades, Col("courseSourcedId", required=True, needed=False), Col("classCode"),
            Col("classType", required=True, vocab=("homeroom", "scheduled"), ext=v12, vocab_severity=W),
            Col("location"),
            Col("schoolSourcedId", required=True), Col("termSourcedIds", required=True, kind="list", needed=False),
            Col("subjects", kind="list"), Col("subjectCodes", kind="list"), Col("periods", kind="list")),
            required=True, kind="class/group", **common),
        "users": FileSpec("users.csv", users, required=True, kind="person", **common),
        "enrollments": FileSpec("enrollments.csv", _head(
            Col("classSourcedId", required=True), Col("schoolSourcedId", required=True),
            Col("userSourcedId", required=True), Col("role", required=True, vocab=ENROLLMENT_ROLES, ext=v12),
            Col("primary", kind="bool"), Col("beginDate", kind="date"), Col("endDate", kind="date")),
            required=True, kind="enrollment", **common),
    }
    if v12:
        specs["roles"] = FileSpec("roles.csv", _head(
            Col("userSourcedId", required=True), Col("roleType", required=True, vocab=("primary", "secondary")),
            Col("role", required=True, vocab=ROLES_12, ext=True), Col("beginDate", kind="date"),
            Col("endDate", kind="date"), Col("orgSourcedId", required=True), Col("userProfileSourcedId")),
            required=True, kind="role", **common)
    return specs


def manifest_version(files: Files) -> str | None:
    """oneroster.version from manifest.csv ('1.1', '1.2'), when there is a manifest that says."""
    for row in files.get(MANIFEST, [])[1:]:
        if len(row) >= 2 and row[0].strip() == "oneroster.version":
            return row[1].strip()
    return None


def read_oneroster(files: Files, version: str) -> SisDistrict:
    district = SisDistrict(f"OneRoster {version}", sorted(files))
    reader = FileReader(files, district.problems, district.fatal, district.left_out)
    specs = _specs(version)
    modes = _manifest(reader, version, specs)
    records = {key: reader.read(spec) for key, spec in specs.items()}
    if reader.fatal:
        return district
    for key, spec in specs.items():
        if records[key] is not None:
            mode = modes.get(key)
            if mode == "absent":
                reader.problem(MANIFEST, None, None, f"the manifest says {spec.name} is absent, but the file is "
                               "there. It was read.", W)
            records[key] = _live(reader, spec, records[key] or [], mode or "bulk", district)
    _build(reader, district, {k: v or [] for k, v in records.items()}, version, specs)
    return district


def _manifest(reader: FileReader, version: str, specs: dict[str, FileSpec]) -> dict:
    """The mode of each file the manifest lists (bulk, delta, absent), with its problems."""
    grid = reader.files.get(MANIFEST)
    if grid is None:
        reader.stop(MANIFEST, None, "this file is missing: every OneRoster bundle has a manifest.csv naming its "
                    "version and files.")
        return {}
    if not grid or [c.strip() for c in grid[0][:2]] != ["propertyName", "value"]:
        reader.problem(MANIFEST, 1, None, "the header row should be propertyName,value.")
    modes: dict = {}
    properties = {}
    for number, row in enumerate(grid[1:], start=2):
        if len(row) < 2 or not row[0].strip():
            continue
        name, value = row[0].strip(), row[1].strip()
        properties[name] = (number, value)
        if name.startswith("file."):
            if not value:
                reader.problem(MANIFEST, number, "value", f"{name} has no value (bulk, delta or absent); it was read "
                               "as absent, or as bulk when the file is there.", W)
            elif value not in FILE_MODES:
                reader.problem(MANIFEST, number, "value", f"'{value}' is not bulk, delta or absent.")
            else:
                modes[name[5:]] = value
    for name, wanted in (("manifest.version", "1.0"), ("oneroster.version", version)):
        if name not in properties:
            reader.problem(MANIFEST, None, None, f"there is no {name} row (it should say {wanted}).", W)
        elif properties[name][1] != wanted:
            reader.problem(MANIFEST, properties[name][0], "value", f"{name} should be {wanted}, not "
                           f"'{properties[name][1]}'.", W)
    for key, spec in specs.items():
        mode = modes.get(key)
        if spec.required and mode == "absent":
            reader.stop(MANIFEST, "value", f"the manifest says {spec.name} is absent; rosterxl needs it to make the "
                        "portal's sheets.")
        elif mode in ("bulk", "delta") and reader.find(spec.name) is None and not spec.required:
            reader.problem(MANIFEST, properties[f"file.{key}"][0], "value",
                           f"the manifest lists {spec.name} as {mode}, but the file is missing.")
    return modes


def _live(reader: FileReader, spec: FileSpec, records: list[Record], mode: str, district: SisDistrict) -> list[Record]:
    """The records to use: bulk files leave status and dateLastModified empty, delta files fill both; a record
    marked tobedeleted is left out (and listed)."""
    kept = []
    for record in records:
        status, changed = record.get("status"), record.get("dateLastModified")
        if mode == "bulk" and (status or changed):
            reader.problem(spec.name, record.row, "status" if status else "dateLastModified",
                           "the manifest says this file is bulk, and a bulk file leaves status and dateLastModified "
                           "empty in every row (only a delta file fills them).")
        elif mode == "delta" and not (status and changed):
            reader.problem(spec.name, record.row, "dateLastModified" if status else "status",
                           "the manifest says this file is delta, and a delta file fills status and "
                           "dateLastModified in every row.")
        if status == "inactive":
            reader.problem(spec.name, record.row, "status", "'inactive' is OneRoster 1.0's word; since 1.1 it is "
                           "tobedeleted. It was read as tobedeleted.", W)
        if status in ("tobedeleted", "inactive"):
            district.left_out.append(LeftOut(Where(spec.name, record.row), spec.kind,
                                             record_name(record.values, "sourcedId"),
                                             "marked to be deleted (status tobedeleted)"))
            continue
        kept.append(record)
    return kept


class _Refs:
    """Ids of every file (deleted records included: a reference to them is not a mistake) for the checks."""

    def __init__(self, reader: FileReader, specs: dict[str, FileSpec]):
        self.reader = reader
        self.ids: dict[str, set[str]] = {}
        for key, spec in specs.items():
            grid = reader.files.get(reader.find(spec.name) or "", [])
            index = next((i for i, h in enumerate(grid[0]) if h.strip().lstrip("\ufeff").casefold()
                          == "sourcedid"), None) if grid else None
            self.ids[key] = {r[index].strip() for r in grid[1:] if index is not None and index < len(r)}

    def check(self, file: str, record: Record, column: str, target: str, values: list[str] | None = None) -> list[str]:
        """The ids of the column that name a record of `target`; a problem for each that does not."""
        found, ids = [], self.ids.get(target, NONE)
        for value in values if values is not None else [record.get(column)]:
            if not value:
                continue
            if value in ids:
                found.append(value)
            else:
                self.reader.problem(file, record.row, column, f"'{value}' is not a sourcedId in {target}.csv.")
        return found


NONE: frozenset[str] = frozenset()


def _build(reader: FileReader, d: SisDistrict, records: dict[str, list[Record]], version: str,
           specs: dict[str, FileSpec]) -> None:
    refs = _Refs(reader, specs)
    for r in records["orgs"]:
        if r.get("parentSourcedId"):
            refs.check("orgs.csv", r, "parentSourcedId", "orgs")
        d.schools[r.get("sourcedId")] = School(r.get("sourcedId"), r.get("name"), r.get("identifier"), r.get("type"),
                                               r.get("parentSourcedId"), Where("orgs.csv", r.row))
    for r in records["academicSessions"]:
        start, end = parse_date(r.get("startDate")), parse_date(r.get("endDate"))
        if start and end and end < start:
            reader.problem("academicSessions.csv", r.row, "endDate", "the session ends before it starts.")
        d.terms[r.get("sourcedId")] = Term(r.get("sourcedId"), r.get("title"), start, end)
    for r in records["courses"]:
        refs.check("courses.csv", r, "orgSourcedId", "orgs")
        if r.get("schoolYearSourcedId"):
            refs.check("courses.csv", r, "schoolYearSourcedId", "academicSessions")
    for r in records["classes"]:
        if records["courses"] or reader.find("courses.csv"):
            refs.check("classes.csv", r, "courseSourcedId", "courses")
        school = refs.check("classes.csv", r, "schoolSourcedId", "orgs")
        terms = refs.check("classes.csv", r, "termSourcedIds", "academicSessions", split_list(r.get("termSourcedIds")))
        if not school:
            reader.left("classes.csv", r.row, "class/group", r.values, "sourcedId", f"its school "
                        f"'{r.get('schoolSourcedId')}' is not in orgs.csv (see Problems)")
            continue
        d.sections[r.get("sourcedId")] = Section(
            r.get("sourcedId"), r.get("title"), school[0], Where("classes.csv", r.row), r.get("classCode"), terms,
            split_list(r.get("subjects")), split_list(r.get("grades")), split_list(r.get("periods")),
            r.get("classType"), r.get("courseSourcedId"))
    for r in records["users"]:
        d.people[r.get("sourcedId")] = _person(refs, r, version)
    if version == "1.2":
        _roles(reader, refs, d, records["roles"])
    lost: dict[str, list[tuple[int, str]]] = {}
    for r in records["enrollments"]:
        section = refs.check("enrollments.csv", r, "classSourcedId", "classes")
        person = refs.check("enrollments.csv", r, "userSourcedId", "users")
        school = refs.check("enrollments.csv", r, "schoolSourcedId", "orgs")
        if section and person and section[0] not in d.sections and person[0] in d.people:
            lost.setdefault(section[0], []).append((r.row, d.people[person[0]].name))
        if not (section and person) or section[0] not in d.sections or person[0] not in d.people:
            continue
        if school and school[0] != d.sections[section[0]].school:
            reader.problem("enrollments.csv", r.row, "schoolSourcedId", f"the class {section[0]} belongs to "
                           f"{d.sections[section[0]].school}, not {school[0]}.", W)
        d.memberships.append(Membership(section[0], person[0], r.get("role")))
    reader.lost("enrollments.csv", "classes.csv", lost)


def _person(refs: _Refs, r: Record, version: str) -> Person:
    person = Person(
        r.get("sourcedId"), r.get("role"), r.get("givenName"), r.get("familyName"), Where("users.csv", r.row),
        username=r.get("username"), email=r.get("email"), number=r.get("identifier"),
        master_id=r.get("userMasterIdentifier"), password=r.get("password"), grades=split_list(r.get("grades")))
    if r.get("enabledUser") == "false":
        person.role = f"disabled:{person.role}"
    if version == "1.1":
        person.schools = refs.check("users.csv", r, "orgSourcedIds", "orgs", split_list(r.get("orgSourcedIds")))
    elif r.get("primaryOrgSourcedId"):
        person.primary_school = next(iter(refs.check("users.csv", r, "primaryOrgSourcedId", "orgs")), "")
    return person


def _roles(reader: FileReader, refs: _Refs, d: SisDistrict, records: list[Record]) -> None:
    """1.2: a person's roles and schools come from roles.csv; exactly one primary role each."""
    primary: dict[str, list[Record]] = {}
    given: dict[str, Record] = {}
    for r in records:
        user = refs.check("roles.csv", r, "userSourcedId", "users")
        if user:
            given.setdefault(user[0], r)
        org = refs.check("roles.csv", r, "orgSourcedId", "orgs")
        if not user or user[0] not in d.people:
            continue
        person = d.people[user[0]]
        if org and org[0] not in person.schools:
            person.schools.append(org[0])
        if r.get("roleType") == "primary":
            primary.setdefault(user[0], []).append(r)
            if org and org[0] in person.schools:
                person.schools.remove(org[0])
                person.schools.insert(0, org[0])
    for user, person in d.people.items():
        found = primary.get(user, [])
        disabled = person.role.startswith("disabled:")
        if len(found) > 1:
            for extra in found[1:]:
                reader.problem("roles.csv", extra.row, "roleType", f"user {user} already has a primary role (row "
                               f"{found[0].row}); a person has exactly one. This one was read as secondary.")
        if found:
            person.role = ("disabled:" if disabled else "") + found[0].get("role")
        elif user in given:
            reader.problem("roles.csv", given[user].row, "roleType", f"user {user} has roles but none is primary; "
                           "a person has exactly one primary role. This first role was used.")
            person.role = ("disabled:" if disabled else "") + given[user].get("role")
        else:
            reader.problem("users.csv", person.where.row, "sourcedId", "this user has no role in roles.csv, so "
                           "rosterxl cannot tell a student from a teacher. The user was not brought over.")
            person.role = "none"


def oneroster_version(files: Files, where: str) -> str | None:
    """'1.1' or '1.2' for OneRoster files, from the manifest or else the users file's columns; None for files
    that are not OneRoster; a SisInputError for a version rosterxl does not read or cannot tell."""
    names = {n.casefold(): n for n in files}
    if MANIFEST not in names and "users.csv" not in names:
        return None
    version = manifest_version(files) if MANIFEST in files else None
    if version in ("1.1", "1.2"):
        return version
    users = files.get(names.get("users.csv", ""), [[]])
    header = {h.strip() for h in users[0]} if users else set()
    if "roles.csv" in names or ("primaryOrgSourcedId" in header and "role" not in header):
        return "1.2"
    if "role" in header or "orgSourcedIds" in header:
        return "1.1"
    if version:
        raise SisInputError("sis.version", f"{where}: the manifest says OneRoster version '{version}'; rosterxl "
                            "reads 1.1 and 1.2.", file=where)
    raise SisInputError("sis.version", f"{where}: there is a manifest.csv but no users.csv to tell the OneRoster "
                        "version from.", file=where)


ONLY_ONEROSTER = frozenset({"manifest.csv", "academicsessions.csv", "enrollments.csv", "orgs.csv", "users.csv",
                            "demographics.csv"})
ONEROSTER = tuple(
    SisFormat(f"OneRoster {version}", lambda files, where, version=version: oneroster_version(files, where) == version,
              partial(read_oneroster, version=version), ONLY_ONEROSTER,
              {"username": "username", "student id": "sourcedId", "people file": "users.csv", "school": school})
    for version, school in (("1.1", "orgSourcedIds"), ("1.2", "primaryOrgSourcedId")))
