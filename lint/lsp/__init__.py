"""The language server, ``hullcheck lsp`` (the ``lsp`` extra). Only ``server`` imports pygls."""

# Seconds without a change before an edited document is linted: long enough that typing does
# not lint each keystroke, short enough to feel immediate.
DEFAULT_DEBOUNCE_SECONDS = 0.3
