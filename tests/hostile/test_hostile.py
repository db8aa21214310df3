"""Every generated hostile input (tests/hostile/generate.py), run through the real command:
no run ends on a signal, at the time bound or with a traceback, none reports an internal
error or goes over the memory bound, and each input that is a problem is reported as one.

Each case is one run of ``python -m hullcheck . --jobs 1`` in a folder of its own (see
tests/hostile/harness.py for the bounds and why they are what they are); each linted syntax
also as a folder of 40 such files with ``--jobs 2``, past the 32 files that start the pool.
Cases run two at a time, one on each core of the 2-core CI machine, so the suite takes about
half its summed time. ``pytest -s`` prints every run's seconds and peak memory, slowest first;
``python tests/hostile/measure.py`` does the same without pytest. The runs are marked slow
(minutes): ``pytest -m 'not slow'`` leaves them out of a quick loop; CI runs them.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.hostile.generate import LINTED, SIZE_LIMIT, Case, cases, parallel_folders
from tests.hostile.harness import Outcome, case_problems, folder_problems, run_case, run_folder, table

CASES = list(cases())
FOLDERS = list(parallel_folders())
AT_ONCE = 2  # runs at a time


def test_names_are_unique_and_sizes_within_the_limit() -> None:
    names = [case.name for case in CASES]
    assert len(names) == len(set(names))
    too_large = [
        case.name
        for case in CASES
        if case.role == LINTED and len(case.data) > SIZE_LIMIT and not case.name.endswith("over-size")
    ]
    assert too_large == []


def test_the_generator_is_deterministic() -> None:
    again = {case.name: case for case in cases()}
    assert all(again[case.name] == case for case in CASES)


@dataclass
class Runs:
    cases: dict[str, Outcome]  # by case name
    folders: list[Outcome] = field(default_factory=list)


@pytest.fixture(scope="module")
def runs(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runs]:
    """The outcome of every case this session runs, run AT_ONCE at a time up front; at the end
    of the module, the table of all runs, slowest first (shown with ``pytest -s``)."""
    by_name = {case.name: case for case in CASES}
    wanted = [
        by_name[item.callspec.id]
        for item in request.session.items
        if isinstance(item, pytest.Function) and item.originalname == test_hostile_input.__name__
    ]
    work = tmp_path_factory.mktemp("hostile")

    def run(index: int) -> Outcome:
        return run_case(wanted[index], work / str(index))

    with ThreadPoolExecutor(AT_ONCE) as pool:
        outcomes = Runs({outcome.name: outcome for outcome in pool.map(run, range(len(wanted)))})
    yield outcomes
    print(f"\nhostile inputs, {AT_ONCE} runs at a time:\n{table([*outcomes.cases.values(), *outcomes.folders])}")


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_hostile_input(case: Case, runs: Runs) -> None:
    outcome = runs.cases[case.name]
    problems = case_problems(case, outcome)
    assert not problems, f"{case.name} ({outcome.status}, {outcome.seconds:.1f} s, {outcome.peak} MiB): " + (
        "; ".join(problems)
    )


@pytest.mark.slow
@pytest.mark.parametrize(("name", "files"), FOLDERS, ids=[name for name, _files in FOLDERS])
def test_hostile_folder_with_jobs(name: str, files: tuple[tuple[str, bytes], ...], tmp_path: Path, runs: Runs) -> None:
    outcome = run_folder(f"{name} --jobs 2", files, tmp_path, jobs=2)
    runs.folders.append(outcome)
    problems = folder_problems(outcome)
    assert not problems, f"{name} --jobs 2 ({outcome.status}, {outcome.seconds:.1f} s, {outcome.peak} MiB): " + (
        "; ".join(problems)
    )
