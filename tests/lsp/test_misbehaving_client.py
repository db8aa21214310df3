"""``hullcheck lsp`` and a client that misbehaves. Each message the server cannot handle gets an
error answer or a warning in the client's log, and the server goes on serving: a document opened
afterwards still gets its diagnostics.

What no client library would send (malformed, too deep or too large messages, negative
positions) is written to the server byte by byte (:class:`Wire`). pytest-lsp's client sends the
rest.
"""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

import attrs
import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from hullcheck.lsp.protocol import MAX_HEADER_BYTES, MAX_MESSAGE_BYTES, MAX_MESSAGE_NESTING
from tests.lsp.test_protocol import nested_deeper_than
from tests.lsp.test_server import PUBLISH, change_document, codes, language_server, open_document, published

PRIVILEGED = "services:\n  web:\n    privileged: true\n"
ONLY_PRIVILEGED = ("--select", "privileged-container")  # for exact diagnostics of an image line
Message = dict[str, Any]


def frame(body: bytes) -> bytes:
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def notification(method: str, params: Any) -> bytes:
    return json.dumps({"jsonrpc": "2.0", "method": method, "params": params}).encode()


def request(request_id: int, method: str, params: Any) -> bytes:
    return json.dumps({"jsonrpc": "2.0", "id": request_id, "method": method, "params": params}).encode()


def did_open(uri: str, text: str) -> bytes:
    document = {"uri": uri, "languageId": "dockercompose", "version": 1, "text": text}
    return notification(types.TEXT_DOCUMENT_DID_OPEN, {"textDocument": document})


def lsp_range(start: tuple[int, int], end: tuple[int, int]) -> dict[str, Any]:
    return {"start": {"line": start[0], "character": start[1]}, "end": {"line": end[0], "character": end[1]}}


def is_publish_for(uri: str) -> Callable[[Message], bool]:
    return lambda message: message.get("method") == PUBLISH and message["params"]["uri"] == uri


def published_codes(message: Message) -> list[str]:
    return [diagnostic["code"] for diagnostic in message["params"]["diagnostics"]]


class Wire:
    """``hullcheck lsp`` in ``root``, initialized, spoken to byte by byte; its stderr goes to
    ``stderr``."""

    def __init__(self, root: Path, stderr: IO[bytes]) -> None:
        self.root = root
        self.stderr = stderr
        self.process = subprocess.Popen(
            [sys.executable, "-m", "hullcheck", "lsp"],
            cwd=root,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.stderr,
        )
        self.received: queue.Queue[Message] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.send(request(0, types.INITIALIZE, {"processId": None, "rootUri": root.as_uri(), "capabilities": {}}))
        self.until(lambda message: message.get("id") == 0)
        self.send(notification(types.INITIALIZED, {}))

    def send(self, body: bytes) -> None:
        self.write(frame(body))

    def write(self, data: bytes) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(data)
        self.process.stdin.flush()

    def until(self, wanted: Callable[[Message], bool], timeout: float = 10.0) -> list[Message]:
        """The messages from the server up to the one ``wanted``, which must come within ``timeout``."""
        messages: list[Message] = []
        deadline = time.monotonic() + timeout
        while True:
            try:
                messages.append(self.received.get(timeout=max(deadline - time.monotonic(), 0)))
            except queue.Empty:
                raise AssertionError(f"no wanted message in {timeout} s; got {messages}\n{self.errors()}") from None
            if wanted(messages[-1]):
                return messages

    def serves(self) -> list[Message]:
        """The messages up to the diagnostics of a document opened now, which must come: the
        server handles messages in order, so its answers to the ones before are among them."""
        uri = (self.root / "after" / "compose.yaml").as_uri()
        self.send(did_open(uri, PRIVILEGED))
        *before, diagnostics = self.until(is_publish_for(uri))
        assert published_codes(diagnostics) == ["HC201"]
        return before

    def errors(self) -> str:
        self.stderr.seek(0)
        return self.stderr.read().decode(errors="replace")

    def close(self) -> None:
        try:
            if self.process.poll() is None and self.process.stdin is not None and not self.process.stdin.closed:
                self.send(request(99, types.SHUTDOWN, None))
                self.send(notification(types.EXIT, None))
                self.process.stdin.close()
            self.process.wait(10)
        finally:
            if self.process.poll() is None:
                self.process.kill()

    def _read(self) -> None:
        stdout = self.process.stdout
        assert stdout is not None
        while True:
            length = None
            while (line := stdout.readline()) not in (b"\r\n", b""):
                if line.startswith(b"Content-Length:"):
                    length = int(line.split(b":")[1])
            if not line or length is None:
                return
            self.received.put(json.loads(stdout.read(length)))


@pytest.fixture
def wire(tmp_path: Path) -> Iterator[Wire]:
    # a file, not a pipe: pygls logs long tracebacks, and a full pipe would stop the server
    with tempfile.TemporaryFile() as stderr:
        connection = Wire(tmp_path, stderr)
        try:
            yield connection
        finally:
            connection.close()


def answers(messages: list[Message]) -> list[Message]:
    return [message for message in messages if "id" in message and "method" not in message]


def logged(messages: list[Message]) -> list[str]:
    return [message["params"]["message"] for message in messages if message.get("method") == types.WINDOW_LOG_MESSAGE]


def refusal(code: int, reason: str, request_id: int | None = None) -> Message:
    return {"jsonrpc": "2.0", "id": request_id, "error": {"code": code, "message": reason}}


@pytest.mark.parametrize("depth", [MAX_MESSAGE_NESTING + 1, 100_000])
def test_a_message_nested_too_deeply_is_refused_unread(wire: Wire, depth: int) -> None:
    # a request, yet the answer has id null: the message is not read, so its id is not known
    settings = "[" * (depth - 2) + "]" * (depth - 2)  # inside the message's object and its params
    body = f'{{"jsonrpc":"2.0","id":5,"method":"workspace/didChangeConfiguration","params":{{"settings":{settings}}}}}'
    assert nested_deeper_than(body, depth - 1) and not nested_deeper_than(body, depth)
    wire.send(body.encode())
    before = wire.serves()
    reason = f"nested more than {MAX_MESSAGE_NESTING} levels deep; not read"
    assert answers(before) == [refusal(-32700, reason)]
    assert logged(before) == [f"ignored a message: {reason}"]


def test_a_message_nested_to_the_limit_is_answered(wire: Wire) -> None:
    # the client hands back a diagnostic whose data nests as deep as a message may: the answer
    # echoes it, and pygls serializes it recursively (it failed between 300 and 400 levels)
    uri = (wire.root / "compose.yaml").as_uri()
    wire.send(did_open(uri, PRIVILEGED))
    (diagnostic,) = wire.until(is_publish_for(uri))[-1]["params"]["diagnostics"]
    params = {"textDocument": {"uri": uri}, "range": diagnostic["range"], "context": {"diagnostics": [diagnostic]}}
    data_depth = MAX_MESSAGE_NESTING - 6  # message, params, context, diagnostics, the diagnostic, its data
    diagnostic["data"]["nested"] = json.loads("[" * data_depth + "]" * data_depth)
    body = request(7, types.TEXT_DOCUMENT_CODE_ACTION, params)
    assert not nested_deeper_than(body.decode(), MAX_MESSAGE_NESTING)
    assert nested_deeper_than(body.decode(), MAX_MESSAGE_NESTING - 1)
    wire.send(body)
    (answer,) = answers(wire.until(lambda message: message.get("id") == 7))
    assert [action["diagnostics"] for action in answer["result"]] == [[diagnostic], [diagnostic]]  # fix, suppression


@pytest.mark.parametrize(
    ("body", "code", "reason"),
    [
        (b'{"jsonrpc":"2.0","id":7,"method":"shutdown"', -32700, "not JSON (Expecting ',' delimiter"),
        (b"", -32700, "not JSON (Expecting value"),
        (
            b'{"jsonrpc":"2.0","method":"initialized","params":"\xff"}',
            -32700,
            "not UTF-8 (invalid start byte at byte 50)",
        ),
        (b"[1, 2]", -32600, "not a JSON-RPC 2.0 message"),
        (b"{}", -32600, "not a JSON-RPC 2.0 message"),
        (b'{"jsonrpc":"1.0","id":7,"method":"shutdown"}', -32600, "not a JSON-RPC 2.0 message"),
        (b'{"jsonrpc":"2.0","id":{"n":7},"method":"shutdown"}', -32600, "its id is neither a number nor a string"),
        (b'{"jsonrpc":"2.0","id":7,"method":["shutdown"]}', -32600, "its method is not a string"),
    ],
)
def test_an_unreadable_message_is_answered_with_id_null(wire: Wire, body: bytes, code: int, reason: str) -> None:
    wire.send(body)
    before = wire.serves()
    (answer,) = answers(before)
    assert answer["id"] is None and answer["error"]["code"] == code
    assert answer["error"]["message"].startswith(reason)
    assert [message.startswith(f"ignored a message: {reason}") for message in logged(before)] == [True]


def test_parameters_outside_the_protocol_are_refused(wire: Wire) -> None:
    uri = (wire.root / "compose.yaml").as_uri()
    wire.send(did_open(uri, PRIVILEGED))
    wire.until(is_publish_for(uri))
    negative = lsp_range((-3, -1), (0, 0))
    change = {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"range": negative, "text": "x"}]}
    wire.send(notification(types.TEXT_DOCUMENT_DID_CHANGE, change))
    actions = {"textDocument": {"uri": uri}, "range": negative, "context": {"diagnostics": []}}
    wire.send(request(9, types.TEXT_DOCUMENT_CODE_ACTION, actions))
    before = wire.serves()
    reason = "Invalid Params: Position.line should be in range [0:2147483647], but was -3. @ $.params"
    # a notification is not answered; a request is, with its id
    assert [(answer["id"], answer["error"]["code"]) for answer in answers(before)] == [(9, -32602)]
    assert answers(before)[0]["error"]["message"].startswith(reason)
    assert [message.split(reason)[0] for message in logged(before)] == [
        "ignored textDocument/didChange notification: ",
        "ignored textDocument/codeAction request: ",
    ]
    assert not any(message.get("method") == PUBLISH for message in before), "the change was applied"


def test_a_message_over_the_size_limit_is_skipped(wire: Wire) -> None:
    padding = b" " * (MAX_MESSAGE_BYTES + 1 - len(did_open("file:///compose.yaml", PRIVILEGED)))
    wire.send(did_open((wire.root / "compose.yaml").as_uri(), PRIVILEGED) + padding)
    before = wire.serves()
    reason = f"larger than the {MAX_MESSAGE_BYTES:,}-byte limit for a message"
    assert answers(before) == [refusal(-32700, reason)]
    assert logged(before) == [f"ignored a message: {reason}"]


def test_a_huge_content_length_is_not_allocated(wire: Wire) -> None:
    wire.write(b"Content-Length: %d\r\n\r\n{}" % 10**12)
    assert wire.process.stdin is not None
    wire.process.stdin.close()  # within the message: the server ends, as at any end of its input
    assert wire.process.wait(10) == 0, wire.errors()
    assert "MemoryError" not in wire.errors()


def test_a_header_line_longer_than_any_header_is_skipped_whole(wire: Wire) -> None:
    # read in two parts, the line's first MAX_HEADER_BYTES and then its CRLF, which must not pass
    # for the empty line that ends the headers
    uri = (wire.root / "compose.yaml").as_uri()
    body = did_open(uri, PRIVILEGED)
    long_header = b"X-Padding: ".ljust(MAX_HEADER_BYTES, b"x") + b"\r\n"
    wire.write(b"Content-Length: %d\r\n" % len(body) + long_header + b"\r\n" + body)
    before = wire.serves()
    assert [published_codes(message) for message in before if is_publish_for(uri)(message)] == [["HC201"]]
    assert logged(before) == []


# The rest is sent by pytest-lsp's client.


def warnings(client: LanguageClient) -> list[str]:
    return [message.message for message in client.log_messages if message.type == types.MessageType.Warning]


async def still_serves(client: LanguageClient, root: Path) -> None:
    """A document opened now gets its diagnostics. The server handles messages in order, so its
    warnings about the ones before have arrived by then."""
    uri = open_document(client, root / "after" / "compose.yaml", PRIVILEGED)
    while (params := await published(client)).uri != uri:
        pass
    assert codes(params) == ["HC201"]


def edit(client: LanguageClient, uri: str, version: int, *changes: tuple[types.Range, str]) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangePartial(range=at, text=text) for at, text in changes],
        )
    )


def at(line: int, character: int = 0, end_line: int | None = None, end_character: int | None = None) -> types.Range:
    end = types.Position(line if end_line is None else end_line, character if end_character is None else end_character)
    return types.Range(start=types.Position(line, character), end=end)


@pytest.mark.asyncio
async def test_a_document_over_the_size_limit_gets_one_diagnostic(tmp_path: Path) -> None:
    async with language_server(tmp_path, "--max-file-size", "1K", "--debounce", "0.05") as client:
        uri = open_document(client, tmp_path / "compose.yaml", PRIVILEGED)
        assert codes(await published(client)) == ["HC201"]
        change_document(client, uri, 2, PRIVILEGED + "# padding\n" * 100)
        (too_large,) = (await published(client)).diagnostics
        assert too_large.code == "HC001" and "larger than the 1,024-byte limit" in too_large.message
        change_document(client, uri, 3, PRIVILEGED)
        assert codes(await published(client)) == ["HC201"]


@pytest.mark.asyncio
async def test_a_change_that_adds_10_mb_is_answered_promptly(tmp_path: Path) -> None:
    async with language_server(tmp_path, "--debounce", "0.05") as client:
        uri = open_document(client, tmp_path / "compose.yaml", PRIVILEGED)
        assert codes(await published(client)) == ["HC201"]
        started = time.monotonic()
        edit(client, uri, 2, (at(3), "# padding\n" * 1024 * 1024))
        params = await published(client, timeout=30)
        elapsed = time.monotonic() - started
        assert params.version == 2 and codes(params) == ["HC001"]
        assert elapsed < 10, f"{elapsed:.1f} s"
        await still_serves(client, tmp_path)


@pytest.mark.asyncio
async def test_an_edit_beyond_the_end_is_applied_at_the_end_with_a_warning(tmp_path: Path) -> None:
    async with language_server(tmp_path, *ONLY_PRIVILEGED, "--debounce", "0.05") as client:
        uri = open_document(client, tmp_path / "compose.yaml", "services:\n  web:\n    image: nginx:1.27\n")
        assert codes(await published(client)) == []
        edit(client, uri, 2, (at(50), "    privileged: true\n"))
        assert codes(await published(client)) == ["HC201"]
        await still_serves(client, tmp_path)
    assert warnings(client) == [
        f"textDocument/didChange for {uri} edits lines 50–50, outside the document: applied at its end, "
        "so the editor's text and the one linted may differ"
    ]


@pytest.mark.asyncio
async def test_each_edit_is_checked_against_the_text_the_edits_before_it_left(tmp_path: Path) -> None:
    async with language_server(tmp_path, *ONLY_PRIVILEGED, "--debounce", "0.05") as client:
        uri = open_document(client, tmp_path / "compose.yaml", "services:\n  web:\n")
        await published(client)
        # line 3 exists only once the first edit has added it
        edit(client, uri, 2, (at(2), "    image: nginx:1.27\n    privileged: true\n"), (at(3, 16, 3, 20), "false"))
        assert codes(await published(client)) == []
    assert warnings(client) == []


@pytest.mark.asyncio
async def test_a_code_action_outside_the_document_gets_none_and_a_warning(tmp_path: Path) -> None:
    async with language_server(tmp_path) as client:
        uri = open_document(client, tmp_path / "compose.yaml", PRIVILEGED)
        (diagnostic,) = (await published(client)).diagnostics
        far = at(40, 0, 41, 3)
        context = types.CodeActionContext(diagnostics=[attrs.evolve(diagnostic, range=far)])
        actions = await client.text_document_code_action_async(
            types.CodeActionParams(text_document=types.TextDocumentIdentifier(uri=uri), range=far, context=context)
        )
        assert not actions
        await still_serves(client, tmp_path)
    assert warnings(client) == [
        f"textDocument/codeAction for {uri} asks for lines 40–41, outside the document: "
        "the editor's text and the one linted differ"
    ]


@pytest.mark.parametrize("document", ["never opened", "closed", "untitled, never opened"])
@pytest.mark.asyncio
async def test_messages_about_a_document_that_is_not_open_are_ignored_with_a_warning(
    tmp_path: Path, document: str
) -> None:
    async with language_server(tmp_path) as client:
        uri = "untitled:Untitled-9" if document.startswith("untitled") else (tmp_path / "compose.yaml").as_uri()
        if document == "closed":
            open_document(client, tmp_path / "compose.yaml", PRIVILEGED)
            await published(client)
            client.text_document_did_close(types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri)))
            assert codes(await published(client)) == []
        identifier = types.TextDocumentIdentifier(uri)
        change_document(client, uri, 2, PRIVILEGED)
        client.text_document_did_save(types.DidSaveTextDocumentParams(text_document=identifier))
        actions = await client.text_document_code_action_async(
            types.CodeActionParams(text_document=identifier, range=at(2), context=types.CodeActionContext([]))
        )
        client.text_document_did_close(types.DidCloseTextDocumentParams(identifier))
        await still_serves(client, tmp_path)
    assert not actions
    methods = ["textDocument/didChange", "textDocument/didSave", "textDocument/codeAction", "textDocument/didClose"]
    assert warnings(client) == [f"ignored {method} for {uri}, which is not open" for method in methods]
    # nothing was published for it but the clearing when it was closed
    assert (uri in client.diagnostics) is (document == "closed")
    assert not client.diagnostics.get(uri)


@pytest.mark.asyncio
async def test_a_file_uri_no_file_can_have_is_linted_as_unsaved_text(tmp_path: Path) -> None:
    uri = (tmp_path / "folder").as_uri() + "%00/compose.yaml"  # a NUL byte, which no path can hold
    async with language_server(tmp_path) as client:
        client.text_document_did_open(
            types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "dockercompose", 1, PRIVILEGED))
        )
        params = await published(client)
        assert params.uri == uri and codes(params) == ["HC201"]
        await still_serves(client, tmp_path)


@pytest.mark.asyncio
async def test_a_document_in_a_folder_the_system_refuses_does_not_stop_the_server(tmp_path: Path) -> None:
    path = tmp_path / ("a" * 300) / "compose.yaml"  # a folder name longer than any file system takes
    async with language_server(tmp_path) as client:
        open_document(client, path, PRIVILEGED)
        assert (await published(client)).uri == path.as_uri()
        await still_serves(client, tmp_path)


@pytest.mark.parametrize("goodbye", ["shutdown and exit", "stdin closed"])
def test_the_server_ends_without_a_traceback_when_its_client_goes(tmp_path: Path, goodbye: str) -> None:
    # the program flushes stdout before its exit: the server's stdout is closed by then
    with tempfile.TemporaryFile() as stderr:
        connection = Wire(tmp_path, stderr)
        try:
            connection.serves()
            if goodbye == "shutdown and exit":
                connection.send(request(99, types.SHUTDOWN, None))
                connection.send(notification(types.EXIT, None))
            assert connection.process.stdin is not None
            connection.process.stdin.close()
            assert connection.process.wait(10) == 0
            assert "Traceback" not in connection.errors()
        finally:
            connection.close()
