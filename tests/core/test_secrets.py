"""Which headers name a secret (catalog.secrets): the words people use, in several languages, with capitals,
accents, spaces, underscores, dots, camel case and owner words; never a word that only contains one."""
from __future__ import annotations

import pytest
from conftest import STUDENT_HEADER, make_table

from rosterxl.core.catalog.catalog import builtin_catalog
from rosterxl.core.catalog.config import DistrictConfig, apply_config
from rosterxl.core.catalog.headers import map_headers
from rosterxl.core.catalog.secrets import secret_header
from rosterxl.core.model import RosterInputError
from rosterxl.core.rules import check_tables

SECRET = ["Password", "PASSWORD", "password ", "Student Password", "Initial PW", "PW", "pw", "Pwd", "PWD", "Passwd",
          "PIN", "Pin", "pin_code", "PIN Code", "PINCode", "Student.PIN", "StudentPin", "STUDENTPW", "userpwd",
          "Passcode", "Pass Code", "Passphrase", "Secret", "Contraseña", "CONTRASEÑA", "contrasena", "Clave",
          "Clave de acceso", "Mot de passe", "mot_de_passe", "Mot-de-passe", "MDP", "Passwort", "Schülerpasswort",
          "Kennwort", "Senha", "Senha do aluno", "Wachtwoord", "Lösenord", "Hasło", "Пароль", "学生密码",
          "Temp_Password", "new-pw", "Initial.PW", "Pass Word", "Pass-code"]
NOT_SECRET = ["Pinellas School", "Spine", "Pineapple", "Opinion", "Secretary", "Pinto", "Spinner", "Username",
              "First Name", "Last Name", "Organizations", "Pupil ID", "Powder", "Pwllheli", "Passage", "Compass",
              "Passenger", "Clavier", "Mode", "Grade", "Pinyin", "Happiness", "News", "Student ID", "Email", "Pw2x",
              "Compass Word Count", "Passport Number", "Pass/Fail", "Conclave", "Pinecrest Elementary", "Shipping"]


@pytest.mark.parametrize("text", SECRET)
def test_a_header_in_the_words_people_use_is_secret(text):
    assert secret_header(text)


@pytest.mark.parametrize("text", NOT_SECRET)
def test_a_word_that_only_contains_a_secret_word_is_not(text):
    assert not secret_header(text)


def test_every_header_of_a_sheet_is_judged_and_the_catalog_password_stays_secret():
    students = builtin_catalog().entities["students"]
    headers = map_headers(students, ["First Name", "Password", "PW", "Pinellas School", "Password"])
    assert [h.secret for h in headers] == [False, True, True, False, True]
    assert headers[1].column.key == "password" and headers[2].column is None


def test_a_district_adds_its_own_words_in_rosterxl_toml():
    catalog = apply_config(DistrictConfig.model_validate({"secret_headers": ["Geheimcode", "code élève"]}), "t.toml")
    students = catalog.entities["students"]
    headers = map_headers(students, ["Geheimcode", "Code Eleve", "Code", "Élève"])
    assert [h.secret for h in headers] == [True, True, False, False]
    assert not map_headers(builtin_catalog().entities["students"], ["Geheimcode"])[0].secret


def test_a_secret_header_word_without_letters_is_refused(tmp_path):
    from rosterxl import load_config
    path = tmp_path / "rosterxl.toml"
    path.write_text('secret_headers = ["--"]\n', encoding="utf-8")
    with pytest.raises(RosterInputError, match="secret_headers.*has no letters"):
        load_config(path)


@pytest.mark.parametrize("spelling", ["PW", "Pwd", "PIN", "Passcode", "Contraseña", "Passwort"])
def test_no_issue_shows_or_suggests_a_secret_value(spelling):
    header = [spelling if h == "Password" else h for h in STUDENT_HEADER]
    secret = "Zq9-secret-Pw"
    rows = [[f" {secret} " if h == spelling else v for h, v in zip(header, row)] for row in [
        ["Ana", "Lopez", "alopez", "x", "3", "S-1", "Lincoln Elementary School", "Gr 3 Reading", "Imagine Reading"],
    ]]
    rows.append([f"{secret}\u200b" if h == spelling else v for h, v in zip(header, rows[0])])
    rows.append([f"+{secret}(1)" if h == spelling else v for h, v in zip(header, rows[0])])
    issues, _ = check_tables([make_table([header, *rows])], builtin_catalog())
    mine = [i for i in issues if i.column == spelling and i.row > 1]
    assert {i.code for i in mine} >= {"text.spaces", "text.invisible", "text.formula"}
    for issue in mine:
        assert secret not in issue.message and issue.suggestion is None and not issue.certain
