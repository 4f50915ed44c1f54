"""The example district's roster, with a few realistic mistakes, for `rosterxl demo`.

Values that are not strings are what Excel would have stored: a student ID typed into a General
column becomes the number 4417 and loses its leading zeros.
"""
from __future__ import annotations

CLASSES = [
    ["Class/Group Name", "External Assigned ID", "Organization", "Product"],
    ["Gr 3 Reading - Ms. Rivera", "LIN-301", "Lincoln Elementary School", "Imagine Language & Literacy"],
    ["Gr 4 Math - Mr. Chen", "LIN-402", "Lincoln Elementary School", "Imagine Math"],
    ["ELD Newcomers", "LIN-ELD1", "Lincoln Elementary School", "Imagine Language & Literacy"],
    ["Gr 2 Lectura - Sra. Peña", "WAS-205", "Washington Elementary School", "Imagine Español"],
    ["Gr 7 Math Lab", "ROO-710", "Roosevelt Middle School", "Imagine Math"],
]

EDUCATORS = [
    ["First Name", "Last Name", "Username", "Educator Type", "Organizations", "Classes/Groups"],
    ["Ana", "Rivera", "arivera@riverside.k12.example", "Teacher", "Lincoln Elementary School",
     "Gr 3 Reading - Ms. Rivera;ELD Newcomers"],
    ["David", "Chen", "dchen@riverside.k12.example", "teacher", "Lincoln Elementary School",
     "Gr 4 Math - Mr. Chen"],
    ["Lucía", "Peña ", "lpena@riverside.k12.example", "Teacher", "Washington Elementary School",
     "Gr 2 Lectura - Sra. Peña"],
    ["Marcus", "Okafor", "mokafor@riverside.k12.example", "Admin",
     "Lincoln Elementary School;Washington Elementary School", ""],
]

STUDENTS = [
    ["First Name", "Last Name", "Username", "Password", "Grade", "Student ID", "Organizations",
     "Classes/Groups", "Products", "Language Support"],
    ["Sofía", "García", "sgarcia", "tiger42", "3", "0004412", "Lincoln Elementary School",
     "Gr 3 Reading - Ms. Rivera", "Imagine Language & Literacy", "Spanish"],
    ["Liam", "O'Brien", "lobrien", "maple7", "3", "0004413", "Lincoln Elementary School",
     "Gr 3 Reading - Ms. Rivera", "Imagine Language & Literacy", "English"],
    ["Amir", "Haddad", "ahaddad", "river88", "Kindergarden", "0004414", "Lincoln Elementary School",
     "ELD Newcomers", "Imagine Language & Literacy", "Arabic"],
    ["Mei", "Chen", "mchen", "lotus5", "4", "0004415", "Lincoln Elementary School",
     "Gr 4 Math - Mr. Chen", "Imagine Reading:Imagine Math", "Mandarin"],
    ["Noah", "Smith", "nsmith", "abc", "4", "0004416", "Lincoln Elementary School",
     "Gr 4 Math - Mr. Chen", "Imagine Math", "English"],
    ["Ava", "Johnson", "ajohnson", "sunny12", "4", 4417, "Lincoln Elementary School",
     "Gr 4 Math - Mr. Chen", "Imagine Math", "English"],
    ["Mateo", "Ruiz", "mruiz", "cactus3", "2", "0005101", "Washington Elementary School",
     "Gr 2 Lectura - Sra. Peña", "Imagine Español", "Spanish"],
    ["Isabella", "Torres", "MRuiz", "puma99", "2", "0005102", "Washington Elementary School",
     "Gr 2 Lectura - Sra. Peña", "Imagine Español", "Spanish"],
    ["Ethan", "Nguyen", "enguyen", "delta77", "3", "0004418", "Lincon Elementary School",
     "Gr 3 Reading - Ms. Rivera", "Imagine Language & Literacy", "Vietnamese"],
    ["Zoe", "Kim", "zkim", "orbit21", "7", "0007201", "Roosevelt Middle School",
     "Gr 7 Math Lab;Room 12 Science", "Imagine Math", "Korean"],
    ["Jayden", "Brown", "jbrown", "comet66", "2", "0005103", "Washington Elementary School",
     "Gr 4 Math - Mr. Chen", "Imagine Math", "English"],
]

SHEETS = {"Classes-Groups": CLASSES, "Educators": EDUCATORS, "Students": STUDENTS}
