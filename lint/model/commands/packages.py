"""Operating-system package managers as the rules read them: apt-get, apt and aptitude; apk;
yum, dnf, dnf5 and microdnf; zypper.

:func:`package_command` reads one :class:`~hullcheck.model.shell.ShellCommand` through
:func:`~hullcheck.model.commands.programs.effective` (so ``sudo apt-get``, ``env X=1 apt-get``,
``DEBIAN_FRONTEND=noninteractive apt-get`` and ``busybox apk`` are read alike) into a
:class:`PackageCommand`: the manager and its family, the action word (``install``, ``add``,
``update``, ``clean`` …) as written and as a canonical verb, every option with its span (read
with the manager's table in :mod:`hullcheck.model.command_line`: ``-qq``, ``-y``,
``-o APT::Get::Assume-Yes=true``, ``--no-install-recommends``, ``--no-cache``,
``--virtual NAME``, ``--setopt=…``, zypper's global ``-n`` before its command), and the
package operands, each a :class:`PackageArgument` with its parsed :class:`Pin`.

Iterate ``script.every_command()`` (RUN's shell form, heredoc bodies, ``sh -c`` strings and
``$(…)`` scripts) and call :func:`package_command` on each command; it returns None for any
other program. Pins, per family:

- apt: ``pkg=1.2``, ``pkg=1.*``, ``pkg:amd64=1.2`` are versions; ``pkg/bookworm`` is a release
  (a suite, not a version); a ``.deb`` path is a file; ``pkg-`` in ``install`` removes ``pkg``.
- apk: ``pkg=1.2-r0``, ``pkg~1.2``, ``pkg~=1.2``, ``pkg>1``, ``pkg<2``, ``pkg>=1`` are versions;
  ``pkg@edge`` is a release (a repository tag); a ``.apk`` path or URL is a file.
- yum/dnf: ``pkg-1.2.3``, ``pkg-1.2.3-1.el8``, ``pkg-1:1.2``, ``pkg-1.2.x86_64`` are versions
  (the last ``-`` part, after a ``.arch``, starts with a digit: ``java-11-openjdk`` and
  ``rpm-sign`` are names); ``pkg.x86_64`` is a name; ``@group`` and ``group install NAME`` are
  groups; in ``module install`` a ``name:stream`` is a version; an ``.rpm`` path or URL is a
  file (pinned by itself).
- zypper: ``pkg=1.2``, ``pkg>=1.2``, ``pkg<1`` are versions; an ``.rpm`` path or URL is a file;
  ``-t pattern NAME`` and ``pattern:NAME`` are groups.

A word that ends with a variable (``$PKG``, ``${DEPS}``, ``lib$X``, ``$(cat list)``) is
:attr:`Pin.UNKNOWN` unless its pin is written (``pkg=${VERSION}`` is a version): it may hold
several packages, pinned or not. A variable inside a name (``php${PHP_VERSION}-redis``) leaves
the word a name: what follows it is no version. :attr:`PackageArgument.pinned` is True for versions and files,
False for bare names and releases, None when unknown.
"""

from __future__ import annotations

import enum
import re

from hullcheck.model import command_line
from hullcheck.model.command_line import CommandSyntax, Option, read_command_line
from hullcheck.model.commands.programs import effective
from hullcheck.model.shell import ShellCommand
from hullcheck.model.span import Located
from hullcheck.records import Record, field, replace


class Family(enum.Enum):
    APT = "apt"  # apt-get, apt, aptitude
    APK = "apk"
    YUM = "yum"  # yum, dnf, dnf5, microdnf
    ZYPPER = "zypper"


MANAGERS: dict[str, Family] = {
    "apt-get": Family.APT,
    "apt": Family.APT,
    "aptitude": Family.APT,
    "apk": Family.APK,
    "yum": Family.YUM,
    "dnf": Family.YUM,
    "dnf5": Family.YUM,
    "microdnf": Family.YUM,
    "zypper": Family.ZYPPER,
}

_SYNTAX: dict[Family, CommandSyntax] = {
    Family.APT: command_line.APT,
    Family.APK: command_line.APK,
    Family.YUM: command_line.YUM,
    Family.ZYPPER: command_line.ZYPPER_COMMAND,
}

# action words as written → the canonical verb (a word not listed is its own verb)
_VERBS: dict[Family, dict[str, str]] = {
    Family.APT: {"full-upgrade": "dist-upgrade"},
    Family.APK: {},
    Family.YUM: {
        "erase": "remove",
        "localinstall": "install",
        "groupinstall": "install",
        "update": "upgrade",
        "groupupdate": "upgrade",
        "groupremove": "remove",
        "distro-sync": "dist-upgrade",
        "distrosync": "dist-upgrade",
        "dsync": "dist-upgrade",
        "in": "install",
        "rm": "remove",
        "up": "upgrade",
    },
    Family.ZYPPER: {
        "in": "install",
        "rm": "remove",
        "up": "update",
        "dup": "dist-upgrade",
        "ref": "refresh",
        "cc": "clean",
        "si": "source-install",
        "ar": "addrepo",
        "rr": "removerepo",
        "lr": "repos",
    },
}

# yum/dnf: the first word names a scope whose action is the second (``module install``)
_YUM_SCOPES = {"module": "module", "group": "group", "groups": "group"}
_YUM_GROUP_ACTIONS = {"groupinstall", "groupupdate", "groupremove", "groupinfo", "grouplist"}


class Pin(enum.Enum):
    NONE = "none"  # a bare name: whatever the repository holds on the day of the build
    VERSION = "version"  # a version, exact or a range (``=1.2``, ``-1.2``, ``~1.2``, ``>=1.2``)
    RELEASE = "release"  # a suite or repository (``pkg/bookworm``, ``pkg@edge``), not a version
    FILE = "file"  # a package file or its URL: it is the version it is
    UNKNOWN = "unknown"  # from a variable: any packages, pinned or not


class Kind(enum.Enum):
    PACKAGE = "package"
    GROUP = "group"  # a yum/dnf group (``@core``, ``group install X``), a zypper pattern
    MODULE = "module"  # a dnf/yum module (``module install nodejs:18``)
    REMOVAL = "removal"  # apt's ``pkg-`` in ``install``: removes pkg


class PackageArgument(Record, frozen=True, slots=True):
    """One package operand: its word, the name it names and how it is pinned."""

    word: Located[str]
    name: str  # without its version, release or architecture suffix: "nodejs" for ``nodejs=18.1``
    pin: Pin
    version: str | None = None  # as written after the operator: "1.2", "1.*", "${V}", "bookworm"
    operator: str | None = None  # "=", "~", ">=", "-", ":" (a module stream), "/" or "@" (releases)
    kind: Kind = Kind.PACKAGE
    raw: str | None = field(default=None, compare=False)  # the word as written, for what a variable holds

    @property
    def pinned(self) -> bool | None:
        """True for a version or a file, False for a bare name or a release, None when unknown."""
        if self.pin is Pin.UNKNOWN:
            return None
        return self.pin in (Pin.VERSION, Pin.FILE)


class PackageCommand(Record, frozen=True, slots=True):
    """A package manager's command line, read."""

    command: ShellCommand  # the effective command: its program word is the manager
    manager: str  # the program's base name: "apt-get", "apk", "microdnf" …
    family: Family
    options: tuple[Option, ...]  # all of them, in order: zypper's global ones first
    operands: tuple[Located[str], ...]  # the action word(s), then the package words
    action: Located[str] | None  # the action word as written ("install", "in", "add", "groupinstall")
    verb: str | None  # canonical: "install", "add", "remove", "update", "upgrade", "dist-upgrade", "clean" …
    scope: str | None  # yum/dnf's "module" or "group" (``module install``, ``groupinstall``)
    packages: tuple[PackageArgument, ...]

    @property
    def program(self) -> Located[str]:
        """The manager's word: where a finding about the whole command points."""
        return self.command.words[self.command.program]

    @property
    def installs(self) -> bool:
        """``apt-get install``, ``apk add``, ``dnf install``/``groupinstall``/``localinstall``,
        ``zypper in`` (not ``reinstall`` or ``upgrade``)."""
        return self.verb in ("install", "add")

    def read_as(self, text: str, argument: PackageArgument) -> PackageArgument:
        """``text`` read as one of this command's package words, located at ``argument``'s word:
        a package a variable holds (``$BUILD_DEPS`` is ``"gcc make"`` where it runs)."""
        return _argument(self.family, Located(text, argument.word.span), self.verb, self.scope, self.options)

    def named(self, *names: str) -> list[Option]:
        """The options of these canonical names (``--yes`` for ``-y``), in order."""
        return [option for option in self.options if option.name in names]

    def has(self, *names: str) -> bool:
        return any(option.name in names for option in self.options)

    @property
    def quiet_level(self) -> int:
        """apt's ``-q`` count: ``-qq``, ``-q -q``, ``-q=2`` and ``--quiet=2`` are 2."""
        level = 0
        for option in self.named("--quiet"):
            written = option.value_text if option.written.startswith("--") else _short_value(option)
            if written is None:
                level += 1
            elif written.isdigit():
                level = int(written)
        return level

    @property
    def assumes_yes(self) -> bool:
        """It does not stop to ask: apt's ``-y``/``--yes``/``--assume-yes``, quiet level 2 or
        ``-o APT::Get::Assume-Yes=true``; yum/dnf's ``-y``/``--assumeyes`` or
        ``--setopt=assumeyes=1``; zypper's global ``-n``/``--non-interactive`` or the
        command's ``-y``/``--no-confirm`` (and a ``-n`` after the command, as hadolint reads
        it, though zypper reads that as ``--name``). apk never asks unless ``-i``; microdnf
        never asks (its ``-y`` does nothing)."""
        if self.family is Family.APT:
            return (
                self.has("--yes")
                or self.quiet_level >= 2
                or any(_config_true(option.value_text, "apt::get::assume-yes") for option in self.named("--option"))
            )
        if self.family is Family.YUM:
            return (
                self.manager == "microdnf"
                or self.has("--assumeyes")
                or any(_config_true(option.value_text, "assumeyes") for option in self.named("--setopt"))
            )
        if self.family is Family.ZYPPER:
            return self.has("--non-interactive", "--no-confirm") or any(o.written == "-n" for o in self.options)
        return not self.has("--interactive")


def package_command(command: ShellCommand) -> PackageCommand | None:
    """The package manager this command runs, read; None for any other program."""
    inner = effective(command)
    family = MANAGERS.get(inner.name)
    if family is None:
        return None
    words = inner.arguments
    options: tuple[Option, ...] = ()
    start = 0
    if family is Family.ZYPPER:  # global options, then the command
        global_line = read_command_line(words, command_line.ZYPPER)
        options = global_line.options
        start = global_line.end
    line = read_command_line(words, _SYNTAX[family], start)
    options += line.options
    operands = line.operands
    first_raw = len(inner.raw) - len(words)
    raws = [inner.raw[first_raw + index] for index in line.operand_indices]
    if not operands:
        return PackageCommand(inner, inner.name, family, options, operands, None, None, None, ())
    action = operands[0]
    rest, rest_raw = operands[1:], raws[1:]
    written = action.value
    scope: str | None = None
    if family is Family.YUM and written in _YUM_SCOPES and rest:
        scope = _YUM_SCOPES[written]
        action, rest, rest_raw = rest[0], rest[1:], rest_raw[1:]
        written = action.value
    elif family is Family.YUM and written in _YUM_GROUP_ACTIONS:
        scope = "group"
    verb = _VERBS[family].get(written, written)
    if family is Family.YUM and scope == "group" and written.startswith("group"):
        verb = _VERBS[family].get(written, written.removeprefix("group"))
    packages = tuple(
        replace(_argument(family, word, verb, scope, options), raw=raw)
        for word, raw in zip(rest, rest_raw, strict=True)
    )
    return PackageCommand(inner, inner.name, family, options, operands, action, verb, scope, packages)


# --- pins ----------------------------------------------------------------------------------------

_VARIABLE = re.compile(r"\$(?:[{(A-Za-z_0-9@*#?!$-])|`")
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")
_APK_OPERATOR = re.compile(r"(>=|<=|~=|=~|[=<>~])")
_ZYPPER_OPERATOR = re.compile(r"(>=|<=|[=<>])")
_RPM_ARCH = re.compile(r"\.(?:x86_64|noarch|i[3-6]86|aarch64|ppc64le|ppc64|s390x|armv7hl|armhfp|src)$")
_RPM_VERSION = re.compile(r"(?:\d+:)?\d[A-Za-z0-9.~^_+*]*")
_ZYPPER_GROUP_TYPES = {"pattern", "patch", "product"}


def has_variable(text: str) -> bool:
    """True when the word takes part of its value from the shell (``$X``, ``${X}``, ``$(…)``)."""
    return bool(_VARIABLE.search(text))


_ENDING_EXPANSION = re.compile(r"(?:\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*|\$[0-9@*#?!$-]|\$\(.*\)|`[^`]*`)$", re.DOTALL)
_EXPANSION_TAIL = 256  # characters of a word its last expansion is looked for in (a hostile word is long)


def ends_with_variable(text: str) -> bool:
    """True when the word ends with a variable or command substitution (``$PKG``, ``lib${X}``,
    ``$(cat list)``): what the shell puts there may hold a version, or several packages. With
    text after it (``php${PHP_VERSION}-redis``) the variable is part of the name."""
    return bool(_ENDING_EXPANSION.search(text[-_EXPANSION_TAIL:]))


def _is_file(text: str, suffix: str) -> bool:
    return text.endswith(suffix) or bool(_URL.match(text)) or text.startswith(("/", "./", "../", "~/"))


def _argument(
    family: Family, word: Located[str], verb: str | None, scope: str | None, options: tuple[Option, ...]
) -> PackageArgument:
    text = word.value
    if family is Family.APT:
        found = _apt_pin(word, verb)
    elif family is Family.APK:
        found = _operator_pin(word, _APK_OPERATOR, ".apk")
        if found.pin is Pin.NONE and "@" in text[1:]:
            name, _, tag = text.partition("@")
            found = PackageArgument(word, name, Pin.RELEASE, tag, "@")
    elif family is Family.YUM:
        found = _rpm_pin(word, scope)
    else:
        found = _operator_pin(word, _ZYPPER_OPERATOR, ".rpm")
        types = {option.value_text for option in options if option.name == "--type"}
        prefix, colon, _ = text.partition(":")
        if (colon and prefix in _ZYPPER_GROUP_TYPES) or types & _ZYPPER_GROUP_TYPES:
            found = PackageArgument(word, found.name, found.pin, found.version, found.operator, Kind.GROUP)
    if found.pin is Pin.NONE and ends_with_variable(text):
        return PackageArgument(word, text, Pin.UNKNOWN, kind=found.kind)
    return found


def _apt_pin(word: Located[str], verb: str | None) -> PackageArgument:
    text = word.value
    if "=" in text:
        name, _, version = text.partition("=")
        return PackageArgument(word, name, Pin.VERSION, version, "=")
    if _is_file(text, ".deb"):
        return PackageArgument(word, text, Pin.FILE)
    if "/" in text:
        name, _, release = text.partition("/")
        return PackageArgument(word, name, Pin.RELEASE, release, "/")
    if verb == "install" and text.endswith("-") and len(text) > 1:
        return PackageArgument(word, text[:-1], Pin.NONE, kind=Kind.REMOVAL)
    return PackageArgument(word, text, Pin.NONE)


def _operator_pin(word: Located[str], operator: re.Pattern[str], suffix: str) -> PackageArgument:
    """apk's and zypper's ``name<op>version``, or a package file."""
    text = word.value
    if _is_file(text, suffix):
        return PackageArgument(word, text, Pin.FILE)
    match = operator.search(text, 1)
    if match is not None:
        return PackageArgument(word, text[: match.start()].strip(), Pin.VERSION, text[match.end() :].strip(), match[0])
    return PackageArgument(word, text, Pin.NONE)


def _rpm_pin(word: Located[str], scope: str | None) -> PackageArgument:
    """A yum/dnf spec: ``name-version[-release][.arch]``, ``@group``, ``name:stream`` (modules)."""
    text = word.value
    if scope == "module" or (text.startswith("@") and ":" in text):
        name, colon, stream = text.removeprefix("@").partition(":")
        return PackageArgument(
            word, name, Pin.VERSION if colon else Pin.NONE, stream or None, colon or None, Kind.MODULE
        )
    if scope == "group" or text.startswith("@"):
        return PackageArgument(word, text.removeprefix("@"), Pin.NONE, kind=Kind.GROUP)
    if _is_file(text, ".rpm"):
        return PackageArgument(word, text, Pin.FILE)
    match = _ZYPPER_OPERATOR.search(text, 1)  # a provide with a version: ``'pkg >= 1.2'``
    if match is not None:
        return PackageArgument(word, text[: match.start()].strip(), Pin.VERSION, text[match.end() :].strip(), match[0])
    base = _RPM_ARCH.sub("", text)
    name, dash, last = base.rpartition("-")
    if dash and name and (_RPM_VERSION.fullmatch(last) or has_variable(last)):
        # ``name-version-release``: the version is the part before the release
        head, dash2, version = name.rpartition("-")
        if dash2 and head and _RPM_VERSION.fullmatch(version):
            return PackageArgument(word, head, Pin.VERSION, f"{version}-{last}", "-")
        return PackageArgument(word, name, Pin.VERSION, last, "-")
    return PackageArgument(word, base, Pin.NONE)


# --- options -------------------------------------------------------------------------------------

_TRUE = {"1", "true", "yes", "on", "with", "enable", "enabled"}


def _config_true(setting: str | None, key: str) -> bool:
    """``KEY=true`` (apt's ``-o``, dnf's ``--setopt``), the key case-insensitive."""
    if setting is None:
        return False
    name, equals, value = setting.partition("=")
    return bool(equals) and name.strip().lower() == key and value.strip().lower() in _TRUE


def _short_value(option: Option) -> str | None:
    """``-q=2``: the level after the ``=`` of a short option's word (the reader took ``=`` and
    ``2`` for switches); None for ``-q`` and ``-qq``."""
    text = option.word.value
    head, equals, value = text.partition("=")
    return value if equals and head == option.written else None
