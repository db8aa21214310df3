"""The Dockerfile model: directives, global ARGs, stages and their instructions.

``FROM <stage>`` and ``FROM <image>`` are different types, as are ``COPY --from`` and ``RUN
--mount=from=`` naming either. The parser resolves variables once: each instruction knows the
ARG and ENV variables in force where it is (build args, global ARGs and the stage it is built
from included), each with where it was set and how; each stage's effective user and command are
computed once, inherited through ``FROM <stage>``.
"""

from __future__ import annotations

import bisect
import enum
from collections.abc import Hashable, Iterator

from hullcheck.model.build_context import BuildContext
from hullcheck.model.commands.sources import remote_source
from hullcheck.model.container import EngineCalls, Mount
from hullcheck.model.image import ImageReference, StageReference
from hullcheck.model.node import Node
from hullcheck.model.predicates import is_windows_image
from hullcheck.model.shell import ShellScript, VariableUse, assignment_of
from hullcheck.model.span import Located, Span, Unresolved
from hullcheck.records import Record, field


class Directive(Record, frozen=True, slots=True):
    """A parser directive such as ``# syntax=docker/dockerfile:1``."""

    name: Located[str]
    value: Located[str]


class Heredoc(Record, frozen=True, slots=True):
    """A heredoc body: ``<<EOF`` … ``EOF``. Its lines are data, never instructions."""

    delimiter: str
    strip_tabs: bool
    quoted: bool
    span: Span  # from the first body line to the closing delimiter
    body: str  # the lines between, with ``<<-``'s leading tabs removed
    indents: tuple[int, ...] = ()  # the tabs ``<<-`` removed from each line of the body


class Flag(Record, frozen=True, slots=True):
    """An instruction flag such as ``--platform=linux/amd64``."""

    name: str
    value: Located[str]
    span: Span


class VariableSource(enum.Enum):
    """How a variable got its value."""

    DEFAULT = "default"  # the default an ARG declares
    BUILD_ARG = "build arg"  # a value the build passes (Compose ``build.args``, ``--build-arg``)
    GLOBAL_ARG = "global ARG"  # ``ARG NAME`` in a stage takes the value of the ARG before FROM
    ENV = "ENV"


class Variable(Record, frozen=True, slots=True):
    """An ARG or ENV variable as the build resolves it."""

    name: Located[str]  # where it is declared or set
    # its value, variables expanded, at the text that gave it (the name, for a build arg); None
    # for an ARG with no value from anywhere
    value: Located[str | Unresolved] | None
    source: VariableSource
    stage: int | None  # the stage that set it, None before the first FROM: another stage's is inherited

    @property
    def text(self) -> str | Unresolved | None:
        return None if self.value is None else self.value.value


class Scope:
    """The variables of one stage (or of the lines before the first FROM) over its
    instructions: each name's settings, by the position of the instruction that made them."""

    __slots__ = ("_settings",)

    def __init__(self, inherited: Variables | None = None) -> None:
        # name -> positions and variables, in order; position -1: inherited through FROM <stage>
        self._settings: dict[str, tuple[list[int], list[Variable]]] = {}
        if inherited is not None:
            for variable in inherited:
                self.set(-1, variable)

    def set(self, position: int, variable: Variable) -> None:
        positions, variables = self._settings.setdefault(variable.name.value, ([], []))
        positions.append(position)
        variables.append(variable)

    def get(self, name: str, position: int) -> Variable | None:
        """The variable ``name`` as it is before the instruction at ``position`` runs."""
        settings = self._settings.get(name)
        if settings is None:
            return None
        index = bisect.bisect_left(settings[0], position) - 1
        return settings[1][index] if index >= 0 else None

    def set_at(self, position: int) -> list[Variable]:
        """The variables set at ``position``, in the order they were set (of each name)."""
        return [
            variable
            for positions, variables in self._settings.values()
            for at, variable in zip(positions, variables, strict=True)
            if at == position
        ]

    def history(self, name: str, position: int) -> list[Variable]:
        """Every setting of ``name`` before the instruction at ``position``, in order."""
        positions, variables = self._settings.get(name, ((), ()))
        return list(variables[: bisect.bisect_left(positions, position)])

    def names(self) -> list[str]:
        return list(self._settings)


class Variables(Record, frozen=True, slots=True):
    """The ARG and ENV variables in force at one point: before an instruction runs, or at the
    end of a stage."""

    scope: Scope
    position: int

    def get(self, name: str) -> Variable | None:
        return self.scope.get(name, self.position)

    def history(self, name: str) -> list[Variable]:
        """Every setting of ``name`` so far (inherited ones first), in order."""
        return self.scope.history(name, self.position)

    def value(self, name: str, environment: bool = False) -> str | Unresolved | None:
        """The value of ``name``: None when it is unset or has no value. ``environment``: only
        an ENV counts, as in a container of the image (a build step sees the ARGs too)."""
        variable = self.get(name)
        if variable is None or (environment and variable.source is not VariableSource.ENV):
            return None
        return variable.text

    def __iter__(self) -> Iterator[Variable]:
        for name in self.scope.names():
            variable = self.get(name)
            if variable is not None:
                yield variable


NO_VARIABLES = Variables(Scope(), 0)


class Instruction(Node, Record, slots=True, eq=False):
    """Any instruction. ``arguments`` is the text after the keyword and its flags."""

    kind = "instruction"

    keyword: Located[str]  # upper-cased
    span: Span
    arguments: Located[str]
    flags: list[Flag] = field(default_factory=list)
    heredocs: list[Heredoc] = field(default_factory=list)
    written_keyword: str = ""  # the keyword as written: ``run``, ``Run``
    # the blank lines inside the instruction's continuation lines (BuildKit's NoEmptyContinuation:
    # they are skipped today, errors in a future release); comment lines are not among them
    empty_lines: list[Span] = field(default_factory=list)
    # the comment lines right above it (no blank line or bare ``#`` between), text after ``#``
    # stripped: BuildKit takes them for the description of a stage or ARG
    comments: list[Located[str]] = field(default_factory=list)
    variables: Variables = NO_VARIABLES  # in force before it runs
    # the variables named in the words Docker expands (not the shell's: RUN, CMD, ENTRYPOINT),
    # each at the word it is in, in order; FROM's are its base's and --platform's
    references: list[Located[str]] = field(default_factory=list)
    # what the parser made it from (see reuse_key): the lines up to its last one from where what
    # it sees starts (its stage's FROM), and the file's context; None: not recorded
    made_from: Hashable | None = None

    def logical_name(self) -> str | None:
        return self.keyword.value

    def reuse_key(self) -> Hashable | None:
        return self.made_from

    def flag(self, name: str) -> Flag | None:
        """The last flag of that name: BuildKit lets a repeated flag override."""
        found = None
        for candidate in self.flags:
            if candidate.name == name:
                found = candidate
        return found


class FromInstruction(Instruction, Record, slots=True, eq=False):
    kind = "from_instruction"

    # the image after ARG substitution, an earlier stage, or unresolved
    base: Located[ImageReference | StageReference | Unresolved] | None = None
    written: Located[str] | None = None  # the base as written, before substitution
    # where the project builds the base image (a Compose service's ``build:`` that names it): a
    # local image, not pulled. Set on the Dockerfiles a project's services build
    base_built_at: Span | None = None
    platform: Located[str | Unresolved] | None = None
    alias: Located[str] | None = None  # the stage name, lower-cased as BuildKit matches it
    written_alias: Located[str] | None = None  # the stage name as written
    as_keyword: Located[str] | None = None  # ``AS`` as written: ``as``, ``As``
    # the base as a build without build args makes it (BuildKit's InvalidDefaultArgInFrom): the
    # global ARGs' defaults, and empty for a variable without one
    default_base: str | Unresolved | None = None

    def reuse_key(self) -> Hashable | None:
        # a Compose project sets where it builds the base after the parse
        return None if self.made_from is None else (self.made_from, self.base_built_at)


class ShellInstruction(Instruction, Record, slots=True, eq=False):
    """``SHELL ["executable", "parameters"]``: what the shell forms of RUN, CMD and ENTRYPOINT
    after it run with, in its stage and the stages built from it."""

    kind = "shell_instruction"

    # the JSON array's words (each at the arguments' span); None when the arguments are not a
    # JSON array of strings, which BuildKit refuses
    words: list[Located[str]] | None = None

    @property
    def executable(self) -> str | None:
        """The shell program as written (``/bin/bash``, ``powershell``); None when unknown."""
        return self.words[0].value if self.words else None


class RunInstruction(Instruction, Record, slots=True, eq=False):
    kind = "run_instruction"

    # exec form (``RUN ["executable", "arg"]``) runs without a shell; shell form and heredocs
    # run with ``shell``
    exec_form: bool = False
    # the SHELL in force, inherited through FROM <stage>; None: the default ``/bin/sh -c``
    shell: ShellInstruction | None = None
    mounts: list[Mount] = field(default_factory=list)
    network: Located[str] | None = None
    security: Located[str] | None = None
    # the command, parsed: shell form, exec form, heredoc bodies and ``sh -c`` strings
    script: ShellScript = field(default_factory=ShellScript)
    # the containers its ``docker run`` commands start (and images built, clients configured)
    calls: EngineCalls = field(default_factory=EngineCalls)
    # the values of variables (its own, ARG and ENV) used in those commands, and their assignments
    variable_uses: list[VariableUse] = field(default_factory=list)

    def children(self) -> Iterator[Node]:
        return iter(self.calls.nodes())

    def reuse_key(self) -> Hashable | None:
        # a mount's origin is looked up among all the stages, later ones too
        return None if self.made_from is None else (self.made_from, *self.mounts)

    def inherited_from(self, span: Span) -> tuple[Span, str] | None:
        """A finding at a value that came from a variable gets the variable's assignment."""
        return assignment_of(self.variable_uses, span)


class UserInstruction(Instruction, Record, slots=True, eq=False):
    kind = "user_instruction"

    user: Located[str | Unresolved] | None = None


class Assignment(Record, frozen=True, slots=True):
    """``NAME=value`` in ARG or ENV. ``value`` is dequoted but not expanded: ``$X`` stays."""

    name: Located[str]
    value: Located[str] | None  # None for ``ARG NAME`` without a default


class ArgInstruction(Instruction, Record, slots=True, eq=False):
    kind = "arg_instruction"

    declarations: list[Assignment] = field(default_factory=list)


class EnvInstruction(Instruction, Record, slots=True, eq=False):
    kind = "env_instruction"

    assignments: list[Assignment] = field(default_factory=list)
    # ``ENV key value`` (no ``=``): one variable, the rest of the line its value; BuildKit's
    # LegacyKeyValueFormat check flags it
    legacy: bool = False


class WorkdirInstruction(Instruction, Record, slots=True, eq=False):
    kind = "workdir_instruction"

    # the path with ARG and ENV values substituted (Unresolved when one is unknown), at its words
    path: Located[str | Unresolved] | None = None


class MaintainerInstruction(Instruction, Record, slots=True, eq=False):
    """MAINTAINER, deprecated: the image's author field, which a label now holds."""

    kind = "maintainer_instruction"

    maintainer: Located[str] | None = None  # the rest of the line


class OnbuildInstruction(Instruction, Record, slots=True, eq=False):
    """ONBUILD: an instruction that runs when another build starts FROM this image.

    The trigger is parsed as an instruction of its own (RUN, COPY, CMD … typed as usual) but
    is not a child in the walk: it does not run in this build, so rules that check this build
    do not see it; rules about triggers read ``trigger``. A trigger that would change this
    file's variables, stages or shell (ARG, ENV, FROM, SHELL, ONBUILD) is a plain Instruction.
    """

    kind = "onbuild_instruction"

    trigger: Instruction | None = None  # None: ONBUILD without an instruction


class Label(Record, frozen=True, slots=True):
    """``key=value`` in LABEL: key and value dequoted as written (``$X`` stays); ``text`` is the
    value with ARG and ENV values substituted, Unresolved when one of them is unknown."""

    key: Located[str]
    value: Located[str]
    text: str | Unresolved


class LabelInstruction(Instruction, Record, slots=True, eq=False):
    kind = "label_instruction"

    labels: list[Label] = field(default_factory=list)
    # ``LABEL key value`` (no ``=``): one label, the rest of the line its value; BuildKit's
    # LegacyKeyValueFormat check flags it
    legacy: bool = False


class ExposeInstruction(Instruction, Record, slots=True, eq=False):
    kind = "expose_instruction"

    # 80, 2375/tcp, 8000-8010; ARG and ENV values substituted, Unresolved when one is unknown
    ports: list[Located[str | Unresolved]] = field(default_factory=list)


class CopyInstruction(Instruction, Record, slots=True, eq=False):
    """COPY; flags such as ``--chown`` are in ``flags``."""

    kind = "copy_instruction"

    sources: list[Located[str]] = field(default_factory=list)  # files and folders; URLs and Git for ADD
    # ``sources`` with ARG and ENV values substituted, in order (Unresolved when one is unknown)
    expanded_sources: list[Located[str | Unresolved]] = field(default_factory=list)
    heredoc_sources: list[Located[str]] = field(default_factory=list)  # ``<<EOF``: a body, not a file
    destination: Located[str] | None = None
    # ``--from``: the image or stage the sources are in, variables expanded
    origin: Located[ImageReference | StageReference | Unresolved] | None = None
    origin_built_at: Span | None = None  # where the project builds the origin image: not pulled

    def reuse_key(self) -> Hashable | None:
        # the origin is looked up among all the stages, later ones too
        return None if self.made_from is None else (self.made_from, self.origin, self.origin_built_at)

    def context_sources(self) -> Iterator[Located[str]]:
        """The sources it reads from the build context, ARG and ENV values substituted: none for
        ``COPY --from`` (a stage or an image); not ADD's URLs and Git repositories, heredocs, nor
        a source behind a variable with no known value."""
        if self.flag("from") is not None:
            return
        for source in self.expanded_sources:
            text = source.value
            if isinstance(text, str) and not (isinstance(self, AddInstruction) and remote_source(text)):
                yield Located(text, source.span)


class AddInstruction(CopyInstruction, Record, slots=True, eq=False):
    """ADD: like COPY, but sources may be URLs and local archives are extracted."""

    kind = "add_instruction"


class CommandInstruction(Instruction, Record, slots=True, eq=False):
    """CMD or ENTRYPOINT (see ``keyword``): what the container runs."""

    kind = "command_instruction"

    script: ShellScript = field(default_factory=ShellScript)
    # exec form (``CMD ["executable", "arg"]``) runs without a shell; shell form with ``shell``
    exec_form: bool = False
    # the SHELL in force, inherited through FROM <stage>; None: the default ``/bin/sh -c``
    shell: ShellInstruction | None = None


class HealthcheckInstruction(Instruction, Record, slots=True, eq=False):
    """``HEALTHCHECK [flags] CMD command`` or ``HEALTHCHECK NONE``; flags are in ``flags``."""

    kind = "healthcheck_instruction"

    test: Located[str] | None = None  # ``CMD`` or ``NONE`` as written; None when missing
    script: ShellScript = field(default_factory=ShellScript)  # the command of ``CMD``
    exec_form: bool = False
    shell: ShellInstruction | None = None  # the SHELL in force: a shell-form check runs with it

    @property
    def disables(self) -> bool:
        """``HEALTHCHECK NONE``: turns off the check the base image defines."""
        return self.test is not None and self.test.value.upper() == "NONE"


class Stage(Node, Record, slots=True, eq=False):
    kind = "stage"

    index: int
    from_instruction: FromInstruction
    instructions: list[Instruction] = field(default_factory=list)
    # the USER in force at the end of the stage, inherited through FROM <stage>;
    # None when no USER is set anywhere in the chain (the base image's user applies)
    effective_user: UserInstruction | None = None
    # the ENTRYPOINT and the CMD in force at the end of the stage, inherited the same way
    entrypoint: CommandInstruction | None = None
    cmd: CommandInstruction | None = None
    # the SHELL in force at the end of the stage, inherited the same way; None: ``/bin/sh -c``
    shell: ShellInstruction | None = None
    parent: Stage | None = None  # the stage it is built from (``FROM <stage>``)
    variables: Variables = NO_VARIABLES  # in force at its end: what the image keeps (ENV), or RUN saw

    @property
    def name(self) -> str | None:
        alias = self.from_instruction.alias
        return alias.value if alias else None

    @property
    def span(self) -> Span:
        """From the FROM to the end of the last instruction."""
        last = self.instructions[-1] if self.instructions else self.from_instruction
        return self.from_instruction.span.cover(last.span)

    @property
    def effective_command(self) -> CommandInstruction | None:
        """What a container of the image runs by default: its ENTRYPOINT, else its CMD; None
        when it sets neither (a base image, meant to be built on)."""
        return self.entrypoint or self.cmd

    @property
    def lineage(self) -> Iterator[Stage]:
        """The stage, then the stages it is built from, nearest first."""
        stage: Stage | None = self
        while stage is not None:
            yield stage
            stage = stage.parent

    @property
    def image(self) -> Located[ImageReference | Unresolved] | None:
        """The image the stage starts from, through the stages it is built from."""
        *_, root = self.lineage
        base = root.from_instruction.base
        if base is None or isinstance(base.value, StageReference):
            return None
        return Located(base.value, base.span)

    @property
    def windows_image(self) -> bool:
        """Whether it starts from one of Microsoft's Windows images, whose default shell (when
        no SHELL is set) is ``cmd /S /C``, not ``/bin/sh -c``."""
        image = self.image
        return image is not None and isinstance(image.value, ImageReference) and is_windows_image(image.value)

    def logical_name(self) -> str | None:
        # by name when it has one, else by index as ``COPY --from=0`` counts them
        return f"stage:{self.name if self.name else self.index}"

    def children(self) -> Iterator[Node]:
        yield self.from_instruction
        yield from self.instructions


class ServiceBuild(Record, frozen=True, slots=True):
    """The Compose service a Dockerfile is built for: it runs the build's target stage (then the
    model's final stage: the stages after it are not built), as its own ``user`` when it sets one."""

    subject: str  # "service 'web'"
    span: Span  # the service's ``build:``, in the Compose file
    user: Located[str | Unresolved] | None = None
    target: str | None = None  # the target stage's name, when it is not the last stage of the file


class Dockerfile(Node, Record, slots=True, eq=False):
    kind = "dockerfile"

    path: str
    escape: str = "\\"
    directives: list[Directive] = field(default_factory=list)
    global_args: list[ArgInstruction] = field(default_factory=list)
    global_variables: Variables = NO_VARIABLES  # the ARGs before the first FROM, which FROM lines use
    stages: list[Stage] = field(default_factory=list)
    # the service it is linted for (a Compose project links each service that builds it); None:
    # the Dockerfile on its own
    built_for: ServiceBuild | None = None
    # the folder it is built in and the .dockerignore that applies there (the Dockerfile's own
    # folder, or the Compose service's build context); None when unknown (standard input)
    context: BuildContext | None = None

    @property
    def final_stage(self) -> Stage | None:
        """The stage that runs: the last one, or the target stage of the service it is built for."""
        return self.stages[-1] if self.stages else None

    @property
    def final_stage_label(self) -> str:
        """How messages name the final stage: "the final stage", or the target stage by name."""
        target = self.built_for.target if self.built_for is not None else None
        return f"the target stage '{target}'" if target else "the final stage"

    def used_stages(self) -> set[int]:
        """The indexes of the stages another stage is built ``FROM``, copies from (``COPY
        --from``) or mounts (``RUN --mount=from=``); a stage not among them nor last is built
        only when a build names it as its target."""
        used: set[int] = set()
        for stage in self.stages:
            if stage.parent is not None:
                used.add(stage.parent.index)
            for instruction in stage.instructions:
                origins = (
                    [mount.origin for mount in instruction.mounts] if isinstance(instruction, RunInstruction) else []
                )
                if isinstance(instruction, CopyInstruction):
                    origins.append(instruction.origin)
                used.update(
                    origin.value.index
                    for origin in origins
                    if origin is not None and isinstance(origin.value, StageReference)
                )
        return used

    def children(self) -> Iterator[Node]:
        yield from self.global_args
        yield from self.stages
