"""The server's end of the connection: each message the client sends is read, handled or
refused, and none of them can stop the server.

pygls reads the messages itself and hands each body whole to ``json.loads``. Measured with
pygls 2.1: a Content-Length of a terabyte is allocated at once, and the MemoryError ends the
server; a request nested 100,000 levels deep fails to parse, and one nested 400 levels parses
but its diagnostics, echoed in the answer, cannot be serialized. A request whose parameters do
not fit the protocol (a negative line) fails in the same way. Each time the client gets no
answer and waits forever.

So hullcheck reads the messages itself (:func:`read_messages`). Size and nesting are bounded
before anything parses. A message that cannot be handled gets an answer, as JSON-RPC says: with
the request's id, or with id null when the message cannot be read at all. The server also logs a
warning in the client's log (``window/logMessage``), where editors show a server's messages.
Document sync warns instead of failing on a change to a document that is not open, and on an
edit outside the document.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Generator
from concurrent.futures import Executor
from typing import Any, BinaryIO
from urllib.parse import unquote

from cattrs import transform_error
from cattrs.errors import ClassValidationError
from lsprotocol import types
from pygls.exceptions import JsonRpcException, JsonRpcInvalidRequest, JsonRpcParseError
from pygls.protocol.language_server import LanguageServerProtocol, lsp_method
from pygls.workspace import TextDocument

from hullcheck.parsers.bounds import BoundExceeded, check_json

# A message carries at most one whole document: this is far above the size of any document worth
# linting (--max-file-size is 2 MiB by default).
MAX_MESSAGE_BYTES = 64 * 1024 * 1024
# Levels of nested arrays and objects. Real messages nest about a dozen. Answering a code action
# echoes the client's diagnostics, which pygls serializes recursively; that failed between 300
# and 400 levels.
MAX_MESSAGE_NESTING = 256
MAX_HEADER_BYTES = 1024  # a header is 'Content-Length: …' or 'Content-Type: …'
_SKIP_BYTES = 1024 * 1024  # read at a time from a message that is too large, and dropped
_CONTENT_LENGTH = re.compile(rb"Content-Length: (\d+)\r\n")


class HullcheckProtocol(LanguageServerProtocol):
    def receive(self, body: bytes) -> None:
        """Handle the message in ``body``, or refuse one that cannot be handled."""
        try:
            data = _message(body)
        except JsonRpcException as error:
            self.refuse(None, "a message", error)
            return
        method = data.get("method")
        request_id = data.get("id") if method is not None else None  # a response is not answered
        try:
            message = self.structure_message(data)
        except JsonRpcException as error:
            what = f"{method} {'request' if request_id is not None else 'notification'}" if method else "a response"
            self.refuse(request_id, what, error)
            return
        self.handle_message(message)

    def refuse(self, request_id: int | str | None, what: str, error: JsonRpcException) -> None:
        """Answer a request that cannot be handled with ``error``, and a message that cannot be read
        at all with ``error`` and id null, as JSON-RPC says (it may have been a request). Log a
        warning in the client's log either way."""
        reason = _reason(error)
        if request_id is not None or isinstance(error, (JsonRpcParseError, JsonRpcInvalidRequest)):
            # a plain dict: lsprotocol's converter leaves out an id that is None, and JSON-RPC
            # requires it (clients do not take an answer without one)
            answer = {"jsonrpc": self.VERSION, "id": request_id, "error": {"code": error.code, "message": reason}}
            self._send_data(answer)
        self.warn(f"ignored {what}: {reason}")

    def warn(self, message: str) -> None:
        """A warning in the client's log."""
        self.notify(types.WINDOW_LOG_MESSAGE, types.LogMessageParams(type=types.MessageType.Warning, message=message))

    def warn_not_open(self, method: str, uri: str) -> None:
        self.warn(f"ignored {method} for {uri}, which is not open")

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(self, params: types.DidChangeTextDocumentParams) -> Generator[Any, Any, None]:
        """pygls's document sync, which raises KeyError for a document that is not open, and
        applies an edit beyond the end at the end without a word. Each edit is checked against
        the text as the edits before it left it, as the protocol says."""
        uri = params.text_document.uri
        if unquote(uri) not in self.workspace.text_documents:
            self.warn_not_open(types.TEXT_DOCUMENT_DID_CHANGE, uri)
            return
        document = self.workspace.get_text_document(uri)
        for change in params.content_changes:
            if isinstance(change, types.TextDocumentContentChangePartial) and beyond_end(document, change.range):
                self.warn(
                    f"{types.TEXT_DOCUMENT_DID_CHANGE} for {uri} edits lines {change.range.start.line}"
                    f"–{change.range.end.line}, outside the document: applied at its end, so the editor's "
                    "text and the one linted may differ"
                )
            self.workspace.update_text_document(params.text_document, change)
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_CHANGE)) is not None:
            yield handler, (params,), None  # pygls's convention: the server's own handler runs next


async def read_messages(stdin: BinaryIO, protocol: HullcheckProtocol, executor: Executor) -> None:
    """Hand each message on ``stdin`` to ``protocol`` until the client closes it.

    A message is its headers, each ending with CRLF, an empty line, then as many bytes as its
    Content-Length header says. Other headers are skipped (Content-Type can only say UTF-8), as
    are lines that come before a Content-Length header. The reads block, so they run in ``executor``,
    as pygls's do."""
    loop = asyncio.get_running_loop()

    async def read(size: int) -> bytes:
        return await loop.run_in_executor(executor, stdin.read, size)

    async def read_line() -> bytes:
        """The next line, cut after MAX_HEADER_BYTES (the rest is read and dropped); empty at
        the end of the input."""
        line = rest = await loop.run_in_executor(executor, stdin.readline, MAX_HEADER_BYTES)
        while rest and not rest.endswith(b"\n"):
            rest = await loop.run_in_executor(executor, stdin.readline, MAX_HEADER_BYTES)
        return line

    length: int | None = None
    while line := await read_line():
        if line != b"\r\n":
            if match := _CONTENT_LENGTH.fullmatch(line):
                length = int(match.group(1))
            continue
        if length is None:
            continue
        if length > MAX_MESSAGE_BYTES:
            while length and (dropped := await read(min(length, _SKIP_BYTES))):
                length -= len(dropped)
            limit = JsonRpcParseError(f"larger than the {MAX_MESSAGE_BYTES:,}-byte limit for a message")
            protocol.refuse(None, "a message", limit)
        else:
            body = await read(length)
            if len(body) < length:
                return  # the client closed its end within a message
            protocol.receive(body)
        length = None


def beyond_end(document: TextDocument, edit: types.Range) -> bool:
    """Whether ``edit`` names a line past the end of ``document``, or ends before it starts.
    (A column past the end of its line is allowed: the protocol says it means the end of the line.)"""
    start, end = edit.start, edit.end
    if (end.line, end.character) < (start.line, start.character):
        return True
    # Each LF ends a line for pygls too (it splits as str.splitlines does), so counting LFs
    # settles the usual edit without splitting a large document into lines.
    if end.line <= document.source.count("\n"):
        return False
    lines = document.lines
    ends_with_break = not lines or lines[-1].splitlines() != [lines[-1]]
    last = len(lines) if ends_with_break else len(lines) - 1  # after a final line break: an empty line
    return end.line > last


def _message(body: bytes) -> dict[str, Any]:
    """The JSON-RPC message in ``body``, parsed. Raises JsonRpcParseError for a body that is not
    JSON or nests too deeply, and JsonRpcInvalidRequest for one that is not a message."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise JsonRpcParseError(f"not UTF-8 ({error.reason} at byte {error.start})") from None
    try:
        check_json(text, MAX_MESSAGE_NESTING)
        data = json.loads(text)
    except BoundExceeded:
        raise JsonRpcParseError(f"nested more than {MAX_MESSAGE_NESTING} levels deep; not read") from None
    except ValueError as error:
        raise JsonRpcParseError(f"not JSON ({error})") from None
    if not isinstance(data, dict) or data.get("jsonrpc") != "2.0" or ("method" not in data and "id" not in data):
        raise JsonRpcInvalidRequest("not a JSON-RPC 2.0 message")
    if "method" in data and not isinstance(data["method"], str):
        raise JsonRpcInvalidRequest("its method is not a string")
    if "id" in data and (isinstance(data["id"], bool) or not isinstance(data["id"], (int, str))):
        raise JsonRpcInvalidRequest("its id is neither a number nor a string")
    return data


def _reason(error: JsonRpcException) -> str:
    """The error's message and, for parameters that do not fit the protocol, where and why.
    pygls keeps that only as the cause."""
    cause = error.__cause__
    if not isinstance(cause, ClassValidationError):
        return error.message
    problems = transform_error(cause, format_exception=lambda exception, _: str(exception))
    return f"{error.message}: {'; '.join(problems)}"
