"""Which columns hold secrets, by what their header says in the words people use: "PW", "Student Pwd",
"Initial_PIN", "Contraseña", "Mot de passe", "Passwort". A secret column's values are never shown, noted,
listed, suggested or fixed. A district adds its own words in rosterxl.toml (secret_headers)."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

# Words that name a secret as a whole word ("Initial PW", "pin_code", "StudentPwd"); never inside another word
# ("Pinellas", "Spine", "Opinion", "Secretary").
WORDS = (
    "password", "passwords", "passwd", "passcode", "passphrase", "passkey", "pwd", "pw", "pword",
    "pin", "pins", "pincode", "secret", "secrets",
    "contraseña", "clave", "contrasinal",                  # Spanish, Galician
    "senha",                                             # Portuguese
    "mdp", "motdepasse",                                 # French
    "passwort", "kennwort", "geheimzahl",                # German
    "wachtwoord", "paswoord",                            # Dutch
    "lösenord", "passord", "adgangskode", "kodeord",     # Swedish, Norwegian, Danish
    "salasana", "jelszó", "hasło", "heslo", "geslo", "lozinka", "parolă", "şifre", "şifresi",
    "пароль", "κωδικός", "mậtkhẩu",
)
# Phrases of several words ("mot de passe", "code secret", "clave de acceso").
PHRASES = ("mot de passe", "code secret", "clave de acceso", "código de acceso", "codigo secreto", "pin code",
           "access code", "login code", "mat khau", "parola d'ordine")
# Long words also found inside a compound ("Schülerpasswort", "userpassword", "学生密码").
COMPOUND = ("password", "passwort", "kennwort", "passcode", "passphrase", "contraseña", "wachtwoord", "motdepasse",
            "lösenord", "salasana", "пароль", "密码", "密碼", "パスワード", "暗証番号", "비밀번호")
# Person words a short secret word may be run together with, capitals or not ("STUDENTPW", "userpin").
OWNERS = ("student", "user", "login", "initial", "new", "temp", "default", "account", "teacher", "educator",
          "portal", "my", "the")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_WORD = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """Capitals and accents set aside: 'Contraseña' -> 'contrasena', 'Hasło' -> 'haslo'."""
    text = unicodedata.normalize("NFKD", text.replace("ł", "l").replace("Ł", "L"))
    return "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()


def words(text: str) -> list[str]:
    """A header's words: split at spaces, underscores, dots, dashes and camel case ('StudentPwd')."""
    return _WORD.findall(fold(_CAMEL.sub(" ", text)))


@lru_cache(maxsize=64)
def _vocabulary(extra: tuple[str, ...]) -> tuple[frozenset[str], tuple[tuple[str, ...], ...], tuple[str, ...]]:
    singles, phrases = set(), []
    for entry in (*WORDS, *PHRASES, *extra):
        parts = tuple(words(entry))
        if len(parts) == 1:
            singles.add(parts[0])
        elif parts:
            phrases.append(parts)
    return frozenset(singles), tuple(phrases), tuple(fold(w) for w in COMPOUND)


@lru_cache(maxsize=4096)
def secret_header(text: str, extra: tuple[str, ...] = ()) -> bool:
    """True when a header names a secret, in any of the words above or the district's own (`extra`)."""
    singles, phrases, compounds = _vocabulary(extra)
    found = words(text)
    if any(w in singles for w in found):
        return True
    if any(_owned(w, singles) for w in found):
        return True
    if any(found[i:i + len(p)] == list(p) for p in phrases for i in range(len(found) - len(p) + 1)):
        return True
    pairs = {a + b for a, b in zip(found, found[1:])}           # "Pass Word", "Pass-code"
    return any(c in w for c in compounds for w in found) or bool(pairs & set(compounds))


def _owned(word: str, singles: Iterable[str]) -> bool:
    """'studentpw', 'userpin': an owner word run together with a secret word."""
    return any(word.startswith(owner) and word[len(owner):] in singles for owner in OWNERS)
