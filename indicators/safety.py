"""Text from documents on its way out of the program, made harmless.

A spreadsheet cell that starts with ``= + - @`` (or a tab or carriage return before one) is
read as a formula by Excel and LibreOffice; control characters such as form feeds (PDF page
breaks) are invalid in XLSX and break a whole download. Every CSV/XLSX writer in the project
passes its text cells through ``safe_cell``.
"""
from __future__ import annotations

import regex

_FORMULA_START = regex.compile(r"^[\t\r ]*[=+\-@]")
# XML 1.0 allows tab, newline and carriage return only among the C0 controls
_CONTROL = regex.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def strip_control(text: str) -> str:
    """Control characters replaced by a space (a page break is a break, not nothing).

    >>> strip_control("第一页\\f第二页\\a")
    '第一页 第二页 '
    """
    return _CONTROL.sub(" ", text)


def safe_cell(value: object) -> object:
    """A value fit for a CSV or XLSX cell: text never starts a formula nor holds controls.

    Numbers, dates and None pass unchanged, so numeric columns stay numeric (a negative
    growth rate is a number, not text starting with '-').

    >>> print(safe_cell('=HYPERLINK("http://x")'))
    '=HYPERLINK("http://x")
    >>> safe_cell("-2.1%"), safe_cell(-2.1), safe_cell("增长5%")
    ("'-2.1%", -2.1, '增长5%')
    """
    if not isinstance(value, str):
        return value
    value = strip_control(value)
    return "'" + value if _FORMULA_START.match(value) else value
