"""Where a YAML comment can go: the lines whose end lies inside a scalar.

A ``#`` written at the end of such a line is part of the value (a ``command: |`` script, a
quoted string that goes on over several lines), not a comment: text appended there would change
the file's meaning. The language server asks before it appends a suppression comment.
"""

from __future__ import annotations

_BLOCK_STYLES = ("|", ">")


def lines_inside_scalars(text: str) -> frozenset[int]:
    """The 1-based lines of ``text`` whose end is inside a scalar that goes on past it.

    The YAML is scanned, not composed, so this costs little; a file that does not scan is read
    up to the error (the lines after it are reported by the parser anyway).
    """
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError
    from ruamel.yaml.tokens import ScalarToken

    inside: set[int] = set()
    tokens = YAML(typ="safe", pure=False).scan(text)
    try:
        for token in tokens:
            if not isinstance(token, ScalarToken):
                continue
            start, end = token.start_mark, token.end_mark  # 0-based lines
            if token.style in _BLOCK_STYLES:
                # the header line (``key: |``) may end in a comment; the content lines may not. A
                # block ends at column 0 of the line after its content, or at the end of the text.
                last = end.line if end.column > 0 else end.line - 1
                inside.update(range(start.line + 2, last + 2))
            else:
                # a flow scalar over several lines: every line but its last ends inside it
                inside.update(range(start.line + 1, end.line + 1))
    except YAMLError:
        pass  # a syntax error: the parser reports it; the lines before it are known
    return frozenset(inside)
