"""What a package manager's build step leaves in the image beyond the packages asked for: the
caches and lists it downloads (where each manager keeps them, and what keeps them out of the
image's layer: a removal in the same RUN, after the last command that filled it, or a cache,
tmpfs or read-write bind mount over the folder), and apt's recommended packages.

A layer keeps what the RUN leaves behind: ``rm -rf /var/lib/apt/lists/*`` in a later RUN hides
the files but does not make the image smaller, so only a removal in the same RUN counts.
"""

from __future__ import annotations

import functools
import posixpath
from collections.abc import Callable, Collection, Sequence

from hullcheck.model.cache_mounts import CACHING_MOUNT_TYPES
from hullcheck.model.command_line import command_syntax, read_command_line
from hullcheck.model.commands import SCRIPT_MEMO
from hullcheck.model.commands.packages import MANAGERS, Family, PackageCommand, has_variable, package_command
from hullcheck.model.commands.programs import effective
from hullcheck.model.container import Mount
from hullcheck.model.dockerfile import Dockerfile, RunInstruction, Stage
from hullcheck.model.node import Node
from hullcheck.model.shell import ShellCommand, ShellScript
from hullcheck.model.span import Span

# apt's package lists, written by ``apt-get update`` (apt's Dir::State::lists)
APT_LISTS = "/var/lib/apt/lists"
# apk's index cache; apk uses /etc/apk/cache instead when that folder exists (a cache mount
# makes it), so a mount there keeps the cache out too
APK_CACHES = ("/var/cache/apk", "/etc/apk/cache")
# yum's cache, dnf 4's and dnf 5's: ``yum`` is dnf on RHEL 8 and later, and microdnf keeps
# yum's folder, so which one a command fills depends on the image: any of them counts
RPM_CACHES = ("/var/cache/yum", "/var/cache/dnf", "/var/cache/libdnf5")
ZYPPER_CACHE = "/var/cache/zypp"

RM = command_syntax(
    switches="-f --force, -r -R --recursive, -d --dir, -v --verbose, -i, -I, --one-file-system, --no-preserve-root",
    attached="--interactive, --preserve-root",
)


def is_within(path: str, directory: str) -> bool:
    """``path`` is ``directory`` or a folder below it (both absolute, normalised)."""
    return directory in (path, "/") or path.startswith(directory + "/")


def _normal(path: str) -> str | None:
    """An absolute path without ``.``, ``..``, doubled or trailing slashes; None for a relative one."""
    if not path.startswith("/"):
        return None
    return posixpath.normpath(path).replace("//", "/")


def mounted_outside_image(mounts: Sequence[Mount], directories: str | Sequence[str]) -> bool:
    """A cache, tmpfs or read-write bind mount of the RUN covers one of ``directories`` (is it,
    or a folder above it): what the step writes there is not in the image. A target that holds
    an unresolved variable covers nothing."""
    wanted = (directories,) if isinstance(directories, str) else directories
    for mount in mounts:
        # BuildKit discards what a step writes to a read-write bind mount
        discarded = mount.type in CACHING_MOUNT_TYPES or (mount.type == "bind" and not mount.read_only)
        if not discarded or mount.target is None or not isinstance(mount.target.value, str):
            continue
        target = _normal(mount.target.value)
        if target is not None and any(is_within(directory, target) for directory in wanted):
            return True
    return False


def removes(command: ShellCommand, directories: str | Sequence[str]) -> bool:
    """``command`` (through sudo, env …) is an ``rm`` that deletes one of ``directories`` or
    every file in it: ``rm -rf /var/lib/apt/lists/*``, ``rm -r /var/lib/apt/lists/``,
    ``rm -rf /var/lib/apt`` (a folder above). Without ``-r`` only the files of ``DIR/*`` go.
    A quoted glob (``rm -rf '/var/lib/apt/lists/*'``) names a file called ``*``, which is not
    there: it removes nothing. An operand holding a variable (``rm -rf $LISTS``) is unknown and
    counts as a removal, so that a step is not reported for what it may well do."""
    return _removes(effective(command), directories)


def _removes(command: ShellCommand, directories: str | Sequence[str]) -> bool:
    """:func:`removes` for the program that does the work (``effective``'s command)."""
    if command.name != "rm":
        return False
    wanted = (directories,) if isinstance(directories, str) else directories
    line = read_command_line(command.arguments, RM)
    recursive = bool(line.named("--recursive"))
    raw_operands = command.raw[len(command.raw) - len(command.arguments) :]
    for index in line.operand_indices:
        operand = command.arguments[index].value
        raw = raw_operands[index]
        if has_variable(raw):
            return True
        # an unquoted, unescaped ``*`` at the end: the shell expands it to the folder's files
        contents = operand.endswith("/*") and raw.endswith("*") and not raw.endswith("\\*")
        path = _normal(operand[:-2] if contents else operand)
        if path is None:
            continue
        for directory in wanted:
            # DIR/* or the folder above's /*: the files (and with -r the folders) go
            if contents and (path == directory or (recursive and is_within(directory, path))):
                return True
            if recursive and is_within(directory, path):
                return True
    return False


@functools.lru_cache(maxsize=SCRIPT_MEMO)
def script_packages(script: ShellScript) -> tuple[tuple[ShellCommand, PackageCommand | None], ...]:
    """Every command of ``script`` (in ``every_command`` order, each the program that does the
    work: through sudo, env …) with the package manager command it is, or None: read once for
    the rules that ask about the same RUN."""
    found = []
    for command in script.every_command():
        inner = effective(command)
        found.append((inner, package_command(inner) if inner.name in MANAGERS else None))
    return tuple(found)


def packages_in(script: ShellScript) -> list[PackageCommand]:
    """The package manager commands ``script`` runs, in order (see :func:`script_packages`)."""
    return [package for _command, package in script_packages(script) if package is not None]


def removed_in(script: ShellScript, directories: str | Sequence[str]) -> bool:
    """Some command of ``script`` removes one of ``directories`` (see :func:`removes`)."""
    return any(_removes(command, directories) for command, _package in script_packages(script))


def left_in_image(
    run: RunInstruction,
    caches: str | Sequence[str],
    fills: Callable[[PackageCommand], bool],
    cleans: Callable[[PackageCommand], bool],
) -> PackageCommand | None:
    """The first package command of ``run`` that ``fills`` a cache in ``caches`` and is not
    followed, later in the same script, by one that ``cleans`` it or by an ``rm`` of the cache
    folder; None when there is none, or when a cache or tmpfs mount holds the cache. Commands
    are taken in the order the script runs them (``ShellScript.every_command``: ``sh -c``
    strings, heredoc bodies and ``$(…)`` included)."""
    if mounted_outside_image(run.mounts, caches):
        return None
    found: PackageCommand | None = None
    for command, package in script_packages(run.script):
        if (package is not None and cleans(package)) or _removes(command, caches):
            found = None
        elif found is None and package is not None and fills(package):
            found = package
    return found


def in_image(trail: Sequence[Node]) -> bool:
    """The instruction at the end of ``trail`` (the nodes from the root to it, as a rule's walk
    keeps them) is in a stage whose layers end up in an image (see :func:`image_stages`)."""
    dockerfile = None  # the file, then the stage right below it (asked at each RUN by five rules)
    for node in trail:
        if dockerfile is None:
            if isinstance(node, Dockerfile):
                dockerfile = node
        elif isinstance(node, Stage):
            return node in _image_stage_set(dockerfile)
    return False


@functools.lru_cache(maxsize=8)
def _image_stage_set(dockerfile: Dockerfile) -> frozenset[Stage]:
    """:func:`image_stages` once per file, for the rules that ask at each RUN."""
    return frozenset(image_stages(dockerfile))


def command_span(package: PackageCommand) -> Span:
    """The manager's word to its action's: ``apt-get update``, ``apk --no-cache add``."""
    return package.program.span if package.action is None else package.program.span.cover(package.action.span)


def image_stages(dockerfile: Dockerfile) -> list[Stage]:
    """The stages whose layers end up in the image the build makes: the final stage (the last
    one, or the target of the Compose service it is built for) and the stages it is built
    ``FROM``, in order. A stage that is only copied from (``COPY --from``, ``RUN
    --mount=from=``) is a builder whose layers stay behind, and a stage nothing refers to is not
    built at all, as BuildKit skips it, unless a build names it as its target."""
    final = dockerfile.final_stage
    return [] if final is None else sorted(final.lineage, key=lambda stage: stage.index)


# yum/dnf commands that fetch metadata or packages into the cache (canonical verbs)
_RPM_FILLS = frozenset(
    {"install", "reinstall", "upgrade", "upgrade-minimal", "update-minimal", "downgrade", "dist-upgrade", "makecache"}
)


def fills_rpm_cache(package: PackageCommand) -> bool:
    """A yum, dnf or microdnf command that downloads metadata or packages into its cache."""
    return package.family is Family.YUM and package.verb in _RPM_FILLS


def rpm_cache_left(run: RunInstruction, managers: Collection[str]) -> PackageCommand | None:
    """The first yum/dnf command of ``managers`` in ``run`` that fills the cache with no
    ``clean all`` (of any of them: ``yum`` is dnf on RHEL 8 and later) or removal of a cache
    folder after it (see :func:`left_in_image`)."""
    return left_in_image(
        run, RPM_CACHES, lambda package: package.manager in managers and fills_rpm_cache(package), cleans_rpm_cache
    )


def cleans_rpm_cache(package: PackageCommand) -> bool:
    """``yum clean all``, ``dnf clean all``, ``microdnf clean all`` (``clean metadata packages``
    too): a cleanup of the metadata and the packages. ``clean packages`` alone keeps the
    metadata, the bigger part."""
    if package.family is not Family.YUM or package.verb != "clean":
        return False
    kinds = {word.value for word in package.operands[1:]}
    return "all" in kinds or {"metadata", "packages"} <= kinds


# zypper commands that refresh the metadata or download packages into the cache
_ZYPPER_FILLS = frozenset({"install", "update", "dist-upgrade", "patch", "source-install", "refresh"})


def fills_zypper_cache(package: PackageCommand) -> bool:
    return package.family is Family.ZYPPER and package.verb in _ZYPPER_FILLS


def zypper_clean_all(package: PackageCommand) -> bool | None:
    """For ``zypper clean`` (``cc``): True with ``--all``/``-a`` (the metadata and the packages),
    False without (zypper then cleans only the downloaded packages); None for another command."""
    if package.family is not Family.ZYPPER or package.verb != "clean":
        return None
    return any(option.name == "--all" or option.written == "-a" for option in package.options)


# apt's StringToBool: what a configuration value turns off
_APT_FALSE = frozenset({"0", "no", "false", "without", "off", "disable"})


def installs_recommends(package: PackageCommand) -> bool:
    """An ``apt-get install`` or ``apt install`` that installs the packages' recommended
    packages too, as apt does unless told otherwise: ``--no-install-recommends``, or ``-o
    APT::Install-Recommends=false`` (``0``, ``no``, ``off`` …, the key in any case)."""
    if package.family is not Family.APT or package.manager == "aptitude" or package.verb != "install":
        return False
    if package.has("--no-install-recommends"):
        return False
    for option in package.named("--option"):
        key, equals, value = (option.value_text or "").partition("=")
        if equals and key.strip().lower() == "apt::install-recommends" and value.strip().lower() in _APT_FALSE:
            return False
    return True
