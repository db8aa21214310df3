"""Reading the expectations fixtures carry inline.

``# expect: <rule-name>[, <rule-name>…]`` on a whole line says the rule reports on the next
line that is not itself an expectation comment. ``# ok: <rule-name>`` marks a near miss: the
rule must not report on that next line. Both may stack above one line.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

_EXPECTATION = re.compile(r"^\s*#\s*(expect|ok):\s*(.+?)\s*$")


@dataclass
class Expectations:
    expected: Counter[tuple[int, str]] = field(default_factory=Counter)
    near_misses: set[tuple[int, str]] = field(default_factory=set)
    names: set[str] = field(default_factory=set)


def read_expectations(text: str) -> Expectations:
    result = Expectations()
    pending: list[tuple[str, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = _EXPECTATION.match(line)
        if match:
            for name in match.group(2).split(","):
                pending.append((match.group(1), name.strip()))
                result.names.add(name.strip())
            continue
        for what, name in pending:
            if what == "expect":
                result.expected[(number, name)] += 1
            else:
                result.near_misses.add((number, name))
        pending = []
    return result
