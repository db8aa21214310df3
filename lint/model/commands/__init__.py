"""Facts about shell commands and sources that several rules ask about, by topic: which program
runs (programs), downloads and what runs them (downloads), what turns TLS or signature
verification off (verification), and ADD sources (sources). Everything here reads the words of
the parsed :class:`~hullcheck.model.shell.ShellCommand`; the only text read inside a word is a
command substitution (``$(…)``, ``<(…)``, backticks), which the shell tokenizer keeps as one word.
"""

# The Dockerfile parser hands out the same ShellScript object for an unchanged RUN line (see
# parsers.dockerfile._run_script), so an editor's re-lint finds the answers of whole scripts
# by identity: a memo of this many scripts.
SCRIPT_MEMO = 1024
