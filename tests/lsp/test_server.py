"""``hullcheck lsp`` driven over stdio by pytest-lsp's client, as an editor drives it."""

from __future__ import annotations

import asyncio
import contextlib
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

DIGEST = "sha256:" + "0123456789abcdef" * 4
PUBLISH = types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS
FIX_ALL_KIND = "source.fixAll.hullcheck"


@contextlib.asynccontextmanager
async def language_server(
    root: Path, *arguments: str, env: dict[str, str] | None = None
) -> AsyncIterator[LanguageClient]:
    """A client talking to ``hullcheck lsp ARGUMENTS`` started in ``root`` (with ``env``: in
    that environment)."""
    command = [sys.executable, "-m", "hullcheck", "lsp", *arguments]
    config = ClientServerConfig(server_command=command, server_env=env)
    client = await config.start()
    assert isinstance(client, LanguageClient)
    try:
        await client.initialize_session(
            types.InitializeParams(capabilities=client_capabilities("visual-studio-code"), root_uri=root.as_uri())
        )
        yield client
    finally:
        # also after a failed assertion: a server left running would keep the test waiting
        try:
            await asyncio.wait_for(client.shutdown_session(), 10)
        finally:
            server = client._server
            if server is not None and server.returncode is None:
                server.kill()
            await client.stop()


def open_document(client: LanguageClient, path: Path, text: str, language: str = "plaintext") -> str:
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id=language, version=1, text=text)
        )
    )
    return uri


def change_document(client: LanguageClient, uri: str, version: int, text: str) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


async def published(client: LanguageClient, timeout: float = 10.0) -> types.PublishDiagnosticsParams:
    params = await asyncio.wait_for(client.wait_for_notification(PUBLISH), timeout)
    assert isinstance(params, types.PublishDiagnosticsParams)
    return params


async def nothing_published(client: LanguageClient, within: float) -> bool:
    try:
        await asyncio.wait_for(client.wait_for_notification(PUBLISH), within)
    except asyncio.TimeoutError:
        return True
    return False


def codes(params: types.PublishDiagnosticsParams) -> list[str]:
    return [str(diagnostic.code) for diagnostic in params.diagnostics]


async def code_actions(client: LanguageClient, uri: str, diagnostics: list[types.Diagnostic]) -> list[Any]:
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=diagnostics[0].range,
            context=types.CodeActionContext(diagnostics=diagnostics, only=[types.CodeActionKind.QuickFix]),
        )
    )
    return list(actions or [])


async def fix_all_actions(client: LanguageClient, uri: str, kind: str = FIX_ALL_KIND) -> list[Any]:
    """The document's code actions of ``kind`` (source.fixAll.hullcheck, or a kind it is under)."""
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(start=types.Position(0, 0), end=types.Position(0, 0)),
            context=types.CodeActionContext(diagnostics=[], only=[kind]),
        )
    )
    return list(actions or [])


def applied(text: str, edits: list[types.TextEdit]) -> str:
    """``edits`` applied to ``text`` (ASCII text: LSP columns are then code points)."""
    lines = text.split("\n")
    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        start, end = edit.range.start, edit.range.end
        head = "\n".join([*lines[: start.line], lines[start.line][: start.character]])
        tail = "\n".join([lines[end.line][end.character :], *lines[end.line + 1 :]])
        lines = (head + edit.new_text + tail).split("\n")
    return "\n".join(lines)


@pytest.mark.asyncio
async def test_open_publishes_located_diagnostics(tmp_path: Path) -> None:
    async with language_server(tmp_path) as client:
        uri = open_document(client, tmp_path / "Dockerfile", "FROM ubuntu:latest\nUSER app\n", "dockerfile")
        params = await published(client)
    assert params.uri == uri and params.version == 1
    (diagnostic,) = params.diagnostics
    assert diagnostic.code == "HC401" and diagnostic.source == "hullcheck"
    assert diagnostic.severity == types.DiagnosticSeverity.Warning
    assert diagnostic.range == types.Range(start=types.Position(0, 5), end=types.Position(0, 18))
    assert diagnostic.code_description is not None
    assert diagnostic.code_description.href.endswith("#hc401")
    assert diagnostic.message == "FROM uses image 'ubuntu:latest' with the floating tag 'latest'"


@pytest.mark.asyncio
async def test_positions_are_in_utf16_code_units(tmp_path: Path) -> None:
    text = 'services:\n  web: {labels: {a: "😀"}, privileged: true}\n'
    async with language_server(tmp_path, "--select", "privileged-container") as client:
        open_document(client, tmp_path / "compose.yaml", text)
        (diagnostic,) = (await published(client)).diagnostics
    column = text.splitlines()[1].index("true")  # in code points; the emoji is two UTF-16 units
    assert diagnostic.range.start == types.Position(1, column + 1)
    assert diagnostic.range.end == types.Position(1, column + 5)


@pytest.mark.asyncio
async def test_changes_are_debounced_and_the_unsaved_text_is_linted(tmp_path: Path) -> None:
    async with language_server(tmp_path, "--debounce", "0.5") as client:
        uri = open_document(client, tmp_path / "Dockerfile", f"FROM alpine:3.20@{DIGEST}\nUSER app\n")
        assert codes(await published(client)) == []
        for version, image in enumerate(("ubuntu", "ubuntu:latest", "debian"), start=2):
            change_document(client, uri, version, f"FROM {image}\nUSER app\n")  # typing: one lint at the end
        params = await published(client)
        assert params.version == 4 and codes(params) == ["HC401"]
        assert params.diagnostics[0].message.startswith("FROM uses image 'debian'")
        assert await nothing_published(client, within=1.5), "a change was linted twice"
    assert not (tmp_path / "Dockerfile").exists(), "the server wrote the document"


@pytest.mark.asyncio
async def test_save_lints_at_once_and_close_clears(tmp_path: Path) -> None:
    async with language_server(tmp_path, "--debounce", "30") as client:
        uri = open_document(client, tmp_path / "compose.yaml", "services:\n  web:\n    network_mode: bridge\n")
        await published(client)
        change_document(client, uri, 2, "services:\n  web:\n    network_mode: host\n")
        assert await nothing_published(client, within=1.0), "linted before the pause was over"
        client.text_document_did_save(types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri)))
        assert "HC202" in codes(await published(client, timeout=5))
        client.text_document_did_close(types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri)))
        closed = await published(client, timeout=5)
    assert closed.uri == uri and codes(closed) == []


@pytest.mark.asyncio
async def test_quick_fix_writes_the_rules_fix(tmp_path: Path) -> None:
    text = "services:\n  web:\n    privileged: yes\n"
    async with language_server(tmp_path, "--select", "privileged-container") as client:
        uri = open_document(client, tmp_path / "compose.yaml", text)
        diagnostics = list((await published(client)).diagnostics)
        fix, *others = await code_actions(client, uri, diagnostics)
        assert fix.kind == types.CodeActionKind.QuickFix
        assert not fix.is_preferred  # an unsafe fix: offered, not preferred
        assert [action.is_preferred for action in others] == [None]  # the suppression comes after it
        fixed = applied(text, fix.edit.changes[uri])
        assert fixed == "services:\n  web:\n    privileged: false\n"
        change_document(client, uri, 2, fixed)
        assert codes(await published(client)) == []
        # a stale diagnostic (the text under it changed) gets no fix
        assert [a.title for a in await code_actions(client, uri, diagnostics)] == [others[0].title]


@pytest.mark.parametrize(
    ("name", "text", "rule", "expected"),
    [
        (
            "Dockerfile",
            "FROM alpine:3.20\nUSER root\n",
            "HC301",
            "FROM alpine:3.20\n# hullcheck: ignore[HC301] -- reason\n",
        ),
        ("compose.yaml", "services:\n  web:\n    privileged: true\n", "HC201", "    privileged: true  # hullcheck: "),
    ],
)
@pytest.mark.asyncio
async def test_suppression_action_silences_the_rule(
    tmp_path: Path, name: str, text: str, rule: str, expected: str
) -> None:
    async with language_server(tmp_path) as client:
        uri = open_document(client, tmp_path / name, text)
        diagnostics = [d for d in (await published(client)).diagnostics if d.code == rule]
        (suppression,) = [a for a in await code_actions(client, uri, diagnostics) if a.title.startswith("Suppress")]
        assert suppression.title.startswith(f"Suppress {rule} ")
        suppressed = applied(text, suppression.edit.changes[uri])
        assert expected in suppressed
        change_document(client, uri, 2, suppressed)
        after = await published(client)
    assert rule not in codes(after)
    assert "HC003" not in codes(after), "the inserted suppression is reported as unused"


@pytest.mark.asyncio
async def test_an_unused_suppression_is_faded(tmp_path: Path) -> None:
    text = "FROM alpine:3.20\n# hullcheck: ignore[sudo-usage] -- no sudo here any more\nUSER app\n"
    async with language_server(tmp_path) as client:
        open_document(client, tmp_path / "Dockerfile", text)
        (unused,) = [d for d in (await published(client)).diagnostics if d.code == "HC003"]
    assert list(unused.tags or []) == [types.DiagnosticTag.Unnecessary]
    assert unused.range.start.line == 1


@pytest.mark.asyncio
async def test_configuration_is_read_again_when_it_changes(tmp_path: Path) -> None:
    async with language_server(tmp_path) as client:
        uri = open_document(client, tmp_path / "Dockerfile", f'FROM alpine:3.20@{DIGEST}\nCMD ["/app"]\n')
        assert codes(await published(client)) == ["HC302"]
        (tmp_path / ".hullcheck.toml").write_text('ignore = ["missing-user"]\n')  # no notification: the server sees it
        params = await published(client)
        assert params.uri == uri and codes(params) == []
        (tmp_path / ".hullcheck.toml").write_text('ignore = ["no-such-rule"]\n')
        await published(client)  # linted with nothing: the configuration cannot be used
        await asyncio.sleep(0.2)
    assert any("no-such-rule" in message.message for message in client.messages)
    assert all(message.type == types.MessageType.Error for message in client.messages)


@pytest.mark.asyncio
async def test_env_file_change_relints_compose(tmp_path: Path) -> None:
    text = "services:\n  web:\n    privileged: ${PRIVILEGED:-false}\n"
    async with language_server(tmp_path, "--select", "privileged-container") as client:
        open_document(client, tmp_path / "compose.yaml", text)
        assert codes(await published(client)) == []
        (tmp_path / ".env").write_text("PRIVILEGED=true\n")
        assert codes(await published(client)) == ["HC201"]


@pytest.mark.asyncio
async def test_findings_of_a_project_in_other_files_stay_out_of_the_document(tmp_path: Path) -> None:
    (tmp_path / "compose.override.yaml").write_text("services:\n  web:\n    privileged: true\n")
    text = "services:\n  web:\n    image: nginx:1.27\n    network_mode: host\n"
    async with language_server(tmp_path, "--select", "privileged-container,host-network-mode") as client:
        open_document(client, tmp_path / "compose.yaml", text)
        assert codes(await published(client)) == ["HC202"]


@pytest.mark.asyncio
async def test_a_project_reads_nothing_outside_the_workspace(tmp_path: Path) -> None:
    (tmp_path / "shared.yaml").write_text("services:\n  base:\n    privileged: true\n")
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    text = "services:\n  web:\n    image: nginx:1.27\n    extends:\n      file: ../shared.yaml\n      service: base\n"
    async with language_server(workspace, "--select", "privileged-container,project-error") as client:
        open_document(client, workspace / "compose.yaml", text)
        assert codes(await published(client)) == ["HC002"]


@pytest.mark.asyncio
async def test_other_files_get_no_diagnostics(tmp_path: Path) -> None:
    async with language_server(tmp_path) as client:
        open_document(client, tmp_path / "values.yaml", "replicas: 3\nprivileged: true\n", "yaml")
        assert codes(await published(client)) == []
        # an editor's language id names the kind of an untitled buffer
        untitled = "untitled:Untitled-1"
        client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(
                    uri=untitled, language_id="dockerfile", version=1, text="FROM ubuntu\nUSER app\n"
                )
            )
        )
        params = await published(client)
    assert params.uri == untitled and codes(params) == ["HC401"]


def hullcheck(*arguments: str, program: str = "import sys; from hullcheck.cli import main") -> Any:
    code = f"{program}; sys.exit(main({list(arguments)!r}))"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)


def test_lsp_takes_lint_options_only() -> None:
    for arguments in (["Dockerfile"], ["--format", "json"], ["--baseline", "b.json"], ["--fail-on", "note"]):
        completed = hullcheck("lsp", *arguments)
        assert completed.returncode == 2, arguments
        assert "'lsp' takes lint options" in completed.stderr
    shown = hullcheck("lsp", "--help").stdout
    assert "--select" in shown and "--debounce" in shown
    assert "--format" not in shown and "--baseline" not in shown and "--jobs" not in shown


def test_lsp_without_its_extra_says_how_to_install_it() -> None:
    completed = hullcheck("lsp", program="import sys; sys.modules['pygls'] = None; from hullcheck.cli import main")
    assert completed.returncode == 2
    assert "pip install 'hullcheck[lsp]'" in completed.stderr


def test_linting_does_not_import_the_language_server_libraries(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text("FROM ubuntu\n")
    program = (
        "import sys; from hullcheck.cli import main; "
        f"main(['--format', 'json', '-o', {str(tmp_path / 'out.json')!r}, {str(tmp_path)!r}]); "
        "print(sorted(m for m in sys.modules if m.startswith(('pygls', 'lsprotocol', 'hullcheck.lsp'))))"
    )
    completed = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=60, check=False)
    assert completed.stdout.strip().splitlines()[-1] == "[]", completed.stderr


@pytest.mark.asyncio
async def test_fix_all_applies_the_safe_fixes_as_a_round_of_fix_does(tmp_path: Path) -> None:
    text = "FROM alpine:3.20\nMAINTAINER jo\nADD a.txt /a\nRUN --security=insecure make\nUSER app\n"
    async with language_server(tmp_path, "--select", "HC609,HC505,HC201") as client:
        uri = open_document(client, tmp_path / "Dockerfile", text, "dockerfile")
        diagnostics = list((await published(client)).diagnostics)
        quick = await code_actions(client, uri, diagnostics[:1])
        assert quick[0].is_preferred  # a safe fix
        (fix_all,) = await fix_all_actions(client, uri, types.CodeActionKind.SourceFixAll)
        assert fix_all.kind == "source.fixAll.hullcheck"
        fixed = applied(text, fix_all.edit.changes[uri])
        # the unsafe fix is left for the quick fix of its own
        assert fixed == (
            'FROM alpine:3.20\nLABEL org.opencontainers.image.authors="jo"\nCOPY a.txt /a\n'
            "RUN --security=insecure make\nUSER app\n"
        )
        change_document(client, uri, 2, fixed)
        assert codes(await published(client)) == ["HC201"]


@pytest.mark.asyncio
async def test_fix_all_applies_fixes_until_none_applies(tmp_path: Path) -> None:
    """The second apk add is reported once the first is fixed: --fix takes it in a second
    round, and so does the editor's fix-all, in one action (CRLF kept)."""
    text = "FROM alpine:3.20\r\nRUN apk add curl=8 && apk add git=2\r\nUSER app"
    async with language_server(tmp_path, "--select", "HC712") as client:
        uri = open_document(client, tmp_path / "Dockerfile", text, "dockerfile")
        assert codes(await published(client)) == ["HC712"]
        (fix_all,) = await fix_all_actions(client, uri)
        fixed = applied(text, fix_all.edit.changes[uri])
        assert fixed == "FROM alpine:3.20\r\nRUN apk add --no-cache curl=8 && apk add --no-cache git=2\r\nUSER app"
        change_document(client, uri, 2, fixed)
        assert codes(await published(client)) == []


@pytest.mark.asyncio
async def test_fix_all_is_of_the_document_as_it_is_now(tmp_path: Path) -> None:
    """The fixed text is worked out once per version of the document (editors ask at every move
    of the cursor), and never given for a version it is not of."""
    text = "FROM alpine:3.20\nRUN apk add curl=8\nUSER app\n"
    async with language_server(tmp_path, "--select", "HC712") as client:
        uri = open_document(client, tmp_path / "Dockerfile", text, "dockerfile")
        assert codes(await published(client)) == ["HC712"]

        async def fix_all_of(current: str) -> str:
            (fix_all,) = await fix_all_actions(client, uri)
            return applied(current, fix_all.edit.changes[uri])

        first = await fix_all_of(text)
        assert first == await fix_all_of(text) == "FROM alpine:3.20\nRUN apk add --no-cache curl=8\nUSER app\n"
        edited = "FROM alpine:3.20\nRUN apk add git=2\nUSER app\n"
        change_document(client, uri, 2, edited)
        assert codes(await published(client)) == ["HC712"]
        assert await fix_all_of(edited) == "FROM alpine:3.20\nRUN apk add --no-cache git=2\nUSER app\n"
