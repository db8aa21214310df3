"""Dockerfile parser: text to the Dockerfile model, with exact spans.

A lexer of our own rather than dockerfile-parse, which gives no columns, reads heredoc bodies
as instructions and ignores the escape directive when splitting words (tests compare our
instruction boundaries with dockerfile-parse's on real files). It follows BuildKit: parser
directives before anything else, continuation lines with the escape character (comment and
blank lines inside a continuation are skipped), heredocs on RUN, COPY and ADD, and flags as
leading ``--name=value`` words.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from collections.abc import Mapping

from hullcheck import records
from hullcheck.model.container import EngineCalls, Mount, Origin
from hullcheck.model.dockerfile import (
    AddInstruction,
    ArgInstruction,
    Assignment,
    CommandInstruction,
    CopyInstruction,
    Dockerfile,
    EnvInstruction,
    ExposeInstruction,
    Flag,
    FromInstruction,
    HealthcheckInstruction,
    Heredoc,
    Instruction,
    Label,
    LabelInstruction,
    MaintainerInstruction,
    OnbuildInstruction,
    RunInstruction,
    Scope,
    ShellInstruction,
    Stage,
    UserInstruction,
    Variable,
    Variables,
    VariableSource,
    WorkdirInstruction,
)
from hullcheck.model.image import ImageReference, InvalidReference, StageReference
from hullcheck.model.shell import Pipeline, ShellCommand, ShellScript
from hullcheck.model.span import LineOrigin, Located, Span, Unresolved, span_in
from hullcheck.model.versions import LastVersion
from hullcheck.parsers.bounds import BoundExceeded, check_interpolation
from hullcheck.parsers.directives import parser_directives
from hullcheck.parsers.dockerfile_references import WORDS_EXPANDED, default_base, instruction_references
from hullcheck.parsers.json_strings import string_array
from hullcheck.parsers.shell import add_nested_scripts, parse_shell
from hullcheck.parsers.shell_variables import ScriptVariables, build_environment
from hullcheck.parsers.source import ParseProblem, split_lines
from hullcheck.parsers.specs import MOUNT_SOURCE_KEYS, MOUNT_TARGET_KEYS, csv_fields, first_option, mount_fields
from hullcheck.parsers.variables import substitute
from hullcheck.patterns import LazyPattern
from hullcheck.records import Record, field

_HEREDOC_INSTRUCTIONS = {"RUN", "COPY", "ADD"}
# what ONBUILD's trigger cannot be typed as: it would change this file's stages, variables or shell
_PLAIN_TRIGGERS = {"FROM", "ARG", "ENV", "SHELL", "ONBUILD"}
_FLAG_INSTRUCTIONS = {"FROM", "RUN", "COPY", "ADD", "HEALTHCHECK"}
_COMMAND_INSTRUCTIONS = {"RUN", "CMD", "ENTRYPOINT", "SHELL"}  # their command is read from where it starts
_HEREDOC = LazyPattern(r"<<(-?)(['\"]?)([^\s'\"<>|&;()]+)\2")


def _word_pattern(escape: str) -> re.Pattern[str]:
    """A word: plain characters, escaped characters (whitespace too) and quoted strings, where
    only the escape character is special inside double quotes; an unclosed quote runs to the end."""
    e = re.escape(escape)
    return re.compile(rf"""(?:[^\s'"{e}]|{e}[\s\S]?|'[^']*'?|"(?:[^"{e}]|{e}[\s\S]?)*"?)+""")


_WORDS = {escape: _word_pattern(escape) for escape in ("\\", "`")}


class _Word(Record, frozen=True, slots=True):
    text: str
    start: int  # offsets into the logical line
    end: int


class _LogicalLine(Record, slots=True):
    """An instruction's text with continuations joined, and the way back to physical positions."""

    text: str
    offsets: list[int]  # logical offset where each segment starts
    positions: list[tuple[int, int]]  # (line, column) of each segment's first character
    last_line: int
    heredocs: list[Heredoc] = field(default_factory=list)
    empty_lines: list[Span] = field(default_factory=list)  # blank lines inside the continuation
    # the index of the line after the last one read for it, past ``last_line`` where a
    # continuation skipped comment and blank lines (into the end of the file, or into the line
    # it goes on with): what it is made from, with its own lines
    read_to: int = 0
    # that of the stage it is in, in a parse with a memo (see LineOrigin), and how far it had
    # moved when ``positions`` were taken: spans made later (a script's, made as they are
    # asked for) are where those lines are then
    origin: LineOrigin | None = None
    moved: int = 0

    def tail(self, start: int) -> _LogicalLine:
        """The text from ``start`` on, as a logical line of its own (ONBUILD's trigger)."""
        index = bisect_right(self.offsets, start) - 1
        offsets = [0, *(offset - start for offset in self.offsets[index + 1 :])]
        positions = [self.taken_position(start), *self.positions[index + 1 :]]
        return _LogicalLine(
            self.text[start:], offsets, positions, self.last_line, self.heredocs, origin=self.origin, moved=self.moved
        )

    def span(self, start: int, end: int) -> Span:
        moved = self.origin.moved - self.moved if self.origin is not None else 0
        if len(self.offsets) == 1:  # one physical line, as most instructions are: no search
            line, column = self.positions[0]
            line += moved
            return span_in(self.origin, line, column + start, line, column + max(end, start))
        offsets, last = self.offsets, max(end - 1, start)
        index = bisect_right(offsets, start) - 1
        # the last character is most often on the first one's line: no second search
        end_index = index if index + 1 == len(offsets) or last < offsets[index + 1] else bisect_right(offsets, last) - 1
        line, column = self.positions[index]
        end_line, end_column = self.positions[end_index]
        return span_in(
            self.origin,
            line + moved,
            column + start - offsets[index],
            end_line + moved,
            end_column + last - offsets[end_index] + (1 if end > start else 0),
        )

    def position(self, offset: int) -> tuple[int, int]:
        """The line and column of ``offset``, where they are now."""
        line, column = self.taken_position(offset)
        return line + (self.origin.moved - self.moved if self.origin is not None else 0), column

    def taken_position(self, offset: int) -> tuple[int, int]:
        """The line and column of ``offset`` as ``positions`` hold them."""
        index = bisect_right(self.offsets, offset) - 1
        line, column = self.positions[index]
        return line, column + offset - self.offsets[index]

    def located(self, word: _Word) -> Located[str]:
        return Located(word.text, self.span(word.start, word.end))


class DockerfileParse(Record, slots=True):
    model: Dockerfile
    problems: list[ParseProblem]


# an instruction a parse made, the problems it found making it, and the variables it set
_Made = tuple[Instruction, list[ParseProblem], list[Variable]]


class InstructionMemo(LastVersion[_Made]):
    """The instructions of a document's last parse, with the problems found making them and the
    variables they set, by what they were made from (Instruction.made_from); what it read
    of each stage after its FROM (``stages``, by the FROM's made_from); and where each stage
    is (``origins``, by the stage's index, which what its FROM is made from holds: a FROM taken
    from the last parse is the same stage's, and a stage read anew keeps the origin of the
    stage it replaces, so the scripts of its unchanged RUN instructions are those parsed before)."""

    __slots__ = ("origins", "stages")

    def __init__(self) -> None:
        super().__init__()
        self.stages: LastVersion[_StageRead] = LastVersion()
        self.origins: list[LineOrigin] = []

    def start(self) -> None:
        super().start()
        self.stages.start()

    def finish(self) -> None:
        super().finish()
        self.stages.finish()

    def forget(self) -> None:
        super().forget()
        self.stages.forget()


class _StageRead(Record, slots=True):
    """The instructions a parse read of a stage after its FROM, which a parse that takes the
    same FROM takes again without reading a line when the stage's lines are the same: what
    they are made from is then the same (the FROM's made_from and those lines; a stage built
    from another, whose instructions are made from the lines above it too, is not kept)."""

    key: bytes  # what the FROM is made from
    start: int  # the index of the line after those read for the FROM
    lines: list[str]  # from there to the last line read for the stage's last instruction
    # the file's line count when those lines reach its end, where a longer file would read
    # further (a heredoc or a continuation into the end of the file); None when they do not
    file_lines: int | None = None
    instructions: list[tuple[bytes, _Made]] = field(default_factory=list)  # with what each is made from
    problems: list[ParseProblem] = field(default_factory=list)  # found reading them, in order
    problems_from: int = 0  # where they start in the parse's problems


def parse_dockerfile(
    text: str, path: str, build_args: Mapping[str, str] | None = None, reuse: InstructionMemo | None = None
) -> DockerfileParse:
    """Parse ``text``. Problems are collected, not raised; what parsed is still modelled. A file
    nested past a bound (see hullcheck.parsers.bounds) is refused whole: ParseProblem.

    ``reuse``: the instructions of the parse of the document's last version, by what they were
    made from; the parse takes those it makes again from there (and they are not changed after:
    see Instruction.made_from), and leaves its own in it for the next."""
    try:
        check_interpolation(text)
    except BoundExceeded as exceeded:
        raise ParseProblem(Span.point(exceeded.line, exceeded.column), exceeded.message) from None
    if reuse is not None:
        reuse.start()
    parsed = _Parser(text, path, build_args or {}, reuse).parse()
    if reuse is not None:
        reuse.finish()
    return parsed


class _Parser:
    def __init__(
        self, text: str, path: str, build_args: Mapping[str, str], reuse: InstructionMemo | None = None
    ) -> None:
        self.lines = split_lines(text)
        self.model = Dockerfile(path)
        self.problems: list[ParseProblem] = []
        self.build_args = build_args
        self.global_scope = Scope()
        self.scopes: list[Scope] = []  # one per stage
        self.shells: list[ShellInstruction | None] = []  # the SHELL in force in each stage so far
        self.trigger: Instruction | None = None  # ONBUILD's trigger being read: not added to a stage
        self.comments: list[int] = []  # the indexes of the comment lines right above the next instruction
        self.reading_trigger = False
        # with a memo of the document's last parse (``reuse``), what each instruction is made
        # from (Instruction.made_from), chained: a digest of the build args, then of the lines
        # before the first FROM, its stage's index and first line, and each line up to
        # ``chained_to`` (a stage's from its FROM, or from the file's start for one built from
        # another stage)
        self.reuse = reuse
        self.chain = b""
        self.chained_to = 0
        self.before_stages = b""  # the digest of the build args and the lines before the first FROM
        self.stage_read: _StageRead | None = None  # what is read of the stage being read, to keep
        # with a memo, where the stage being read is (see LineOrigin): its spans move with it
        # when the next parse takes it at another line
        self.stage_origin: LineOrigin | None = None

    @property
    def escape(self) -> str:
        return self.model.escape

    def parse(self) -> DockerfileParse:
        index = self.read_directives()
        if self.reuse is not None:
            self.chain = _digest(repr(sorted(self.build_args.items())))
        while index < len(self.lines):
            stripped = self.lines[index].strip()
            if not stripped or stripped.startswith("#"):
                self.note_comment(index, stripped)
                index += 1
                continue
            logical, index = self.read_logical_line(index)
            if logical.text.strip():  # a lone escape character continues into nothing
                self.add_instruction(logical)
                index = self.take_stage(index)
        self.keep_stage()
        self.model.global_variables = self.global_variables
        for stage, scope in zip(self.model.stages, self.scopes, strict=True):
            stage.variables = Variables(scope, len(stage.instructions))
            # the stage's last USER, ENTRYPOINT and CMD, else those of the stage it is built from
            # (resolved first, as it comes first)
            user, entrypoint, cmd = _last_user_and_commands(stage.instructions)
            parent = stage.parent
            stage.effective_user = user or (parent.effective_user if parent is not None else None)
            stage.entrypoint = entrypoint or (parent.entrypoint if parent is not None else None)
            stage.cmd = cmd or (parent.cmd if parent is not None else None)
        for stage, shell in zip(self.model.stages, self.shells, strict=True):
            stage.shell = shell
        self.resolve_origins()
        return DockerfileParse(self.model, self.problems)

    def read_directives(self) -> int:
        directives, end = parser_directives(self.lines)
        self.model.directives = directives
        for directive in directives:
            value = directive.value
            if directive.name.value == "escape":
                if value.value in ("\\", "`"):
                    self.model.escape = value.value
                else:
                    message = f"invalid escape directive {value.value!r}: use \\ or `"
                    self.problems.append(ParseProblem(value.span, message))
        return end

    def read_logical_line(self, index: int) -> tuple[_LogicalLine, int]:
        parts: list[str] = []
        offsets: list[int] = []
        positions: list[tuple[int, int]] = []
        empty_lines: list[int] = []  # the indexes of blank lines inside the continuation
        length = 0
        last_line = index + 1
        while index < len(self.lines):
            line = self.lines[index]
            last_line = index + 1
            content = line.rstrip()
            continued = content.endswith(self.escape)
            if continued:
                content = content[: -len(self.escape)]
            offsets.append(length)
            positions.append((index + 1, 1))
            parts.append(content)
            length += len(content)
            index += 1
            if not continued:
                break
            while index < len(self.lines) and _is_blank_or_comment(self.lines[index]):
                if not self.lines[index].strip():
                    empty_lines.append(index)
                index += 1
        text = "".join(parts)
        leading = text.split(None, 2)[:2]
        keyword = leading[0].upper() if leading else ""
        if self.reuse is not None and _keyword(text, self.escape) == "FROM":  # a stage: its lines move as one
            stage = len(self.model.stages)
            if stage == len(self.reuse.origins):
                self.reuse.origins.append(LineOrigin())
            self.stage_origin = self.reuse.origins[stage]
        empty = [self.line_span(empty_line) for empty_line in empty_lines]
        moved = self.stage_origin.moved if self.stage_origin is not None else 0
        logical = _LogicalLine(
            text, offsets, positions, last_line, empty_lines=empty, origin=self.stage_origin, moved=moved
        )
        if keyword == "ONBUILD" and len(leading) == 2:  # ONBUILD RUN <<EOF holds a heredoc too
            keyword = leading[1].upper()
        if keyword in _HEREDOC_INSTRUCTIONS:
            index = self.read_heredocs(logical, index)
        logical.read_to = index
        return logical, index

    def read_heredocs(self, logical: _LogicalLine, index: int) -> int:
        if "<<" not in logical.text:
            return index
        for word in _split_words(logical.text, self.escape):
            match = _HEREDOC.fullmatch(word.text) or _HEREDOC.match(word.text)
            if not match or word.text.startswith("<<<"):
                continue
            strip_tabs, quote, delimiter = match.group(1) == "-", match.group(2), match.group(3)
            first = index
            body: list[str] = []
            indents: list[int] = []
            while index < len(self.lines):
                candidate = self.lines[index].lstrip("\t") if strip_tabs else self.lines[index]
                index += 1
                if candidate == delimiter:
                    break
                body.append(candidate)
                indents.append(len(self.lines[index - 1]) - len(candidate))
            else:
                self.problems.append(
                    ParseProblem(
                        logical.span(word.start, word.end),
                        f"heredoc <<{delimiter} is not terminated: no line {delimiter!r} before the end of the file",
                    )
                )
            # an unterminated heredoc on the last line has no body line: keep the span in the file
            end_line = min(max(index, first + 1), len(self.lines))
            start_line = min(first + 1, end_line)
            end_column = len(self.lines[end_line - 1]) + 1 if self.lines else 1
            span = span_in(logical.origin, start_line, 1, end_line, end_column)
            stripped = tuple(indents) if any(indents) else ()
            logical.heredocs.append(Heredoc(delimiter, strip_tabs, bool(quote), span, "\n".join(body), stripped))
            logical.last_line = max(logical.last_line, end_line)
        return index

    def add_instruction(self, logical: _LogicalLine) -> None:
        """Read the instruction of ``logical`` into the model; with a memo of the document's
        last parse, take it from there when it is made from the same (see made_from)."""
        if self.reuse is None or self.reading_trigger:
            self.read_instruction(logical)
            return
        keyword = _keyword(logical.text, self.escape)
        if keyword == "FROM":
            self.keep_stage()
        made_from = self.stage_key(logical) if keyword == "FROM" else self.chained(logical.read_to)
        known = self.reuse.known(made_from)
        if known is not None and keyword == "FROM":
            self.move_stage(known[0], logical)
        if known is None:
            problems, scope, position = len(self.problems), self.scope, self.position
            instruction = self.read_instruction(logical)
            instruction.made_from = made_from
            variables = scope.set_at(position) if keyword in ("ARG", "ENV") else []
            known = instruction, self.problems[problems:], variables
        else:
            self.take(known)
        self.reuse.keep(made_from, known)
        if keyword == "FROM" and self.model.stages and self.model.stages[-1].parent is None:
            # what the stage's instructions are made from: the FROM's, and the lines after it
            self.chain, self.chained_to = _digest(f"stage {len(self.model.stages) - 1}", made_from), logical.read_to
            self.stage_read = _StageRead(made_from, logical.read_to, [], problems_from=len(self.problems))
        elif self.stage_read is not None and self.model.stages:
            self.stage_read.instructions.append((made_from, known))

    def move_stage(self, from_instruction: Instruction, logical: _LogicalLine) -> None:
        """Before a FROM of the last parse is taken at ``logical``: its stage's lines are where
        the FROM is now (what the stage is made from does not hold where it is)."""
        assert from_instruction.span.origin is self.stage_origin is not None  # the stage's, by its index
        keyword_start = _instruction_words(logical.text, self.escape)[0].start
        self.stage_origin.moved += logical.position(keyword_start)[0] - from_instruction.span.line

    def keep_stage(self) -> None:
        """Keep what was read of the stage being read (see _StageRead) for the next parse."""
        read, self.stage_read = self.stage_read, None
        if read is None or not read.instructions or self.reuse is None:
            return
        end = self.chained_to  # the last line of its last instruction
        read.lines = self.lines[read.start : end]
        read.file_lines = len(self.lines) if end == len(self.lines) else None
        read.problems = self.problems[read.problems_from :]
        self.reuse.stages.keep(read.key, read)

    def take_stage(self, index: int) -> int:
        """After a FROM taken from the last parse, at line ``index``: take the rest of its stage
        from there too, when the last parse read the same lines after the same FROM (see
        _StageRead); the index of the line after what was taken."""
        read = self.stage_read
        if read is None or read.instructions or self.reuse is None:
            return index
        known = self.reuse.stages.known(read.key)
        if known is None or known.file_lines not in (None, len(self.lines)):
            return index
        end = index + len(known.lines)
        if self.lines[index:end] != known.lines:
            return index
        self.problems.extend(known.problems)  # in the order reading found them
        for made_from, (instruction, problems, variables) in known.instructions:
            self.take((instruction, [], variables))
            self.reuse.keep(made_from, (instruction, problems, variables))
        self.chain, self.chained_to = known.instructions[-1][0], end
        self.stage_read = None
        self.reuse.stages.keep(read.key, known)
        return end

    def take(self, made: _Made) -> None:
        """Add an instruction the last parse made from the same, as reading it would."""
        instruction, problems, variables = made
        self.problems.extend(problems)
        for variable in variables:
            self.scope.set(self.position, variable)
        if isinstance(instruction, ShellInstruction) and self.shells:
            self.shells[-1] = instruction
        self.comments = []
        if isinstance(instruction, FromInstruction):
            self.start_stage(instruction)
        elif self.model.stages:
            self.model.stages[-1].instructions.append(instruction)
        elif isinstance(instruction, ArgInstruction):
            self.model.global_args.append(instruction)

    def stage_key(self, logical: _LogicalLine) -> bytes:
        """What a FROM is made from: the build args and the lines before the first FROM, the
        names of the stages before it, and its lines (and the comments above it); not where
        they are (see LineOrigin)."""
        if not self.model.stages:
            self.before_stages = _digest("\n".join(self.lines[: logical.positions[0][0] - 1]), self.chain)
        names = [stage.name for stage in self.model.stages]
        lines = self.lines[self.chained_to : logical.read_to]
        return _digest(f"FROM after stages {names!r}\n" + "\n".join(lines), self.before_stages)

    def chained(self, read_to: int) -> bytes:
        """The chain's digest with the lines up to ``read_to``."""
        lines = self.lines[self.chained_to : read_to]
        self.chain, self.chained_to = _digest(f"{len(lines)}\n" + "\n".join(lines), self.chain), read_to
        return self.chain

    def read_instruction(self, logical: _LogicalLine) -> Instruction:
        """Read the instruction of ``logical`` into the model."""
        words = _instruction_words(logical.text, self.escape)
        keyword_word = words[0]
        keyword = keyword_word.text.upper()
        end_column = len(self.lines[logical.last_line - 1]) + 1
        start_line, start_column = logical.position(keyword_word.start)
        span = span_in(logical.origin, start_line, start_column, logical.last_line, end_column)
        flags: list[Flag] = []
        rest = list(words[1:])
        if keyword in _FLAG_INSTRUCTIONS:
            while rest and rest[0].text.startswith("--"):
                flags.append(_flag(logical, rest.pop(0)))
        arguments_start = rest[0].start if rest else len(logical.text)
        arguments = Located(
            logical.text[arguments_start:].strip(), logical.span(arguments_start, len(logical.text.rstrip()))
        )
        common = {
            "keyword": Located(keyword, logical.span(keyword_word.start, keyword_word.end)),
            "span": span,
            "arguments": arguments,
            "flags": flags,
            "heredocs": logical.heredocs,
            "written_keyword": keyword_word.text,
            "comments": [] if self.reading_trigger else [self.comment(index) for index in self.comments],
            "empty_lines": logical.empty_lines,
            # FROM sees the ARGs before the first FROM; the rest, their stage's variables so far
            "variables": self.global_variables if keyword == "FROM" else self.variables_here(),
        }
        references: list[Located[str]] = []
        if "$" in logical.text:
            expanded = [logical.located(word) for word in rest] if keyword in WORDS_EXPANDED else []
            references = instruction_references(keyword, flags, expanded, self.escape)
        if keyword in _PLAIN_TRIGGERS and self.reading_trigger:
            instruction: Instruction = Instruction(**common)  # type: ignore[arg-type]
        elif keyword == "FROM":
            stage_start = FromInstruction(**common, references=references)  # type: ignore[arg-type]
            self.add_stage(stage_start, logical, rest)
            self.comments = []  # they were FROM's: the instruction after it has none of its own yet
            return stage_start
        elif keyword == "ARG":
            instruction = self.arg_instruction(ArgInstruction(**common), logical, rest)  # type: ignore[arg-type]
        elif keyword == "RUN":
            instruction = _run_instruction(RunInstruction(**common), self.problems)  # type: ignore[arg-type]
            _parse_run_script(instruction, logical, arguments_start)
            instruction.exec_form, instruction.shell = _is_exec_form(arguments.value), self.shell
        elif keyword == "USER":
            instruction = self.user_instruction(UserInstruction(**common), logical, rest)  # type: ignore[arg-type]
        elif keyword == "ENV":
            instruction = self.env_instruction(EnvInstruction(**common), logical, rest)  # type: ignore[arg-type]
        elif keyword == "LABEL":
            instruction = self.label_instruction(LabelInstruction(**common), logical, rest)  # type: ignore[arg-type]
        elif keyword == "EXPOSE":
            instruction = ExposeInstruction(**common, ports=self.expose_ports(logical, rest))  # type: ignore[arg-type]
        elif keyword in ("COPY", "ADD"):
            copy_class = AddInstruction if keyword == "ADD" else CopyInstruction
            instruction = _copy_instruction(copy_class(**common), logical, rest, self.escape)  # type: ignore[arg-type]
            instruction.expanded_sources = [
                Located(substitute(source.value, self.lookup_stage), source.span) for source in instruction.sources
            ]
        elif keyword in ("CMD", "ENTRYPOINT"):
            instruction = CommandInstruction(**common)  # type: ignore[arg-type]
            instruction.script = _command_script(instruction.arguments, logical, arguments_start)
            instruction.exec_form, instruction.shell = _is_exec_form(arguments.value), self.shell
        elif keyword == "SHELL":
            instruction = self.shell_instruction(ShellInstruction(**common), logical, arguments_start)  # type: ignore[arg-type]
        elif keyword == "WORKDIR":
            instruction = WorkdirInstruction(**common)  # type: ignore[arg-type]
            instruction.path = self.workdir_path(instruction.arguments) if rest else None
        elif keyword == "HEALTHCHECK":
            instruction = self.healthcheck(HealthcheckInstruction(**common), logical, rest)  # type: ignore[arg-type]
        elif keyword == "MAINTAINER":
            instruction = MaintainerInstruction(**common, maintainer=arguments if rest else None)  # type: ignore[arg-type]
        elif keyword == "ONBUILD":
            instruction = OnbuildInstruction(**common, trigger=self.trigger_of(logical, rest))  # type: ignore[arg-type]
        else:
            instruction = Instruction(**common)  # type: ignore[arg-type]
        instruction.references = references
        if self.reading_trigger:
            self.trigger = instruction
            return instruction
        self.comments = []
        if not self.model.stages:
            if isinstance(instruction, ArgInstruction):
                self.model.global_args.append(instruction)
            else:
                self.problems.append(
                    ParseProblem(span, f"{keyword} before the first FROM: only ARG may come before FROM")
                )
            return instruction
        self.model.stages[-1].instructions.append(instruction)
        return instruction

    @property
    def position(self) -> int:
        """Where the instruction being read goes in its scope: variables it sets are set there,
        and it sees those set before."""
        return len(self.model.stages[-1].instructions) if self.model.stages else len(self.model.global_args)

    def note_comment(self, index: int, stripped: str) -> None:
        """A comment line joins those above the next instruction; a blank line or a bare ``#``
        ends them (BuildKit's docs: a blank line keeps a comment from describing an ARG)."""
        text = stripped[1:].strip()
        if not text:
            self.comments = []
            return
        self.comments = [*self.comments, index]

    def comment(self, index: int) -> Located[str]:
        """The comment on line ``index``, above the instruction being read (which it moves with)."""
        line = self.lines[index]
        column = line.index("#") + 1
        return Located(line.strip()[1:].strip(), self.line_span(index, column))

    def line_span(self, index: int, column: int = 1) -> Span:
        """Line ``index`` from ``column`` on, in the stage being read."""
        return span_in(self.stage_origin, index + 1, column, index + 1, len(self.lines[index]) + 1)

    def trigger_of(self, logical: _LogicalLine, words: list[_Word]) -> Instruction | None:
        """ONBUILD's trigger, read as an instruction of its own that joins no stage."""
        if not words or self.reading_trigger:  # ONBUILD ONBUILD: BuildKit refuses the chain
            return None
        self.reading_trigger, self.trigger = True, None
        try:
            self.add_instruction(logical.tail(words[0].start))
        finally:
            self.reading_trigger = False
        return self.trigger

    def workdir_path(self, arguments: Located[str]) -> Located[str | Unresolved]:
        """WORKDIR's path: the whole rest of the line, one word, variables substituted."""
        return Located(substitute(arguments.value, self.lookup_stage, escape=self.escape, dequote=True), arguments.span)

    def healthcheck(
        self, instruction: HealthcheckInstruction, logical: _LogicalLine, words: list[_Word]
    ) -> HealthcheckInstruction:
        """``HEALTHCHECK NONE`` or ``HEALTHCHECK [flags] CMD command`` (exec or shell form)."""
        if not words:
            self.problems.append(ParseProblem(instruction.span, "HEALTHCHECK takes CMD and a command, or NONE"))
            return instruction
        instruction.test = logical.located(words[0])
        test = words[0].text.upper()
        if test == "CMD" and len(words) > 1:
            command_text = logical.text[words[1].start :].strip()
            command = Located(command_text, logical.span(words[1].start, len(logical.text.rstrip())))
            instruction.script = _command_script(command, logical, words[1].start)
            instruction.exec_form, instruction.shell = _is_exec_form(command_text), self.shell
        elif test == "CMD":
            self.problems.append(ParseProblem(instruction.test.span, "HEALTHCHECK CMD needs a command"))
        elif test != "NONE":
            message = f"HEALTHCHECK takes CMD or NONE, not {words[0].text!r}"
            self.problems.append(ParseProblem(instruction.test.span, message))
        elif len(words) > 1:
            at = logical.span(words[1].start, words[-1].end)
            self.problems.append(ParseProblem(at, "HEALTHCHECK NONE takes no arguments"))
        return instruction

    @property
    def shell(self) -> ShellInstruction | None:
        """The SHELL in force where the instruction being read is (None: ``/bin/sh -c``)."""
        return self.shells[-1] if self.shells else None

    def shell_instruction(self, instruction: ShellInstruction, logical: _LogicalLine, start: int) -> ShellInstruction:
        """``SHELL ["executable", "parameters"]``: the shell of the stage from here on."""
        words = _exec_form_words(logical, start)
        if not words:  # BuildKit: "SHELL requires the arguments to be in JSON form"
            message = "SHELL takes a JSON array of strings: the shell and its parameters"
            self.problems.append(ParseProblem(instruction.arguments.span, message))
        else:
            instruction.words = words
        if self.shells:
            self.shells[-1] = instruction
        return instruction

    @property
    def scope(self) -> Scope:
        return self.scopes[-1] if self.model.stages else self.global_scope

    @property
    def global_variables(self) -> Variables:
        """The ARGs before the first FROM declared so far, those of an ARG being read included."""
        return Variables(self.global_scope, len(self.model.global_args) + 1)

    def variables_here(self) -> Variables:
        return Variables(self.scope, self.position)

    def lookup_global(self, name: str) -> str | None:
        if name in self.build_args:
            return self.build_args[name]
        return _text(self.global_variables.get(name))

    def lookup_stage(self, name: str) -> str | None:
        """A variable's value before the instruction being read (before the first FROM: the
        global ARGs, which an instruction there, reported, sees)."""
        if not self.model.stages:
            return self.lookup_global(name)
        return _text(self.scope.get(name, self.position))

    def lookup_declared(self, name: str) -> str | None:
        """As :meth:`lookup_stage`, and the ARGs the instruction being read has declared so far:
        ``ARG A=1 B=$A`` gives B the value 1."""
        if not self.model.stages:
            return self.lookup_global(name)
        return _text(self.scope.get(name, self.position + 1))

    def add_stage(self, instruction: FromInstruction, logical: _LogicalLine, words: list[_Word]) -> None:
        platform = instruction.flag("platform")
        if platform:
            value = substitute(platform.value.value, self.lookup_global, escape=self.escape, dequote=True)
            instruction.platform = Located(value, platform.value.span)
        if len(words) >= 3 and words[1].text.lower() == "as":
            instruction.alias = Located(words[2].text.lower(), logical.span(words[2].start, words[2].end))
            instruction.written_alias, instruction.as_keyword = logical.located(words[2]), logical.located(words[1])
            extra = words[3:]
        else:
            extra = words[1:]
        if not words or extra:
            at = logical.span(extra[0].start, extra[-1].end) if extra else instruction.span
            self.problems.append(ParseProblem(at, "FROM takes an image, then optionally AS <name>"))
        if words:
            base_word = words[0]
            located = logical.located(base_word)
            value = substitute(base_word.text, self.lookup_global, escape=self.escape, dequote=True)
            instruction.written = located
            instruction.default_base = default_base(base_word.text, self.model.global_args, self.escape)
            instruction.base = Located(self.base_of(value, located), located.span)
        self.start_stage(instruction)

    def start_stage(self, instruction: FromInstruction) -> None:
        """The stage a FROM starts, with what it inherits from the stage it is built from."""
        index = len(self.model.stages)
        stage = Stage(index, instruction)
        parent = instruction.base.value if instruction.base else None
        if isinstance(parent, StageReference):
            stage.parent = self.model.stages[parent.index]
            self.scopes.append(Scope(Variables(self.scopes[parent.index], len(stage.parent.instructions))))
            self.shells.append(self.shells[parent.index])
        else:
            self.scopes.append(Scope())
            self.shells.append(None)
        self.model.stages.append(stage)
        if self.reuse is not None and stage.parent is not None:  # made from every line above it too
            self.chain, self.chained_to = _digest(f"stage {index} from the start", self.before_stages), 0

    def base_of(self, value: str | Unresolved, located: Located[str]) -> ImageReference | StageReference | Unresolved:
        if isinstance(value, Unresolved):
            return value
        for stage in self.model.stages:
            if stage.name is not None and stage.name == value.lower():
                return StageReference(stage.name, stage.index)
        try:
            return ImageReference.parse(value)
        except InvalidReference as error:
            self.problems.append(ParseProblem(located.span, f"FROM {value!r} is not a valid image reference: {error}"))
            return Unresolved(value, str(error))

    def arg_instruction(self, instruction: ArgInstruction, logical: _LogicalLine, words: list[_Word]) -> ArgInstruction:
        position, scope = self.position, self.scope
        for word in words:  # ARG a=1 b=2 declares several
            declaration = self.assignment(logical, word)
            instruction.declarations.append(declaration)
            name = declaration.name.value
            # in a stage, a variable already set (by ENV, which always wins, or an earlier ARG) stays
            if not self.model.stages or scope.get(name, position + 1) is None:
                scope.set(position, self.arg_variable(declaration))
        return instruction

    def arg_variable(self, declaration: Assignment) -> Variable:
        """The variable an ARG declares: a build arg's value, else its default, else (in a
        stage) the global ARG's value."""
        stage = len(self.model.stages) - 1 if self.model.stages else None
        name = declaration.name
        if name.value in self.build_args:
            return Variable(name, Located(self.build_args[name.value], name.span), VariableSource.BUILD_ARG, stage)
        if declaration.value is None:
            global_arg = self.global_variables.get(name.value)
            if not self.model.stages or global_arg is None or global_arg.value is None:
                return Variable(name, None, VariableSource.DEFAULT, stage)
            return Variable(name, global_arg.value, VariableSource.GLOBAL_ARG, stage)
        value = substitute(declaration.value.value, self.lookup_declared, escape=self.escape, dequote=True)
        return Variable(name, Located(value, declaration.value.span), VariableSource.DEFAULT, stage)

    def assignment(self, logical: _LogicalLine, word: _Word) -> Assignment:
        name, equals, raw = word.text.partition("=")
        name_located = Located(name, logical.span(word.start, word.start + len(name)))
        if not equals:
            return Assignment(name_located, None)
        value_start = word.start + len(name) + 1
        return Assignment(name_located, Located(_dequote(raw, self.escape), logical.span(value_start, word.end)))

    def env_instruction(self, instruction: EnvInstruction, logical: _LogicalLine, words: list[_Word]) -> EnvInstruction:
        if words and "=" not in words[0].text:  # legacy ENV key value: the rest of the line is the value
            instruction.legacy = True
            name = Located(words[0].text, logical.span(words[0].start, words[0].end))
            rest_start = words[1].start if len(words) > 1 else words[0].end
            end = len(logical.text.rstrip())
            value = Located(_dequote(logical.text[rest_start:end], self.escape), logical.span(rest_start, end))
            instruction.assignments.append(Assignment(name, value))
        else:
            instruction.assignments.extend(self.assignment(logical, word) for word in words)
        if self.model.stages:
            stage = len(self.model.stages) - 1
            for assignment in instruction.assignments:
                if (
                    assignment.value is not None
                ):  # expanded with the variables from before the instruction, as Docker does
                    expanded = Located(substitute(assignment.value.value, self.lookup_stage), assignment.value.span)
                    self.scope.set(self.position, Variable(assignment.name, expanded, VariableSource.ENV, stage))
        return instruction

    def label_instruction(
        self, instruction: LabelInstruction, logical: _LogicalLine, words: list[_Word]
    ) -> LabelInstruction:
        """``LABEL key=value …``, or the legacy ``LABEL key value`` whose value is the rest of
        the line; keys and values dequoted, values also expanded (as BuildKit's parseNameVal)."""
        pairs: list[tuple[Located[str], str, int, int]] = []  # key, the value as written, its offsets
        if words and "=" not in words[0].text:
            instruction.legacy = True
            rest_start = words[1].start if len(words) > 1 else words[0].end
            end = len(logical.text.rstrip())
            key = Located(_dequote(words[0].text, self.escape), logical.span(words[0].start, words[0].end))
            pairs.append((key, logical.text[rest_start:end], rest_start, end))
        for word in words if not instruction.legacy else ():
            written, equals, raw = word.text.partition("=")
            key = Located(_dequote(written, self.escape), logical.span(word.start, word.start + len(written)))
            if not equals:
                message = f"LABEL {written!r} has no '=': write LABEL name=value"
                self.problems.append(ParseProblem(key.span, message))
                continue
            pairs.append((key, raw, word.start + len(written) + 1, word.end))
        for key, raw, start, end in pairs:
            text = substitute(raw, self.lookup_stage, escape=self.escape, dequote=True)
            value = Located(_dequote(raw, self.escape), logical.span(start, end))
            instruction.labels.append(Label(key, value, text))
        return instruction

    def expose_ports(self, logical: _LogicalLine, words: list[_Word]) -> list[Located[str | Unresolved]]:
        """EXPOSE's ports with ARG and ENV values substituted (``EXPOSE $PORT/tcp``)."""
        lookup = self.lookup_stage if self.model.stages else self.lookup_global
        return [
            Located(substitute(word.text, lookup, escape=self.escape, dequote=True), logical.span(word.start, word.end))
            for word in words
        ]

    def user_instruction(
        self, instruction: UserInstruction, logical: _LogicalLine, words: list[_Word]
    ) -> UserInstruction:
        if len(words) != 1:
            self.problems.append(ParseProblem(instruction.span, "USER takes exactly one user[:group]"))
        if words:
            located = logical.located(words[0])
            value = substitute(located.value, self.lookup_stage, escape=self.escape, dequote=True)
            instruction.user = Located(value, located.span)
        return instruction

    def resolve_origins(self) -> None:
        """What each ``COPY --from`` and ``RUN --mount=from=`` names: a stage of the file (by
        name, anywhere in it, or by index) or an image, variables expanded."""
        for stage in self.model.stages:
            for instruction in stage.instructions:
                if isinstance(instruction, CopyInstruction) and (flag := instruction.flag("from")) is not None:
                    instruction.origin = self.origin(flag.value, instruction.variables)
                elif isinstance(instruction, RunInstruction) and instruction.mounts:
                    instruction.mounts = [
                        records.replace(mount, origin=self.origin(mount.origin_text, instruction.variables))
                        if mount.origin_text is not None
                        else mount
                        for mount in instruction.mounts
                    ]

    def origin(
        self, written: Located[str | Unresolved], variables: Variables
    ) -> Located[ImageReference | StageReference | Unresolved]:
        text: str | Unresolved = written.value
        if isinstance(text, str):
            text = substitute(text, lambda name: _text(variables.get(name)), escape=self.escape, dequote=True)
        if isinstance(text, Unresolved):
            return Located(text, written.span)
        stages = self.model.stages
        if text.isdigit():
            if int(text) < len(stages):
                return Located(StageReference(stages[int(text)].name, int(text)), written.span)
            return Located(Unresolved(text, f"there is no stage {text}"), written.span)
        named = next((stage for stage in stages if stage.name == text.lower()), None)
        if named is not None:
            return Located(StageReference(named.name, named.index), written.span)
        try:
            return Located(ImageReference.parse(text), written.span)
        except InvalidReference as error:
            return Located(Unresolved(text, str(error)), written.span)


def _last_user_and_commands(
    instructions: list[Instruction],
) -> tuple[UserInstruction | None, CommandInstruction | None, CommandInstruction | None]:
    """The last USER, ENTRYPOINT and CMD of a stage's instructions, in one pass (each parse asks
    it of every stage)."""
    user = entrypoint = cmd = None
    for instruction in instructions:
        if isinstance(instruction, UserInstruction):
            user = instruction
        elif isinstance(instruction, CommandInstruction):
            if instruction.keyword.value == "ENTRYPOINT":
                entrypoint = instruction
            elif instruction.keyword.value == "CMD":
                cmd = instruction
    return user, entrypoint, cmd


def _text(variable: Variable | None) -> str | None:
    """A variable's value for substitution: None when it is unset or unknown."""
    value = variable.text if variable is not None else None
    return value if isinstance(value, str) else None


def _digest(text: str, before: bytes = b"") -> bytes:
    """A digest of ``before`` and ``text``: equal digests, equal texts (128 bits of BLAKE2b)."""
    import hashlib  # only a parse with a memo chains digests

    return hashlib.blake2b(before + text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def _is_blank_or_comment(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


@functools.lru_cache(maxsize=4096)
def _split_words(text: str, escape: str) -> tuple[_Word, ...]:
    """Whitespace-separated words; quotes and the escape character keep whitespace inside.
    Memoized (nothing changes a word): an editor's re-lint finds the unchanged lines' words."""
    return tuple(_Word(match.group(), match.start(), match.end()) for match in _WORDS[escape].finditer(text))


@functools.lru_cache(maxsize=4096)
def _instruction_words(text: str, escape: str) -> tuple[_Word, ...]:
    """The words of an instruction; of one that runs a command, only the keyword, the flags and
    the word after them, where the command starts: nothing more of it is read as words (a long
    RUN's words were a tenth of parsing a Dockerfile). Memoized, as :func:`_split_words` is."""
    first = _WORDS[escape].search(text)
    if first is None or first.group().upper() not in _COMMAND_INSTRUCTIONS:
        return _split_words(text, escape)
    words = [_Word(first.group(), first.start(), first.end())]
    for match in _WORDS[escape].finditer(text, first.end()):
        words.append(_Word(match.group(), match.start(), match.end()))
        if not match.group().startswith("--"):
            break
    return tuple(words)


def _keyword(text: str, escape: str) -> str:
    words = _instruction_words(text, escape)
    return words[0].text.upper() if words else ""


def _flag(logical: _LogicalLine, word: _Word) -> Flag:
    name, equals, value = word.text[2:].partition("=")
    value_start = word.start + 2 + len(name) + len(equals)
    return Flag(
        name.lower(),
        Located(value, logical.span(value_start, word.end)),
        logical.span(word.start, word.end),
    )


def _command_script(arguments: Located[str], logical: _LogicalLine, start: int) -> ShellScript:
    """The exec form's words as one command, or the shell form parsed; ``sh -c`` strings too."""
    text = logical.text[start:]
    located = _exec_form_words(logical, start)
    if located is not None:
        words = tuple(word.value for word in located)
        command = ShellCommand(tuple(located), words, arguments.span)
        script = ShellScript([Pipeline((command,))])
    else:
        script = parse_shell(text, lambda a, b: logical.span(start + a, start + b))
    add_nested_scripts(script)
    return script


def _copy_instruction(
    instruction: CopyInstruction, logical: _LogicalLine, words: list[_Word], escape: str
) -> CopyInstruction:
    """``COPY src… dest`` or the JSON form ``COPY ["src", …, "dest"]``."""
    listed = _exec_form_words(logical, words[0].start) if words else None
    if listed is not None:
        located = listed
    else:
        delimiters = {heredoc.delimiter for heredoc in instruction.heredocs}
        located = []
        for word in words:
            source = Located(_dequote(word.text, escape), logical.span(word.start, word.end))
            heredoc = _HEREDOC.fullmatch(word.text)
            if heredoc and heredoc.group(3) in delimiters:
                instruction.heredoc_sources.append(source)
            else:
                located.append(source)
    if located:
        instruction.sources, instruction.destination = located[:-1], located[-1]
    return instruction


def _dequote(text: str, escape: str) -> str:
    """Quotes and escapes removed, variables left as written."""
    if "'" not in text and '"' not in text and escape not in text:  # most words: nothing to remove
        return text
    value = substitute(text, lambda _name: None, escape=escape, dequote=True, expand=False)
    return value if isinstance(value, str) else text


def _parse_run_script(run: RunInstruction, logical: _LogicalLine, start: int) -> None:
    """Parse what RUN runs: its exec-form words or shell form, and its heredoc bodies."""
    line = (logical.text, tuple(logical.offsets), tuple(logical.positions))
    origin = logical.origin, logical.origin.moved if logical.origin is not None else 0
    run.script = _run_script(line, start, run.arguments, tuple(run.heredocs), origin)
    # its variables: those the script sets, and the ARG and ENV in force (its environment)
    variables = ScriptVariables(run.script, build_environment(run.variables))
    run.calls = _engine_calls(run.script, variables)
    run.variable_uses = list(variables.uses.values())


def _engine_calls(script: ShellScript, variables: ScriptVariables) -> EngineCalls:
    """The docker and podman commands a RUN's script runs; the docker CLI's parser is loaded for
    a script that may run one only (most Dockerfiles have none: it is a tenth of a cold start)."""
    if not any(command.may_run_engine() for command in script.every_command()):
        return EngineCalls()  # as script_calls finds: it reads the commands that may run one only
    from hullcheck.parsers.docker_cli import script_calls

    return script_calls(script, Origin.SHELL, variables=variables)


@functools.lru_cache(maxsize=1024)
def _run_script(
    line: tuple[str, tuple[int, ...], tuple[tuple[int, int], ...]],
    start: int,
    arguments: Located[str],
    heredocs: tuple[Heredoc, ...],
    origin: tuple[LineOrigin | None, int],
) -> ShellScript:
    """The script of a RUN whose logical line is ``line`` (text, segment offsets, positions),
    in the stage whose origin is ``origin`` (with how far it had moved: see LineOrigin).
    Nothing changes it once parsed, so the same RUN at the same place is parsed once: the
    language server re-parses only the RUN instructions an edit touched."""
    text, segment_offsets, segment_positions = line
    logical = _LogicalLine(
        text, list(segment_offsets), list(segment_positions), last_line=0, origin=origin[0], moved=origin[1]
    )
    script = _command_script(arguments, logical, start)
    for heredoc in heredocs:
        body_lines = heredoc.body.split("\n")
        offsets = [0]
        for body_line in body_lines:
            offsets.append(offsets[-1] + len(body_line) + 1)

        def body_span(
            a: int,
            b: int,
            heredoc_span: Span = heredoc.span,
            offsets: list[int] = offsets,
            indents: tuple[int, ...] = heredoc.indents,
        ) -> Span:
            line = bisect_right(offsets, a) - 1
            end_line = bisect_right(offsets, max(b - 1, a)) - 1
            # ``<<-`` removed the lines' leading tabs: columns count them again
            shift = indents[min(line, len(indents) - 1)] if indents else 0
            end_shift = indents[min(end_line, len(indents) - 1)] if indents else 0
            column, end_column = a - offsets[line] + 1 + shift, b - offsets[end_line] + 1 + end_shift
            first = heredoc_span.line  # where the heredoc is now: its stage may have moved since
            return heredoc_span.at(first + line, column, first + end_line, end_column)

        body = ShellScript(parse_shell(heredoc.body, body_span).pipelines)
        add_nested_scripts(body)
        script.pipelines.extend(body.pipelines)
    return script


def _exec_form_words(logical: _LogicalLine, start: int) -> list[Located[str]] | None:
    """The exec form's words from ``start`` on, each at its JSON string, or None when the text
    is not a JSON array of strings."""
    text = logical.text[start:]
    if not text.lstrip().startswith("["):
        return None
    words = string_array(text)
    if words is None:
        return None
    return [Located(word, logical.span(start + begin, start + end)) for word, begin, end in words]


def _is_exec_form(arguments: str) -> bool:
    """Whether stripped arguments are the exec (JSON) form, which runs without a shell (a text
    that is no JSON array of strings, a nested one included, runs with a shell)."""
    return arguments.startswith("[") and string_array(arguments) is not None


def _run_instruction(instruction: RunInstruction, problems: list[ParseProblem]) -> RunInstruction:
    for flag in instruction.flags:
        if flag.name == "mount":
            mount = _run_mount(flag)
            if isinstance(mount, ParseProblem):
                problems.append(mount)
            else:
                instruction.mounts.append(mount)
        elif flag.name == "network":
            instruction.network = flag.value
        elif flag.name == "security":
            instruction.security = flag.value
    return instruction


def _run_mount(flag: Flag) -> Mount | ParseProblem:
    """``--mount=type=bind,source=…,target=…`` (CSV fields, so quoted fields keep commas)."""
    text, base = flag.value.value, flag.value.span
    if base.line != base.end_line:  # a value broken over lines has no exact field spans
        fields = [(field_text, base) for field_text, _at in csv_fields(text)]
    else:
        fields = [
            (field_text, base.at(base.line, base.column + at, base.line, base.column + at + len(field_text)))
            for field_text, at in csv_fields(text)
        ]
    options, switches = mount_fields(fields)
    mount_type = options.get("type")
    type_text = mount_type.value.lower() if mount_type else "bind"
    if type_text not in {"bind", "cache", "tmpfs", "secret", "ssh"}:
        return ParseProblem(flag.span, f"RUN --mount type {type_text!r} is not one of bind, cache, tmpfs, secret, ssh")
    source = first_option(options, MOUNT_SOURCE_KEYS)
    target = first_option(options, MOUNT_TARGET_KEYS)
    return Mount(
        span=flag.span,
        type=type_text,
        source=Located(source.value, source.span) if source else None,
        origin_text=Located(options["from"].value, options["from"].span) if "from" in options else None,
        target=Located(target.value, target.span) if target else None,
        # BuildKit bind mounts are read-only unless rw is given
        read_only=switches.get("ro", switches.get("readonly", type_text == "bind"))
        and not switches.get("rw", switches.get("readwrite", False)),
    )
