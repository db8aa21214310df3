"""``hullcheck lsp``: the language server, over stdio, on pygls.

Each open document of a kind hullcheck reads (see hullcheck.frontends) is linted as the editor
holds it, unsaved text included: on open and save at once, on change after a quiet pause
(``--debounce``), so typing does not lint every keystroke. Where ShellCheck is selected, the
other rules' diagnostics are published first and ShellCheck's follow in a second publish: it
runs in a worker thread, its answer is dropped when the document changed meanwhile, and kept
while the document's scripts stay the same (an edit elsewhere or a configuration change: one
publish, with its findings); no ShellCheck is one error message, not a finding in each
document. A document's diagnostics are cleared when it is closed. Code actions offer a rule's
own fix where it has one (privileged-container writes ``false``; preferred when it is safe) and a
suppression comment for the diagnostic's rule; ``source.fixAll.hullcheck`` applies the document's
safe fixes as ``--fix`` does, round after round on the text in memory
(hullcheck.fixes.fixed_in_rounds), nothing --fix would not, as edits of the lines that change.
When a configuration file or a ``.env`` changes (the server watches them itself, see
hullcheck.lsp.watch), the configuration is read again and every open document is linted again.
Files are read and never written: every change is an edit the editor applies.
No message from the client stops the server (see hullcheck.lsp.protocol); one about a document
that is not open is ignored with a warning in the client's log.

This module and hullcheck.lsp.protocol are the only ones that import pygls and lsprotocol
(about 0.7 s), so nothing else pays for them.
"""

from __future__ import annotations

import asyncio
import contextlib
import difflib
import os
import sys
from collections.abc import Callable, Coroutine, Hashable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, BinaryIO

from lsprotocol import types
from pygls.io_ import StdoutWriter
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path
from pygls.workspace import TextDocument

from hullcheck import __version__, records
from hullcheck.config import ConfigError, Settings
from hullcheck.engine.engine_codes import UNUSED_SUPPRESSION
from hullcheck.engine.findings import Applicability, Finding, Fix, Severity, merged_variants
from hullcheck.engine.lint import FileResult, LintOptions, Relint, Steps, finish, lint_bytes, lint_bytes_steps
from hullcheck.engine.registry import all_rules
from hullcheck.engine.shellcheck import (
    INSTALL_HINT,
    RULE_CODE,
    ScriptRequest,
    check_files_unplaced,
    failed_here,
    find_shellcheck,
)
from hullcheck.fixes import fixed_in_rounds
from hullcheck.frontends import FrontEnd, front_end_for_language, front_end_of, front_ends
from hullcheck.lsp import DEFAULT_DEBOUNCE_SECONDS
from hullcheck.lsp.edits import suppression_insertion
from hullcheck.lsp.protocol import HullcheckProtocol, beyond_end, read_messages
from hullcheck.lsp.watch import FileState, state, watched_files
from hullcheck.model.span import Span
from hullcheck.parsers.source import split_lines
from hullcheck.scan import RootedOptions, scanned_root

WATCH_SECONDS = 1.0  # how often the configuration files are checked for a change
FIX_ALL = "source.fixAll.hullcheck"  # the code action that applies the document's safe fixes
_SEVERITIES = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.NOTE: types.DiagnosticSeverity.Information,
}


class HullcheckServer(LanguageServer):
    """``settings`` carries the command line's options; the configuration files are read again
    from them after a change."""

    protocol: HullcheckProtocol

    def __init__(self, settings: Settings, debounce: float) -> None:
        super().__init__(
            "hullcheck",
            __version__,
            protocol_cls=HullcheckProtocol,
            text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
        )
        self.overrides = settings.overrides
        self.settings: Settings | None = settings  # None after a change, until read again
        self.debounce = debounce
        self.open_documents: set[str] = set()
        # the front end each open document was linted by; None: not linted, or of no kind
        self.front_ends: dict[str, FrontEnd | None] = {}
        # the safe fixes of each open document's last published findings, and the version they are for
        self.safe_fixes: dict[str, tuple[int | None, list[Fix]]] = {}
        # each open document's text with them applied, once worked out, and the version it is of:
        # editors ask for code actions at every move of the cursor, and each round lints anew
        self.fixed_texts: dict[str, tuple[int | None, str]] = {}
        self.pending: dict[str, asyncio.Task[None]] = {}  # debounced lints, by URI
        self.reported_errors: set[str] = set()  # errors already shown: the configuration's, no ShellCheck
        self.watched: frozenset[FileState] = frozenset()  # the configuration files as last read
        self.watch_task: asyncio.Future[None] | None = None  # held here: the event loop holds tasks weakly
        self.rooted = RootedOptions()
        # ShellCheck runs after the other rules have published, in these threads; each open
        # document keeps its last scripts and the answer on them (a task while it runs)
        self.shellcheck_pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="hullcheck-shellcheck")
        self.shellcheck_answers: dict[str, tuple[Hashable, asyncio.Task[list[Finding] | None]]] = {}
        self.background: set[asyncio.Task[None]] = set()  # held here: the event loop holds tasks weakly
        self.generations: dict[str, int] = {}  # how many times each document's lint was asked for
        # what each open document's last lint keeps for its next (its unchanged instructions and
        # what the node-local rules found on them): a re-lint after an edit takes them
        self.relints: dict[str, Relint] = {}

    def start_io(self, stdin: BinaryIO | None = None, stdout: BinaryIO | None = None) -> None:
        """Serve on stdin and stdout until the client says exit or closes stdin. This is pygls's
        start_io with hullcheck's reader (see hullcheck.lsp.protocol)."""
        self.protocol.set_writer(StdoutWriter(stdout or sys.stdout.buffer))
        try:
            with contextlib.suppress(BrokenPipeError, SystemExit):  # the client is gone, or said exit
                asyncio.run(read_messages(stdin or sys.stdin.buffer, self.protocol, self.thread_pool))
        finally:
            self.shellcheck_pool.shutdown(wait=False, cancel_futures=True)

    def is_open(self, uri: str, method: str) -> bool:
        """Whether the document at ``uri`` is open; if not, a warning that ``method`` for it is
        ignored."""
        if uri in self.open_documents:
            return True
        self.protocol.warn_not_open(method, uri)
        return False

    def options_for(self, path: Path | None) -> LintOptions | None:
        """The options a document at ``path`` is linted with: its nearest configuration file and
        the command line's options; None when its configuration excludes it. A document not on
        disk gets the options of the working folder.

        Raises ConfigError for a configuration file that cannot be used.
        """
        if self.settings is None:
            self.settings = Settings(self.overrides)
        if path is not None and self.settings.excluded(str(path), is_dir=False, walking=False):
            return None
        options = self.settings.for_file(str(path or Path.cwd() / "untitled")).options
        # a Compose project reads no file outside the workspace (or the document's folder, when
        # it is outside; or the working folder, for an unsaved document)
        workspace = os.path.realpath(self.workspace.root_path or (path.parent if path else os.getcwd()))
        return self.rooted(options, scanned_root(str(path) if path else workspace, workspace))

    def reload_configuration(self) -> None:
        """A configuration file (or a ``.env``) changed: read the configuration again and lint
        every open document."""
        self.settings = None
        self.rooted = RootedOptions()  # the options of the old configuration are gone
        self.watched = self.watched_state()
        for uri in sorted(self.open_documents):
            self.lint_now(uri)

    def watched_state(self) -> frozenset[FileState]:
        documents = [path for uri in self.open_documents if (path := _file_path(uri)) is not None]
        return state(watched_files(documents, self.overrides.config_file))

    async def watch_configuration(self) -> None:
        while True:
            await asyncio.sleep(WATCH_SECONDS)
            if self.watched_state() != self.watched:
                self.reload_configuration()

    def open(self, uri: str) -> None:
        if self.watched_state() != self.watched:  # a change the next check would have seen
            self.reload_configuration()
        self.open_documents.add(uri)
        self.watched = self.watched_state()  # the files above the new document, as they are now
        self.lint_now(uri)

    def lint_now(self, uri: str) -> None:
        self.cancel_pending(uri)
        if uri not in self.open_documents:
            return
        document = self.workspace.get_text_document(uri)
        path = _file_path(uri)
        try:
            options = self.options_for(path)
        except OSError as error:  # a folder above the document cannot be looked at (its name is too long)
            self.protocol.warn(f"{uri} is not linted: its configuration cannot be looked for ({error.strerror})")
            options = None
        except ConfigError as error:
            # linting with other settings than the user wrote would show wrong findings: say why
            # there are none, once per message, until the configuration is fixed
            self.settings = None
            self.show_error_once(str(error))
            options = None
        if options is None:
            self.front_ends[uri] = None
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))
            return
        name = str(path) if path else document.filename or uri
        steps = lint_bytes_steps(
            document.source.encode("utf-8", errors="replace"),
            name,
            options,
            front_end=front_end_for_language(document.language_id or ""),
            directory=str(path.parent) if path else None,
            memo=self.relints.setdefault(uri, Relint()),
        )
        try:
            scripts = next(steps)
        except StopIteration as linted:
            self.publish(uri, name, linted.value)
            return
        key = _scripts_key(name, split_lines(document.source), scripts)
        known = self.shellcheck_answers.get(uri)
        if known is not None and known[0] == key and (found := _answered(known[1])) is not None:
            self.publish(uri, name, finish(steps, found))  # the same scripts, checked before: one publish
            return
        self.publish(uri, name, scripts.so_far())  # at once; ShellCheck's findings follow
        program = find_shellcheck()
        if program is None:
            steps.close()
            message = f"the shellcheck rule ({RULE_CODE}) is selected, but ShellCheck was not found: {INSTALL_HINT}"
            self.show_error_once(f"{message}; its findings are left out")
            return
        if known is None or known[0] != key:
            # a task: it starts after this entry is in place, which the worker looks at
            known = key, asyncio.ensure_future(self._shellcheck(uri, key, scripts, program))
            self.shellcheck_answers[uri] = known
        self.in_background(self._publish_with_shellcheck(uri, name, self.generations[uri], steps, known[1]))

    async def _shellcheck(
        self, uri: str, key: Hashable, scripts: list[ScriptRequest], program: str
    ) -> list[Finding] | None:
        """ShellCheck's findings on ``scripts``, run in a worker thread; None when the document
        had other scripts before the worker got to them. A failure is not kept: the next lint
        of the document tries again."""
        unplaced = await asyncio.get_running_loop().run_in_executor(
            self.shellcheck_pool, self._check_scripts, uri, key, scripts, program
        )
        found = None if unplaced is None else [finding for made in unplaced for finding in made()]
        known = self.shellcheck_answers.get(uri)
        if found is not None and failed_here(found) and known is not None and known[0] == key:
            del self.shellcheck_answers[uri]
        return found

    def _check_scripts(
        self, uri: str, key: Hashable, scripts: list[ScriptRequest], program: str
    ) -> list[Callable[[], list[Finding]]] | None:
        """In a worker thread: ShellCheck's answer, its findings made (placed in the text) by the
        caller, in the server's thread, where the parse of a later version moves the scripts of a
        stage: never in the middle of making a span (see hullcheck.model.span.MovingSpan)."""
        known = self.shellcheck_answers.get(uri)
        if known is None or known[0] != key:  # a later lint of the document has other scripts
            return None
        return check_files_unplaced([scripts], program)[0]

    async def _publish_with_shellcheck(
        self, uri: str, name: str, generation: int, steps: Steps, answer: asyncio.Future[list[Finding] | None]
    ) -> None:
        """Publish the whole result once ShellCheck has answered, unless the document was linted
        again (or closed) meanwhile: a later lint publishes its own."""
        try:
            found = await answer
        except Exception as error:  # noqa: BLE001 - a defect must not stop the server
            self.protocol.warn(f"ShellCheck's findings on {uri} are left out: {error!r}")
            found = None
        if found is None or self.generations.get(uri) != generation:
            steps.close()
            return
        self.publish(uri, name, finish(steps, found))

    def publish(self, uri: str, name: str, result: FileResult) -> None:
        document = self.workspace.get_text_document(uri)
        self.front_ends[uri] = front_end_of(result.kind)
        lines = split_lines(document.source)
        here = _findings_here(result, name)
        diagnostics = [_diagnostic(finding, lines, document, uri) for finding in here]
        self.safe_fixes[uri] = (document.version, _safe_fixes(here))
        self.fixed_texts.pop(uri, None)  # of the findings before: the configuration may have changed
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=document.version)
        )

    def in_background(self, work: Coroutine[None, None, None]) -> None:
        task = asyncio.ensure_future(work)
        self.background.add(task)
        task.add_done_callback(self.background.discard)

    def show_error_once(self, message: str) -> None:
        """An error the user must act on, shown once (a configuration error: until it is fixed)."""
        if message not in self.reported_errors:
            self.reported_errors.add(message)
            self.window_show_message(types.ShowMessageParams(type=types.MessageType.Error, message=message))

    def lint_later(self, uri: str) -> None:
        self.cancel_pending(uri)
        self.pending[uri] = asyncio.ensure_future(self._lint_after_pause(uri))

    async def _lint_after_pause(self, uri: str) -> None:
        await asyncio.sleep(self.debounce)
        self.pending.pop(uri, None)
        self.lint_now(uri)

    def cancel_pending(self, uri: str) -> None:
        """A later lint is coming (or none, the document is closed): nothing earlier publishes."""
        self.generations[uri] = self.generations.get(uri, 0) + 1
        task = self.pending.pop(uri, None)
        if task is not None:
            task.cancel()

    def close(self, uri: str) -> None:
        if not self.is_open(uri, types.TEXT_DOCUMENT_DID_CLOSE):
            return
        self.cancel_pending(uri)
        self.open_documents.discard(uri)
        self.front_ends.pop(uri, None)
        self.safe_fixes.pop(uri, None)
        self.fixed_texts.pop(uri, None)
        self.generations.pop(uri, None)
        self.relints.pop(uri, None)
        self.shellcheck_answers.pop(uri, None)
        self.watched = self.watched_state()
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    def code_actions(self, params: types.CodeActionParams) -> list[types.CodeAction]:
        """Each diagnostic's own fix first (preferred when safe), then a suppression for each;
        and ``source.fixAll.hullcheck``: the document's safe fixes, as --fix applies them."""
        uri = params.text_document.uri
        only = params.context.only
        if not self.is_open(uri, types.TEXT_DOCUMENT_CODE_ACTION):
            return []
        fix_all = self.fix_all(uri) if not only or any(_is_fix_all(kind) for kind in only) else None
        if only and not any(_is_quick_fix(kind) for kind in only):
            return [fix_all] if fix_all is not None else []
        document = self.workspace.get_text_document(uri)
        if beyond_end(document, params.range):
            self.protocol.warn(
                f"{types.TEXT_DOCUMENT_CODE_ACTION} for {uri} asks for lines {params.range.start.line}"
                f"–{params.range.end.line}, outside the document: the editor's text and the one linted differ"
            )
            return []
        front_end = self.front_ends.get(uri)
        # what the server attached to its own diagnostics, which the client hands back
        ours = [(d, d.data) for d in params.context.diagnostics if d.source == "hullcheck" and isinstance(d.data, dict)]
        fixes = [fix for diagnostic, data in ours if (fix := _rule_fix(diagnostic, data, document, uri))]
        suppressions = [
            action for diagnostic, data in ours if (action := _suppression(diagnostic, data, document, uri, front_end))
        ]
        return fixes + suppressions + ([fix_all] if fix_all is not None else [])

    def fix_all(self, uri: str) -> types.CodeAction | None:
        """The document with its safe fixes applied as --fix applies them (rounds until none
        applies, none overlapping another in a round), while the document is the version they
        were found in: each later round lints the fixed text in memory."""
        document = self.workspace.get_text_document(uri)
        version, fixes = self.safe_fixes.get(uri, (None, []))
        if not fixes or version != document.version:
            return None
        known_version, fixed = self.fixed_texts.get(uri, (None, None))
        if fixed is None or known_version != version:
            fixed = self.fixed_text(uri, document, fixes)
            if fixed is None:
                return None
            self.fixed_texts[uri] = (version, fixed)
        edits = _line_edits(document.source, fixed, document)
        if not edits:
            return None
        return types.CodeAction(
            title="Fix all safe hullcheck findings",
            kind=FIX_ALL,
            edit=types.WorkspaceEdit(changes={uri: edits}),
        )

    def fixed_text(self, uri: str, document: TextDocument, fixes: list[Fix]) -> str | None:
        """The document's text with ``fixes`` (its findings' safe fixes) applied, and the fixes
        of each text that makes, round after round; None where its configuration cannot be read."""
        path = _file_path(uri)
        try:
            options = self.options_for(path)
        except (OSError, ConfigError):  # changed since the lint: the next lint says so
            return None
        if options is None:
            return None
        name = str(path) if path else document.filename or uri
        front_end = front_end_for_language(document.language_id or "")

        def safe_fixes(text: str) -> list[Fix]:
            result = lint_bytes(text.encode("utf-8"), name, options, front_end, str(path.parent) if path else None)
            return _safe_fixes(_findings_here(result, name))

        return fixed_in_rounds(document.source, fixes, safe_fixes)


def create_server(settings: Settings, debounce: float = DEFAULT_DEBOUNCE_SECONDS) -> HullcheckServer:
    server = HullcheckServer(settings, debounce)

    @server.feature(types.INITIALIZE)
    def initialize(ls: HullcheckServer, params: types.InitializeParams) -> None:
        # load the rules and parsers now, so the first document is linted as fast as the rest
        for front_end in front_ends():
            if front_end.warm_up is not None:
                lint_bytes(front_end.warm_up, front_end.kind.value, LintOptions(rules=all_rules()), front_end)

    @server.feature(types.INITIALIZED)
    def initialized(ls: HullcheckServer, params: types.InitializedParams) -> None:
        ls.watch_task = asyncio.ensure_future(ls.watch_configuration())

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: HullcheckServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.open(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: HullcheckServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.lint_later(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=False))
    def did_save(ls: HullcheckServer, params: types.DidSaveTextDocumentParams) -> None:
        if ls.watched_state() != ls.watched:  # a configuration file saved in the editor: at once
            ls.reload_configuration()
        elif ls.is_open(params.text_document.uri, types.TEXT_DOCUMENT_DID_SAVE):
            ls.lint_now(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: HullcheckServer, params: types.DidCloseTextDocumentParams) -> None:
        ls.close(params.text_document.uri)

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL]),
    )
    def code_action(ls: HullcheckServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        return ls.code_actions(params)

    return server


def serve(settings: Settings, debounce: float = DEFAULT_DEBOUNCE_SECONDS) -> int:
    """Run the server on stdin and stdout until the client says exit."""
    create_server(settings, debounce).start_io()
    return 0


def _file_path(uri: str) -> Path | None:
    """The file a ``file:`` URI names; None for other URIs, and for one no file can have (a NUL
    byte: every look at it would raise ValueError)."""
    path = to_fs_path(uri) if uri.startswith("file:") else None
    return Path(path) if path and "\0" not in path else None


def _scripts_key(name: str, lines: list[str], scripts: Sequence[ScriptRequest]) -> Hashable:
    """What ShellCheck's findings on a document's scripts depend on: each script as ShellCheck
    reads it, and where and how it is written in the file (the lines it spans). An edit
    elsewhere in the document keeps the key, and ShellCheck's findings are published with the
    rest at once."""
    return name, tuple(_script_key(request, lines) for request in scripts)


def _script_key(request: ScriptRequest, lines: list[str]) -> Hashable:
    script, span = request.script, request.script.span
    written = "\n".join(lines[span.line - 1 : span.end_line]) if span.path is None else None
    where = (span, span.path, written)
    given = (script.source.text, script.source.exact, script.dialect, script.variables)
    return request.path, request.logical_location, given, where


def _answered(answer: asyncio.Task[list[Finding] | None]) -> list[Finding] | None:
    """ShellCheck's findings, if it has answered."""
    if not answer.done() or answer.cancelled() or answer.exception() is not None:
        return None
    return answer.result()


def _diagnostic(finding: Finding, lines: list[str], document: TextDocument, uri: str) -> types.Diagnostic:
    span = finding.span
    start = _position(lines, span.line, span.column, document)
    end = _position(lines, span.end_line, span.end_column, document)
    related = [
        types.DiagnosticRelatedInformation(
            location=types.Location(
                uri=uri if item.path == finding.path else Path(item.path).absolute().as_uri(),
                range=types.Range(
                    start=_position(lines, item.span.line, item.span.column, document),
                    end=_position(lines, item.span.end_line, item.span.end_column, document),
                ),
            ),
            message=item.message,
        )
        for item in finding.related
    ]
    data: dict[str, Any] = {"name": finding.rule.name}
    if finding.fix is not None:
        # each edit with the text it replaces, so a stale diagnostic cannot overwrite something else
        data["fix"] = {
            "description": finding.fix.description,
            "safe": finding.fix.applicability is Applicability.SAFE,
            "edits": [
                {
                    "range": [
                        _plain(_position(lines, edit.span.line, edit.span.column, document)),
                        _plain(_position(lines, edit.span.end_line, edit.span.end_column, document)),
                    ],
                    "text": edit.text,
                    "replaces": _text_in(lines, edit.span),
                }
                for edit in finding.fix.edits
            ],
        }
    return types.Diagnostic(
        range=types.Range(start=start, end=end),
        message=finding.message,
        severity=_SEVERITIES[finding.severity],
        code=finding.rule.code,
        code_description=types.CodeDescription(href=finding.rule.help_uri),
        source="hullcheck",
        # editors fade an unused suppression, as they fade unused code
        tags=[types.DiagnosticTag.Unnecessary] if finding.rule.code == UNUSED_SUPPRESSION.code else None,
        related_information=related or None,
        data=data,
    )


def _position(lines: list[str], line: int, column: int, document: TextDocument) -> types.Position:
    """A 1-based line and code-point column as an LSP position in the client's encoding."""
    if line > len(lines):
        last = lines[-1] if lines else ""
        return types.Position(line=max(len(lines) - 1, 0), character=document.position_codec.client_num_units(last))
    before = lines[line - 1][: column - 1]
    return types.Position(line=line - 1, character=document.position_codec.client_num_units(before))


def _line_edits(old: str, new: str, document: TextDocument) -> list[types.TextEdit]:
    """The edits that make ``old`` (the document's text) ``new``: each run of lines that
    changes, replaced whole (lines end at ``\n``, as in the protocol; ``\r\n`` ends in ``\n``)."""
    before, after = _lines_with_ends(old), _lines_with_ends(new)

    def position(line: int) -> types.Position:
        if line == len(before) and before and not before[-1].endswith("\n"):  # the end of a last line with no end
            return types.Position(len(before) - 1, document.position_codec.client_num_units(before[-1]))
        return types.Position(line, 0)

    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    return [
        types.TextEdit(range=types.Range(start=position(i1), end=position(i2)), new_text="".join(after[j1:j2]))
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]


def _lines_with_ends(text: str) -> list[str]:
    lines = text.split("\n")
    last = lines.pop()
    return [line + "\n" for line in lines] + ([last] if last else [])


def _plain(position: types.Position) -> dict[str, int]:
    """A position as the client sends it back in a diagnostic's data: JSON."""
    return {"line": position.line, "character": position.character}


def _text_in(lines: list[str], span: Span) -> str:
    """The text a span covers, lines joined with LF."""
    selected = lines[span.line - 1 : span.end_line]
    if not selected:
        return ""
    selected[-1] = selected[-1][: span.end_column - 1]  # first, so a one-line span cuts from its end
    selected[0] = selected[0][span.column - 1 :]
    return "\n".join(selected)


def _is_fix_all(kind: str) -> bool:
    """``source``, ``source.fixAll`` and ours include our fix-all action."""
    return kind in ("", types.CodeActionKind.Source.value, types.CodeActionKind.SourceFixAll.value, FIX_ALL)


def _findings_here(result: FileResult, name: str) -> list[Finding]:
    """The findings in the document (a Compose project's in its other files, an override or a
    Dockerfile a service builds, have no place in it), each without a fix that edits another file."""
    return [_fixes_here(finding, name) for finding in merged_variants(f for f in result.findings if f.path == name)]


def _safe_fixes(findings: list[Finding]) -> list[Fix]:
    return [f.fix for f in findings if f.fix is not None and f.fix.applicability is Applicability.SAFE]


def _fixes_here(finding: Finding, name: str) -> Finding:
    """The finding, without its fix when an edit of it is in another file than the document."""
    fix = finding.fix
    if fix is None or all((edit.span.path or finding.path) == name for edit in fix.edits):
        return finding
    return records.replace(finding, fix=None)


def _is_quick_fix(kind: str) -> bool:
    """Code action kinds are hierarchical: ``quickfix`` and its parent, the empty kind, include ours."""
    return kind in ("", types.CodeActionKind.QuickFix.value)


def _rule_fix(
    diagnostic: types.Diagnostic, data: dict[str, Any], document: TextDocument, uri: str
) -> types.CodeAction | None:
    """The finding's own fix as a code action: every edit, offered only while each still
    replaces the text it was made for."""
    fix = data.get("fix")
    if not isinstance(fix, dict) or not isinstance(fix.get("edits"), list):
        return None
    edits = []
    for edit in fix["edits"]:
        try:
            start, end = (types.Position(**position) for position in edit["range"])
            text, replaces = edit["text"], edit["replaces"]
        except (KeyError, TypeError, ValueError):  # data the client sent back altered
            return None
        where = types.Range(start=start, end=end)
        if not isinstance(text, str) or document.text_in_client_range(where).replace("\r\n", "\n") != replaces:
            return None
        edits.append(types.TextEdit(range=where, new_text=text))
    return types.CodeAction(
        title=f"Fix {diagnostic.code} {data.get('name')}: {fix.get('description')}",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diagnostic],
        is_preferred=fix.get("safe") is True or None,  # an unsafe fix is offered, not preferred
        edit=types.WorkspaceEdit(changes={uri: edits}),
    )


def _suppression(
    diagnostic: types.Diagnostic, data: dict[str, Any], document: TextDocument, uri: str, front_end: FrontEnd | None
) -> types.CodeAction | None:
    code, name = diagnostic.code, data.get("name")
    if not isinstance(code, str) or not isinstance(name, str) or front_end is None:
        return None
    path = _file_path(uri)
    insertion = suppression_insertion(
        front_end, document.source, str(path or uri), diagnostic.range.start.line + 1, code, name
    )
    if insertion is None:
        return None
    lines = split_lines(document.source)
    at = _position(lines, insertion.line, insertion.column, document)
    return types.CodeAction(
        title=f"Suppress {code} {name} on this {front_end.statement}",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diagnostic],
        edit=types.WorkspaceEdit(
            changes={uri: [types.TextEdit(range=types.Range(start=at, end=at), new_text=insertion.text)]}
        ),
    )
