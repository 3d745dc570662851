"""Tables flattened into text by PDF or web extraction: one cell per line, cells ending in '|'.

    指标名称 |
    计量单位 |
    绝对值 |
    比上年增(%) |
    第一产业增加值 |
    亿元 |
    188.99 |
    3.8 |

A header row names the columns (an indicator column, a unit column, a value column and
optionally a growth column); every following group of as many cells is a row. Row names are
matched against the same rule names as running text.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from indicators.numbers.quantities import Quantity, find_quantities

_BAR = regex.compile(r"\|")
_MAX_CELL = 40  # a cell is a name, a unit or a number: longer text between bars is prose
_CAPTION_UNIT = regex.compile(r"^单位[:：]\s*(\S{1,8})$")
_NAME_HEAD = regex.compile(r"^(?:指标(?:名称)?|项目|名称)$")
_UNIT_HEAD = regex.compile(r"^(?:计量)?单位$")
_VALUE_HEAD = regex.compile(r"^(?:绝对[值数]|数值|总量|本年|\d{4}年)$")
_GROWTH_HEAD = regex.compile(r"(?:比上年)?增(?:长|减|速)?(?:\(%\)|%|\(%\))?$")
_NUMBER = regex.compile(r"^-?\d+(?:\.\d+)?$")


@dataclass(frozen=True)
class Cell:
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class TableRow:
    """One row: its name cell, and the level and growth quantities with their spans."""

    name: Cell
    level: Quantity | None
    growth: Quantity | None


def cells(t: str) -> list[Cell]:
    """Every cell of the text, in order: the text before each '|' back to the previous bar
    or the start of its line, whether the cell shares the bar's line (工业 |) or stands on
    lines of its own between bar lines (\n295.4\n|). One pass over the bars: linear."""
    out = []
    prev = -1  # the previous bar, when only a cell's worth of text lies between
    for m in _BAR.finditer(t):
        bar = m.start()
        line_start = t.rfind("\n", 0, bar) + 1
        start = prev + 1 if prev >= 0 and bar - prev <= _MAX_CELL else line_start
        raw = t[start:bar]
        stripped = raw.strip()
        if "\n" in stripped or len(stripped) > _MAX_CELL:
            # more than a cell between two bars: the cell is the bar's own line
            raw = t[line_start:bar]
            start = line_start
            stripped = raw.strip()
        lead = len(raw) - len(raw.lstrip())
        out.append(Cell(stripped, start + lead, start + lead + len(stripped)))
        prev = bar
    return out


def rows(t: str) -> list[TableRow]:
    """Rows of every flattened table with a recognisable header.

    >>> r = rows("指标名称 |\\n计量单位 |\\n绝对值 |\\n比上年增(%) |\\n"
    ...          "工业 |\\n亿元 |\\n377.19 |\\n7.6 |")
    >>> [(x.name.text, float(x.level.value), x.level.unit, float(x.growth.value)) for x in r]
    [('工业', 37719000000.0, 'yuan', 7.6)]
    """
    if "|" not in t:
        return []
    cs = cells(t)
    out: list[TableRow] = []
    i = 0
    while i < len(cs):
        layout = _header(cs, i)
        if layout is None:
            i += 1
            continue
        width, name_col, unit_col, value_col, growth_col = layout
        caption = _caption_unit(cs, i) if unit_col is None else None
        if unit_col is None and caption is None:
            i += 1
            continue
        i += width
        while i + min(width, value_col + 1) <= len(cs):
            row = cs[i:i + width]  # the last row may lack its growth cell
            if _header(cs, i) is not None or not _NUMBER.match(row[value_col].text):
                break
            out.append(_row(row, name_col, unit_col, value_col, growth_col, caption))
            i += width
    return out


def _header(cs: list[Cell], i: int) -> tuple[int, int, int | None, int, int | None] | None:
    """(width, name, unit, value, growth) columns when a header row starts at cs[i]; the
    unit column may be missing when a caption (单位:亿元) gives the table's unit."""
    if not _NAME_HEAD.match(cs[i].text):
        return None
    cols = {"name": 0}
    j = i + 1
    while j < len(cs) and j - i < 6:
        text = cs[j].text
        if _UNIT_HEAD.match(text):
            cols["unit"] = j - i
        elif _VALUE_HEAD.match(text):
            cols["value"] = j - i
        elif _GROWTH_HEAD.search(text) and "value" in cols:
            cols["growth"] = j - i
        else:
            break
        j += 1
    if "value" not in cols:
        return None
    return j - i, cols["name"], cols.get("unit"), cols["value"], cols.get("growth")


def _caption_unit(cs: list[Cell], i: int) -> str | None:
    """The unit a caption just above the header gives the whole table (单位:亿元)."""
    for c in cs[max(0, i - 3):i]:
        m = _CAPTION_UNIT.match(c.text)
        if m:
            return m.group(1)
    return None


def _row(row: list[Cell], name_col: int, unit_col: int | None, value_col: int,
         growth_col: int | None, caption: str | None = None) -> TableRow:
    value = row[value_col]
    unit = row[unit_col].text if unit_col is not None else caption or ""
    level = _quantity(value, unit)
    growth = None
    if growth_col is not None and growth_col < len(row) and _NUMBER.match(row[growth_col].text):
        growth = _quantity(row[growth_col], "%")
    return TableRow(row[name_col], level, growth)


def _quantity(cell: Cell, unit: str) -> Quantity | None:
    """The cell's number read with the row's unit, spanning the number cell."""
    found = find_quantities(f"{cell.text}{unit}")
    if len(found) != 1 or found[0].start != 0:
        return None
    q = found[0]
    return Quantity(cell.start, cell.end, q.value, q.unit, q.qualifier)
