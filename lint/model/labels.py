"""Image labels: which keys Docker's guidelines allow, the label schema hadolint users configure,
and the value types such a schema names (hadolint's DL3048 to DL3058).

A schema is a list of ``name:type`` entries (hadolint's ``label-schema`` mapping, written as the
rule option ``label-schema``), the type one of :data:`LABEL_TYPES`; an entry without ``:`` is a
``text`` label.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable

from hullcheck.model.spdx_licenses import LICENSE_IDS

# hadolint's label types: text is any value (only its presence, emptiness and strictness count)
LABEL_TYPES = ("text", "url", "spdx", "hash", "rfc3339", "semver", "email")
RESERVED_NAMESPACES = ("com.docker.", "io.docker.", "org.dockerproject.")

_KEY_CHARACTERS = re.compile(r"[a-z0-9.-]*")


def label_key_problem(key: str) -> str | None:
    """Why ``key`` breaks Docker's label key guidelines (as hadolint's DL3048 checks them), or
    None: lowercase letters, digits, ``.`` and ``-``; starting with a letter and ending with a
    letter or digit; no ``..`` or ``--``; not in a namespace Docker reserves."""
    if not key or not ("a" <= key[0] <= "z"):
        return "does not start with a lowercase letter"
    if not _KEY_CHARACTERS.fullmatch(key):
        return "has characters other than lowercase letters, digits, '.' and '-'"
    if not (key[-1].isascii() and key[-1].isalnum()):
        return "does not end with a lowercase letter or digit"
    if ".." in key or "--" in key:
        return "has consecutive separators ('..' or '--')"
    reserved = next((namespace for namespace in RESERVED_NAMESPACES if key.startswith(namespace)), None)
    if reserved is not None:
        return f"is in the namespace '{reserved[:-1]}', which Docker reserves"
    return None


def label_schema(entries: Iterable[str]) -> dict[str, str]:
    """The schema's label names and types from ``name:type`` entries (the type after the last
    ``:``, any case; none, or one hadolint does not know, is ``text``)."""
    schema = {}
    for entry in entries:
        name, colon, kind = entry.rpartition(":")
        if not colon:
            name, kind = entry, "text"
        kind = kind.strip().lower()
        schema[name.strip()] = kind if kind in LABEL_TYPES else "text"
    return schema


# RFC 3986 (what Haskell's Network.URI.parseURI accepts): an absolute URI with a scheme
_UNRESERVED = r"A-Za-z0-9\-._~"
_SUB_DELIMS = r"!$&'()*+,;="
_PCT = r"%[0-9A-Fa-f]{2}"
_PCHAR = rf"(?:[{_UNRESERVED}{_SUB_DELIMS}:@]|{_PCT})"
_SEGMENT = rf"{_PCHAR}*"
_IP_LITERAL = rf"\[(?:[0-9A-Fa-f:.]+|v[0-9A-Fa-f]+\.[{_UNRESERVED}{_SUB_DELIMS}:]+)\]"
_HOST = rf"(?:{_IP_LITERAL}|(?:[{_UNRESERVED}{_SUB_DELIMS}]|{_PCT})*)"
_AUTHORITY = rf"(?:(?:[{_UNRESERVED}{_SUB_DELIMS}:]|{_PCT})*@)?{_HOST}(?::[0-9]*)?"
_HIER_PART = rf"(?://{_AUTHORITY}(?:/{_SEGMENT})*|/(?:{_PCHAR}+(?:/{_SEGMENT})*)?|{_PCHAR}+(?:/{_SEGMENT})*|)"
_URI = re.compile(rf"[A-Za-z][A-Za-z0-9+.\-]*:{_HIER_PART}(?:\?(?:{_PCHAR}|[/?])*)?(?:#(?:{_PCHAR}|[/?])*)?")

# RFC 3339 date-time (timerep's parseTimeRFC3339, which hadolint uses; the offset needs its ':')
_DATE_TIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|[+-](\d{2}):(\d{2}))", re.ASCII
)

# semantic versioning 2.0.0, the expression semver.org gives
_SEMVER = re.compile(
    r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
    r"(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?",
    re.ASCII,
)

# RFC 5322 addr-spec (email-validate's isValid): dot-atom or quoted local part, dot-atom or
# literal domain
_ATEXT = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]"
_DOT_ATOM = rf"{_ATEXT}+(?:\.{_ATEXT}+)*"
_EMAIL = re.compile(rf'(?:{_DOT_ATOM}|"(?:[^"\\\r\n]|\\.)*")@(?:{_DOT_ATOM}|\[[^\[\]\\\r\n]*\])', re.ASCII)

_GIT_HASH = re.compile(r"[0-9a-f]{7}|[0-9a-f]{40}")


def is_url(value: str) -> bool:
    """An absolute URI (``https://example.com/x``, ``mailto:a@b``), as RFC 3986 writes it."""
    return _URI.fullmatch(value) is not None


def is_rfc3339(value: str) -> bool:
    """An RFC 3339 date-time with its offset (``2024-05-01T12:00:00Z``), a real date."""
    match = _DATE_TIME.fullmatch(value)
    if match is None:
        return False
    year, month, day, hour, minute, second = (int(part) for part in match.groups()[:6])
    offset_hour, offset_minute = match.group(7), match.group(8)
    days = (31, 29 if calendar.isleap(year) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
    if not (1 <= month <= 12 and 1 <= day <= days[month - 1]):
        return False
    if hour > 23 or minute > 59 or second > 60:  # 60: a leap second
        return False
    return offset_hour is None or (int(offset_hour) <= 23 and int(offset_minute) <= 59)


def is_spdx_license(value: str) -> bool:
    """One identifier of the SPDX License List (``MIT``, ``Apache-2.0``), as written."""
    return value in LICENSE_IDS


def is_git_hash(value: str) -> bool:
    """A Git commit as hadolint's DL3055 takes it: 40 lowercase hex digits, or 7 (short)."""
    return _GIT_HASH.fullmatch(value) is not None


def is_semver(value: str) -> bool:
    """A semantic version 2.0.0 (``1.2.3``, ``1.0.0-rc.1+build.5``; no ``v`` prefix)."""
    return _SEMVER.fullmatch(value) is not None


def is_email(value: str) -> bool:
    """An RFC 5322 address (``maintainers@example.com``), without a display name."""
    return _EMAIL.fullmatch(value) is not None


# what each typed schema entry must hold, and how a finding says it is not
VALIDATORS: dict[str, tuple[Callable[[str], bool], str]] = {
    "url": (is_url, "a valid URL"),
    "rfc3339": (is_rfc3339, "an RFC 3339 date and time"),
    "spdx": (is_spdx_license, "an SPDX license identifier"),
    "hash": (is_git_hash, "a Git commit hash"),
    "semver": (is_semver, "a semantic version"),
    "email": (is_email, "an email address"),
}
