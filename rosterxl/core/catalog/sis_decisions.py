"""The decisions a coordinator makes once, in rosterxl.toml's [sis] section, to turn the student information
system's files into the portal's sheets. Each has a default a careful district would choose, and each is shown
on the Instructions sheet of the workbook it made (what was used, and where to change it)."""
from __future__ import annotations

import datetime as dt
import functools
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

PORTAL_GRADES = ("PK", "K", *(str(n) for n in range(1, 13)))
LEAVE_OUT = "leave out"
EducatorType = Literal["Teacher", "Admin", "leave out"]

# OneRoster 1.1 and 1.2 role words, and Clever's staff (its Role or Title column, or 'staff' for any other)
DEFAULT_ROLES: dict[str, str] = {
    "teacher": "Teacher", "administrator": "Admin", "principal": "Admin", "siteAdministrator": "Admin",
    "districtAdministrator": "Admin", "systemAdministrator": "Admin", "staff": "Admin",
    "aide": LEAVE_OUT, "proctor": LEAVE_OUT, "counselor": LEAVE_OUT,
}
# grade codes the portal has no word for, and the portal grade they become ("" leaves the cell for a person)
# (0: kindergarten, as Clever's own sandbox district and many SIS number it)
DEFAULT_GRADES: dict[str, str] = {"TK": "K", "TransitionalKindergarten": "K", "PR": "PK", "Preschool": "PK",
                                  "IT": "PK", "InfantToddler": "PK", "0": "K", "00": "K"}
# the codes every format shares with the portal
STANDARD_GRADES: dict[str, str] = {
    "pk": "PK", "prekindergarten": "PK", "pre-k": "PK", "k": "K", "kg": "K", "kindergarten": "K",
    **{f"{n:02d}": str(n) for n in range(1, 13)}, **{str(n): str(n) for n in range(1, 13)}}


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


@functools.lru_cache(maxsize=256)
def grade_band(text: str) -> tuple[str, ...]:
    """'K-5' -> ('K', '1', ..., '5'); '6,7,8' and '3' too: portal grades in their order."""
    chosen: list[str] = []
    for part in (p.strip() for p in text.split(",") if p.strip()):
        ends = [e.strip().upper() for e in part.split("-")] if part.upper() != "PRE-K" else ["PK"]
        if any(e not in PORTAL_GRADES for e in ends) or len(ends) > 2:
            raise ValueError(f"'{text}' is not a grade band: write grades like K-5, 6-8, PK, or 3,4 "
                             f"(grades are {', '.join(PORTAL_GRADES)})")
        low, high = PORTAL_GRADES.index(ends[0]), PORTAL_GRADES.index(ends[-1])
        if high < low:
            raise ValueError(f"'{part}' goes from a higher grade to a lower one; write it as "
                             f"{ends[-1]}-{ends[0]}")
        chosen += PORTAL_GRADES[low:high + 1]
    return tuple(dict.fromkeys(chosen))


class ProductRule(Strict):
    """Product access for the students of some schools and grades (and the classes of those schools and
    grades): no field of a SIS says it."""

    schools: list[str] = ["*"]              # school names as the portal has them; "*" for every school
    grades: str = "PK-12"
    products: list[str] = Field(min_length=1)

    @field_validator("grades")
    @classmethod
    def _band(cls, value: str) -> str:
        grade_band(value)
        return value

    def applies(self, school: str, grades: list[str]) -> bool:
        band = grade_band(self.grades)
        return ("*" in self.schools or school in self.schools) and (not grades or any(g in band for g in grades))


class SisSettings(Strict):
    source: str = ""                # the SIS export (folder or .zip) the From SIS script reads, beside the config
    exports: list[str] = []         # the portal's exported CSV files to merge with when none are given, beside it
    student_id: Literal["number", "source-id", "master-id", "state-id"] = "number"
    educator_id: Literal["number", "source-id", "none"] = "number"
    class_id: Literal["source-id", "class-code", "none"] = "source-id"
    usernames: Literal["source", "pattern"] = "source"
    username_pattern: str = "{first}.{last}"
    passwords: Literal["random", "source", "pattern", "none"] = "random"
    password_pattern: str = "{first_initial}{last_initial}{student_id}"
    password_length: int = Field(6, ge=4, le=32)
    terms: Literal["current", "all"] | list[str] = "current"
    as_of: dt.date | None = None
    subjects: list[str] = []
    class_types: list[Literal["homeroom", "scheduled"]] = []
    roles: dict[str, EducatorType] = {}
    grades: dict[str, str] = {}
    multi_school: Literal["primary", "first"] = "primary"
    products: list[ProductRule] = []
    language_support: str = ""
    session_time: int | None = Field(None, ge=1, le=240)

    @field_validator("grades")
    @classmethod
    def _portal_grades(cls, value: dict[str, str]) -> dict[str, str]:
        for code, grade in value.items():
            if grade not in ("", *PORTAL_GRADES):
                raise ValueError(f"'{code}' = '{grade}': a grade becomes one of {', '.join(PORTAL_GRADES)}, or \"\" "
                                 "to leave it for a person")
        return value

    @field_validator("username_pattern", "password_pattern")
    @classmethod
    def _fields(cls, value: str) -> str:
        import string
        known = {"first", "last", "first_initial", "last_initial", "student_id", "student_id_last4"}
        for _, name, _, _ in string.Formatter().parse(value):
            if name is not None and name not in known:
                raise ValueError(f"'{{{name}}}' is not a field a pattern can use; they are "
                                 + ", ".join(f"{{{k}}}" for k in sorted(known)))
        return value

    def role(self, word: str, unknown: str = LEAVE_OUT) -> str:
        """Teacher, Admin or 'leave out' for a source role word (OneRoster role, Clever staff Role/Title);
        `unknown` for a word no rule names."""
        table = {**DEFAULT_ROLES, **self.roles}
        folded = {k.casefold(): v for k, v in table.items()}
        return folded.get(word.casefold(), unknown)

    def grade(self, code: str) -> str | None:
        """The portal grade of a source grade code; None when no rule says (a person decides)."""
        table = {**DEFAULT_GRADES, **self.grades}
        for key, value in table.items():
            if key.casefold() == code.strip().casefold():
                return value
        return STANDARD_GRADES.get(code.strip().casefold())

    def today(self) -> dt.date:
        return self.as_of or dt.date.today()


ID_WORDS = {"number": "the student number (OneRoster identifier, Clever Student_number)",
            "source-id": "the SIS's own id (OneRoster sourcedId, Clever Student_id)",
            "master-id": "OneRoster 1.2's userMasterIdentifier", "state-id": "the state id (Clever State_id)"}


def _roles_text(settings: SisSettings) -> str:
    table = {**DEFAULT_ROLES, **settings.roles}
    parts = []
    for kind in ("Teacher", "Admin", LEAVE_OUT):
        words = [w for w, v in table.items() if v == kind]
        if words:
            parts.append(f"{', '.join(words)} -> {kind if kind != LEAVE_OUT else 'left out'}")
    return "; ".join(parts) + "; parents, guardians and relatives are never educators"


def _products_text(settings: SisSettings) -> str:
    if not settings.products:
        return "none: no SIS field says it, so the Products cells are left for you"
    return "; ".join(f"{', '.join(r.products)} for grades {r.grades} at "
                     f"{'every school' if '*' in r.schools else ', '.join(r.schools)}" for r in settings.products)


def _classes_text(settings: SisSettings) -> str:
    terms = {"current": f"classes of a term under way on {settings.today().isoformat()}",
             "all": "classes of every term"}.get(settings.terms, None) if isinstance(settings.terms, str) else None
    text = terms or "classes of the terms " + ", ".join(settings.terms)
    if settings.subjects:
        text += "; subjects " + ", ".join(settings.subjects)
    if settings.class_types:
        text += "; " + " and ".join(settings.class_types) + " classes only"
    return text


def decision_rows(settings: SisSettings) -> list[tuple[str, str, str, str]]:
    """(decision, its setting in rosterxl.toml, what was used, 'default' or 'rosterxl.toml') for the
    Instructions sheet of a workbook made from SIS files. A password is never among them: only the rule."""
    given = settings.model_fields_set
    grades = {**DEFAULT_GRADES, **settings.grades}
    rows = [
        ("Students' External Assigned ID: the portal finds a student by it when you update, so changing the "
         "choice later breaks the students' history", "student_id", ID_WORDS[settings.student_id]),
        ("Educators' External Assigned ID", "educator_id", {"number": "the staff number (identifier, "
         "Teacher_number)", "source-id": "the SIS's own id", "none": "left empty"}[settings.educator_id]),
        ("Classes' External Assigned ID", "class_id", {"source-id": "the SIS's class id (sourcedId, Section_id)",
                                                        "class-code": "the class code", "none": "left empty"}
         [settings.class_id]),
        ("Student usernames", "usernames", "the SIS username; made from the pattern "
         f"{settings.username_pattern} where there is none" if settings.usernames == "source" else
         f"made from the pattern {settings.username_pattern}, a number added where it is taken"),
        ("Passwords of new students (in the Password column only, never in a report)", "passwords",
         {"random": f"a random {settings.password_length}-character password for each student",
          "source": "the SIS password where it is long enough, else a random one",
          "pattern": f"made from the pattern {settings.password_pattern}",
          "none": "left empty"}[settings.passwords]),
        ("Product access (students and classes, by school and grade band)", "products", _products_text(settings)),
        ("Which classes to bring", "terms, as_of, subjects, class_types", _classes_text(settings)),
        ("Educator Type from the SIS roles", "roles", _roles_text(settings)),
        ("Grades the portal has no word for", "grades", "; ".join(f"{k} -> {v or 'left empty'}" for k, v in
                                                                  grades.items())
         + "; any other (UG, 13, PS, Other...) is left as it is, marked for you"),
        ("Students in several schools (the portal takes one)", "multi_school",
         "the primary school (OneRoster 1.2), else the school of most of their classes" if
         settings.multi_school == "primary" else "the first school listed"),
        ("Language Support and Session Time", "language_support, session_time",
         f"{settings.language_support or 'left empty (the portal uses English)'}; "
         f"{settings.session_time or 'left empty (the portal uses 20 minutes)'}"),
        ("Records marked to be deleted, and disabled accounts", "-", "not brought over; listed on the From the SIS "
         "sheet, for you to delete in the portal"),
    ]
    return [(what, key, used, "rosterxl.toml" if any(k.strip() in given for k in key.split(",")) else "default")
            for what, key, used in rows]
