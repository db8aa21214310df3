"""Archives a build step unpacks: ``tar -x`` of a file (or of what a decompressor pipes into it),
and a decompressor run on a tar archive (``gunzip app.tar.gz``)."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator, Sequence

from hullcheck.model import command_line
from hullcheck.model.command_line import Arity, CommandLine, command_syntax, read_command_line
from hullcheck.model.commands.programs import effective
from hullcheck.model.shell import Pipeline, ShellCommand
from hullcheck.model.span import Located
from hullcheck.records import Record

# Programs that decompress; those of the second group only with ``-d``/``--decompress``.
_DECOMPRESSORS = frozenset({"gunzip", "zcat", "gzcat", "bunzip2", "bzcat", "unxz", "xzcat", "unlzma", "unzstd"})
_DECOMPRESSING = frozenset({"gzip", "bzip2", "xz", "lzma", "zstd", "pigz"})
_DECOMPRESS = command_syntax(
    values="-S --suffix, -T --threads, -F --format, -C --check, -M --memlimit --memory, -o --output",
    switches="-d --decompress --uncompress, -c --stdout --to-stdout, -k --keep, -f --force",
)
# What reads the archive to tar's standard input: a decompressor, or cat
_FEEDERS = _DECOMPRESSORS | _DECOMPRESSING | {"cat"}
# A tar archive, compressed or not, by its name
TAR_ARCHIVE = re.compile(r".*\.(?:tar|tgz|taz|tbz|tbz2|tb2|txz|tzst|tar\.(?:gz|bz2|xz|zst|zstd|lzma|Z))", re.IGNORECASE)
# Extracting only some members, or renaming them: what ADD cannot do
_PARTIAL = (
    "--strip-components",
    "--transform",
    "--exclude",
    "--exclude-from",
    "--files-from",
    "--to-stdout",
    "--to-command",
    "--starting-file",
)


class Extraction(Record, frozen=True, slots=True):
    """One archive a build step unpacks."""

    command: ShellCommand  # tar, or the decompressor
    archive: Located[str]  # the archive, as the command names it
    # the whole archive, as it is: what ADD would unpack (not ``--strip-components=1``, a list
    # of members, ``--exclude``, ``--transform``)
    whole: bool

    @property
    def name(self) -> str:
        """The archive's file name (``app.tar.gz`` for ``/tmp/app.tar.gz``)."""
        return archive_name(self.archive.value)


def archive_name(path: str) -> str:
    """A path's file name, with Windows separators too (``C:\\\\tmp\\\\app.tar``)."""
    return posixpath.basename(path.replace("\\", "/"))


def tar_command_line(command: ShellCommand) -> CommandLine:
    """tar's arguments as it reads them, the traditional form too: ``tar xzf app.tgz`` is
    ``tar -x -z -f app.tgz``, its letters that take a value taking the next words in order."""
    arguments = command.arguments
    if not arguments or arguments[0].value.startswith("-"):
        return read_command_line(arguments, command_line.TAR)
    keys, rest = arguments[0], list(arguments[1:])
    words: list[Located[str]] = []
    for letter in keys.value:
        words.append(Located("-" + letter, keys.span))
        option = command_line.TAR.options.get("-" + letter)
        if option is not None and option.arity is Arity.ONE and rest:
            words.append(rest.pop(0))
    return read_command_line([*words, *rest], command_line.TAR)


def extractions(pipeline: Pipeline | Sequence[ShellCommand]) -> Iterator[Extraction]:
    """The archives the pipeline's commands unpack: ``tar -xzf app.tgz``, ``tar xf app.tar -C /opt``,
    ``gunzip -c app.tar.gz | tar -x``, ``gunzip app.tar.gz``."""
    commands = [effective(command) for command in (pipeline.commands if isinstance(pipeline, Pipeline) else pipeline)]
    for index, command in enumerate(commands):
        if command.name in ("tar", "bsdtar", "gtar"):
            line = tar_command_line(command)
            if not line.named("--extract"):
                continue
            whole = not line.operands and not line.named(*_PARTIAL)
            files = line.named("--file")
            archive = files[-1].value if files else None
            if archive is not None and archive.value != "-":
                yield Extraction(command, archive, whole)
            elif index and commands[index - 1].name in _FEEDERS:  # ``zcat app.tgz | tar -x``
                for fed in _decompressed(commands[index - 1], any_name=True):
                    yield Extraction(commands[index - 1], fed, whole)
        elif not (index + 1 < len(commands) and commands[index + 1].name in ("tar", "bsdtar", "gtar")):
            for archive in _decompressed(command, any_name=False):
                yield Extraction(command, archive, True)


def _decompressed(command: ShellCommand, any_name: bool) -> list[Located[str]]:
    """The files a decompressor (or cat, when ``any_name``) reads; unless ``any_name``, only
    those named as tar archives: decompressing ``data.gz`` unpacks nothing."""
    if command.name not in _FEEDERS:
        return []
    line = read_command_line(command.arguments, _DECOMPRESS)
    if command.name in _DECOMPRESSING and not line.named("--decompress"):
        return []
    if command.name == "cat" and not any_name:
        return []
    return [operand for operand in line.operands if any_name or TAR_ARCHIVE.fullmatch(archive_name(operand.value))]
