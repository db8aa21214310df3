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

from hullcheck import records
from hullcheck.model.commands.programs import shell_code
from hullcheck.model.shell import NESTED, Pipeline, Placement, ScriptText, ShellCommand, ShellScript
from hullcheck.model.span import Located, Span
from hullcheck.parsers.bounds import MAX_SUBSTITUTION_NESTING, nesting_message
from hullcheck.parsers.source import ParseProblem
from hullcheck.patterns import LazyPattern

SpanOf = Callable[[int, int], Span]

_LIST_OPERATOR = re.compile(r"&&|\|\||;;|;|&|\n|\(|\)|\{|\}")  # tried in this order: "&&" before "&"
# what may start something other than a word: blanks, a comment, an operator, a redirect (``2>``)
_NOT_WORD_START = frozenset(" \t\r#\\\n(|&;){}<>")
_REDIRECTS = (">>", "<<<", "<<-", "<<", ">&", "<&", "&>>", "&>", ">|", "<>", ">", "<")
_BLANKS = re.compile(r"[ \t\r]+")
_PLAIN = re.compile(r"[^\s;&|<>()\\'\"$`]+|.")  # characters that need no care, in one step
_RESERVED = {"if", "then", "else", "elif", "fi", "do", "done", "while", "until", "for", "case", "esac", "in", "!"}
_OPENS = {"if", "while", "until", "for", "select", "case"}  # a compound command, closed by:
_CLOSES = {"fi", "done", "esac"}
_HEADERS = {"for", "select", "case"}  # the words after them are a header, not a command
_CHILD = Placement(child=True)
_ARRAY_ASSIGNMENT = LazyPattern(r"[A-Za-z_][A-Za-z0-9_]*\+?=")


def parse_shell(
    text: str, span_of: SpanOf, *, exact: bool = True, runner: ShellCommand | None = None, expanded: bool = False
) -> ShellScript:
    """Tokenize ``text``; ``span_of(start, end)`` maps offsets in it to source spans (``exact``:
    to each offset's own place, not the whole string's). Each pipeline keeps both as its
    source. ``runner``: the command that runs it in a new shell (``sh -c``), whose script is a
    child; ``expanded``: the shell that read it expands something in it first.

    Raises ParseProblem where command substitutions nest deeper than MAX_SUBSTITUTION_NESTING."""
    return _Tokenizer(ScriptText(text, span_of, exact, runner, expanded), child=runner is not None).run()


def add_nested_scripts(
    script: ShellScript, locate: Callable[[Located[str]], ScriptText | None] | None = None, *, expands: bool = True
) -> None:
    """``sh -c '…'`` runs its argument as a script: parse it too, located at that argument,
    offset by offset where its text can be traced to the file (a word read from shell text,
    through its quotes; what ``locate`` gives for a word of an argv list), else all of it at
    the argument's span. ``expands``: whether what split ``script``'s text into words expands
    ``$`` in them as a shell does; not Compose, which splits a string ``command`` into words and
    nothing more."""
    for pipeline in list(script.pipelines):
        for command in pipeline.commands:
            if (code := shell_code(command)) is None:
                continue
            # a word read from shell text (an argv list's has no offsets, and no shell reads it)
            index = next((i for i, word in enumerate(command.words) if word is code), None) if command.offsets else None
            positions, expands_word = read_quoted(command.raw[index]) if index is not None else (None, False)
            source = None
            if index is not None and positions is not None and pipeline.source is not None:
                source = _traced(code.value, command.offsets[index], positions, pipeline.source)
            if source is None and locate is not None:
                source = locate(code)
            # what runs is not this text where a shell expands into it first, or into the script around it
            outer = pipeline.source is not None and pipeline.source.expanded
            expanded = (expands and expands_word) or outer or (source is not None and source.expanded)
            if source is not None and source.text == code.value:
                nested = parse_shell(code.value, source.span_of, exact=source.exact, runner=command, expanded=expanded)
            else:
                span_of = _whole_span(code.span)
                nested = parse_shell(code.value, span_of, exact=False, runner=command, expanded=expanded)
            script.pipelines.extend(nested.pipelines)


def _traced(value: str, start: int, positions: list[int], source: ScriptText) -> ScriptText | None:
    """The dequoted ``value`` of the word at ``start`` in ``source``, whose characters are at
    ``positions`` in it, each offset mapped to the character it came from; None where the
    positions do not account for the value."""
    if len(positions) != len(value):
        return None
    span_of = source.span_of

    def traced(a: int, b: int) -> Span:
        first = start + (positions[a] if a < len(positions) else positions[-1] + 1 if positions else 0)
        last = start + positions[b - 1] + 1 if a < b <= len(positions) else first
        return span_of(first, last)

    return ScriptText(value, traced, source.exact)


def read_quoted(raw: str) -> tuple[list[int] | None, bool]:
    """How a shell reads the word ``raw``: for each character of its value (quotes and escapes
    removed), where it is in ``raw`` (None for a word whose value is not its characters:
    ``$'…'``, ``$"…"``); and whether the shell expands something in it (a ``$`` or backtick
    outside single quotes, not escaped)."""
    positions: list[int] = []
    expands = False
    i, quote = 0, ""
    while i < len(raw):
        char = raw[i]
        if quote == "'":
            if char == "'":
                quote = ""
            else:
                positions.append(i)
        elif char == "\\" and i + 1 < len(raw) and (not quote or raw[i + 1] in '"\\$`\n'):
            if raw[i + 1] != "\n":
                positions.append(i + 1)
            i += 1
        elif char == '"':
            quote = "" if quote else '"'
        elif char == "'" and not quote:
            quote = "'"
        else:
            if char in "$`":
                expands = True
                if not quote and raw.startswith(("$'", '$"'), i):
                    return None, True
            positions.append(i)
        i += 1
    return positions, expands


def _whole_span(span: Span) -> Callable[[int, int], Span]:
    """Offsets inside a string that was dequoted map to the string's whole span."""
    return lambda _start, _end: span


class _Tokenizer:
    """Reads ``text`` from ``start``: the whole of it, or, for the script of ``$(…)``, ``<(…)``
    or ``>(…)`` (``parenthesized``), up to the ``)`` that closes it, which ``end`` is then past.
    ``depth``: the substitutions this script is in."""

    def __init__(
        self, source: ScriptText, start: int = 0, depth: int = 0, parenthesized: bool = False, child: bool = False
    ) -> None:
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
        self.words: list[tuple[Located[str], str, int, int]] = []  # the word (its value), raw, start, end
        self.redirects: list[Located[str]] = []
        self.redirect_pending = False
        self.word_scripts: list[ShellScript] = []  # scripts inside the word being read
        self.heredoc_pending: bool | None = None  # after ``<<`` (False) or ``<<-`` (True): its delimiter is next
        self.heredocs: list[tuple[str, bool]] = []  # delimiters whose bodies start after the next newline
        self.substitutions: list[tuple[Span, ShellScript]] = []  # of the command being read
        # where commands stand, for what their variables hold: a substitution's commands and a
        # ``sh -c`` script's are never at the top level of the script
        self.nested = _CHILD if child else NESTED
        self.at_top = not depth and not child
        # the compound commands open around the one being read: what opened each (``{``, ``(``,
        # ``if``, ``case`` …) and the outermost function definition it is in
        self.open_compounds: list[tuple[str, Span | None]] = []
        self.function_name: Span | None = None  # a function's name was read: its body opens next
        self.conditional = False  # after ``&&`` or ``||``: the pipeline may not run
        self.list_continues = False  # ``&&`` or ``||`` was read, and no word since: a newline goes on
        self.header: str | None = None  # the words being read follow ``for``, ``select``, ``case``

    def run(self) -> ShellScript:
        text, i = self.text, self.start
        while i < len(text):
            char = text[i]
            if char not in _NOT_WORD_START and not char.isdigit():  # most tokens: no operator to look for
                i = self.read_word(i)
            elif char in " \t\r":
                i = _BLANKS.match(text, i).end()  # type: ignore[union-attr]  # matches at least char
            elif char == "#":
                newline = text.find("\n", i)
                i = len(text) if newline == -1 else newline
            elif char == "\\" and text.startswith("\\\n", i):
                i += 2
            elif char == "\n" and self.heredocs:
                self.end_pipeline()
                i = self.skip_heredoc_bodies(i + 1)
            elif text.startswith("((", i) and not self.words:
                i = self.read_arithmetic(i)
            elif text.startswith("|", i) and not text.startswith("||", i):
                self.end_command()
                i += 2 if text.startswith("|&", i) else 1
            elif (listed := _LIST_OPERATOR.match(text, i)) and (
                (operator := listed.group()) not in "{}" or self.is_word_boundary(i + 1)
            ):
                if operator in "({" and (after_name := self.function_header(operator, i)) is not None:
                    i = after_name
                    continue
                self.end_pipeline(operator)
                i += len(operator)
                if self.parenthesized and operator == ")":
                    if self.open_parentheses:
                        self.open_parentheses -= 1
                    elif not self.open_cases:
                        self.end = i
                        return self.script
                elif operator == "(":
                    self.open_parentheses += 1
                self.follow_compounds(operator)
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

    def read_arithmetic(self, start: int) -> int:
        """``(( … ))``: one command of one word, the expression, with header "((" (it may
        assign variables: ``(( n += 1 ))``)."""
        end = closing_bracket(self.text, start)
        inner_end = max(end - 2, start + 2)
        expression = self.text[start + 2 : inner_end]
        self.words.append((Located(expression, self.span_of(start + 2, inner_end)), expression, start + 2, inner_end))
        self.header = "(("
        self.list_continues = False
        return end

    def function_header(self, operator: str, i: int) -> int | None:
        """At ``(`` after one word and before ``)`` (``name()``), or at ``(`` or ``{`` after
        ``function name``: a function definition. Its name is no command; the index after the
        header, or None when this is not one."""
        words = [word.value for word, _raw, _start, _end in self.words]
        keyword = len(words) == 2 and words[0] == "function"
        if self.pipeline or not (len(words) == 1 or keyword):
            return None
        close = _BLANKS.match(self.text, i + 1)
        after = close.end() if close else i + 1
        if operator == "(" and self.text.startswith(")", after):
            end = after + 1
        elif keyword:
            end = i
        else:
            return None
        _value, _raw, start, name_end = self.words[-1]
        self.function_name = self.span_of(start, name_end)
        self.words = []
        return end

    def follow_compounds(self, operator: str) -> None:
        """Open or close a compound command at a list operator, and know whether the next
        pipeline runs unconditionally."""
        if operator in ("&&", "||"):
            self.conditional = self.list_continues = True
        elif operator in (";", "&", ";;") or (operator == "\n" and not self.list_continues):
            self.conditional = False
        if operator in "({":
            self.open_compound(operator)
        elif operator in ")}" and self.open_compounds:
            opener = self.open_compounds[-1][0]
            if (operator == ")" and opener == "(") or (operator == "}" and opener == "{"):
                self.open_compounds.pop()

    def open_compound(self, opener: str) -> None:
        outer = self.open_compounds[-1][1] if self.open_compounds else None
        self.open_compounds.append((opener, outer or self.function_name))
        self.function_name = None

    def placement(self) -> Placement:
        function = self.open_compounds[-1][1] if self.open_compounds else None
        if not self.at_top:
            return self.nested if function is None else Placement(function=function, child=self.nested.child)
        top_level = not self.open_compounds and not self.conditional
        return Placement(top_level=top_level, function=function)

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
                if char == "(" and _ARRAY_ASSIGNMENT.fullmatch(text, start, i):  # ``NAME=(a b)``: one word
                    end = closing_bracket(text, i)
                    value.append(text[i:end])
                    i = end
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
            end = closing_bracket(text, i + 1)
            value.append(text[i:end])
            return end
        if self.depth == MAX_SUBSTITUTION_NESTING:
            raise ParseProblem(
                self.span_of(i, i + 1), nesting_message("command substitutions", MAX_SUBSTITUTION_NESTING)
            )
        if text[i] == "`":  # backticks do not nest unescaped: the script runs to the next one
            close = text.find("`", i + 1)
            end = len(text) if close == -1 else close + 1
            backticked = ScriptText(text[i + 1 : max(end - 1, i + 1)], self.shifted(i + 1), self.source.exact)
            inner = _Tokenizer(backticked, depth=self.depth + 1, child=self.nested.child)
            inner.run()
        else:
            inner = _Tokenizer(self.source, i + 2, self.depth + 1, parenthesized=True, child=self.nested.child)
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
        if not self.words and (value in _RESERVED or value == "select"):
            if value in ("case", "esac"):
                self.open_cases = max(self.open_cases + (1 if value == "case" else -1), 0)
            if value in _OPENS:
                self.open_compound(value)
                self.header = value if value in _HEADERS else None
            elif value in _CLOSES and self.open_compounds and self.open_compounds[-1][0] not in "({":
                self.open_compounds.pop()
            return
        self.words.append((Located(value, span), self.text[start:end], start, end))
        self.list_continues = False

    def end_command(self) -> None:
        if self.words:
            located = tuple(word for word, _raw, _start, _end in self.words)
            raw = tuple(raw for _value, raw, _start, _end in self.words)
            span = self.span_of(self.words[0][2], self.words[-1][3])
            redirects, substitutions = tuple(self.redirects), tuple(self.substitutions)
            placement, header = self.placement(), self.header
            offsets = tuple(start for _value, _raw, start, _end in self.words)
            self.pipeline.append(ShellCommand(located, raw, span, redirects, substitutions, placement, header, offsets))
            self.function_name = None  # a simple command after a function's name: no definition
        self.words, self.redirects, self.redirect_pending, self.substitutions = [], [], False, []
        self.header = None

    def end_pipeline(self, operator: str = "") -> None:
        """End the pipeline being read at ``operator``: one in the background (``&``) or of
        several commands runs in a subshell."""
        self.end_command()
        commands = self.pipeline
        if (len(commands) > 1 or operator == "&") and any(command.placement.top_level for command in commands):
            commands = [records.replace(command, placement=Placement()) for command in commands]
        if commands:
            self.script.pipelines.append(Pipeline(tuple(commands), self.source))
        self.pipeline = []


def closing_bracket(text: str, open_at: int) -> int:
    """The offset after the bracket that closes the one at ``open_at`` (quotes respected)."""
    return bracket_closes(text, open_at).get(open_at, len(text))


def bracket_closes(text: str, open_at: int) -> dict[int, int]:
    """For the bracket at ``open_at`` and each of the same kind inside it, outside quotes: the
    offset after the bracket that closes it, found in one pass (a word of brackets nested 100,000
    deep is read once, not once for each)."""
    opener = text[open_at]
    closer = "}" if opener == "{" else ")"
    closes: dict[int, int] = {}
    opened: list[int] = []
    i, quote = open_at, ""
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
            opened.append(i)
        elif char == closer:
            closes[opened.pop()] = i + 1
            if not opened:
                break
        i += 1
    return closes
