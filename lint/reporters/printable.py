"""Text from scanned files made safe for a terminal, and measured as a terminal shows it.

Paths, messages and source lines come from the files hullcheck reads, so they are untrusted: an
escape sequence in a ``LABEL`` could clear the screen, rewrite earlier lines (``\\r``), set the
window title or plant a hyperlink (OSC 8); a bidirectional override could make a line read
differently from what it holds ("trojan source", CVE-2021-42574); a line separator could start
a new line in a one-line format. Every such character is written as a visible escape instead:
C0 and C1 controls and DEL as ``\\x1b``, ``\\n``, ``\\r``, ``\\t``; the line and paragraph
separators, bidi embeddings, overrides, isolates and marks as ``\\u202e``.
"""

from __future__ import annotations

from hullcheck.patterns import LazyPattern

# Besides the C0 controls: DEL, the C1 controls (U+0085 and CSI U+009B among them), the Arabic
# letter mark, the left-to-right and right-to-left marks, the line and paragraph separators, the
# bidi embeddings and overrides (U+202A-U+202E) and isolates (U+2066-U+2069), and lone surrogates:
# a file name that is not UTF-8 holds its bytes as U+DC80-U+DCFF (surrogateescape), which no
# UTF-8 stream can write.
_BEYOND_C0 = "\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff"
# Compiled when first used (0.3 ms each, their ranges being wide): most text is printable
# (str.isprintable is False for each of these characters) and most JSON is ASCII without DEL.
HOSTILE = LazyPattern(f"[\x00-\x1f{_BEYOND_C0}]")
_RAW_IN_JSON = LazyPattern(f"[{_BEYOND_C0}]")  # a JSON encoder escapes the C0 controls in strings itself
_SHORT = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def escape(character: str) -> str:
    """The visible form of one hostile character."""
    code = ord(character)
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a name that is not UTF-8: shown as that byte
        code -= 0xDC00
    return _SHORT.get(character) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def printable(text: str, keep: str = "") -> str:
    """``text`` with every hostile character but those in ``keep`` written as a visible escape."""
    if text.isprintable():
        return text
    return HOSTILE.sub(lambda match: match.group() if match.group() in keep else escape(match.group()), text)


def json_safe(serialized: str) -> str:
    """JSON text with the hostile characters its encoder left raw (C1 controls, DEL, separators,
    bidi controls, lone surrogates) written as ``\\uXXXX`` escapes: the same document, safe to
    print and to write as UTF-8. They occur only inside strings, where such an escape means the
    character itself."""
    if serialized.isascii() and "\x7f" not in serialized:
        return serialized
    return _RAW_IN_JSON.sub(lambda match: f"\\u{ord(match.group()):04x}", serialized)


def width(text: str) -> int:
    """Columns a terminal gives ``text`` (printable already): two for wide East Asian characters,
    none for combining marks and format characters, one for the rest."""
    if text.isascii():  # a column for each character
        return len(text)
    return sum(_character_width(character) for character in text)


def _character_width(character: str) -> int:
    import unicodedata  # 0.5 ms to load: only for text beyond ASCII

    if unicodedata.combining(character) or unicodedata.category(character) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(character) in ("W", "F") else 1
