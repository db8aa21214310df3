"""Time from an edit to its diagnostics in ``hullcheck lsp``, on a 300-line Dockerfile and a
300-line Compose file.

    python tests/bench/lsp_latency.py [--runs 30] [--debounce 0.3] [--extend-select best-practice] [--shellcheck]

Starts the server as an editor does (``python -m hullcheck lsp`` over stdio, driven by
pytest-lsp's client), opens each document, then sends ``runs`` whole-document changes, one at a
time, each flipping one image tag so the findings change, and times each from sending
``didChange`` to receiving its ``publishDiagnostics``. It prints the median, the fastest and the
slowest, once with the given debounce (what a user waits for after the last keystroke) and once
with no debounce (linting plus the round trip). ``--extend-select`` is passed to the server (the
best-practice group runs some 80 more rules; it takes in ShellCheck, whose findings on scripts
an edit leaves alone are published with the rest). ``--shellcheck`` selects ShellCheck and
also edits a RUN script with each change, so ShellCheck runs again: it times the first publish
(the other rules) and the second (with ShellCheck's findings) of each change. Not a test:
numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from hullcheck.lsp import DEFAULT_DEBOUNCE_SECONDS

LINES = 300


def dockerfile(lines: int) -> str:
    """A multi-stage Dockerfile of ``lines`` lines, the kinds of instruction real ones have."""
    out = ["# syntax=docker/dockerfile:1", "ARG BASE=debian:12.5", ""]
    stage = 0
    while len(out) < lines - 4:
        out += [
            f"FROM ${{BASE}} AS stage{stage}",
            "ENV DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8",
            "RUN apt-get update \\",
            "    && apt-get install -y --no-install-recommends curl ca-certificates git \\",
            "    && rm -rf /var/lib/apt/lists/*",
            f"WORKDIR /src/stage{stage}",
            "COPY requirements.txt .",
            "RUN pip install --no-cache-dir -r requirements.txt",
            "COPY . .",
            f"RUN curl -fsSL https://example.com/install-{stage}.sh | sh",
            "EXPOSE 8080",
            "",
        ]
        stage += 1
    out += ["FROM debian:12.5", "COPY --from=stage0 /src /app", "USER app", 'CMD ["/app/run"]']
    return "\n".join(out[:lines]) + "\n"


def compose(lines: int) -> str:
    """A Compose file of ``lines`` lines: services with images, ports, volumes and environment."""
    out = ["services:"]
    service = 0
    while len(out) < lines:
        out += [
            f"  service{service}:",
            f"    image: registry.example.com/team/service{service}:1.{service}.0",
            "    restart: unless-stopped",
            "    ports:",
            f'      - "{8000 + service}:8080"',
            "    volumes:",
            f"      - ./data/service{service}:/var/lib/data",
            "      - /var/run/docker.sock:/var/run/docker.sock" if service % 5 == 0 else "      - cache:/cache",
            "    environment:",
            "      LOG_LEVEL: info",
            f"      SERVICE_NAME: service{service}",
            "    security_opt:",
            '      - "no-new-privileges:true"',
        ]
        service += 1
    return "\n".join([*out[: lines - 2], "volumes:", "  cache: {}"]) + "\n"


def edited(text: str, run: int, script: bool = False) -> str:
    """``text`` with one image tag changed: alternately floating (``latest``) and pinned; with
    ``script``, a RUN's script too (a Dockerfile's)."""
    first = "FROM ${BASE} AS stage0\n"  # (the last stage's FROM debian:12.5 is cut off at 300 lines)
    if first in text:
        if script and run % 2:
            text = text.replace("requirements.txt\n", "requirements.txt $EXTRA\n", 1)
        return text.replace(first, f"FROM debian:{'latest' if run % 2 else '12.5'} AS stage0\n", 1)
    return text.replace("service0:1.0.0", f"service0:{'latest' if run % 2 else '1.0.0'}", 1)


def published_queue(client: LanguageClient) -> asyncio.Queue[types.PublishDiagnosticsParams]:
    """Every publishDiagnostics, in order (waiting for the next one misses one that comes
    while no one waits)."""
    queue: asyncio.Queue[types.PublishDiagnosticsParams] = asyncio.Queue()
    handle = client.protocol._handle_notification

    def recording(method: str, params: object) -> None:
        if method == types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS:
            assert isinstance(params, types.PublishDiagnosticsParams)
            queue.put_nowait(params)
        handle(method, params)

    client.protocol._handle_notification = recording  # type: ignore[method-assign]
    return queue


async def measure(
    text: str, name: str, runs: int, debounce: float, folder: Path, extend_select: list[str], script: bool = False
) -> tuple[list[float], list[float]]:
    """The seconds from each change to its first publish, and (``script``: a RUN's script
    edited, ShellCheck selected) to its second."""
    command = [sys.executable, "-m", "hullcheck", "lsp", "--debounce", str(debounce)]
    command += [f"--extend-select={selector}" for selector in extend_select]
    client = await ClientServerConfig(server_command=command).start()
    assert isinstance(client, LanguageClient)
    publishes = published_queue(client)
    try:
        await client.initialize_session(
            types.InitializeParams(capabilities=client_capabilities("visual-studio-code"), root_uri=folder.as_uri())
        )
        uri = (folder / name).as_uri()
        client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(uri=uri, language_id="", version=1, text=text)
            )
        )
        await publishes.get()
        await asyncio.sleep(1.0)  # ShellCheck's publish after it, if selected
        while not publishes.empty():
            publishes.get_nowait()
        seconds, whole = [], []
        for run in range(1, runs + 1):
            change = types.TextDocumentContentChangeWholeDocument(text=edited(text, run, script))
            started = time.perf_counter()
            client.text_document_did_change(
                types.DidChangeTextDocumentParams(
                    text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=run + 1),
                    content_changes=[change],
                )
            )
            params = await publishes.get()
            seconds.append(time.perf_counter() - started)
            assert params.version == run + 1, "diagnostics for another version"
            if script and name == "Dockerfile":
                params = await asyncio.wait_for(publishes.get(), 30)
                whole.append(time.perf_counter() - started)
                assert params.version == run + 1, "diagnostics for another version"
        return seconds, whole
    finally:
        await client.shutdown_session()
        await client.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--debounce", type=float, default=DEFAULT_DEBOUNCE_SECONDS)
    parser.add_argument("--extend-select", action="append", default=[], metavar="RULES")
    parser.add_argument(
        "--shellcheck", action="store_true", help="select ShellCheck, edit a script each change, time both publishes"
    )
    arguments = parser.parse_args()
    script = arguments.shellcheck
    if script:
        arguments.extend_select.append("shellcheck")
    documents = {"Dockerfile": dockerfile(LINES), "compose.yaml": compose(LINES)}
    for name, text in documents.items():
        assert text.count("\n") == LINES, f"{name} has {text.count(chr(10))} lines"
    extended = f", --extend-select {','.join(arguments.extend_select)}" if arguments.extend_select else ""
    print(f"didChange -> publishDiagnostics, {arguments.runs} changes each{extended}, median (min-max):")
    with tempfile.TemporaryDirectory() as folder:
        for debounce in (arguments.debounce, 0.0):
            for name, text in documents.items():
                timed = measure(text, name, arguments.runs, debounce, Path(folder), arguments.extend_select, script)
                seconds, whole = asyncio.run(timed)
                print(f"  {name:<13} {LINES} lines, debounce {debounce:.2f} s: {_spread(seconds)}")
                if whole:
                    print(f"  {'':<13} then with ShellCheck's findings: {_spread(whole)}")
    return 0


def _spread(seconds: list[float]) -> str:
    """The median, and the fastest and slowest, in milliseconds."""
    return f"{statistics.median(seconds) * 1000:6.1f} ms ({min(seconds) * 1000:.1f}-{max(seconds) * 1000:.1f})"


if __name__ == "__main__":
    sys.exit(main())
