"""A small POSIX shell tokenizer: words, pipelines and lists, with a span for every word.

Not bashlex: it parses much of bash but raises on a good part of real-world RUN lines
(it rejects unknown constructs), and costs far more time. What rules need is the words of each
simple command and which commands a pipe joins; quotes, escapes, ``$(…)``, backticks,
redirections, comments and heredoc bodies (data, skipped) are handled, and nothing is ever an
error.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from hullcheck.model.commands.programs import shell_code
from hullcheck.model.shell import Pipeline, ScriptText, ShellCommand, ShellScript
from hullcheck.model.span import Located, Span
from hullcheck.parsers.bounds import MAX_SUBSTITUTION_NESTING, nesting_message
from hullcheck.parsers.source import ParseProblem

SpanOf = Callable[[int, int], Span]

_LIST_OPERATORS = ("&&", "||", ";;", ";", "&", "\n", "(", ")", "{", "}")
_REDIRECTS = (">>", "<<<", "<<-", "<<", ">&", "<&", "&>>", "&>", ">|", "<>", ">", "<")
_BLANKS = re.compile(r"[ \t\r]+")
_PLAIN = re.compile(r"[^\s;&|<>()\\'\"$`]+|.")  # characters that need no care, in one step
_RESERVED = {"if", "then", "else", "elif", "fi", "do", "done", "while", "until", "for", "case", "esac", "in", "!"}


def parse_shell(text: str, span_of: SpanOf) -> ShellScript:
    """Tokenize ``text``; ``span_of(start, end)`` maps offsets in it to source spans. Each
    pipeline keeps both as its source.

    Raises ParseProblem where command substitutions nest deeper than MAX_SUBSTITUTION_NESTING."""
    return _Tokenizer(ScriptText(text, span_of)).run()


def add_nested_scripts(script: ShellScript) -> None:
    """``sh -c '…'`` runs its argument as a script: parse it too, located at that argument."""
    for command in list(script.commands):
        if (code := shell_code(command)) is not None:
            script.pipelines.extend(parse_shell(code.value, _whole_span(code.span)).pipelines)


def _whole_span(span: Span) -> Callable[[int, int], Span]:
    """Offsets inside a string that was dequoted map to the string's whole span."""
    return lambda _start, _end: span


class _Tokenizer:
    """Reads ``text`` from ``start``: the whole of it, or, for the script of ``$(…)``, ``<(…)``
    or ``>(…)`` (``parenthesized``), up to the ``)`` that closes it, which ``end`` is then past.
    ``depth``: the substitutions this script is in."""

    def __init__(self, source: ScriptText, start: int = 0, depth: int = 0, parenthesized: bool = False) -> None:
        self.source = source
        self.text = source.text
        self.span_of = source.span_of
        self.start = self.end = start
        self.depth = depth
        self.parenthesized = parenthesized
        # in a substitution's script, a ``)`` that closes a subshell or ends a ``case`` pattern does not close it
        self.open_parentheses = 0
        self.open_cases = 0
        self.script = ShellScript()
        self.pipeline: list[ShellCommand] = []
        self.words: list[tuple[str, str, int, int]] = []  # value, raw, start, end
        self.redirects: list[Located[str]] = []
        self.redirect_pending = False
        self.word_scripts: list[ShellScript] = []  # scripts inside the word being read
        self.heredoc_pending: bool | None = None  # after ``<<`` (False) or ``<<-`` (True): its delimiter is next
        self.heredocs: list[tuple[str, bool]] = []  # delimiters whose bodies start after the next newline
        self.substitutions: list[tuple[Span, ShellScript]] = []  # of the command being read

    def run(self) -> ShellScript:
        text, i = self.text, self.start
        while i < len(text):
            char = text[i]
            if char in " \t\r":
                i = _BLANKS.match(text, i).end()  # type: ignore[union-attr]  # matches at least char
            elif char == "#":
                newline = text.find("\n", i)
                i = len(text) if newline == -1 else newline
            elif char == "\\" and text.startswith("\\\n", i):
                i += 2
            elif char == "\n" and self.heredocs:
                self.end_pipeline()
                i = self.skip_heredoc_bodies(i + 1)
            elif text.startswith("|", i) and not text.startswith("||", i):
                self.end_command()
                i += 2 if text.startswith("|&", i) else 1
            elif (operator := next((op for op in _LIST_OPERATORS if text.startswith(op, i)), None)) and (
                operator not in "{}" or self.is_word_boundary(i + 1)
            ):
                self.end_pipeline()
                i += len(operator)
                if self.parenthesized and operator == ")":
                    if self.open_parentheses:
                        self.open_parentheses -= 1
                    elif not self.open_cases:
                        self.end = i
                        return self.script
                elif operator == "(":
                    self.open_parentheses += 1
            elif text.startswith(("<(", ">("), i):  # process substitution: a word, not a redirect
                i = self.read_word(i)
            elif redirect := self.redirect_at(i):
                self.redirect_pending = True
                if redirect.lstrip("0123456789") in ("<<", "<<-"):
                    self.heredoc_pending = redirect.endswith("-")
                i += len(redirect)
            else:
                i = self.read_word(i)
        self.end_pipeline()
        self.end = len(text)
        return self.script

    def skip_heredoc_bodies(self, i: int) -> int:
        """Past the bodies of the heredocs opened on the line that ended at ``i``: each runs to a
        line that is its delimiter (after leading tabs, for ``<<-``)."""
        text = self.text
        for delimiter, strip_tabs in self.heredocs:
            while i < len(text):
                newline = text.find("\n", i)
                end = len(text) if newline == -1 else newline
                line = text[i:end].rstrip("\r")
                i = end + 1
                if (line.lstrip("\t") if strip_tabs else line) == delimiter:
                    break
        self.heredocs = []
        return min(i, len(text))

    def is_word_boundary(self, i: int) -> bool:
        return i >= len(self.text) or self.text[i] in " \t\n;&|"

    def redirect_at(self, i: int) -> str | None:
        j = i
        while j < len(self.text) and self.text[j].isdigit():
            j += 1
        operator = next((op for op in _REDIRECTS if self.text.startswith(op, j)), None)
        if operator is None or (j > i and self.words and self.words[-1][3] == i):
            return None
        return self.text[i : j + len(operator)]

    def read_word(self, start: int) -> int:
        text, i = self.text, start
        value: list[str] = []
        while i < len(text):
            char = text[i]
            if char in " \t\r\n;&|<>()":
                if char in "<>" and text.startswith(("<(", ">("), i):  # process substitution
                    i = self.read_substitution(i, value)
                    continue
                break
            if char == "\\":
                value.append(text[i + 1 : i + 2])
                i += 2
            elif char == "'":
                end = text.find("'", i + 1)
                end = len(text) if end == -1 else end
                value.append(text[i + 1 : end])
                i = end + 1
            elif char == '"':
                i = self.read_double_quoted(i + 1, value)
            elif (char == "$" and text.startswith(("$(", "${"), i)) or char == "`":
                i = self.read_substitution(i, value)
            else:
                plain_end = _PLAIN.match(text, i).end()  # type: ignore[union-attr]  # matches at least char
                value.append(text[i:plain_end])
                i = plain_end
        self.add_word("".join(value), start, min(i, len(text)))
        return i

    def read_substitution(self, i: int, value: list[str]) -> int:
        """``$(…)``, ``<(…)``, ``>(…)``, backticks and ``${…}`` stay in the word as written; the
        commands inside the first four are parsed too, with their own spans, in the same pass
        over the text (so nesting costs no second scan)."""
        text = self.text
        if text.startswith(("${", "$(("), i):  # a variable or arithmetic: no commands inside
            end = _closing(text, i + 1)
            value.append(text[i:end])
            return end
        if self.depth == MAX_SUBSTITUTION_NESTING:
            raise ParseProblem(
                self.span_of(i, i + 1), nesting_message("command substitutions", MAX_SUBSTITUTION_NESTING)
            )
        if text[i] == "`":  # backticks do not nest unescaped: the script runs to the next one
            close = text.find("`", i + 1)
            end = len(text) if close == -1 else close + 1
            backticked = ScriptText(text[i + 1 : max(end - 1, i + 1)], self.shifted(i + 1))
            inner = _Tokenizer(backticked, depth=self.depth + 1)
            inner.run()
        else:
            inner = _Tokenizer(self.source, i + 2, self.depth + 1, parenthesized=True)
            inner.run()
            end = inner.end
        value.append(text[i:end])
        if inner.script.pipelines:
            self.word_scripts.append(inner.script)
        return end

    def shifted(self, offset: int) -> SpanOf:
        span_of = self.span_of
        return lambda start, end: span_of(offset + start, offset + end)

    def read_double_quoted(self, i: int, value: list[str]) -> int:
        text = self.text
        while i < len(text) and text[i] != '"':
            if text[i] == "\\" and i + 1 < len(text) and text[i + 1] in '"\\$`\n':
                value.append(text[i + 1] if text[i + 1] != "\n" else "")
                i += 2
            elif text.startswith(("$(", "${", "`"), i):
                i = self.read_substitution(i, value)
            else:
                value.append(text[i])
                i += 1
        return i + 1

    def add_word(self, value: str, start: int, end: int) -> None:
        span = self.span_of(start, end)
        self.substitutions.extend((span, script) for script in self.word_scripts)
        self.word_scripts = []
        if self.redirect_pending:
            self.redirects.append(Located(value, span))
            self.redirect_pending = False
            if self.heredoc_pending is not None:
                self.heredocs.append((value, self.heredoc_pending))
                self.heredoc_pending = None
            return
        if not self.words and value in _RESERVED:
            if value in ("case", "esac"):
                self.open_cases = max(self.open_cases + (1 if value == "case" else -1), 0)
            return
        self.words.append((value, self.text[start:end], start, end))

    def end_command(self) -> None:
        if self.words:
            located = tuple(Located(value, self.span_of(start, end)) for value, _raw, start, end in self.words)
            raw = tuple(raw for _value, raw, _start, _end in self.words)
            span = self.span_of(self.words[0][2], self.words[-1][3])
            self.pipeline.append(ShellCommand(located, raw, span, tuple(self.redirects), tuple(self.substitutions)))
        self.words, self.redirects, self.redirect_pending, self.substitutions = [], [], False, []

    def end_pipeline(self) -> None:
        self.end_command()
        if self.pipeline:
            self.script.pipelines.append(Pipeline(tuple(self.pipeline), self.source))
        self.pipeline = []


def _closing(text: str, open_at: int) -> int:
    """The offset after the bracket that closes the one at ``open_at`` (quotes respected)."""
    pairs = {"(": ")", "{": "}"}
    opener = text[open_at]
    closer = pairs.get(opener, ")")
    depth, i, quote = 0, open_at, ""
    while i < len(text):
        char = text[i]
        if quote:
            if char == quote:
                quote = ""
            elif char == "\\" and quote == '"':
                i += 1
        elif char in "'\"":
            quote = char
        elif char == "\\":
            i += 1
        elif char == opener:
            depth += 1
        elif char == closer:
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return len(text)
