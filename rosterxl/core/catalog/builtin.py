"""The built-in catalog: the three record types of the portal's "Generate Import Templates".

Each fact comes from the portal's public help pages and templates, marked there as confirmed, inferred
or unknown. Where a spelling is inferred (product names, educator type spelling), the list is a default
the district config can replace; where a fact is unknown, it is a setting.
"""
from __future__ import annotations

import unicodedata

from rosterxl.core.catalog.columns import AllowedList, Column, Entity, Kind
from rosterxl.core.model import Severity

E, W = Severity.ERROR, Severity.WARNING

GRADES = ("PK", "K", *(str(n) for n in range(1, 13)))


def _grade_aliases() -> dict[str, str]:
    aliases = {"Pre-K": "PK", "PreK": "PK", "Pre K": "PK", "Pre-Kindergarten": "PK",
               "Prekindergarten": "PK", "KG": "K", "Kindergarten": "K", "Kinder": "K", "00": "K"}
    suffix = {1: "st", 2: "nd", 3: "rd"}
    for n in range(1, 13):
        aliases[f"{n:02d}"] = str(n)
        aliases[f"{n}{suffix.get(n, 'th')}"] = str(n)
        aliases[f"Grade {n}"] = str(n)
        aliases[f"{n}{suffix.get(n, 'th')} grade"] = str(n)     # matched whatever the capitals
        aliases[f"Grado {n}"] = str(n)
        aliases[f"{n}º"] = str(n)                 # Spanish ordinals: 2º, 2º grado, 2do grado, segundo grado
        aliases[f"{n}º grado"] = str(n)
        aliases[f"{n}° grado"] = str(n)
        for short in SPANISH_SHORT[n - 1].split():
            aliases[f"{n}{short}"] = str(n)
            aliases[f"{n}{short} grado"] = str(n)
        for word in SPANISH_ORDINALS[n - 1].split():
            aliases[word] = str(n)
            aliases[f"{word} grado"] = str(n)
    aliases.update({"kínder": "K", "kinder garten": "K", "Kindergarten grade": "K", "0": "K",   # Clever's 0
                    "prekínder": "PK", "pre-kínder": "PK", "preescolar": "PK"})
    aliases.update({_unaccented(a): g for a, g in aliases.items()})      # séptimo typed as septimo
    return aliases


def _unaccented(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


SPANISH_ORDINALS = ("primero primer", "segundo", "tercero tercer", "cuarto", "quinto", "sexto", "séptimo", "octavo",
                    "noveno", "décimo", "undécimo", "duodécimo")     # "primer grado", "tercer grado" too
SPANISH_SHORT = ("ro er", "do", "ro er", "to", "to", "to", "mo", "vo", "no", "mo", "mo vo", "mo vo")   # 2do, 3er


PRODUCTS = (
    "Imagine Language & Literacy", "Imagine Español", "Imagine Reading", "Imagine Lectura",
    "Imagine Galileo K-12", "Imagine MyPath", "Imagine Math", "Imagine Math Facts",
    "Imagine Science", "Imagine Purpose", "Traverse",
)
PRODUCT_ALIASES = {
    "Imagine Espanol": "Imagine Español", "Espanol": "Imagine Español", "Español": "Imagine Español",
    "Language & Literacy": "Imagine Language & Literacy", "IL&L": "Imagine Language & Literacy",
    "Imagine Language and Literacy": "Imagine Language & Literacy",
    "Imagine Galileo K–12": "Imagine Galileo K-12", "Galileo K-12": "Imagine Galileo K-12",
    "MyPath K-12": "Imagine MyPath", "MyPath K–12": "Imagine MyPath",
    "Imagine Science Corner": "Imagine Science", "Purpose K-5": "Imagine Purpose",
    "Purpose K–5": "Imagine Purpose",
}
LANGUAGES = (
    "English", "Arabic", "Cantonese", "French", "Haitian Creole", "Hmong", "Japanese", "Korean",
    "Mandarin", "Marshallese", "Portuguese (Brazil)", "Russian", "Somali", "Spanish", "Tagalog",
    "Vietnamese",
)

LISTS = {
    "EducatorType": AllowedList(
        "EducatorType", "educator type", ("Admin", "Teacher"),
        {"Administrator": "Admin", "School Administrator": "Admin", "District Administrator": "Admin",
         "School Admin": "Admin", "District Admin": "Admin"}),
    "Grade": AllowedList("Grade", "grade", GRADES, _grade_aliases()),
    "Product": AllowedList("Product", "product", PRODUCTS, PRODUCT_ALIASES, severity=W),
    "Language": AllowedList("Language", "language", LANGUAGES, {"Portuguese": "Portuguese (Brazil)"}),
    "SpanishLanguage": AllowedList("SpanishLanguage", "language", ("English", "Spanish")),
    "YesNo": AllowedList("YesNo", "Yes or No", ("Yes", "No"),
                         {"Y": "Yes", "N": "No", "TRUE": "Yes", "FALSE": "No"}),
    # Schools and classes belong to the district: they come from rosterxl.toml (or the Classes/Groups
    # sheet). Without them these lists are open and other checks (misspellings) stand in.
    "Organization": AllowedList("Organization", "school (organization)"),
    "ClassGroup": AllowedList("ClassGroup", "class/group"),
}


def _name(key: str, header: str, **kw) -> Column:
    return Column(key, header, required=True, help=kw.pop("help", f"The person's {header.lower()}."), **kw)


DATABASE_ID = Column(
    "database_id", "Database ID", Kind.EXPORT_ONLY, aliases=("DatabaseID", "DB ID"), keeps_digits=True,
    help="Filled in by the portal's export. Do not change it: the portal uses it to find the record.")

CLASSES = Entity(
    key="classes", name="Classes/Groups", sheet="Classes-Groups", file_stem="Classes-Groups", noun="class/group",
    sheet_aliases=("Classes/Groups", "Classes & Groups", "Classes and Groups", "Classes", "Groups",
                   "Class Groups", "Class"),
    columns=(
        Column("class_name", "Class/Group Name", required=True,
               aliases=("Class Name", "Group Name", "Class", "Group", "Classroom Name", "Name"),
               unique="ignore-case", unique_severity=W, max_length=250, length_severity=W,
               help="The name of the class or group, as teachers will see it. Unique within its school."),
        Column("external_id", "External Assigned ID", aliases=("External ID", "SIS ID", "Class ID"),
               max_length=250, length_severity=W, keeps_digits=True,
               help="Optional: your own ID for the class (from your student information system)."),
        Column("organization", "Organization", Kind.LIST, required=True, list_name="Organization",
               spellings=("Organizations",), aliases=("School", "School Name", "Organisation"),
               help="The school the class belongs to, exactly as named in the portal."),
        Column("product", "Product", Kind.MULTI_LIST, required=True, list_name="Product",
               spellings=("Products",), aliases=("Product Name",), dropdown=True,
               help="The Imagine Learning product the class uses; several are separated by semicolons."),
        Column("educators", "Educators", aliases=("Teachers", "Educator Usernames"),
               help="Optional: the usernames (emails) of the class's educators, separated by semicolons."),
        DATABASE_ID,
    ),
    sample_rows=(
        {"class_name": "Sample Class - Grade 3 Reading", "external_id": "SAMPLE-C1",
         "organization": "Sample Elementary School", "product": "Imagine Language & Literacy",
         "educators": "sample.teacher@example.org"},
        {"class_name": "Sample Group - Intervention", "external_id": "SAMPLE-C2",
         "organization": "Sample Elementary School", "product": "Imagine Reading",
         "educators": "sample.teacher@example.org;sample.admin@example.org"},
    ),
)

EDUCATORS = Entity(
    key="educators", name="Educators", sheet="Educators", file_stem="Educators", noun="educator",
    sheet_aliases=("Educator", "Teachers", "Staff"),
    columns=(
        _name("first_name", "First Name", aliases=("First", "Given Name", "First_name")),
        _name("last_name", "Last Name", aliases=("Last", "Family Name", "Surname", "Last_name")),
        Column("username", "Username", Kind.EMAIL, required=True,
               aliases=("User Name", "Email", "Username (Email)", "Educator Email", "Login"),
               unique="ignore-case", max_length=50, length_severity=W, keeps_digits=True,
               help="The educator's email address. The portal sends a sign-up email there."),
        Column("educator_type", "Educator Type", Kind.LIST, required=True, list_name="EducatorType",
               aliases=("Type", "Role", "Account Type"),
               help="Admin or Teacher. An Admin of every school becomes a district administrator."),
        Column("external_id", "External Assigned ID", aliases=("External ID", "Staff ID", "Teacher ID"),
               max_length=250, length_severity=W, keeps_digits=True,
               help="Optional: your own ID for the educator."),
        Column("organizations", "Organizations", Kind.MULTI_LIST, required=True,
               list_name="Organization", spellings=("Organization",), aliases=("Schools", "School", "School Name"),
               help="The educator's schools, separated by semicolons: School A;School B"),
        Column("classes", "Classes/Groups", Kind.MULTI_LIST, list_name="ClassGroup",
               aliases=("Classes", "Groups", "Class/Group", "Class", "Group", "Class/Group Name"),
               help="Optional: the educator's classes, separated by semicolons: Class A;Class B"),
        DATABASE_ID,
    ),
    sample_rows=(
        {"first_name": "Sample", "last_name": "Teacher", "username": "sample.teacher@example.org",
         "educator_type": "Teacher", "external_id": "SAMPLE-T1",
         "organizations": "Sample Elementary School", "classes": "Sample Class - Grade 3 Reading"},
        {"first_name": "Sample", "last_name": "Admin", "username": "sample.admin@example.org",
         "educator_type": "Admin", "external_id": "SAMPLE-T2",
         "organizations": "Sample Elementary School;Sample Middle School",
         "classes": "Sample Class - Grade 3 Reading;Sample Group - Intervention"},
    ),
)

STUDENTS = Entity(
    key="students", name="Students", sheet="Students", file_stem="Students", noun="student",
    sheet_aliases=("Student", "Learners"),
    columns=(
        _name("first_name", "First Name", aliases=("First", "Given Name", "First_name")),
        _name("last_name", "Last Name", aliases=("Last", "Family Name", "Surname", "Last_name")),
        Column("username", "Username", required=True, aliases=("User Name", "Login", "Student Username"),
               min_length=3, unique="ignore-case", keeps_digits=True,
               help="At least 3 characters, unique in the district (capital letters do not count)."),
        Column("password", "Password", min_length=4, keeps_digits=True, secret=True,
               help="At least 4 characters; capital letters count."),
        Column("grade", "Grade", Kind.LIST, list_name="Grade",
               aliases=("Grade Level", "Grade_level", "Grd"),
               help="PK, K or 1 to 12."),
        # The Add Student form labels it "External Assigned ID"; older templates said "Student ID".
        Column("student_id", "External Assigned ID", required=True, spellings=("Student ID",),
               aliases=("Student Number", "District Student ID", "External ID", "SIS ID"),
               min_length=1, max_length=64, unique="exact", keeps_digits=True,
               help="The student's ID from your student information system: 1 to 64 characters, "
                    "unique. The portal uses it to find the student when you update."),
        Column("organizations", "Organizations", Kind.MULTI_LIST, required=True,
               list_name="Organization", max_items=1, spellings=("Organization",),
               aliases=("School", "School Name", "Schools"),
               help="The student's one school, exactly as named in the portal."),
        Column("classes", "Classes/Groups", Kind.MULTI_LIST, list_name="ClassGroup",
               aliases=("Classes", "Groups", "Class/Group", "Class", "Group", "Classroom Name"),
               help="The student's classes, separated by semicolons: Class A;Class B"),
        Column("products", "Products", Kind.MULTI_LIST, list_name="Product",
               spellings=("Product",), aliases=("Product Access",),
               help="The products the student uses, separated by semicolons."),
        Column("language_support", "Language Support", Kind.LIST, list_name="Language",
               aliases=("Language", "Audio Language", "Support Language"),
               help="The support language in Imagine Language & Literacy (English by default)."),
        Column("spanish_language_support", "Language Support: Español", Kind.LIST,
               list_name="SpanishLanguage",
               aliases=("Language Support Espanol", "Spanish Language Support"),
               help="English or Spanish: the support language in Imagine Español."),
        Column("session_time", "Session Time", Kind.WHOLE_NUMBER, number_range=(5, 120),
               aliases=("Session Time (minutes)", "Session Length", "Session Minutes"),
               help="Minutes per session in Imagine Language & Literacy and Español (20 by default)."),
        Column("audio_support", "Audio Support", Kind.LIST, list_name="YesNo",
               help="Yes or No: audio support in Imagine Reading and Imagine Lectura."),
        Column("alternate_id", "Alternate ID", aliases=("State ID", "State Student ID"),
               unique="exact", unique_severity=W, keeps_digits=True,
               help="Optional: the state ID, if your state requires one."),
        DATABASE_ID,
    ),
    sample_rows=(
        {"first_name": "Sample", "last_name": "Student", "username": "sample.student1",
         "password": "sample1", "grade": "3", "student_id": "SAMPLE-0001",
         "organizations": "Sample Elementary School", "classes": "Sample Class - Grade 3 Reading",
         "products": "Imagine Language & Literacy", "language_support": "English",
         "spanish_language_support": "English", "session_time": "20", "audio_support": "Yes",
         "alternate_id": "SAMPLE-S1"},
        {"first_name": "Sample", "last_name": "Learner", "username": "sample.student2",
         "password": "sample2", "grade": "K", "student_id": "SAMPLE-0002",
         "organizations": "Sample Elementary School",
         "classes": "Sample Class - Grade 3 Reading;Sample Group - Intervention",
         "products": "Imagine Language & Literacy;Imagine Reading", "language_support": "Spanish",
         "spanish_language_support": "Spanish", "session_time": "30", "audio_support": "No",
         "alternate_id": "SAMPLE-S2"},
    ),
)

ENTITIES = {e.key: e for e in (CLASSES, EDUCATORS, STUDENTS)}
