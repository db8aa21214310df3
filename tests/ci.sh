#!/usr/bin/env bash
# The project's one test command: `bash tests/ci.sh` (CI runs it through .ci/run).
#
# Tests what users install, not the source tree:
#   1. build the sdist and, from it, the wheel, in a throwaway build venv, from a copy of the work
#      tree (so no stale build/ folder gets into the wheel and no hullcheck.egg-info into the tree);
#   2. install that wheel with the `test` extra into a fresh venv, .ci-venv/ (gitignored);
#   3. build a wheelhouse (setuptools, wheel, the runtime dependencies) for the offline pre-commit
#      test and export it as HULLCHECK_WHEELHOUSE;
#   4. check that `import hullcheck` from the repo root resolves to the venv's site-packages;
#   5. pytest, ruff check, ruff format --check and mypy --strict on the installed package;
#   6. a few seconds of coverage-guided fuzzing per parser (tests/fuzz/fuzz.py), where atheris installs.
# Steps 4-6 all run even when one fails; the script exits non-zero if any step failed.
# Needs only python3 (3.10+) and PyPI.  Env: PYTHON (default python3), KEEP_CI_TMP=1 keeps the temp dir.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT" || exit 2
PYTHON=${PYTHON:-python3}
VENV=$ROOT/.ci-venv
VPY=$VENV/bin/python
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1 PYTHONDONTWRITEBYTECODE=1
unset PYTHONPATH PIP_REQUIRE_VIRTUALENV

tmp=$(mktemp -d "${TMPDIR:-/tmp}/hullcheck-ci.XXXXXX")
if [ "${KEEP_CI_TMP:-}" = 1 ]; then
  echo "ci.sh: keeping $tmp"
else
  trap 'rm -rf "$tmp"' EXIT
fi

start=$SECONDS
failed=()
step() { printf '\n==> %s\n' "$*"; }
# pip -q, without the "Location ... is ignored" warnings that a machine-wide pip config naming
# missing local indexes prints for every package.
pipq() {
  "$@" -q 2>&1 | grep -v -E "^WARNING: Location '[^']*' is ignored: it is neither a file nor a directory\.$"
  return "${PIPESTATUS[0]}"
}
fail() {
  failed+=("$1")
  printf '*** FAILED: %s\n' "$1"
}
# A setup step whose failure makes the rest meaningless: print its log and stop.
fatal() {
  printf '*** FAILED: %s\n' "$1"
  [ -n "${2:-}" ] && [ -f "$2" ] && tail -n 60 "$2"
  printf '\nci.sh: FAILED at setup step: %s (after %ss)\n' "$1" $((SECONDS - start))
  exit 1
}

step "python: $PYTHON"
"$PYTHON" - <<'EOF' || fatal "python 3.10+ is required"
import sys
print(sys.version.split()[0], sys.executable)
sys.exit(sys.version_info < (3, 10))
EOF

step "build the sdist and the wheel (throwaway build venv, copy of the work tree)"
"$PYTHON" - "$ROOT" "$tmp/src" <<'EOF' || fatal "copy the work tree"
import shutil
import sys
from pathlib import Path

root, target = Path(sys.argv[1]), Path(sys.argv[2])
TOP_LEVEL = {".git", ".venv", ".ci-venv", "build", "dist"}
ANYWHERE = {"__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".hypothesis"}


def ignore(directory: str, names: list[str]) -> set[str]:
    top = Path(directory) == root
    return {n for n in names if n in ANYWHERE or n.endswith(".egg-info") or (top and n in TOP_LEVEL)}


shutil.copytree(root, target, symlinks=True, ignore=ignore)
EOF
{
  "$PYTHON" -m venv "$tmp/build-venv" &&
    pipq "$tmp/build-venv/bin/python" -m pip install build &&
    "$tmp/build-venv/bin/python" -m build --outdir "$tmp/dist" "$tmp/src"
} >"$tmp/build.log" 2>&1 || fatal "build" "$tmp/build.log"
wheels=("$tmp"/dist/hullcheck-*.whl)
[ "${#wheels[@]}" = 1 ] && [ -f "${wheels[0]}" ] || fatal "build: expected one hullcheck wheel, found: ${wheels[*]}"
WHEEL=${wheels[0]}
(cd "$tmp/dist" && ls -1)

step "fresh venv $VENV with the wheel and its test extra"
rm -rf "$VENV"
"$PYTHON" -m venv "$VENV" || fatal "create $VENV"
pipq "$VPY" -m pip install "$WHEEL[test]" || fatal "pip install $(basename "$WHEEL")[test]"
export PATH="$VENV/bin:$PATH" VIRTUAL_ENV="$VENV"

step "wheelhouse for the offline pre-commit test"
if pipq "$VPY" -m pip wheel -w "$tmp/wheelhouse" setuptools wheel "$WHEEL"; then
  export HULLCHECK_WHEELHOUSE="$tmp/wheelhouse"
  (cd "$tmp/wheelhouse" && ls -1 | tr '\n' ' ' && echo)
else
  fail "wheelhouse"
fi

step "hullcheck imports from the installed wheel"
"$VPY" - <<'EOF' || fail "import check"
import sysconfig
from pathlib import Path

import hullcheck
import hullcheck.rules

site = {Path(sysconfig.get_paths()[key]).resolve() for key in ("purelib", "platlib")}
for module in (hullcheck, hullcheck.rules):
    where = Path(module.__file__).resolve()
    print(f"{module.__name__}: {where}")
    if not any(where.is_relative_to(folder) for folder in site):
        raise SystemExit(f"{module.__name__} is not imported from the venv's site-packages {sorted(map(str, site))}")
EOF

step "pytest"
"$VPY" -m pytest 2>&1 | tee "$tmp/pytest.log"
status=${PIPESTATUS[0]}
summary=$(grep -E '^=+ .* in [0-9.]+s( \([0-9:]+\))? =+$' "$tmp/pytest.log" | tail -n 1)
if [ "$status" = 5 ]; then
  fail "pytest (exit 5: no tests were collected or run, so the suite is broken)"
elif [ "$status" != 0 ]; then
  fail "pytest (exit $status)"
fi

step "ruff check lint rules tests"
"$VENV/bin/ruff" check lint rules tests || fail "ruff check"

step "ruff format --check lint rules tests"
"$VENV/bin/ruff" format --check lint rules tests || fail "ruff format --check"

step "mypy --strict -p hullcheck (the installed package)"
# its own cache: one shared with an editable install would name files in build/__editable__*
"$VENV/bin/mypy" --cache-dir "$VENV/mypy-cache" --strict -p hullcheck || fail "mypy"

step "fuzz every parser for a short fixed budget (tests/fuzz/fuzz.py)"
if "$VPY" -c "import atheris" 2>/dev/null; then
  "$VPY" tests/fuzz/fuzz.py --seconds "${HULLCHECK_FUZZ_SECONDS:-5}" || fail "fuzz"
else
  echo "atheris is not installable here: fuzzing skipped"
fi

echo
if [ "${#failed[@]}" -gt 0 ]; then
  printf 'ci.sh: %d step(s) FAILED after %ss:\n' "${#failed[@]}" $((SECONDS - start))
  printf '  - %s\n' "${failed[@]}"
  [ -n "$summary" ] && echo "$summary"
  exit 1
fi
printf 'ci.sh: all steps passed after %ss (build, install, import check, pytest, ruff, ruff format, mypy, fuzz)\n' \
  $((SECONDS - start))
[ -n "$summary" ] && echo "$summary"
exit 0
