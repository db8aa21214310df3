"""Rule documentation: the examples in a rule's docs, and the README's generated tables (the
rules, the best-practice group, hadolint's rules and BuildKit's checks)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from hullcheck.engine.findings import RuleInfo
from hullcheck.records import Record

if TYPE_CHECKING:
    from hullcheck.engine.rule import Rule

_SECTION = re.compile(r"^## (.+?)\s*$", re.MULTILINE)
_FENCE = re.compile(r"^```(\w+)\n(.*?)^```", re.MULTILINE | re.DOTALL)
EXAMPLE_FILE_NAMES = {"dockerfile": "Dockerfile", "yaml": "compose.yaml"}
TABLE_START = "<!-- rules-table:start (generated from the rules; a test checks it) -->"
TABLE_END = "<!-- rules-table:end -->"
HADOLINT_START = "<!-- hadolint-table:start (generated from the rules' hadolint_codes; a test checks it) -->"
HADOLINT_END = "<!-- hadolint-table:end -->"
BEST_PRACTICE_START = "<!-- best-practice-table:start (generated from the rules; a test checks it) -->"
BEST_PRACTICE_END = "<!-- best-practice-table:end -->"
BUILDKIT_START = "<!-- buildkit-table:start (generated from the rules' buildkit_checks; a test checks it) -->"
BUILDKIT_END = "<!-- buildkit-table:end -->"


class Example(Record, frozen=True, slots=True):
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


# every hadolint rule (hadolint's src/Hadolint/Rule/, to DL3077 and DL4007), and BuildKit's
# build checks (https://docs.docker.com/reference/build-checks/): each has a hullcheck rule or
# a reason here, which the README's tables show and a test keeps complete
HADOLINT_CODES = (
    "DL1001",
    *(f"DL{number}" for number in range(3000, 3078)),
    "DL4000",
    "DL4001",
    *(f"DL{number}" for number in range(4003, 4008)),
)
_REMOVED = "removed from hadolint (2.0): upgrading the base image's packages applies security fixes"
HADOLINT_WITHOUT_RULE = {
    "DL1001": "`--no-inline-suppressions` (or `inline-suppressions = false`) reports what inline comments "
    "and hadolint pragmas would silence, for all of them at once",
    "DL3005": _REMOVED,
    "DL3017": _REMOVED,
    "DL3031": _REMOVED,
    "DL3039": _REMOVED,
    "DL3061": "HC001 `parse-error`: an instruction other than ARG before the first FROM is one, as BuildKit "
    "refuses the file",
}
BUILDKIT_CHECKS = (
    "StageNameCasing",
    "FromAsCasing",
    "NoEmptyContinuation",
    "ConsistentInstructionCasing",
    "DuplicateStageName",
    "ReservedStageName",
    "JSONArgsRecommended",
    "MaintainerDeprecated",
    "UndefinedArgInFrom",
    "WorkdirRelativePath",
    "UndefinedVar",
    "MultipleInstructionsDisallowed",
    "LegacyKeyValueFormat",
    "InvalidDefaultArgInFrom",
    "FromPlatformFlagConstDisallowed",
    "RedundantTargetPlatform",
    "SecretsUsedInArgOrEnv",
    "ExposeProtoCasing",
    "ExposeInvalidFormat",
    "CopyIgnoredFile",
    "InvalidDefinitionDescription",
    "InvalidBaseImagePlatform",
)
BUILDKIT_WITHOUT_RULE = {
    "InvalidBaseImagePlatform": "needs the base image's manifest from its registry; hullcheck reads files only",
}


def coverage_table(
    rules: Sequence[type[Rule]], heading: str, attribute: str, known: Sequence[str], without_rule: Mapping[str, str]
) -> str:
    """The README's table of another tool's checks (``known``: every hadolint code, every
    BuildKit check) and hullcheck's rules for each (by ``attribute``, ``hadolint_codes`` or
    ``buildkit_checks``; their pragmas and directives silence those), or why there is none."""
    by_name: dict[str, list[str]] = {}
    for rule in rules:
        for name in getattr(rule, attribute):
            by_name.setdefault(name, []).append(f"{rule.code} `{rule.name}`")
    rows = [f"| {heading} | hullcheck |", "|---|---|"]
    rows.extend(f"| {name} | {', '.join(by_name.get(name, ())) or without_rule.get(name, '')} |" for name in known)
    return "\n".join(rows)


def hadolint_table(rules: Sequence[type[Rule]]) -> str:
    return coverage_table(rules, "hadolint", "hadolint_codes", HADOLINT_CODES, HADOLINT_WITHOUT_RULE)


def buildkit_table(rules: Sequence[type[Rule]]) -> str:
    return coverage_table(rules, "BuildKit check", "buildkit_checks", BUILDKIT_CHECKS, BUILDKIT_WITHOUT_RULE)


def best_practice_table(rules: Sequence[type[Rule]]) -> str:
    """The README's table of the best-practice group."""
    rows = ["| Code | Name | Severity | hadolint | BuildKit | Summary |", "|---|---|---|---|---|---|"]
    for rule in rules:
        info = rule.info
        note = "" if info.selected_with_group else " *(selected by name only)*"
        rows.append(
            f'| <a id="{info.code.lower()}"></a>{info.code} | `{info.name}` | {info.severity.value} '
            f"| {', '.join(info.hadolint_codes)} | {', '.join(info.buildkit_checks)} "
            f"| {info.summary.replace('|', chr(92) + '|')}{note} |"
        )
    return "\n".join(rows)


def generated_blocks() -> dict[tuple[str, str], str]:
    """The README's generated blocks, by their (start, end) markers."""
    from hullcheck.engine.registry import all_rules, catalog

    off = {rule.code for rule in all_rules() if not rule.enabled_by_default and rule.group == "security"}
    # ShellCheck's rule is listed with the best-practice set, which takes it in
    beyond_security = ("best-practice", "shellcheck")
    best_practice = [rule for rule in all_rules() if rule.group in beyond_security]
    security = tuple(info for info in catalog() if info.group not in beyond_security)
    return {
        (TABLE_START, TABLE_END): rules_table(security, off),
        (BEST_PRACTICE_START, BEST_PRACTICE_END): best_practice_table(best_practice),
        (HADOLINT_START, HADOLINT_END): hadolint_table(all_rules()),
        (BUILDKIT_START, BUILDKIT_END): buildkit_table(all_rules()),
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
