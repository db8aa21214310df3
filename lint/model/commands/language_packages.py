"""Language package managers: which one a command runs, its subcommand, and the packages it
names with their pins.

pip (``pip``, ``pip3.12``, ``python -m pip``, ``uv pip``, pipx, pipenv), npm, yarn and pnpm, gem
and bundler, the go command, cargo, Maven, Gradle, Composer, dotnet and NuGet, and Mix. Each is
read with its option table (hullcheck.model.command_line), so an option's value is never taken
for a package (``pip install -i URL flask``, ``npm install --registry URL express``) and the
subcommand is the first operand, wherever the options are (``pip3 --no-cache-dir install``).

A :class:`Requirement` is one package a command installs, as written, with what its text says
about the version it gets: pinned (``flask==2.3.2``, ``express@4.18.2``, ``rails:7.1``, ``-v 7.1``,
``example.com/tool@v1.2.3``; a local path, an archive, a URL or a commit-pinned Git URL), not
pinned (``flask``, ``express@latest``, ``git+https://…/x.git`` with no ``@ref``), or unknown
(a word a variable decides: ``$PACKAGES``, ``flask$VERSION``).

Where each tool keeps its download cache (:data:`CACHES`) is here too, for the rules that ask
for a BuildKit cache mount (hullcheck.model.cache_mounts reads mounts).
"""

from __future__ import annotations

import enum
import functools
import re

from hullcheck.model import command_line
from hullcheck.model.cache_mounts import CacheLocation, covering_mount
from hullcheck.model.command_line import CommandLine, CommandSyntax, read_command_line
from hullcheck.model.commands import SCRIPT_MEMO
from hullcheck.model.commands.programs import effective, word_set, wrapper_chain
from hullcheck.model.dockerfile import RunInstruction
from hullcheck.model.shell import ShellCommand, ShellScript, assigned_name, is_assignment
from hullcheck.model.span import Located, Span
from hullcheck.records import Record


class Pin(enum.Enum):
    PINNED = "pinned"
    UNPINNED = "unpinned"
    UNKNOWN = "unknown"  # a variable decides


class Requirement(Record, frozen=True, slots=True):
    """One package a command installs, as written."""

    word: Located[str]
    pin: Pin
    kind: str = "package"  # package, path, archive, url, vcs
    floating: str | None = None  # the floating version asked for: "latest"


class PackageCommand(Record, frozen=True, slots=True):
    """A language package manager's command line."""

    # pip, uv, pipx, pipenv, npm, yarn, pnpm, gem, bundle, go, cargo, mvn, gradle, composer, dotnet, nuget, mix
    tool: str
    command: ShellCommand  # the program that runs (through sudo, env, ``python -m``)
    outer: ShellCommand  # the command as the script has it: ``sudo -H pip install x``
    line: CommandLine  # its options and operands, the subcommand among the operands
    subcommand: Located[str] | None  # ``install``; ``pip`` for ``uv pip install`` is skipped
    # the operands after the subcommand (``uv pip install``: after ``install``)
    operands: tuple[Located[str], ...]

    @property
    def action(self) -> str | None:
        return self.subcommand.value if self.subcommand is not None else None

    @property
    def span(self) -> Span:
        """The program's word to the subcommand's: ``pip install``, ``npm ci``."""
        first = self.command.words[self.command.program].span
        return first.cover(self.subcommand.span) if self.subcommand is not None else first

    @property
    def label(self) -> str:
        """How messages name the command: ``pip install``, ``./gradlew``, ``npm ci``."""
        program = self.command.words[self.command.program].value
        if self.subcommand is None:
            return program
        through = " pip" if self.tool == "uv" and self.line.operands[:1] != (self.subcommand,) else ""
        return f"{program}{through} {self.subcommand.value}"

    def has_option(self, *names: str) -> bool:
        return bool(self.line.named(*names))


_PIP_NAME = re.compile(r"pip(?:\d+(?:\.\d+)*)?")
_GRADLE_NAMES = frozenset({"gradle", "gradlew"})
_MAVEN_NAMES = frozenset({"mvn", "mvnw", "mvnd"})
_TABLES: dict[str, CommandSyntax] = {
    "pip": command_line.PIP,
    "uv": command_line.UV,
    "pipx": command_line.PIPX,
    "pipenv": command_line.PIPX,
    "npm": command_line.NPM,
    "yarn": command_line.NPM,
    "pnpm": command_line.NPM,
    "gem": command_line.GEM,
    "bundle": command_line.BUNDLE,
    "go": command_line.GO,
}


def tool_of(name: str) -> str | None:
    """The tool a program's base name runs: ``pip3.12`` is pip, ``gradlew`` gradle."""
    if _PIP_NAME.fullmatch(name):
        return "pip"
    if name in _GRADLE_NAMES:
        return "gradle"
    if name in _MAVEN_NAMES:
        return "mvn"
    if name == "bundler":
        return "bundle"
    if name in _TABLES or name in ("bundle", "cargo", "composer", "dotnet", "nuget", "mix"):
        return name
    return None


def package_command(command: ShellCommand) -> PackageCommand | None:
    """The package manager ``command`` runs (seen through sudo, env and ``python -m pip``), or None."""
    inner = effective(command)
    tool = tool_of(inner.name)
    if tool is None:
        return None
    words = inner.arguments
    if tool == "go":
        # the go command's subcommand comes first; its options follow it
        if not words:
            return PackageCommand(tool, inner, command, read_command_line(words, command_line.GO), None, ())
        line = read_command_line(words, command_line.GO, 1)
        return PackageCommand(tool, inner, command, line, words[0], line.operands)
    line = read_command_line(words, _TABLES.get(tool, command_line.PLAIN))
    operands = line.operands
    if tool == "uv":
        if len(operands) < 2 or operands[0].value != "pip":
            return PackageCommand(tool, inner, command, line, operands[0] if operands else None, operands[1:])
        return PackageCommand(tool, inner, command, line, operands[1], operands[2:])
    if tool in ("mvn", "gradle", "mix"):
        # goals and tasks: every operand is one (``mvn clean package``, ``mix do deps.get, compile``)
        return PackageCommand(tool, inner, command, line, None, operands)
    return PackageCommand(tool, inner, command, line, operands[0] if operands else None, operands[1:])


@functools.lru_cache(maxsize=SCRIPT_MEMO)
def package_commands(script: ShellScript) -> tuple[PackageCommand, ...]:
    """The package manager commands of a script: ``sh -c`` strings, heredocs and ``$(…)`` too.
    Every language package rule asks for them: read once a script."""
    return tuple(found for command in script.every_command() if (found := package_command(command)) is not None)


# --- what a command does -------------------------------------------------------------------------

_NPM_INSTALL = word_set(
    "install i in ins inst insta instal isnt isnta isntal isntall add ci clean-install ic install-clean"
    " isntall-clean install-ci-test cit install-test it"
)
_PNPM_INSTALL = word_set("install i add fetch")
_YARN_INSTALL = frozenset({"install"})
_GEM_INSTALL = frozenset({"install", "i"})
_BUNDLE_INSTALL = frozenset({"install", "update"})


def is_pip_install(found: PackageCommand) -> bool:
    """``pip install``, ``python -m pip install``, ``uv pip install``, ``pipx install``,
    ``pipenv install``."""
    return (
        found.tool in ("pip", "uv", "pipx", "pipenv")
        and found.action == "install"
        and (found.tool != "uv" or found.line.operands[0].value == "pip")
    )


def pip_cache_turned_off(found: PackageCommand) -> bool:
    """``--no-cache-dir``, or an abbreviation of it that pip's option parser (optparse) accepts:
    ``--no-cache``."""
    return any(
        option.name.startswith("--no-cache") and "--no-cache-dir".startswith(option.name)
        for option in found.line.options
    )


def is_npm_install(found: PackageCommand) -> bool:
    """``npm install`` and its aliases (``npm i``, ``npm add``), ``npm ci``, ``npm install-test``."""
    return found.tool == "npm" and found.action in _NPM_INSTALL


def is_yarn_install(found: PackageCommand) -> bool:
    """``yarn install``, and ``yarn`` alone (or with options only), which installs."""
    return found.tool == "yarn" and (found.subcommand is None or found.action in _YARN_INSTALL)


def is_gem_install(found: PackageCommand) -> bool:
    return found.tool == "gem" and found.action in _GEM_INSTALL


# --- pins ----------------------------------------------------------------------------------------

_PIP_SPECIFIER = re.compile(r"===|==|~=|!=|<=|>=|<|>")
_PIP_VCS = ("git+", "hg+", "svn+", "bzr+", "git://")
_ARCHIVES = (".whl", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz", ".zip", ".tar", ".egg")


def _variable(text: str) -> bool:
    return "$" in text or "`" in text


def pip_requirement(word: Located[str]) -> Requirement:
    """What a pip requirement's text says about its version (pip's requirement specifiers, PEP
    440 and 508, as hadolint reads them: any version specifier pins, ``>=`` too)."""
    text = word.value.strip()
    # an environment marker (``; python_version < "3.11"``) says nothing of the version
    head = text.split(";", 1)[0].strip()
    _name, _, specifier = head.partition("@") if "://" in head.partition("@")[2] else (head, "", "")
    if specifier:  # ``name@ https://…`` or ``name @ git+https://…``: a direct reference
        return _pip_reference(word, specifier.strip())
    lowered = head.lower()
    if lowered.startswith(_PIP_VCS) or "://" in lowered:
        return _pip_reference(word, head)
    match = _PIP_SPECIFIER.search(head)
    before = head[: match.start()] if match else head
    if _variable(before) or (match is None and _variable(head)):
        return Requirement(word, Pin.UNKNOWN)
    if match is not None:
        return Requirement(word, Pin.PINNED)
    if _local_path(head):
        kind = "archive" if lowered.endswith(_ARCHIVES) else "path"
        return Requirement(word, Pin.PINNED, kind)
    if lowered.endswith(_ARCHIVES):
        return Requirement(word, Pin.PINNED, "archive")
    return Requirement(word, Pin.UNPINNED)


def _local_path(text: str) -> bool:
    """``.``, ``./pkg``, ``../x``, ``/src``, ``~/x``, ``src/pkg``, ``.[dev]``: a folder or file."""
    return text.startswith((".", "/", "~")) or "/" in text


def _pip_reference(word: Located[str], url: str) -> Requirement:
    """A URL: a VCS one is pinned by ``@ref`` after its path (``git+https://h/x.git@v1.0``); a
    plain one is a fixed file."""
    lowered = url.lower()
    if not lowered.startswith(_PIP_VCS):
        return Requirement(word, Pin.UNKNOWN if _variable(url) else Pin.PINNED, "url")
    address = url.split("#", 1)[0]
    from urllib.parse import urlsplit  # urllib.parse (with ipaddress, 5 M instructions) only for a URL

    try:
        path = urlsplit(address.split("+", 1)[-1]).path
    except ValueError:
        path = address
    if "@" in path:
        return Requirement(word, Pin.PINNED, "vcs")
    return Requirement(word, Pin.UNKNOWN if _variable(url) else Pin.UNPINNED, "vcs")


def pip_requirements(found: PackageCommand) -> list[Requirement]:
    """The packages of a pip install: its operands and ``-e`` values; none with a constraints
    file (``-c``), whose pins apply. Requirement files (``-r``) hold their own pins."""
    if found.has_option("--constraint"):
        return []
    editable = [option.value for option in found.line.named("--editable") if option.value is not None]
    words = sorted([*found.operands, *editable], key=lambda word: (word.span.line, word.span.column))
    return [pip_requirement(word) for word in words]


_NPM_GIT = ("git://", "git+ssh://", "git+http://", "git+https://", "github:", "gitlab:", "bitbucket:", "gist:")
_NPM_TARBALLS = (".tgz", ".tar", ".tar.gz")
_FLOATING_TAGS = frozenset({"latest", "*", "x", "next"})


def npm_requirement(word: Located[str]) -> Requirement:
    """What an npm package spec says about its version: ``name@version`` (a version, range or
    tag other than ``latest``), a commit-ish after ``#`` in a Git spec, a tarball or a folder."""
    text = word.value
    lowered = text.lower()
    if lowered.startswith(_NPM_GIT):
        return Requirement(word, Pin.PINNED if "#" in text else _unpinned_unless_variable(text), "vcs")
    if lowered.startswith(("http://", "https://")) or lowered.endswith(_NPM_TARBALLS):
        return Requirement(word, Pin.PINNED, "archive")
    if text.startswith(("/", "./", "../", "~/", "file:")) or text in (".", ".."):
        return Requirement(word, Pin.PINNED, "path")
    scoped = text.startswith("@")
    name, at, version = text[1:].partition("@") if scoped else text.partition("@")
    if not scoped and not at and "/" in name:  # ``user/repo``: a GitHub repository
        return Requirement(word, Pin.PINNED if "#" in text else _unpinned_unless_variable(text), "vcs")
    if _variable(name) or _variable(version):
        return Requirement(word, Pin.UNKNOWN)
    if not at or not version:
        return Requirement(word, Pin.UNPINNED)
    if version.strip().lower() in _FLOATING_TAGS:
        return Requirement(word, Pin.UNPINNED, floating=version.strip())
    return Requirement(word, Pin.PINNED)


def _unpinned_unless_variable(text: str) -> Pin:
    return Pin.UNKNOWN if _variable(text) else Pin.UNPINNED


def npm_requirements(found: PackageCommand) -> list[Requirement]:
    """The packages ``npm install`` names (none: it installs package.json's, pinned there)."""
    return [npm_requirement(word) for word in found.operands]


def gem_requirements(found: PackageCommand) -> list[Requirement]:
    """The gems ``gem install`` names: ``name:version`` pins one, ``-v``/``--version`` all;
    a ``.gem`` file is local. The words after ``--`` are build options."""
    pinned_all = found.has_option("--version")
    end = found.line.terminator if found.line.terminator is not None else len(found.line.words)
    found_words = [word for word in found.operands if found.line.words.index(word) < end]
    requirements = []
    for word in found_words:
        text = word.value
        if pinned_all or ":" in text:
            requirements.append(Requirement(word, Pin.PINNED))
        elif text.endswith(".gem"):
            requirements.append(Requirement(word, Pin.PINNED, "archive"))
        elif _variable(text):
            requirements.append(Requirement(word, Pin.UNKNOWN))
        else:
            requirements.append(Requirement(word, Pin.UNPINNED))
    return requirements


_GO_QUERIES = frozenset({"latest", "upgrade", "patch", "none"})
_GO_PATTERNS = frozenset({"all", "std", "cmd", "tool", "work"})


def go_requirement(word: Located[str]) -> Requirement:
    """``example.com/tool@v1.2.3`` is pinned; no version, or a query that moves (``@latest``,
    ``@upgrade``, ``@patch``), is not; a local package (``.``, ``./cmd/...``, ``/src/app``, a
    ``.go`` file) or a pattern (``all``, ``tool``) comes from the module's own go.mod."""
    text = word.value
    path, at, version = text.rpartition("@") if "@" in text else (text, "", "")
    if text.startswith((".", "/")) or text.endswith(".go") or text in _GO_PATTERNS:
        return Requirement(word, Pin.PINNED, "path")
    if _variable(text):
        return Requirement(word, Pin.UNKNOWN)
    if not at:
        return Requirement(word, Pin.UNPINNED)
    if version in _GO_QUERIES or not path:
        return Requirement(word, Pin.UNPINNED, floating=version or None)
    return Requirement(word, Pin.PINNED)


def go_requirements(found: PackageCommand) -> list[Requirement]:
    """The packages ``go install``, ``go get`` and ``go run`` fetch (``go run``: its first
    operand; the rest are the program's arguments)."""
    if found.tool != "go" or found.action not in ("install", "get", "run"):
        return []
    operands = found.operands[:1] if found.action == "run" else found.operands
    return [go_requirement(word) for word in operands]


# --- settings --------------------------------------------------------------------------------------


def exported_values(script: ShellScript, command: ShellCommand) -> dict[str, str]:
    """The environment variables ``command`` (one of the script's, as written there) gets from
    its own words and the script before it: ``NAME=value cmd``, ``env NAME=value cmd``, ``sudo
    NAME=value cmd``, and an earlier ``export NAME=value`` in the script."""
    values: dict[str, str] = {}
    for earlier in script.every_command():
        if earlier is command:
            break
        if earlier.name == "export":
            values.update(_assignments(earlier.arguments))
    for layer in wrapper_chain(command):
        values.update(_assignments(layer.words[: layer.program]))
        inner = layer.wrapped()
        if inner is not None and layer.name in ("env", "sudo", "doas"):
            before = layer.arguments[: len(layer.arguments) - len(inner.words)]
            values.update(_assignments(before))
    return values


def _assignments(words: tuple[Located[str], ...]) -> dict[str, str]:
    found = {}
    for word in words:
        name = assigned_name(word.value)
        if name is not None and is_assignment(word.value):
            found[name] = word.value.partition("=")[2]
    return found


TRUTHY = frozenset({"1", "true", "on", "yes"})


# --- caches --------------------------------------------------------------------------------------

# Where each tool keeps its download cache by default (as root, and where the official images
# move it), the folders that hold it, and the variables that move it. The fragments are
# hadolint's (DL3042, DL3060, DL3068-DL3077): a mount target holding one covers the cache.
CACHES = {
    "pip": CacheLocation(
        "pip", (".cache/pip",), ("/root/.cache/pip",), parents=(".cache",), variables=("PIP_CACHE_DIR",)
    ),
    "yarn": CacheLocation(
        "yarn",
        (".cache/yarn", ".yarn/berry/cache"),
        ("/usr/local/share/.cache/yarn",),
        parents=(".cache",),
        variables=("YARN_CACHE_FOLDER",),
    ),
    "npm": CacheLocation("npm", (".npm",), ("/root/.npm",), variables=("npm_config_cache", "NPM_CONFIG_CACHE")),
    "cargo": CacheLocation(
        "cargo",
        (".cargo", "cargo/registry", "cargo/git"),
        ("/usr/local/cargo/registry", "/usr/local/cargo/git"),
        parents=("cargo",),
        variables=("CARGO_HOME",),
    ),
    "go": CacheLocation(
        "Go",
        (".cache/go-build", "go/pkg/mod"),
        ("/root/.cache/go-build", "/go/pkg/mod"),
        parents=(".cache",),
        variables=("GOCACHE", "GOMODCACHE", "GOPATH"),
    ),
    "mvn": CacheLocation("Maven", (".m2",), ("/root/.m2",)),
    "gradle": CacheLocation("Gradle", (".gradle",), ("/root/.gradle",), variables=("GRADLE_USER_HOME",)),
    "composer": CacheLocation(
        "Composer",
        (".composer/cache", ".cache/composer"),
        ("/root/.composer/cache",),
        parents=(".cache",),
        variables=("COMPOSER_CACHE_DIR", "COMPOSER_HOME"),
    ),
    "nuget": CacheLocation("NuGet", (".nuget/packages",), ("/root/.nuget/packages",), variables=("NUGET_PACKAGES",)),
    "pnpm": CacheLocation(
        "pnpm", ("pnpm",), ("/root/.local/share/pnpm/store",), variables=("PNPM_HOME", "npm_config_store_dir")
    ),
    "mix": CacheLocation("Mix", (".hex", ".mix"), ("/root/.hex", "/root/.mix"), variables=("HEX_HOME", "MIX_HOME")),
    # the official images install gems in /usr/local/bundle (GEM_HOME): a cache mount there would
    # hide them, so the advice names the .gem files' cache inside it
    "gem": CacheLocation(
        "gem and Bundler",
        (".gem", "bundle"),
        ("/usr/local/bundle/cache",),
    ),
}


_CARGO_BUILDS = word_set("build b install fetch test t check c clippy run r")
_GO_BUILDS = word_set("build get install test mod run")
_MAVEN_PHASES = word_set(
    "validate initialize generate-sources process-sources generate-resources process-resources compile"
    " process-classes generate-test-sources process-test-sources generate-test-resources process-test-resources"
    " test-compile process-test-classes test prepare-package package pre-integration-test integration-test"
    " post-integration-test verify install deploy"
)
_COMPOSER_INSTALLS = word_set("install i update u upgrade require r")
_DOTNET_BUILDS = word_set("restore build publish test")
_MIX_TASKS = frozenset({"deps.get", "deps.compile", "compile"})


def cache_user(found: PackageCommand) -> str | None:
    """The key in :data:`CACHES` of the download cache this command fills, or None: ``npm ci``
    (npm), ``cargo build`` (cargo), ``go build`` (go), ``mvn package`` (mvn), any gradle run,
    ``composer install``, ``dotnet restore`` and ``nuget restore`` (nuget), ``pnpm install``,
    ``mix deps.get``, ``gem install`` and ``bundle install`` (gem)."""
    tool, action = found.tool, found.action
    if is_npm_install(found):
        return "npm"
    if tool == "cargo" and action in _CARGO_BUILDS:
        return "cargo"
    if tool == "go" and action in _GO_BUILDS:
        return "go"
    if tool == "mvn" and any(word.value in _MAVEN_PHASES or ":" in word.value for word in found.operands):
        return "mvn"
    if tool == "gradle":
        return "gradle"
    if tool == "composer" and action in _COMPOSER_INSTALLS:
        return "composer"
    if (tool == "dotnet" and action in _DOTNET_BUILDS) or (tool == "nuget" and action in ("restore", "install")):
        return "nuget"
    if tool == "pnpm" and action in _PNPM_INSTALL:
        return "pnpm"
    if tool == "mix" and any(word.value.rstrip(",") in _MIX_TASKS for word in found.operands):
        return "mix"
    if is_gem_install(found) or (tool == "bundle" and (action is None or action in _BUNDLE_INSTALL)):
        return "gem"
    return None


def uncached_commands(run: RunInstruction, cache: str) -> list[PackageCommand]:
    """The RUN's commands that fill ``cache`` (a key of :data:`CACHES`) with no cache or tmpfs
    mount of the RUN holding it, in order."""
    location = CACHES[cache]
    return [
        found
        for found in package_commands(run.script)
        if cache_user(found) == cache
        and covering_mount(run, location, exported_values(run.script, found.outer)) is None
    ]
