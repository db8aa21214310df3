"""The Dockerfile model: directives, global ARGs, stages and their instructions.

``FROM <stage>`` and ``FROM <image>`` are different types; ARG defaults are resolved once,
by the parser; each stage's effective user is computed once, inherited through ``FROM
<stage>``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from hullcheck.model.container import EngineCalls, Mount
from hullcheck.model.image import ImageReference
from hullcheck.model.node import Node
from hullcheck.model.shell import ShellScript
from hullcheck.model.span import Located, Span, Unresolved


@dataclass(frozen=True, slots=True)
class Directive:
    """A parser directive such as ``# syntax=docker/dockerfile:1``."""

    name: Located[str]
    value: Located[str]


@dataclass(frozen=True, slots=True)
class Heredoc:
    """A heredoc body: ``<<EOF`` … ``EOF``. Its lines are data, never instructions."""

    delimiter: str
    strip_tabs: bool
    quoted: bool
    span: Span  # from the first body line to the closing delimiter
    body: str


@dataclass(frozen=True, slots=True)
class Flag:
    """An instruction flag such as ``--platform=linux/amd64``."""

    name: str
    value: Located[str]
    span: Span


@dataclass(slots=True, eq=False)
class Instruction(Node):
    """Any instruction. ``arguments`` is the text after the keyword and its flags."""

    kind = "instruction"

    keyword: Located[str]  # upper-cased
    span: Span
    arguments: Located[str]
    flags: list[Flag] = field(default_factory=list)
    heredocs: list[Heredoc] = field(default_factory=list)

    def logical_name(self) -> str | None:
        return self.keyword.value

    def flag(self, name: str) -> Flag | None:
        """The last flag of that name: BuildKit lets a repeated flag override."""
        found = None
        for candidate in self.flags:
            if candidate.name == name:
                found = candidate
        return found


@dataclass(frozen=True, slots=True)
class StageReference:
    """``FROM <name>`` naming an earlier stage."""

    name: str
    index: int


@dataclass(slots=True, eq=False)
class FromInstruction(Instruction):
    kind = "from_instruction"

    # the image after ARG substitution, an earlier stage, or unresolved
    base: Located[ImageReference | StageReference | Unresolved] | None = None
    invalid_base: Located[str] | None = None  # a reference that does not parse, with why
    invalid_reason: str | None = None
    platform: Located[str | Unresolved] | None = None
    alias: Located[str] | None = None


@dataclass(slots=True, eq=False)
class RunInstruction(Instruction):
    kind = "run_instruction"

    mounts: list[Mount] = field(default_factory=list)
    network: Located[str] | None = None
    security: Located[str] | None = None
    # the command, parsed: shell form, exec form, heredoc bodies and ``sh -c`` strings
    script: ShellScript = field(default_factory=ShellScript)
    # the containers its ``docker run`` commands start (and images built, clients configured)
    calls: EngineCalls = field(default_factory=EngineCalls)

    def children(self) -> Iterator[Node]:
        return iter(self.calls.nodes())


@dataclass(slots=True, eq=False)
class UserInstruction(Instruction):
    kind = "user_instruction"

    user: Located[str | Unresolved] | None = None


@dataclass(frozen=True, slots=True)
class Assignment:
    """``NAME=value`` in ARG or ENV. ``value`` is dequoted but not expanded: ``$X`` stays."""

    name: Located[str]
    value: Located[str] | None  # None for ``ARG NAME`` without a default


@dataclass(slots=True, eq=False)
class ArgInstruction(Instruction):
    kind = "arg_instruction"

    declarations: list[Assignment] = field(default_factory=list)


@dataclass(slots=True, eq=False)
class EnvInstruction(Instruction):
    kind = "env_instruction"

    assignments: list[Assignment] = field(default_factory=list)


@dataclass(slots=True, eq=False)
class ExposeInstruction(Instruction):
    kind = "expose_instruction"

    # 80, 2375/tcp, 8000-8010; ARG and ENV values substituted, Unresolved when one is unknown
    ports: list[Located[str | Unresolved]] = field(default_factory=list)


@dataclass(slots=True, eq=False)
class CopyInstruction(Instruction):
    """COPY; flags such as ``--from`` and ``--chown`` are in ``flags``."""

    kind = "copy_instruction"

    sources: list[Located[str]] = field(default_factory=list)
    destination: Located[str] | None = None


@dataclass(slots=True, eq=False)
class AddInstruction(CopyInstruction):
    """ADD: like COPY, but sources may be URLs and local archives are extracted."""

    kind = "add_instruction"


@dataclass(slots=True, eq=False)
class CommandInstruction(Instruction):
    """CMD or ENTRYPOINT (see ``keyword``): what the container runs."""

    kind = "command_instruction"

    script: ShellScript = field(default_factory=ShellScript)


@dataclass(slots=True, eq=False)
class Stage(Node):
    kind = "stage"

    index: int
    from_instruction: FromInstruction
    instructions: list[Instruction] = field(default_factory=list)
    # the USER in force at the end of the stage, inherited through FROM <stage>;
    # None when no USER is set anywhere in the chain (the base image's user applies)
    effective_user: UserInstruction | None = None
    # the CMD or ENTRYPOINT in force at the end of the stage, inherited the same way
    effective_command: CommandInstruction | None = None

    @property
    def name(self) -> str | None:
        alias = self.from_instruction.alias
        return alias.value if alias else None

    @property
    def span(self) -> Span:
        """From the FROM to the end of the last instruction."""
        last = self.instructions[-1] if self.instructions else self.from_instruction
        return self.from_instruction.span.cover(last.span)

    def logical_name(self) -> str | None:
        # by name when it has one, else by index as ``COPY --from=0`` counts them
        return f"stage:{self.name if self.name else self.index}"

    def children(self) -> Iterator[Node]:
        yield self.from_instruction
        yield from self.instructions


@dataclass(frozen=True, slots=True)
class ServiceBuild:
    """The Compose service a Dockerfile is built for: it runs the build's target stage (then the
    model's final stage: the stages after it are not built), as its own ``user`` when it sets one."""

    subject: str  # "service 'web'"
    span: Span  # the service's ``build:``, in the Compose file
    user: Located[str | Unresolved] | None = None
    target: str | None = None  # the target stage's name, when it is not the last stage of the file


@dataclass(slots=True, eq=False)
class Dockerfile(Node):
    kind = "dockerfile"

    path: str
    escape: str = "\\"
    directives: list[Directive] = field(default_factory=list)
    global_args: list[ArgInstruction] = field(default_factory=list)
    stages: list[Stage] = field(default_factory=list)
    # the service it is linted for (a Compose project links each service that builds it); None:
    # the Dockerfile on its own
    built_for: ServiceBuild | None = None

    @property
    def final_stage(self) -> Stage | None:
        """The stage that runs: the last one, or the target stage of the service it is built for."""
        return self.stages[-1] if self.stages else None

    @property
    def final_stage_label(self) -> str:
        """How messages name the final stage: "the final stage", or the target stage by name."""
        target = self.built_for.target if self.built_for is not None else None
        return f"the target stage '{target}'" if target else "the final stage"

    def children(self) -> Iterator[Node]:
        yield from self.global_args
        yield from self.stages
