"""Suggestions, "did you mean …?": the nearest known word to a mistyped option, rule, key or value."""

from __future__ import annotations

from collections.abc import Iterable

TYPE_CHECKING = False
if TYPE_CHECKING:
    from hullcheck.engine.findings import RuleInfo


# how near a short word (an option, a Compose key) must be: a short word is near many others
# at the default cutoff (``service`` to ``devices``, ``--bogus`` to ``--color``)
SHORT_WORD_CUTOFF = 0.75


def did_you_mean(word: str, candidates: Iterable[str], cutoff: float = 0.6) -> str:
    """`` (did you mean 'x'?)`` for the candidate closest to ``word`` (case, leading dashes and
    ``_``/``-`` aside), or nothing when none is close."""
    import difflib  # only on a mistake: not at every start-up

    by_key = {_key(candidate): candidate for candidate in candidates}
    close = difflib.get_close_matches(_key(word), by_key, n=1, cutoff=cutoff)
    return f" (did you mean '{by_key[close[0]]}'?)" if close else ""


def did_you_mean_rule(word: str) -> str:
    """The nearest rule to a mistyped name; for a code, only one that a letter typed for a digit
    (``HC2O1``) hides: ``HC999`` is as near one code as another, so suggesting one would be a guess."""
    rules = known_rules()
    as_code = word.upper().translate(_DIGIT_LOOKALIKES)
    code = next((info.code for info in rules if info.code == as_code), None)
    return f" (did you mean '{code}'?)" if code is not None else did_you_mean(word, (info.name for info in rules))


def known_rules() -> tuple[RuleInfo, ...]:
    """Every code a user may name: the rules, the engine's selectable codes, and HC000."""
    # imported here: parsers suggest keys with this module, and do not depend on the engine
    from hullcheck.engine.engine_codes import INTERNAL_ERROR
    from hullcheck.engine.registry import catalog

    return (INTERNAL_ERROR, *catalog())


_DIGIT_LOOKALIKES = str.maketrans("OIL", "011")


def _key(word: str) -> str:
    return word.lower().lstrip("-").replace("_", "-")
