"""Reading the expectations fixtures carry inline.

``# expect: <rule-name>[, <rule-name>…]`` on a whole line says the rule reports on the next
line that is not itself an expectation comment (``// expect:`` in JSON with comments).
``# ok: <rule-name>`` marks a near miss: the rule must not report on that next line. Both may stack above one line.

``# fixture-ignore: <rule-name>[, …]`` anywhere leaves those rules' findings out of the
comparison for the whole file: for note-level rules that fire on nearly every line of a
fixture about something else (every tag-pinned image is also not digest-pinned). A fixture
may not ignore the rule its folder is named after.

``# expect from <file>: <rule-name>[, …]`` says the rule reports on the next line when ``<file>``
(beside this one) is linted, not when this file is: a Dockerfile's line that a Compose service
building it adds a finding to (``# expect from compose.yaml: missing-user``).

``# run with --rule-option RULE.OPTION=VALUE`` sets a rule option for the whole file, as the
command-line flag does (docs examples use the same comment).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from hullcheck.engine.options import OptionValue, given_from_assignments, resolve
from hullcheck.engine.rule import Rule

_RULE_OPTION = re.compile(r"^\s*(?:#|//).*--rule-option[= ](\S+)")
# written as a comment of the fixture's format: ``#``, or ``//`` in JSON with comments
_EXPECTATION = re.compile(r"^\s*(?:#|//)\s*(expect|ok|fixture-ignore)(?:\s+from\s+(\S+))?:\s*(.+?)\s*$")


@dataclass
class Expectations:
    expected: Counter[tuple[int, str]] = field(default_factory=Counter)
    near_misses: set[tuple[int, str]] = field(default_factory=set)
    names: set[str] = field(default_factory=set)
    ignored: set[str] = field(default_factory=set)
    rule_options: list[str] = field(default_factory=list)  # RULE.OPTION=VALUE, as on the command line
    # what linting another file reports here (``# expect from <file>:``), by that file's name
    expected_from: dict[str, Counter[tuple[int, str]]] = field(default_factory=dict)


def read_expectations(text: str) -> Expectations:
    result = Expectations()
    pending: list[tuple[str, str | None, str]] = []
    for number, line in enumerate(text.removeprefix("\ufeff").splitlines(), start=1):
        option = _RULE_OPTION.match(line)
        if option:
            result.rule_options.append(option.group(1))
        match = _EXPECTATION.match(line)
        if match and match.group(1) == "fixture-ignore":
            names = {name.strip() for name in match.group(3).split(",")}
            result.ignored |= names
            result.names |= names
            continue
        if match:
            for name in match.group(3).split(","):
                pending.append((match.group(1), match.group(2), name.strip()))
                result.names.add(name.strip())
            continue
        for what, source, name in pending:
            if what == "expect" and source is not None:
                result.expected_from.setdefault(source, Counter())[(number, name)] += 1
            elif what == "expect":
                result.expected[(number, name)] += 1
            else:
                result.near_misses.add((number, name))
        pending = []
    return result


def settings_from_assignments(
    assignments: Sequence[str], rules: Sequence[type[Rule]]
) -> dict[str, dict[str, OptionValue]]:
    """Checked settings by rule code from ``RULE.OPTION=VALUE`` texts: every option of each rule
    named, defaults included."""
    declared = {rule.code: rule.options for rule in rules}
    return {
        code: resolve(code, declared[code], values)
        for code, values in given_from_assignments(assignments, rules).items()
    }
