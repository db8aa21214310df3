"""Rule documentation: the examples in a rule's docs and the README's generated rules table."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from hullcheck.engine.findings import RuleInfo

if TYPE_CHECKING:
    from hullcheck.engine.rule import Rule

_SECTION = re.compile(r"^## (.+?)\s*$", re.MULTILINE)
_FENCE = re.compile(r"^```(\w+)\n(.*?)^```", re.MULTILINE | re.DOTALL)
EXAMPLE_FILE_NAMES = {"dockerfile": "Dockerfile", "yaml": "compose.yaml"}
TABLE_START = "<!-- rules-table:start (generated from the rules; a test checks it) -->"
TABLE_END = "<!-- rules-table:end -->"
HADOLINT_START = "<!-- hadolint-table:start (generated from the rules' hadolint_codes; a test checks it) -->"
HADOLINT_END = "<!-- hadolint-table:end -->"


@dataclass(frozen=True, slots=True)
class Example:
    language: str  # the code fence's tag: dockerfile or yaml
    code: str
    triggers: bool  # True for "Example", False for "Use instead"

    @property
    def file_name(self) -> str:
        return EXAMPLE_FILE_NAMES[self.language]


def sections(docs: str) -> dict[str, str]:
    """The docs' ``## Heading`` sections by heading, in order."""
    matches = list(_SECTION.finditer(docs))
    return {
        match.group(1): docs[match.end() : matches[index + 1].start() if index + 1 < len(matches) else len(docs)]
        for index, match in enumerate(matches)
    }


def examples(info: RuleInfo) -> list[Example]:
    """The code blocks of the "Example" (must trigger) and "Use instead" (must not) sections."""
    found: list[Example] = []
    for heading, triggers in (("Example", True), ("Use instead", False)):
        for fence in _FENCE.finditer(sections(info.docs).get(heading, "")):
            found.append(Example(fence.group(1).lower(), fence.group(2), triggers))
    return found


def rules_table(rules: tuple[RuleInfo, ...], off_by_default: set[str]) -> str:
    """The README's rules table, in Markdown."""
    rows = [
        "| Code | Name | Severity | Summary |",
        "|---|---|---|---|",
    ]
    for info in rules:
        note = " *(off by default)*" if info.code in off_by_default else ""
        summary = info.summary.replace("|", "\\|")
        rows.append(
            f'| <a id="{info.code.lower()}"></a>{info.code} | `{info.name}` | {info.severity.value} | {summary}{note} |'
        )
    return "\n".join(rows)


def hadolint_table(rules: Sequence[type[Rule]]) -> str:
    """The README's table of hadolint codes and the hullcheck rules their pragmas silence."""
    by_code: dict[str, list[str]] = {}
    for rule in rules:
        for code in rule.hadolint_codes:
            by_code.setdefault(code, []).append(f"{rule.code} `{rule.name}`")
    rows = ["| hadolint | silences in hullcheck |", "|---|---|"]
    rows.extend(f"| {code} | {', '.join(names)} |" for code, names in sorted(by_code.items()))
    return "\n".join(rows)


def generated_blocks() -> dict[tuple[str, str], str]:
    """The README's generated blocks, by their (start, end) markers."""
    from hullcheck.engine.registry import all_rules, catalog

    off = {rule.code for rule in all_rules() if not rule.enabled_by_default}
    # the best-practice group has its own table, written when the group is complete (#15)
    security = tuple(rule for rule in all_rules() if rule.group == "security")
    return {
        (TABLE_START, TABLE_END): rules_table(tuple(info for info in catalog() if info.group != "best-practice"), off),
        (HADOLINT_START, HADOLINT_END): hadolint_table(security),
    }


def refresh_readme(path: Path) -> bool:
    """Rewrite the generated blocks between their markers in ``path``; True when it changed."""
    text = path.read_text(encoding="utf-8")
    updated = text
    for (start, end), block in generated_blocks().items():
        before, rest = updated.split(start, 1)
        _, after = rest.split(end, 1)
        updated = f"{before}{start}\n{block}\n{end}{after}"
    if updated != text:
        path.write_text(updated, encoding="utf-8")
    return updated != text


if __name__ == "__main__":  # python -m hullcheck.docs README.md
    import sys

    for name in sys.argv[1:]:
        print(f"{name}: {'updated' if refresh_readme(Path(name)) else 'current'}")
