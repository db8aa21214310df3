"""Run hullcheck over the shared corpus and print what it found and what it cost.

    python tests/bench/corpus_report.py [--corpus ../shared/corpus] [--sample N]

Prints files per kind, findings per rule (every rule, the off-by-default ones included),
parse errors with their causes, internal errors, wall and CPU time and peak memory, and
optionally a random sample of findings to read for false positives. It runs in-process, in
one pass, exactly as the CLI does.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from collections import Counter
from pathlib import Path

from hullcheck.engine.lint import LintOptions
from hullcheck.engine.registry import all_rules
from hullcheck.scan import scan

DEFAULT_CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--sample", type=int, default=0, help="print N random findings (seeded) to review")
    parser.add_argument("--seed", type=int, default=4)
    arguments = parser.parse_args()
    if not arguments.corpus.is_dir():
        print(f"no corpus at {arguments.corpus}", file=sys.stderr)
        return 2

    started, cpu_started = time.perf_counter(), time.process_time()
    report = scan([str(arguments.corpus)], LintOptions(rules=all_rules()), root=str(arguments.corpus))
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    kinds = Counter(result.kind.value for result in report.results)
    print(f"files: {len(report.results)} ({', '.join(f'{kind} {count}' for kind, count in sorted(kinds.items()))})")
    print(f"time: {wall:.2f} s wall, {cpu:.2f} s CPU; peak memory {peak_mib:.0f} MiB")
    per_rule = Counter((finding.rule.code, finding.rule.name) for finding in report.findings)
    default_on = {rule.code for rule in all_rules() if rule.enabled_by_default} | {"HC001"}
    print("\nfindings per rule:")
    for rule in (*((r.code, r.name) for r in all_rules()), ("HC001", "parse-error"), ("HC000", "internal-error")):
        marker = "" if rule[0] in default_on or rule[0] == "HC000" else "  (off by default)"
        print(f"  {rule[0]} {rule[1]:<34} {per_rule.get(rule, 0):>6}{marker}")
    for code in ("HC001", "HC000"):
        problems = [f for f in report.findings if f.rule.code == code]
        if problems:
            print(f"\n{code} in:")
            for finding in problems:
                print(f"  {finding.path}:{finding.span.line}: {finding.message}")
    if arguments.sample:
        print(f"\nsample of {arguments.sample} findings (seed {arguments.seed}):")
        findings = [f for f in report.findings if f.rule.code not in ("HC000", "HC001")]
        for finding in random.Random(arguments.seed).sample(findings, min(arguments.sample, len(findings))):
            print(f"  {finding.path}:{finding.span.line}:{finding.span.column} {finding.rule.code} {finding.message}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
