"""Text as users send it: control characters found (a NUL byte, a carriage return, ...) and
text made one line where a line is all there may be (a mail subject, a file name). No Flask."""

import re

#: Control characters (C0, DEL and C1): no single-line text holds one.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
#: The same, less newline, carriage return and tab: those are text in a multi-line field.
_CONTROL_MULTILINE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
#: A run of control characters with the spaces around it.
_CONTROL_RUN = re.compile(r"\s*[\x00-\x1f\x7f-\x9f]+\s*")


def has_control_characters(text: str, *, multiline: bool = False) -> bool:
    """Whether `text` holds a control character; with `multiline`, newlines and tabs are text."""
    return bool((_CONTROL_MULTILINE if multiline else _CONTROL).search(text))


def one_line(text: str) -> str:
    """`text` on one line: every run of control characters (CR/LF included) becomes a space."""
    return _CONTROL_RUN.sub(" ", text).strip()
