"""What a build step does that the Dockerfile says better another way, or that has no use in
a build: ``cd`` (WORKDIR), ``ln -s … /bin/sh`` (SHELL), programs for a running system (``top``,
``service``), ``useradd`` of a high UID that fills the login records, wget's progress output."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable

from hullcheck.model import command_line
from hullcheck.model.command_line import Option, read_command_line
from hullcheck.model.commands.programs import effective
from hullcheck.model.shell import ShellCommand
from hullcheck.model.span import Located, Unresolved
from hullcheck.records import Record

# Programs for a running system or an interactive session, which a build step has no use for:
# hadolint's list (DL3001), which its message also says ``ifconfig`` is in but its check is not.
POINTLESS_IN_BUILD = frozenset({"free", "kill", "mount", "ps", "service", "shutdown", "ssh", "top", "vim"})

# The paths of the default shell: ``/usr/bin/sh`` is ``/bin/sh`` where /bin links to /usr/bin.
_DEFAULT_SHELL_PATHS = frozenset({"/bin/sh", "/usr/bin/sh"})

# useradd records every user in /var/log/lastlog and faillog, files indexed by UID: sparse on
# disk, but a layer stores them whole (about 400 bytes per UID below the user's), so a UID of
# six digits or more writes tens of megabytes. hadolint's bound (DL3046): more than 5 digits.
HIGH_UID = 100_000


def program_word(command: ShellCommand) -> Located[str]:
    """The word that names the program ``command`` runs."""
    return command.words[command.program]


def pointless_in_build(command: ShellCommand) -> ShellCommand | None:
    """The program (through ``sudo``, ``busybox`` …) when it is one a build has no use for:
    ``top``, ``ps``, ``service``, ``ssh``, ``vim`` …; not ``apt-get install ssh``."""
    inner = effective(command)
    return inner if inner.name in POINTLESS_IN_BUILD else None


def changes_directory(command: ShellCommand) -> ShellCommand | None:
    """The ``cd`` (or ``pushd``) this command runs, through ``command``, ``builtin`` …"""
    inner = effective(command)
    return inner if inner.name in ("cd", "pushd") else None


def links_default_shell(command: ShellCommand) -> Located[str] | None:
    """The link name when ``command`` makes ``/bin/sh`` a link (``ln -sf /bin/bash /bin/sh``);
    not ``ln -s /bin/sh /usr/local/bin/sh``, which links to it."""
    inner = effective(command)
    if inner.name != "ln":
        return None
    line = read_command_line(inner.arguments, command_line.LN)
    operands = line.operands
    if line.named("--target-directory") or len(operands) < 2:
        return None
    link = operands[-1]
    return link if posixpath.normpath(link.value) in _DEFAULT_SHELL_PATHS else None


class HighUid(Record, frozen=True, slots=True):
    """``useradd -u UID`` of a high UID without ``-l``/``--no-log-init``."""

    command: ShellCommand  # the useradd
    option: Option  # its ``-u``/``--uid``
    uid: int


_VARIABLE = re.compile(r"\$(?:\{(?P<braced>[A-Za-z_]\w*)(?::?-(?P<default>[^}]*))?\}|(?P<plain>[A-Za-z_]\w*))")
Lookup = Callable[[str], str | Unresolved | None]


def useradd_high_uid(command: ShellCommand, lookup: Lookup) -> HighUid | None:
    """A ``useradd`` that gives a UID of :data:`HIGH_UID` or more and keeps the login records.
    ``lookup``: the value of a variable the UID is (``-u ${UID}``), from the ARG and ENV in
    force; a UID that is unknown is not high."""
    inner = effective(command)
    if inner.name != "useradd":
        return None
    line = read_command_line(inner.arguments, command_line.USERADD)
    uids = line.named("--uid")
    if line.named("--no-log-init") or not uids or uids[-1].value is None:
        return None
    uid = _value(uids[-1].value.value, lookup)
    if uid is None or not uid.isdecimal() or int(uid) < HIGH_UID:
        return None
    return HighUid(inner, uids[-1], int(uid))


def _value(word: str, lookup: Lookup) -> str | None:
    """A word's text, or the value of the one variable it is (``$UID``, ``${UID:-1000}``)."""
    match = _VARIABLE.fullmatch(word)
    if match is None:
        return None if "$" in word or "`" in word else word
    value = lookup(match.group("braced") or match.group("plain"))
    if value is None and match.group("default") is not None:
        return match.group("default")
    return value if isinstance(value, str) else None


# ``-e progress=…`` and the like: wgetrc commands that quieten the progress output
_QUIET_COMMANDS = re.compile(r"(?:progress=.*|quiet\s*=\s*on|verbose\s*=\s*off)", re.IGNORECASE)


def wget_progress_unset(command: ShellCommand) -> ShellCommand | None:
    """The wget when it downloads with its default progress output, which in a build log (not a
    terminal) is a line of dots per 50 KiB: no ``--progress``, ``-q``, ``-nv``, ``-o``/``-a``
    (a log file), or ``-e progress=…``."""
    inner = effective(command)
    if inner.name != "wget":
        return None
    line = read_command_line(inner.arguments, command_line.WGET)
    if not line.operands and not line.named("--input-file"):
        return None  # ``wget --version``
    quiet = ("--progress", "--quiet", "--no-verbose", "--output-file", "--append-output")
    if line.named(*quiet):
        return None
    if any("v" in (option.value_text or "") for option in line.named("-n")):  # ``-nv``
        return None
    if any(_QUIET_COMMANDS.fullmatch(option.value_text or "") for option in line.named("--execute")):
        return None
    return inner


def download_tool(command: ShellCommand) -> ShellCommand | None:
    """The curl or wget this command runs (through ``sudo``, ``busybox`` …)."""
    inner = effective(command)
    return inner if inner.name in ("curl", "wget") else None
