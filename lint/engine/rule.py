"""The rule base class.

A rule is metadata, the ``visit_<kind>``/``leave_<kind>`` methods it needs, and its docs (the
class docstring, with fixed headings and runnable examples). It reports located values; the
engine stamps code, name, severity and path.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType

from hullcheck import records
from hullcheck.engine.findings import Finding, Fix, RelatedLocation, RuleInfo, Severity, TextEdit
from hullcheck.engine.locations import logical_location
from hullcheck.engine.options import OptionValue, RuleOption
from hullcheck.engine.shellcheck import ScriptRequest
from hullcheck.model.node import Node
from hullcheck.model.span import Located, Span
from hullcheck.model.spellings import Advice, Syntax, syntax_at

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, ClassVar

    from hullcheck.model.commands.whole_scripts import WholeScript

# the syntax of a rule's documented examples, by their code fence's language
_EXAMPLE_SYNTAX = {"yaml": Syntax.COMPOSE, "dockerfile": Syntax.DOCKERFILE}
DOC_HEADINGS = ("## What it does", "## Why is this bad?", "## Example", "## Use instead", "## References")
# before References, in the docs of a rule whose findings carry fixes: which, and whether safe or unsafe
FIX_HEADING = "## Fix"


def kebab_case(class_name: str) -> str:
    """``DockerSocketMount`` is ``docker-socket-mount``, ``HTTPProxyURL`` ``http-proxy-url``: a
    word starts at a capital after a lower-case letter or digit, or before one (read without a
    pattern, which every start compiled for it)."""
    starts = [
        index
        for index in range(1, len(class_name))
        if class_name[index].isupper()
        and (
            class_name[index - 1].islower()
            or class_name[index - 1].isdigit()
            or (class_name[index - 1].isupper() and class_name[index + 1 : index + 2].islower())
        )
    ]
    return "-".join(class_name[start:end] for start, end in zip([0, *starts], [*starts, None], strict=True)).lower()


class Rule:
    """Subclass, set the metadata, define visit methods and call :meth:`report`."""

    code: ClassVar[str]
    name: ClassVar[str]  # derived from the class name
    severity: ClassVar[Severity]
    # GitHub's 0-10 scale for a security rule; None for a best-practice one (not a security alert)
    security_severity: ClassVar[float | None]
    cwe: ClassVar[tuple[int, ...]] = ()
    # one line: what to do instead; an Advice when it names a container setting
    advice: ClassVar[str | Advice]
    precision: ClassVar[str] = "high"
    enabled_by_default: ClassVar[bool] = True
    options: ClassVar[Mapping[str, RuleOption]] = {}
    # the rule group a selector can name: "security" (the default set) or "best-practice"
    group: ClassVar[str] = "security"
    # hadolint's codes for the same check: ``# hadolint ignore=DL3002`` silences this rule too,
    # and ``--select DL3002`` selects it
    hadolint_codes: ClassVar[tuple[str, ...]] = ()
    # BuildKit's build checks for the same check: ``--ignore JSONArgsRecommended`` and the
    # Dockerfile's ``# check=skip=JSONArgsRecommended`` name this rule
    buildkit_checks: ClassVar[tuple[str, ...]] = ()
    # False: selecting the group does not select it, only its code, name, foreign names or ALL
    # do (a check hadolint has at its "ignore" level, which hadolint users do not expect to see)
    selected_with_group: ClassVar[bool] = True
    # True: an ONBUILD trigger is visited as the instruction it is (``ONBUILD RUN …`` calls
    # visit_run_instruction): it runs in the builds FROM the image, which the rule checks too
    checks_onbuild_triggers: ClassVar[bool] = False
    info: ClassVar[RuleInfo]
    default_settings: ClassVar[Mapping[str, OptionValue]]  # the options' defaults
    documented_syntax: ClassVar[Syntax]  # what its examples are written in: its own advice's spelling

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "code" not in vars(cls):  # a base class for a family of rules (BestPracticeRule)
            return
        cls.name = kebab_case(cls.__name__)
        docs = cleaned_docstring(cls.__doc__ or "")
        # made once: a run makes an instance of every rule for every file
        cls.default_settings = MappingProxyType({name: option.default for name, option in cls.options.items()})
        cls.documented_syntax = _EXAMPLE_SYNTAX.get(example_language(docs), Syntax.COMPOSE)
        cls.info = RuleInfo(
            code=cls.code,
            name=cls.name,
            severity=cls.severity,
            summary=docs.splitlines()[0] if docs else "",
            docs=docs,
            advice=_spelled(cls.advice, cls.documented_syntax),
            security_severity=cls.security_severity,
            cwe=cls.cwe,
            precision=cls.precision,
            group=cls.group,
            hadolint_codes=cls.hadolint_codes,
            buildkit_checks=cls.buildkit_checks,
            selected_with_group=cls.selected_with_group,
        )

    def __init__(self, path: str, settings: Mapping[str, OptionValue] | None = None) -> None:
        self.path = path
        self.settings: Mapping[str, OptionValue] = settings or self.default_settings
        self.findings: list[Finding] = []
        # the nodes from the root to the one being visited: the walk keeps it current
        self.trail: Sequence[Node] = ()

    def string_list(self, option: str) -> tuple[str, ...]:
        value = self.settings[option]
        assert isinstance(value, tuple), f"{option} is declared as a string-list"
        return value

    def related(self, at: Located[object] | Span, message: str) -> RelatedLocation:
        """A related location for :meth:`report`, in whichever file ``at`` is."""
        span = at if isinstance(at, Span) else at.span
        return RelatedLocation(span.path or self.path, span, message)

    def report(
        self,
        at: Located[object] | Span,
        message: str,
        related: tuple[RelatedLocation, ...] = (),
        severity: Severity | None = None,
        fix: Fix | None = None,
        advice: str | Advice | None = None,
    ) -> None:
        """Report ``message`` at a located value (or a span) of the file being linted, or of
        the other file its span names.

        ``severity`` ranks this finding differently from the rule's default (rules with tiers).
        ``fix``: edits that remove the finding (the language server offers them as a quick fix;
        ``--fix`` applies them), each in the file its span names, else in the file being linted.
        ``advice``: this finding's own, in place of the rule's (a setting it names is spelled for
        where the container is defined, as the rule's is).
        """
        span = at if isinstance(at, Span) else at.span
        override = severity if severity is not None and severity is not self.severity else None
        location = logical_location(self.trail, at)
        for node in reversed(self.trail):  # a value inherited from elsewhere: say where it came in
            if (origin := node.inherited_from(span)) is not None:
                related = (*related, self.related(origin[0], origin[1]))
                break
        syntax = syntax_at(self.trail) or self.documented_syntax
        own_advice = _spelled(self.advice if advice is None else advice, syntax)
        self.findings.append(
            Finding(
                self.info,
                span.path or self.path,
                span,
                message,
                related,
                severity_override=override,
                logical_location=location,
                fix=_in_files(fix, self.path) if fix is not None else None,
                own_advice=own_advice if own_advice != self.info.advice else "",
            )
        )


def _in_files(fix: Fix, path: str) -> Fix:
    """``fix`` with each edit naming its file: ``path`` (the file the rule walks) where its span
    names none, so the edit stays in that file wherever the finding is reported."""
    if all(edit.span.path is not None for edit in fix.edits):
        return fix
    edits = tuple(
        edit if edit.span.path is not None else TextEdit(records.replace(edit.span, path=path), edit.text)
        for edit in fix.edits
    )
    return records.replace(fix, edits=edits)


def in_words(items: Sequence[str], most: int = 4) -> str:
    """Items for a message: ``a``, ``a and b``, ``a, b and c``; past ``most`` items,
    ``a, b, c, d and 2 more``."""
    shown = list(items) if len(items) <= most else [*items[:most], f"{len(items) - most} more"]
    return shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} and {shown[-1]}"


class BestPracticeRule(Rule):
    """A rule of the ``best-practice`` group: what hadolint and BuildKit's build checks report
    beyond security (package pinning, caches, instruction form). Off by default; not a security
    alert, so it has no security severity."""

    group = "best-practice"
    enabled_by_default = False
    security_severity = None


class ScriptCheckingRule(Rule):
    """A rule whose findings come from a checker of whole scripts that the engine runs after
    the walk, for many files at once (ShellCheck): the rule hands it each script with
    :meth:`check_script`, and the findings carry the checker's codes."""

    def __init__(self, path: str, settings: Mapping[str, OptionValue] | None = None) -> None:
        super().__init__(path, settings)
        self.scripts: list[ScriptRequest] = []

    def check_script(self, script: WholeScript) -> None:
        self.scripts.append(ScriptRequest(script, self.path, logical_location(self.trail, script.span)))


def cleaned_docstring(docstring: str) -> str:
    """``docstring`` as ``inspect.cleandoc`` cleans it (inspect loads ast, dis and tokenize: 6 ms
    of every start): its first line stripped, the others dedented by the least indentation among
    those not blank, empty lines at either end dropped."""
    first, *rest = docstring.expandtabs().split("\n")
    margin = min((len(line) - len(line.lstrip()) for line in rest if line.lstrip()), default=0)
    lines = [first.lstrip(), *(line[margin:] for line in rest)]
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    return "\n".join(lines)


def example_language(docs: str) -> str:
    """The language of the first code block of the docs' "Example" section (the first of
    hullcheck.docs.examples that triggers), "" when there is none. Read at every rule's import,
    line by line: hullcheck.docs, which reads the sections with patterns, is not imported."""
    in_example = False
    language = ""  # of a block opened in the section, until a fence closes it
    for line in docs.split("\n"):
        if line.startswith("## ") and len(line) > 3:  # a heading, as hullcheck.docs.sections reads them
            in_example = line[3:].rstrip() == "Example"
            language = ""
        elif in_example and line.startswith("```"):
            if language:
                return language
            tag = line[3:]
            if tag and all(character.isalnum() or character == "_" for character in tag):
                language = tag.lower()
    return ""


def _spelled(advice: str | Advice, syntax: Syntax) -> str:
    return advice.spelled(syntax) if isinstance(advice, Advice) else advice
