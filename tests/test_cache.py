"""The result cache: a second run is served from it, and any change to what a result depends on
(content, configuration, the files it read) makes it lint again. Its entries are data that run
nothing when read, checked field by field; its folder is private and stays within its size limit."""

from __future__ import annotations

import io
import json
import os
import pickle
import stat
import subprocess
import sys
import time
import typing
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pytest

import hullcheck.cache
import hullcheck.engine.lint
from hullcheck import records
from hullcheck.cache import ResultCache, cache_directory
from hullcheck.cli import main
from hullcheck.engine.engine_codes import INTERNAL_ERROR
from hullcheck.engine.findings import Finding, RuleInfo
from hullcheck.engine.lint import FileKind, FileResult, LintOptions, lint_file
from hullcheck.engine.registry import all_rules, catalog
from hullcheck.engine.shellcheck import code_info
from hullcheck.model.span import Span

REPOSITORY = Path(__file__).resolve().parent.parent
FIXTURES = REPOSITORY / "fixtures"
CORPUS = REPOSITORY.parent / "shared" / "corpus"

PRIVILEGED = "services:\n  web:\n    image: nginx:1.27\n    privileged: ${PRIVILEGED}\n"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "project"
    folder.mkdir()
    monkeypatch.chdir(folder)
    (folder / "Dockerfile").write_text('FROM ubuntu:latest\nUSER root\nCMD ["/app"]\n')
    (folder / "compose.yaml").write_text(PRIVILEGED)
    (folder / ".env").write_text("PRIVILEGED=true\n")
    return folder


def entries(folder: Path | None = None) -> list[Path]:
    """The files in a cache folder: by default, the one runs use."""
    return sorted(path for path in (folder or Path(cache_directory())).rglob("*") if path.is_file())


def folder_size(folder: Path) -> int:
    """What ``du -sb`` counts: the apparent size of the folder, its subfolders and files."""
    return sum(path.lstat().st_size for path in [folder, *folder.rglob("*")])


class Linted:
    """Counts the files linted rather than served from the cache."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.names: list[str] = []
        self.stderr = ""
        real = hullcheck.engine.lint.lint_bytes_steps

        def counting(data: bytes, display_path: str, *args: object, **kwargs: object) -> object:
            self.names.append(display_path)
            return real(data, display_path, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(hullcheck.engine.lint, "lint_bytes_steps", counting)

    def run(self, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[list[str], list[tuple[str, str]]]:
        """The files linted by ``hullcheck args`` and its findings as (path, rule name)."""
        self.names.clear()
        main(["--format", "json", *args])
        captured = capsys.readouterr()
        self.stderr = captured.err
        report = json.loads(captured.out)
        return sorted(self.names), sorted((finding["path"], finding["name"]) for finding in report["findings"])


def test_a_second_run_is_served_from_the_cache(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    linted = Linted(monkeypatch)
    names, first = linted.run(capsys)
    assert names == ["Dockerfile", "compose.yaml"]
    assert ("compose.yaml", "privileged-container") in first and ("Dockerfile", "root-user") in first
    names, second = linted.run(capsys)
    assert names == []
    assert second == first


def test_a_change_of_content_configuration_or_input_lints_again(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    linted = Linted(monkeypatch)
    linted.run(capsys)
    (project / "Dockerfile").write_text('FROM ubuntu:latest\nUSER app\nCMD ["/app"]\n')
    names, findings = linted.run(capsys)
    assert names == ["Dockerfile"] and ("Dockerfile", "root-user") not in findings

    names, findings = linted.run(capsys, "--ignore", "unpinned-image")
    assert names == ["Dockerfile", "compose.yaml"] and ("Dockerfile", "unpinned-image") not in findings
    (project / ".hullcheck.toml").write_text('ignore = ["privileged-container"]\n')
    names, findings = linted.run(capsys)
    assert names == ["Dockerfile", "compose.yaml"] and ("compose.yaml", "privileged-container") not in findings

    (project / ".hullcheck.toml").unlink()
    linted.run(capsys)
    (project / ".env").write_text("PRIVILEGED=false\n")  # only the .env changes: the compose file reads it
    names, findings = linted.run(capsys)
    assert names == ["compose.yaml"] and ("compose.yaml", "privileged-container") not in findings
    (project / ".env").unlink()
    names, _ = linted.run(capsys)
    assert names == ["compose.yaml"]


def test_a_file_looked_for_and_added_later_lints_again(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A Compose file's result depends on files that were absent when it was linted: a ``.env``
    (or an override file) added later changes it."""
    (project / ".env").unlink()
    linted = Linted(monkeypatch)
    linted.run(capsys)
    (project / ".env").write_text("PRIVILEGED=true\n")
    names, findings = linted.run(capsys)
    assert names == ["compose.yaml"] and ("compose.yaml", "privileged-container") in findings


def test_no_cache_neither_reads_nor_writes(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    linted = Linted(monkeypatch)
    linted.run(capsys, "--no-cache")
    assert entries() == []
    linted.run(capsys)
    names, _ = linted.run(capsys, "--no-cache")
    assert names == ["Dockerfile", "compose.yaml"]


def test_standard_input_is_never_cached(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"FROM ubuntu:latest\n")))
    main(["-", "--stdin-filename", "Dockerfile"])
    assert entries() == []


def test_a_cache_folder_that_cannot_be_created_is_not_used(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    linted = Linted(monkeypatch)
    _, expected = linted.run(capsys)
    blocked = project.parent / "blocked"
    blocked.write_text("a file where the cache folder would be\n")
    monkeypatch.setenv("HULLCHECK_CACHE_DIR", str(blocked))
    names, findings = linted.run(capsys)
    assert names == ["Dockerfile", "compose.yaml"] and findings == expected
    assert linted.stderr == f"hullcheck: warning: the cache folder {blocked} is not a folder; running without a cache\n"


def test_the_cache_lives_in_the_users_cache_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("HULLCHECK_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_directory() == str(tmp_path / "xdg" / "hullcheck")
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_directory() == str(tmp_path / "home" / ".cache" / "hullcheck")


@pytest.mark.parametrize("umask", [0o000, 0o277], ids=["umask-000", "umask-277"])
def test_a_new_cache_folder_is_private(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path, umask: int
) -> None:
    """Entries hold the source text of files with findings. A umask never widens mkdir's 0700,
    but one that takes away the user's own bits would leave folders no entry can be written in."""
    root = tmp_path / "new" / "cache"
    monkeypatch.setenv("HULLCHECK_CACHE_DIR", str(root))
    previous = os.umask(umask)
    try:
        main(["--format", "concise"])
    finally:
        os.umask(previous)
    assert entries()
    folders = [root, *(path for path in root.rglob("*") if path.is_dir())]
    assert {oct(stat.S_IMODE(folder.stat().st_mode)) for folder in folders} == {"0o700"}
    assert all(entry.stat().st_mode & 0o077 == 0 for entry in entries())


def test_a_dockerfile_missing_at_first_and_added_later_lints_again(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "compose.yaml").write_text("services:\n  web:\n    build: ./app\n")
    linted = Linted(monkeypatch)
    _, findings = linted.run(capsys, "compose.yaml")
    assert ("compose.yaml", "project-error") in findings
    (project / "app").mkdir()
    (project / "app" / "Dockerfile").write_text("FROM alpine:3.20\nUSER app\n")
    names, findings = linted.run(capsys, "compose.yaml")
    assert names == ["compose.yaml"] and ("compose.yaml", "project-error") not in findings


def test_an_input_that_is_a_fifo_is_not_opened(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A project naming a FIFO as its env_file: linting refuses it, and the cache does not block on it."""
    os.mkfifo(project / "web.env")
    (project / "compose.yaml").write_text("services:\n  web:\n    image: nginx:1.27\n    env_file: web.env\n")
    linted = Linted(monkeypatch)
    for _ in range(2):
        _, findings = linted.run(capsys, "compose.yaml")
        assert ("compose.yaml", "project-error") in findings


class CreatesFile:
    """Unpickled, it creates ``marker``: what a pickle in the cache folder could do."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Callable[..., object], tuple[str, str]]:
        return (open, (str(self.marker), "w"))


def test_entries_overwritten_with_pickles_run_nothing_and_are_misses(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The issue's bar: every entry replaced by a pickle that would create a file when loaded
    leaves no such file after the next run, which still reports what an uncached run does. A
    former hullcheck's pickle folder is removed unread."""
    marker = tmp_path / "the pickle ran"
    bomb = pickle.dumps(CreatesFile(marker))
    with pickle.loads(bomb):  # the bomb works: loading it creates the file
        pass
    marker.unlink()
    main(["--format", "json", "--no-cache"])
    uncached = capsys.readouterr().out
    main(["--format", "json"])
    capsys.readouterr()
    stored = entries()
    assert len(stored) == 2
    for entry in stored:
        entry.write_bytes(bomb)
    former = Path(cache_directory()) / "v1" / "5d" / "41402abc4b2a76b9719d911017c592"
    former.parent.mkdir(parents=True)
    former.write_bytes(bomb)

    linted = Linted(monkeypatch)
    main(["--format", "json"])
    assert capsys.readouterr().out == uncached
    assert not marker.exists()
    assert not (Path(cache_directory()) / "v1").exists()
    assert [entry.read_bytes()[:1] for entry in entries()] == [b"{", b"{"]  # stored again, as JSON
    names, _ = linted.run(capsys)
    assert names == []


def _mutated(change: Callable[[dict[str, object]], object]) -> Callable[[bytes], bytes]:
    """An entry's bytes with ``change`` made to its JSON document."""

    def mutate(data: bytes) -> bytes:
        document = json.loads(data)
        change(document)
        return json.dumps(document).encode()

    return mutate


def _first_finding(document: dict[str, object]) -> dict[str, object]:
    findings = document["result"]["findings"]  # type: ignore[index]
    return findings[0]  # type: ignore[no-any-return]


CORRUPTIONS: dict[str, Callable[[bytes], bytes]] = {
    "empty": lambda data: b"",
    "truncated": lambda data: data[: len(data) // 2],
    "not JSON": lambda data: b"\x80\x05not JSON",
    "not UTF-8": lambda data: data.replace(b"root", b"r\xffot"),
    "nested too deeply": lambda data: b"[" * 200_000,
    "another format": _mutated(lambda document: document.update(format="hullcheck result cache v1")),
    "another key": _mutated(lambda document: document.update(key="0" * 64)),
    "a list for the document": lambda data: b"[" + data + b"]",
    "an entry of no findings": _mutated(lambda document: document["result"].update(findings=None)),  # type: ignore[attr-defined]
    "a text for a line": _mutated(lambda document: _first_finding(document)["span"].update(line="2")),  # type: ignore[attr-defined]
    "a boolean for a line": _mutated(lambda document: _first_finding(document)["span"].update(line=True)),  # type: ignore[attr-defined]
    "a rule this code lacks": _mutated(lambda document: _first_finding(document).update(rule="HC999")),
    "a kind this code lacks": _mutated(lambda document: document["result"].update(kind="makefile")),  # type: ignore[attr-defined]
    "a field missing": _mutated(lambda document: _first_finding(document).pop("message")),
    "a field more": _mutated(lambda document: _first_finding(document).update(fixed=True)),
    "an input's hash a number": _mutated(lambda document: document.update(inputs={"/etc/hostname": 1})),
}


@pytest.mark.parametrize("corrupt", CORRUPTIONS.values(), ids=CORRUPTIONS.keys())
def test_a_corrupt_or_foreign_entry_is_a_miss(
    project: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    corrupt: Callable[[bytes], bytes],
) -> None:
    linted = Linted(monkeypatch)
    _, expected = linted.run(capsys, "Dockerfile")
    names, _ = linted.run(capsys, "Dockerfile")
    assert names == []  # untouched, the entry is served
    (entry,) = entries()
    entry.write_bytes(corrupt(entry.read_bytes()))
    names, findings = linted.run(capsys, "Dockerfile")
    assert names == ["Dockerfile"] and findings == expected
    assert linted.stderr == ""
    names, _ = linted.run(capsys, "Dockerfile")
    assert names == []  # stored again


def test_every_field_of_a_result_reads_back_the_same(tmp_path: Path) -> None:
    """Results of linting every fixture, and one of a failed rule, read back equal, with every
    field of theirs and of what they hold set somewhere; a finding's rule is the catalog's own."""
    cache = ResultCache.open(str(tmp_path / "cache"))
    options = LintOptions(rules=all_rules())
    failed = FileResult(
        "compose.yaml",
        FileKind.COMPOSE,
        [Finding(INTERNAL_ERROR, "compose.yaml", Span.point(1), "boom", failed_rule=all_rules()[0].info)],
        fail_on="error",
        absorbed=["/project/other.yaml"],
    )
    results = [failed]
    for path in sorted(FIXTURES.rglob("*")):
        if path.is_file():
            results.append(lint_file(str(path), path.relative_to(FIXTURES).as_posix(), options))
    catalog_infos = {id(info) for info in (*catalog(), INTERNAL_ERROR)}
    for number, result in enumerate(results):
        key = f"{number:064x}"
        cache.put(key, result)
        read = cache.get(key)
        assert read is not result
        assert read == result and repr(read) == repr(result)  # repr: Span.path is not compared
        # ShellCheck's codes read back as the one description of each
        assert all(
            id(finding.rule) in catalog_infos or finding.rule is code_info(finding.rule.code)
            for finding in [*read.findings, *read.suppressed]
        )

    stored = [item for result in results for item in _held(result)]
    assert _fields_set(stored) == {
        f"{kind.__name__}.{field.name}" for kind in _held_types(FileResult) for field in records.fields(kind)
    }


def _held(value: object) -> Iterator[object]:
    """``value`` and the record objects it holds, but for rules (stored by their code)."""
    if isinstance(value, RuleInfo):
        return
    if records.is_record(value):
        yield value
        for field in records.fields(value):
            yield from _held(getattr(value, field.name))
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _held(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _held(item)


def _held_types(form: object) -> set[type]:
    """The record classes a declared type is or holds, but for rules."""
    if form is RuleInfo:
        return set()
    if isinstance(form, type) and records.is_record(form):
        declared = hullcheck.cache.declared_types(form)
        return {form}.union(*(_held_types(declared[field.name]) for field in records.fields(form)))
    return set().union(*(_held_types(argument) for argument in typing.get_args(form)))


def _fields_set(objects: Iterable[object]) -> set[str]:
    """The record fields that hold a value other than their default in some of ``objects``."""
    found = set()
    for item in objects:
        for field in records.fields(item):  # type: ignore[arg-type]
            if field.default is not records.MISSING:
                default = field.default
            elif field.default_factory is not records.MISSING:
                default = field.default_factory()
            else:
                default = records.MISSING  # required: always set
            if getattr(item, field.name) != default:
                found.add(f"{type(item).__name__}.{field.name}")
    return found


def test_a_result_of_a_rule_outside_the_catalog_is_not_stored(tmp_path: Path) -> None:
    """Read back by its code, it would name the catalog's rule, which may say something else."""
    cache = ResultCache.open(str(tmp_path / "cache"))
    stranger = records.replace(INTERNAL_ERROR, summary="a test's rule, with an engine's code")
    cache.put(
        "0" * 64, FileResult("Dockerfile", FileKind.DOCKERFILE, [Finding(stranger, "Dockerfile", Span.point(1), "")])
    )
    assert cache.get("0" * 64) is None


@pytest.mark.parametrize(
    ("folder", "flaw"),
    [
        ("cache folder", "writable by the group"),
        ("format folder", "writable by the group"),
        ("cache folder", "owned by another user"),  # a getuid of another user: the format folder is the same one's
    ],
)
def test_a_folder_that_is_not_private_is_not_used(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], folder: str, flaw: str
) -> None:
    """Whoever can write the entries decides what a run reports: the run goes on without them."""
    linted = Linted(monkeypatch)
    _, expected = linted.run(capsys)
    shared = Path(cache_directory()) if folder == "cache folder" else Path(cache_directory()) / "v2"
    if flaw == "writable by the group":
        shared.chmod(0o770)
        problem = "can be written by other users (mode 770; chmod 700 makes it private)"
    else:
        owner = shared.stat().st_uid
        monkeypatch.setattr(os, "getuid", lambda: owner + 1)
        problem = "belongs to another user"
    before = {entry: entry.stat().st_mtime_ns for entry in entries()}
    for _ in range(2):
        names, findings = linted.run(capsys)
        assert names == ["Dockerfile", "compose.yaml"] and findings == expected
        assert linted.stderr == f"hullcheck: warning: the cache folder {shared} {problem}; running without a cache\n"
    assert {entry: entry.stat().st_mtime_ns for entry in entries()} == before


WRITER = """
import sys
from pathlib import Path
from hullcheck.cache import ResultCache
from hullcheck.engine.lint import FileKind, FileResult

directory, key, letter, size = sys.argv[1:]
cache = ResultCache(directory)
result = FileResult("Dockerfile", FileKind.DOCKERFILE, source=letter * int(size))
for _ in range(40):
    cache.put(key, result)
"""


def test_two_writers_of_one_entry_never_leave_half_of_it(tmp_path: Path) -> None:
    """Two runs storing the same key at once, with results of different sizes: a reader sees
    the whole of one of them or no entry, never a mix or a part."""
    cache = ResultCache.open(str(tmp_path / "cache"))
    key = "ab" * 32
    sources = {"a": 2_000_000, "b": 1_000}
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(cache.root), key, letter, str(size)])
        for letter, size in sources.items()
    ]
    seen = set()
    while any(writer.poll() is None for writer in writers):
        for entry in Path(cache.directory).rglob("*.json"):
            try:
                data = entry.read_bytes()
            except FileNotFoundError:  # the prune of a concurrent run, or a rename in between
                continue
            source = json.loads(data)["result"]["source"]  # fails on a part of an entry
            seen.add((source[0], len(source)))
    assert [writer.returncode for writer in writers] == [0, 0]
    assert seen <= {(letter, size) for letter, size in sources.items()} and seen
    assert [path.name for path in Path(cache.directory).rglob("*") if path.name.endswith(".part")] == []
    read = cache.get(key)
    assert read is not None and (read.source[0], len(read.source)) in sources.items()


def write_project_of_large_files(folder: Path) -> None:
    """Eight Dockerfiles with a finding, so each entry keeps its 8 KB of text."""
    for number in range(8):
        padding = "".join(f"# line {line} of a long comment in file {number}\n" for line in range(200))
        (folder / f"Dockerfile.{number}").write_text(f"FROM ubuntu:latest\n{padding}USER root\n")


def write_corpus_project(folder: Path) -> None:
    (folder / "project").symlink_to(CORPUS / "docker+awesome-compose")


@pytest.mark.parametrize(
    ("write_project", "limit"),
    [
        pytest.param(write_project_of_large_files, 384 * 1024, id="large files"),
        pytest.param(
            write_corpus_project,
            256 * 1024,
            id="corpus project",
            marks=pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not here (only CI has it)"),
        ),
    ],
)
def test_the_cache_stays_within_its_limit_over_many_configurations(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    write_project: Callable[[Path], None],
    limit: int,
) -> None:
    """20 configurations (together, their entries would take several times the limit), on up to
    2 processes: the folder, as du -sb counts it, is within the limit after every run, and not
    emptied by it."""
    monkeypatch.chdir(tmp_path)
    write_project(tmp_path)
    monkeypatch.setenv("HULLCHECK_CACHE_MAX_SIZE", str(limit))
    sizes = []
    for rule in all_rules()[:20]:  # one ignored at a time: each run still finds, and keeps the text
        main(["--format", "concise", "--jobs", "2", "--follow-symlinks", "--ignore", rule.code])
        capsys.readouterr()
        sizes.append(folder_size(Path(cache_directory())))
    assert max(sizes) <= limit and sizes[-1] > limit // 2


def result_of(size: int) -> FileResult:
    """A result whose entry takes about ``size`` bytes."""
    return FileResult("Dockerfile", FileKind.DOCKERFILE, source="x" * size)


def test_the_least_recently_used_entries_of_a_full_shard_go_first(tmp_path: Path) -> None:
    """Entries served recently outlive those written after them and not used since. Keys with
    one first digit share a shard, which holds a sixteenth of the limit: here, 8 of 12 entries."""
    cache = ResultCache.open(str(tmp_path / "cache"))
    older, newer, newest = ([f"a{kind}{number:062x}" for number in range(4)] for kind in "123")
    for key in [*older, *newer]:
        cache.put(key, result_of(10_000))
        time.sleep(0.01)  # modification times a clock tick apart
    assert all(cache.get(key) is not None for key in older)  # served: now more recent than newer
    for key in newest:
        cache.put(key, result_of(10_000))
    shard = Path(cache.root, "v2", "a")
    share = shard.stat().st_size + 8 * entries(shard)[0].stat().st_size + 100
    cache.max_size = 16 * share + os.stat(cache.root).st_size + shard.parent.stat().st_size
    cache.prune()
    assert [cache.get(key) is not None for key in [*older, *newer, *newest]] == [True] * 4 + [False] * 4 + [True] * 4
    assert folder_size(shard) <= share


def test_a_run_looks_only_at_the_shards_written_since_it_started(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Looking at an entry's size and time costs a stat: a run that stores one result pays it
    for the entries of one shard, and a run that stores none for no entry."""
    linted = Linted(monkeypatch)
    linted.run(capsys)
    earlier = time.time() - 60  # as if that run were a minute ago
    for shard in (Path(cache_directory()) / "v2").iterdir():
        os.utime(shard, (earlier, earlier))
    listed: list[str] = []
    real_files = hullcheck.cache._files

    def recording(shard: str, entry_suffix: str | None) -> object:
        listed.append(shard)
        return real_files(shard, entry_suffix)

    monkeypatch.setattr(hullcheck.cache, "_files", recording)
    assert linted.run(capsys)[0] == []
    assert listed == []
    before = entries()
    (project / "Dockerfile").write_text("FROM ubuntu:latest\nUSER app\n")
    assert linted.run(capsys)[0] == ["Dockerfile"]
    (new_entry,) = set(entries()) - set(before)
    assert listed == [str(new_entry.parent)]


def test_entries_of_another_hullcheck_go_once_unused_for_a_day(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another version, or an edited checkout, writes entries this code never reads: a pre-commit
    hook's hullcheck and the one on PATH may take turns, so they are kept a day, not forever.
    A writer's leftover temporary file goes the same way."""
    root = tmp_path / "cache"
    this_code = hullcheck.cache._code_fingerprint
    monkeypatch.setattr(hullcheck.cache, "_code_fingerprint", lambda: b"another checkout of hullcheck")
    other = ResultCache.open(str(root))
    monkeypatch.setattr(hullcheck.cache, "_code_fingerprint", this_code)
    cache = ResultCache.open(str(root))
    for key in ("0" + "1" * 63, "0" + "2" * 63):
        other.put(key, result_of(100))
    (old, recent) = entries(root)
    leftover = old.with_name(".tmp-of-a-killed-run.part")
    leftover.write_text("{")
    two_days_ago = time.time() - 2 * 24 * 3600
    for stale in (old, leftover):
        os.utime(stale, (two_days_ago, two_days_ago))
    cache.put("0" * 64, result_of(100))  # into their shard
    cache.prune()
    assert not old.exists() and not leftover.exists() and recent.exists()
    assert cache.usage().entries == 1 and cache.usage().other_entries == 1


def test_cache_info_and_clean(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = Path(cache_directory())
    main(["--format", "concise"])
    capsys.readouterr()
    size = folder_size(folder)
    assert main(["cache", "info"]) == 0
    assert capsys.readouterr().out == (
        f"folder:  {folder}\n"
        f"size:    {size / 1024 / 1024:.1f} MiB ({size:,} bytes)\n"
        "limit:   100.0 MiB (104,857,600 bytes), from $HULLCHECK_CACHE_MAX_SIZE (default 100M)\n"
        "entries: 2 of this hullcheck; 0 of others (removed by later runs)\n"
    )
    folder.chmod(0o777)
    monkeypatch.setenv("HULLCHECK_CACHE_MAX_SIZE", "512K")
    main(["cache", "info"])
    info = capsys.readouterr().out
    assert "limit:   0.5 MiB (524,288 bytes)" in info
    assert info.endswith(
        f"not used: the cache folder {folder} can be written by other users (mode 777; chmod 700 makes it private)\n"
    )

    assert main(["cache", "clean"]) == 0
    assert capsys.readouterr().out == f"removed 2 entries ({size:,} bytes) from {folder}\n"
    assert not folder.exists()
    main(["cache", "info"])
    assert "entries: 0 of this hullcheck; 0 of others" in capsys.readouterr().out


def test_a_cache_size_limit_that_is_not_a_size_is_a_usage_error(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HULLCHECK_CACHE_MAX_SIZE", "100MB")
    assert main([]) == 2
    assert capsys.readouterr().err == (
        "hullcheck: error: HULLCHECK_CACHE_MAX_SIZE: expected a size such as 4M, 512K or 100000, got '100MB'\n"
    )
