"""GitHub Actions workflows onto the container model, with exact spans.

What starts a container, as the runner starts it:

- ``jobs.<id>.container`` (an image, or a mapping of ``image``, ``options``, ``volumes``,
  ``ports``, ``env`` and ``credentials``) and ``jobs.<id>.services.<id>`` (the same keys): the
  runner creates each with ``docker create`` and its own flags, each ``ports`` entry as ``-p``,
  each ``volumes`` entry as ``-v``, each ``env`` entry as ``-e``, then ``options`` as written,
  then the image. ``options`` reaches docker through .NET's ``Process``, which splits a command
  line as Windows does: at blanks, double quotes group (``\\"`` is a quote), single quotes are
  plain characters. It is read here the same way, every word located in the YAML scalar, and
  then by the docker CLI parser, so any ``docker create`` flag counts (``--privileged``,
  ``--network host``, ``--health-cmd "…"``). GitHub's runner refuses ``--network`` there (its
  docs: not supported; the job fails), while act and Gitea's and Forgejo's runners, which read
  ``.github/workflows`` too, pass it on: it is read as written.
- ``steps[].uses: docker://IMAGE``: a container of that image, running ``with.entrypoint``
  and ``with.args`` (split as ``options`` is). The runner chooses its options: the workflow
  cannot write any, which the container says (``settings_set_by``).
- ``steps[].run``: a script, parsed as a shell script when the shell that runs it is one (the
  step's ``shell``, else the job's ``defaults.run.shell``, else the workflow's, else bash, or
  PowerShell on a Windows runner); its docker and podman commands are SHELL-origin calls. The
  ``env`` of the workflow, the job and the step is its environment: a variable set there has
  that value (``$IMAGE``), and ``DOCKER_HOST``/``DOCKER_TLS_VERIFY`` configure its clients.
- ``docker/build-push-action`` and ``docker/bake-action`` steps: an image build, whose
  ``allow`` entitlements (``network.host``, ``security.insecure``), ``network``,
  ``build-args``, ``file``, ``context``, ``target`` and ``tags`` are read.

What the runner adds on its own is not read: its network, its workspace and tool mounts, and
the engine's socket, which it mounts into every job container and container action on Linux
(actions/runner, ContainerInfo.cs and ContainerActionHandler.cs). No key of the workflow adds or
removes them, and a finding on every job would say nothing about the file.

Expressions (``${{ … }}``) are evaluated by the runner before anything reads the text: a value
holding one is Unresolved where it holds one, and the parts around it stay known (a port's
target beside an expression for its host port; an option word beside the expression).
"""

from __future__ import annotations

import itertools
import posixpath
import re
from collections.abc import Callable
from typing import Any

from hullcheck.model.container import (
    BuildSpec,
    Container,
    ImageBuild,
    MaybeText,
    Origin,
)
from hullcheck.model.shell import ScriptText
from hullcheck.model.span import Located, Span, Unresolved
from hullcheck.model.workflow import WorkflowFile
from hullcheck.parsers.docker_cli import (
    Argument,
    apply_value,
    arguments_script,
    argv_script,
    environment_entry,
    read_command,
    script_calls,
    value_part,
)
from hullcheck.parsers.shell import add_nested_scripts, parse_shell
from hullcheck.parsers.shell_file import SHELLS
from hullcheck.parsers.shell_variables import ScriptVariables
from hullcheck.parsers.shell_words import Assigned, VariableValue
from hullcheck.parsers.source import ParseProblem
from hullcheck.parsers.specs import csv_fields
from hullcheck.parsers.yaml_nodes import NULL_TAG, compose_yaml, is_mapping, is_scalar, is_sequence, kind_of
from hullcheck.parsers.yaml_positions import scalar_places, spans_in, value_place
from hullcheck.records import Record

EXPRESSION_REASON = "a GitHub Actions expression, evaluated when the workflow runs"
_EXPRESSION = re.compile(r"\$\{\{.*?\}\}", re.DOTALL)
_DOCKER_SCHEME = "docker://"
# the actions whose ``with`` inputs describe an image build
_BUILD_ACTIONS = ("docker/build-push-action", "docker/bake-action")
_ENGINE_ENVIRONMENT = ("DOCKER_HOST", "DOCKER_TLS_VERIFY")
_BLANKS = " \t\r\n"
_BACKSLASHES = re.compile(r"\\+")
_PLAIN = re.compile(r'[^ \t\r\n"\\$]+')
_QUOTED_PLAIN = re.compile(r'[^"\\$]+')
# a workflow's ``jobs`` key, at the start of a line: a file without one holds no jobs (or is flow
# YAML, ``{on: push, jobs: …}``, which starts with a brace)
_JOBS_LINE = re.compile(rb"^[\"']?jobs[\"']?[ \t]*:", re.MULTILINE)


def has_expression(text: str) -> bool:
    """Whether ``text`` holds an expression (``${{ … }}``), which the runner evaluates."""
    return "${{" in text


class WorkflowParse(Record, slots=True):
    model: WorkflowFile
    problems: list[ParseProblem]


def parse_workflow(text: str, path: str) -> WorkflowParse:
    """Parse ``text``. Raises ParseProblem when the YAML does not parse or is no mapping with
    a ``jobs`` mapping."""
    root = compose_yaml(text)
    return _WorkflowParser(text, path).parse(root)


def names_jobs(data: bytes) -> bool:
    """Whether the bytes of a file may be a workflow: a line starts with ``jobs:``, or the file
    is written in flow style. What does not is YAML of another kind in a workflows folder."""
    return _JOBS_LINE.search(data) is not None or data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")


def is_workflow(text: str) -> bool | None:
    """Whether ``text`` is a workflow: a mapping with ``on`` and a ``jobs`` mapping whose jobs
    each name ``runs-on``, ``steps`` or ``uses``; None when it is no YAML."""
    try:
        top = _keys(compose_yaml(text))
    except ParseProblem:
        return None
    jobs = top.get("jobs")
    if "on" not in top or jobs is None or not is_mapping(jobs) or not jobs.value:
        return False
    return all({"runs-on", "steps", "uses"} & _keys(job).keys() for _, job in jobs.value)


def _keys(node: Any) -> dict[str, Any]:
    """A mapping's values by key; nothing for any other node."""
    return {_scalar(key): value for key, value in node.value} if is_mapping(node) else {}


def _scalar(node: Any) -> str:
    return str(node.value) if is_scalar(node) else ""


def _is_null(node: Any) -> bool:
    return is_scalar(node) and node.tag == NULL_TAG


class _WorkflowParser:
    def __init__(self, text: str, path: str) -> None:
        self.path = path
        self.lines = text.splitlines()
        self.problems: list[ParseProblem] = []
        self.model = WorkflowFile(path)
        # nodes read once: an alias repeats a node, whose definitions are at its one place
        self.seen: set[int] = set()

    # --- YAML helpers -------------------------------------------------------------------

    def span(self, node: Any) -> Span:
        start, end = node.start_mark, node.end_mark
        end_line, end_column = end.line + 1, end.column + 1
        if end.column == 0 and end.line > start.line:  # block scalars end at the next line
            end_line -= 1
            end_column = len(self.lines[end_line - 1]) + 1 if end_line <= len(self.lines) else 1
        return Span(start.line + 1, start.column + 1, end_line, end_column)

    def mapping(self, node: Any) -> dict[str, tuple[Any, Any]]:
        """A mapping's keys and values (the last of a repeated key, which is reported)."""
        found: dict[str, tuple[Any, Any]] = {}
        first_lines: dict[str, int] = {}
        for key, value in node.value if is_mapping(node) else ():
            name = _scalar(key)
            line = first_lines.setdefault(name, key.start_mark.line + 1)
            if name in found:
                self.problems.append(ParseProblem(self.span(key), f"duplicate key {name!r} (first set on line {line})"))
            found[name] = (key, value)
        return found

    def typed(self, node: Any, kinds: str, key: str) -> bool:
        """Whether ``node`` is one of ``kinds`` (``scalar``, ``list``, ``mapping``); a problem
        naming ``key`` if not. A null is unset: False, with no problem."""
        if node is None or _is_null(node):
            return False
        shape = "mapping" if is_mapping(node) else "list" if is_sequence(node) else "scalar"
        if shape in kinds.split():
            return True
        if shape == "scalar" and has_expression(_scalar(node)):
            return False  # an expression's value (``${{ fromJSON(…) }}``) may be of any shape: not known
        what = " or ".join(f"a {kind}" if kind != "scalar" else "a string" for kind in kinds.split())
        self.problems.append(ParseProblem(self.span(node), f"{key!r} must be {what}, found {kind_of(node)}"))
        return False

    def first_time(self, node: Any) -> bool:
        if id(node) in self.seen:
            return False
        self.seen.add(id(node))
        return True

    def source(self, node: Any) -> ScriptText:
        """A scalar's value with the way back to the file, character by character where it can
        be traced (else every offset maps to the whole scalar)."""
        span = self.span(node)
        value = _scalar(node)
        places = scalar_places(node, self.lines) if isinstance(node.value, str) else None
        if places is None and value and span.line == span.end_line and span.end_column - span.column == len(value):
            return ScriptText(
                value, lambda start, end: Span(span.line, span.column + start, span.line, span.column + end)
            )
        if places is None:
            return ScriptText(value, lambda _start, _end: span, exact=False)
        return ScriptText(value, spans_in(places, span))

    def text(self, node: Any, start: int = 0) -> MaybeText:
        """A scalar's value from ``start``, located; Unresolved when it holds an expression."""
        if not is_scalar(node):
            return Located(Unresolved("", "not a single value"), self.span(node))
        source = self.source(node)
        value = source.text[start:]
        located_span = source.span_of(start, len(source.text)) if start else self.span(node)
        if has_expression(value):
            return Located(Unresolved(value, EXPRESSION_REASON), located_span)
        return Located(value, located_span)

    def parts(self, node: Any, start: int = 0) -> Callable[[int, int], Span]:
        """Offsets in a scalar's value from ``start`` to spans."""
        span_of = self.source(node).span_of
        return lambda begin, end: span_of(start + begin, start + end)

    # --- the file -----------------------------------------------------------------------

    def parse(self, root: Any) -> WorkflowParse:
        result = WorkflowParse(self.model, self.problems)
        if not is_mapping(root):
            where = self.span(root) if root is not None else Span.point(1)
            raise ParseProblem(where, "a workflow must be a mapping at the top level, with 'jobs'")
        top = self.mapping(root)
        key, jobs = top.get("jobs", (None, None))
        if not is_mapping(jobs):
            found = kind_of(jobs) if jobs is not None else "none"
            where = self.span(jobs if jobs is not None and not _is_null(jobs) else key if key is not None else root)
            raise ParseProblem(where, f"'jobs' must be a mapping of job ids, found {found}")
        workflow = _Scope(self.shell_setting(top), self.env(top))
        for name, (key, job) in self.mapping(jobs).items():
            if self.typed(job, "mapping", f"jobs.{name}") and self.first_time(job):
                self.job(name, key, job, workflow)
        return result

    def env(self, fields: dict[str, tuple[Any, Any]]) -> dict[str, tuple[Any, Any]]:
        """An ``env`` mapping's entries by name (key and value nodes)."""
        node = fields.get("env", (None, None))[1]
        return self.mapping(node) if self.typed(node, "mapping", "env") else {}

    def shell_setting(self, fields: dict[str, tuple[Any, Any]]) -> Any:
        """``defaults.run.shell``'s node, if set."""
        defaults = fields.get("defaults", (None, None))[1]
        if not self.typed(defaults, "mapping", "defaults"):
            return None
        run = self.mapping(defaults).get("run", (None, None))[1]
        if not self.typed(run, "mapping", "defaults.run"):
            return None
        shell = self.mapping(run).get("shell", (None, None))[1]
        return shell if self.typed(shell, "scalar", "defaults.run.shell") else None

    def job(self, name: str, key: Any, node: Any, workflow: _Scope) -> None:
        fields = self.mapping(node)
        if "container" in fields:
            value = fields["container"][1]
            if self.typed(value, "scalar mapping", f"jobs.{name}.container"):
                self.container(value, f"job '{name}' container", f"job:{name}/container", fields["container"][0])
        services = fields.get("services", (None, None))[1]
        if self.typed(services, "mapping", f"jobs.{name}.services"):
            for service, (service_key, value) in self.mapping(services).items():
                if self.typed(value, "scalar mapping", f"jobs.{name}.services.{service}"):
                    subject = f"service '{service}' of job '{name}'"
                    self.container(value, subject, f"job:{name}/service:{service}", service_key)
        windows = self.on_windows(fields.get("runs-on", (None, None))[1])
        job_scope = workflow.within(self.shell_setting(fields), self.env(fields), windows)
        steps = fields.get("steps", (None, None))[1]
        if self.typed(steps, "list", f"jobs.{name}.steps"):
            for index, step in enumerate(steps.value):
                if self.typed(step, "mapping", f"jobs.{name}.steps[{index}]") and self.first_time(step):
                    self.step(name, index, step, job_scope)

    def on_windows(self, runs_on: Any) -> bool:
        """Whether ``runs-on`` names a Windows runner (a label ``windows…``), where the default
        shell is PowerShell."""
        labels = runs_on.value if is_sequence(runs_on) else [runs_on] if runs_on is not None else []
        return any(is_scalar(label) and _scalar(label).lower().startswith("windows") for label in labels)

    # --- containers ---------------------------------------------------------------------

    def container(self, node: Any, subject: str, scope: str, key: Any) -> None:
        """A job's container or a service: ``docker create`` with the runner's flags for
        ``ports``, ``volumes`` and ``env``, then ``options``, then the image."""
        if not self.first_time(node):
            return
        fields = self.mapping(node) if is_mapping(node) else {"image": (key, node)}
        image_node = fields.get("image", (None, None))[1]
        image: list[Argument] = []
        if self.typed(image_node, "scalar", "image"):
            if not _scalar(image_node).strip():
                return  # an empty image: the runner starts no container (the job runs on the runner)
            image = [self.image_argument(image_node)]
        options_node = fields.get("options", (None, None))[1]
        options = (
            split_arguments(self.source(options_node))
            if self.typed(options_node, "scalar", "options") and is_scalar(options_node)
            else []
        )
        head = [_word(word, self.span(key)) for word in ("docker", "create")]
        calls = read_command([*head, *options, *image], Origin.GITHUB_ACTIONS)
        container = calls.containers[0]
        container.subject, container.span, container.scope = subject, self.span(key), scope
        if not image:
            container.image = None
            if is_mapping(node):
                self.problems.append(ParseProblem(self.span(key), f"{subject} names no image"))
        for name, setting in (("ports", "publish"), ("volumes", "volume")):
            entries = fields.get(name, (None, None))[1]
            if self.typed(entries, "list", name):
                for entry in entries.value:
                    if self.typed(entry, "scalar", f"each entry of {name!r}"):
                        apply_value(container, setting, self.text(entry), self.parts(entry))
        self.add_env(container, fields)
        credentials = fields.get("credentials", (None, None))[1]
        if self.typed(credentials, "mapping", "credentials"):
            for field_name, (_key, value) in self.mapping(credentials).items():
                if field_name in ("username", "password") and self.typed(value, "scalar", f"credentials.{field_name}"):
                    container.pull_credentials[field_name] = self.text(value)
        self.model.calls.extend(calls)

    def image_argument(self, node: Any) -> Argument:
        """The image as the word the runner puts last on the command line; ``docker://`` taken off."""
        source = self.source(node)
        text = source.text.strip()
        offset = source.text.find(text)
        if text.startswith(_DOCKER_SCHEME):
            offset, text = offset + len(_DOCKER_SCHEME), text[len(_DOCKER_SCHEME) :]
        return _argument(text, source, list(range(offset, offset + len(text))), quoted_expression=True)

    def add_env(self, container: Container, fields: dict[str, tuple[Any, Any]]) -> None:
        """``env``: the container's environment, and where each value is written as it reads."""
        for variable, (variable_key, value) in self.env(fields).items():
            container.environment[variable] = self.env_value(variable, variable_key, value)
            container.environment_at.pop(variable, None)
            if value is not None and is_scalar(value) and not _is_null(value):
                place = value_place(value, self.lines, self.span(value), variable_key.end_mark)
                if place is not None:
                    container.environment_at[variable] = place

    def env_value(self, name: str, key: Any, value: Any) -> MaybeText:
        if value is None or _is_null(value):
            return Located("", self.span(key))
        if not is_scalar(value):
            self.problems.append(
                ParseProblem(self.span(value), f"env {name!r} must be a string, found {kind_of(value)}")
            )
            return Located(Unresolved("", "not a single value"), self.span(value))
        return self.text(value)

    # --- steps --------------------------------------------------------------------------

    def step(self, job: str, index: int, node: Any, scope: _Scope) -> None:
        fields = self.mapping(node)
        label = self.step_label(fields, index)
        subject = f"step {label} of job '{job}'"
        uses = fields.get("uses", (None, None))[1]
        if self.typed(uses, "scalar", "uses"):
            action = _scalar(uses).strip()
            if action.startswith(_DOCKER_SCHEME):
                self.docker_step(uses, fields, subject, f"job:{job}/step:{index + 1}")
            elif action.split("@", 1)[0] in _BUILD_ACTIONS:
                self.build_step(uses, fields, f"{subject} ({action.split('@', 1)[0]})")
        run = fields.get("run", (None, None))[1]
        if self.typed(run, "scalar", "run") and is_scalar(run):
            shell = self.shell_setting_of(fields) or scope.shell
            environment = {**scope.env, **self.env(fields)}
            if runs_sh(self.shell_program(shell), scope.windows):
                self.script(run, environment)

    def step_label(self, fields: dict[str, tuple[Any, Any]], index: int) -> str:
        for key in ("name", "id"):
            node = fields.get(key, (None, None))[1]
            if node is not None and is_scalar(node) and _scalar(node) and not has_expression(_scalar(node)):
                return repr(_scalar(node))
        return f"#{index + 1}"

    def shell_setting_of(self, fields: dict[str, tuple[Any, Any]]) -> Any:
        shell = fields.get("shell", (None, None))[1]
        return shell if self.typed(shell, "scalar", "shell") else None

    def shell_program(self, node: Any) -> str | None:
        """The program a ``shell`` setting runs (``bash`` for ``bash -e {0}``); "" when unset,
        None when an expression decides it."""
        if node is None:
            return ""
        text = _scalar(node).strip()
        if has_expression(text):
            return None
        words = text.split()
        return posixpath.basename(words[0].replace("\\", "/")).lower().removesuffix(".exe") if words else ""

    def docker_step(self, uses: Any, fields: dict[str, tuple[Any, Any]], subject: str, scope: str) -> None:
        """``uses: docker://IMAGE``: the runner runs IMAGE with ``with.entrypoint`` and ``with.args``."""
        source = self.source(uses)
        offset = source.text.find(_DOCKER_SCHEME) + len(_DOCKER_SCHEME)
        text = source.text[offset:].rstrip()
        word = _argument(text, source, list(range(offset, offset + len(text))), quoted_expression=True)
        container = Container(subject + " (docker://)", self.span(uses), Origin.GITHUB_ACTIONS, scope=scope)
        container.settings_set_by = "the runner, which takes no options for a docker:// step"
        located = word.located()
        if isinstance(located.value, Unresolved) or not text:
            container.image = Located(Unresolved(text, EXPRESSION_REASON), located.span)
        elif (invalid := container.set_image(located)) is not None:
            self.problems.append(ParseProblem(located.span, invalid))
        inputs = fields.get("with", (None, None))[1]
        given = self.mapping(inputs) if self.typed(inputs, "mapping", "with") else {}
        entrypoint = given.get("entrypoint", (None, None))[1]
        if self.typed(entrypoint, "scalar", "with.entrypoint") and _scalar(entrypoint).strip():
            entry = self.text(entrypoint)
            container.entrypoint = argv_script([Located(_plain(entry), entry.span)])
        args = given.get("args", (None, None))[1]
        if self.typed(args, "scalar", "with.args"):
            words = split_arguments(self.source(args))
            if words:
                container.command = arguments_script(words)
        self.add_env(container, fields)
        self.model.calls.containers.append(container)

    def build_step(self, uses: Any, fields: dict[str, tuple[Any, Any]], subject: str) -> None:
        """``docker/build-push-action`` or ``docker/bake-action``: an image build."""
        inputs = fields.get("with", (None, None))[1]
        given = self.mapping(inputs) if self.typed(inputs, "mapping", "with") else {}

        def scalar(name: str) -> Any:
            node = given.get(name, (None, None))[1]
            return node if self.typed(node, "scalar", f"with.{name}") and is_scalar(node) else None

        def optional(name: str) -> MaybeText | None:
            node = scalar(name)
            return self.text(node) if node is not None else None

        entitlements = self.list_input(scalar("allow"))
        args: dict[str, MaybeText] = {}
        for entry in self.list_input(scalar("build-args"), commas=False):
            args.update(environment_entry(entry))
        tags = self.list_input(scalar("tags"))
        spec = BuildSpec(
            self.span(uses),
            context=optional("context"),
            dockerfile=optional("file"),
            target=optional("target"),
            args=args,
            network=optional("network"),
            entitlements=entitlements,
        )
        self.model.calls.builds.append(ImageBuild(subject, self.span(uses), Origin.GITHUB_ACTIONS, spec, tags))

    def list_input(self, node: Any, commas: bool = True) -> list[MaybeText]:
        """An action's list input, as docker/actions-toolkit reads it: one item a line, and
        (``commas``) items split at commas on each line; blank items dropped, each located."""
        if node is None:
            return []
        source = self.source(node)
        whole = self.text(node)
        found: list[MaybeText] = []
        offset = 0
        for line in source.text.split("\n"):
            pieces = csv_fields(line) if commas else [(line, 0)]
            for piece, at in pieces:
                stripped = piece.strip()
                if stripped:
                    start = offset + at + piece.find(stripped)
                    found.append(value_part(whole, start, start + len(stripped), source.span_of))
            offset += len(line) + 1
        return found

    def script(self, node: Any, environment: dict[str, tuple[Any, Any]]) -> None:
        """A ``run`` script a sh-family shell runs: its docker and podman commands. Each
        expression is put in by the runner before the shell reads the script: it stands for an
        unknown value, as an unset variable would. The script's environment holds the ``env``
        of the workflow, the job and the step: a variable set there has that value."""
        source = self.source(node)
        expressions: dict[str, str] = {}
        text = _EXPRESSION.sub(lambda match: _opaque(match, expressions), source.text)
        if "docker" not in text and "podman" not in text:
            return
        script = parse_shell(text, source.span_of, exact=source.exact)
        add_nested_scripts(script)

        def lookup(name: str) -> VariableValue:
            if name in expressions:
                return Unresolved(expressions[name], EXPRESSION_REASON)
            if name not in environment or not is_scalar(environment[name][1]):
                return None
            value = self.text(environment[name][1])
            return value.value if isinstance(value.value, Unresolved) else Assigned(name, value.value, value.span)

        variables = ScriptVariables(script, lookup)
        engine = [self.environment_argument(name, environment.get(name)) for name in _ENGINE_ENVIRONMENT]
        calls = script_calls(script, Origin.SHELL, [word for word in engine if word is not None], variables)
        self.model.calls.extend(calls)
        self.model.variable_uses.extend(variables.uses.values())

    def environment_argument(self, name: str, entry: tuple[Any, Any] | None) -> Argument | None:
        """``NAME=value`` for a variable of ``env``, the value located in the file."""
        if entry is None:
            return None
        key, value = entry
        if value is None or not is_scalar(value) or _is_null(value):
            return None
        source = self.source(value)
        prefix = f"{name}="
        key_span = self.span(key)

        def span_of(start: int, end: int) -> Span:
            if end <= len(prefix):
                return key_span
            return source.span_of(max(start - len(prefix), 0), end - len(prefix))

        text = prefix + source.text
        unknown = has_expression(source.text)
        return Argument(text, key_span.cover(self.span(value)), span_of, unknown, reason=EXPRESSION_REASON)


class _Scope(Record, frozen=True, slots=True):
    """What a step inherits: the ``shell`` setting in force, the ``env`` entries and whether the
    job runs on Windows."""

    shell: Any
    env: dict[str, tuple[Any, Any]]
    windows: bool = False

    def within(self, shell: Any, env: dict[str, tuple[Any, Any]], windows: bool) -> _Scope:
        return _Scope(shell if shell is not None else self.shell, {**self.env, **env}, windows)


def runs_sh(program: str | None, windows: bool) -> bool:
    """Whether a ``run`` script's shell is a sh-family shell: ``program`` is the program its
    ``shell`` setting names ("" unset: bash, PowerShell on Windows; None: an expression)."""
    if program is None:
        return False
    if not program:
        return not windows
    return program in SHELLS  # not pwsh, powershell, cmd, python or another program


def _opaque(match: re.Match[str], expressions: dict[str, str]) -> str:
    """An expression as a shell variable's expansion of the same length (``${{ matrix.image }}``
    as ``${_matrix_image___}``): a word of unknown value, each of its characters still at its
    place. ``expressions`` records the expression each name stands for."""
    written = match.group(0)
    room = len(written) - 3
    name = ("_" + re.sub(r"[^A-Za-z0-9]+", "_", written[3:-2].strip()))[:room].ljust(room, "_")
    expressions[name] = written
    return "${" + name + "}"


def _plain(value: MaybeText) -> str:
    return value.value.text if isinstance(value.value, Unresolved) else value.value


def _word(text: str, span: Span) -> Argument:
    return Argument(text, span, lambda _start, _end: span)


def _argument(
    text: str, source: ScriptText, origins: list[int], quoted_expression: bool, written: tuple[int, int] | None = None
) -> Argument:
    """A word whose characters are ``source``'s at ``origins``; ``written``: where the whole
    word is, quotes and all (else where its characters are). An expression outside quotes may
    stand for several words, read as options (as a list of options is, not as a shell
    variable that may be the image: the runner puts the image after ``options``)."""

    def span_of(start: int, end: int) -> Span:
        if not origins:
            return source.span_of(0, len(source.text))
        first = origins[min(start, len(origins) - 1)] if start < len(origins) else origins[-1] + 1
        last = origins[end - 1] + 1 if end > start else first
        return source.span_of(first, last)

    unknown = has_expression(text)
    return Argument(
        text,
        source.span_of(*written) if written is not None else span_of(0, len(text)),
        span_of,
        unknown,
        splits=unknown and not quoted_expression,
        reason=EXPRESSION_REASON,
        exact=source.exact and all(b == a + 1 for a, b in itertools.pairwise(origins)),
    )


def split_arguments(source: ScriptText) -> list[Argument]:
    """A command line's words as .NET's ``Process`` splits it on Linux (the runner hands docker
    ``options`` and a docker step's ``args`` so): at blanks outside double quotes; ``\\"`` is a
    quote and backslashes before a quote pair up; ``""`` inside quotes is a quote; single quotes
    are plain characters. An expression is one piece, whatever it holds: unquoted, its value
    may be several words. Line breaks separate words too (a ``|`` block of options)."""
    text = source.text
    words: list[Argument] = []
    i = 0
    while i < len(text):
        while i < len(text) and text[i] in _BLANKS:
            i += 1
        if i >= len(text):
            break
        start = i
        chars: list[str] = []
        origins: list[int] = []
        quoted = False
        bare_expression = False
        while i < len(text):
            plain = (_QUOTED_PLAIN if quoted else _PLAIN).match(text, i)
            if plain is not None:  # a run of characters that are neither blank, quote, backslash nor $
                chars.append(plain.group())
                origins.extend(range(i, plain.end()))
                i = plain.end()
                continue
            if text.startswith("${{", i):
                match = _EXPRESSION.match(text, i)
                end = match.end() if match else len(text)
                chars.extend(text[i:end])
                origins.extend(range(i, end))
                bare_expression = bare_expression or not quoted
                i = end
                continue
            if text[i] == "\\":
                run = _BACKSLASHES.match(text, i).end() - i  # type: ignore[union-attr]  # matches at a backslash
                if text[i + run : i + run + 1] == '"':
                    chars.extend("\\" * (run // 2))
                    origins.extend(range(i, i + run // 2))
                    if run % 2:
                        chars.append('"')
                        origins.append(i + run)
                        i += 1
                else:
                    chars.extend("\\" * run)
                    origins.extend(range(i, i + run))
                i += run
                continue
            char = text[i]
            if char == '"':
                if quoted and text[i + 1 : i + 2] == '"':
                    chars.append('"')
                    origins.append(i + 1)
                    i += 1
                else:
                    quoted = not quoted
                i += 1
                continue
            if char in _BLANKS and not quoted:
                break
            chars.append(char)
            origins.append(i)
            i += 1
        words.append(_argument("".join(chars), source, origins, not bare_expression, (start, i)))
    return words
