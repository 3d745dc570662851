"""Downloads: the filtered table as CSV (UTF-8 with BOM, so Excel reads the Chinese) and
as XLSX with a data, a sources and a notes sheet; file names that say what is inside.
"""
from __future__ import annotations

import io
import re
from collections.abc import Sequence

import pandas as pd

from indicators.dashboard.i18n import t


def csv_bytes(table: pd.DataFrame) -> bytes:
    """CSV encoded as UTF-8 with a BOM.

    >>> csv_bytes(pd.DataFrame({"地区": ["长沙市"]}))[:3] == b"\\xef\\xbb\\xbf"
    True
    """
    return table.to_csv(index=False).encode("utf-8-sig")


def xlsx_bytes(table: pd.DataFrame, sources: pd.DataFrame, notes: Sequence[tuple[str, str]],
               lang: str) -> bytes:
    """A workbook: the data sheet (localized headers, header row frozen), the sources it
    came from, and notes (filters, build time, citation)."""
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xw:
        sheets = ((t("xlsx.data", lang), table), (t("xlsx.sources", lang), sources),
                  (t("xlsx.notes", lang), pd.DataFrame(list(notes), columns=["", " "])))
        for name, frame in sheets:
            frame.to_excel(xw, sheet_name=name, index=False, header=name !=
                           t("xlsx.notes", lang))
            ws = xw.sheets[name]
            ws.freeze_panes = "A2" if name != t("xlsx.notes", lang) else None
            for i, col in enumerate(frame.columns, start=1):
                width = max([len(str(col))] + [len(str(v)) for v in frame[col].head(200)])
                ws.column_dimensions[ws.cell(row=1, column=i).column_letter].width = \
                    min(60, max(8, width * 1.6 + 2))
    return buf.getvalue()


def selection_label(selected: Sequence[str], default: Sequence[str], lang: str) -> str:
    """How a file name or citation names the regions: 湖南 for the default (all 14 cities
    and the province), the name when one, ``长沙市等3地`` when several.

    >>> selection_label(["长沙市", "株洲市", "湘潭市"], ["湖南省"], "zh")
    '长沙市等3地'
    """
    if list(selected) == list(default) or not selected:
        return t("all_regions", lang)
    if len(selected) == 1:
        return selected[0]
    return t("n_regions", lang, first=selected[0], n=len(selected))


_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


def export_name(regions: str, indicator: str, years: tuple[int, int] | None, ext: str) -> str:
    """``湖南_地区生产总值增长_2022-2026.csv``; characters no file system accepts become -.

    >>> export_name("湖南", "地区生产总值增长", (2022, 2026), "csv")
    '湖南_地区生产总值增长_2022-2026.csv'
    >>> export_name("Hunan", "GDP growth", (2024, 2024), "xlsx")
    'Hunan_GDP-growth_2024.xlsx'
    """
    span = "" if years is None else (str(years[0]) if years[0] == years[1]
                                     else f"{years[0]}-{years[1]}")
    parts = [_UNSAFE.sub("-", p).strip("-") for p in (regions, indicator, span) if p]
    return "_".join(parts) + f".{ext}"


def notes_rows(filters: Sequence[tuple[str, str]], updated_at: str | None, exported_at: str,
               rows: int, citation: str, lang: str) -> list[tuple[str, str]]:
    """The notes sheet: each filter on a line, then store time, export time, rows, units,
    and the citation line."""
    out = [(t("notes.filters", lang), "")] + [(f"  {k}", v) for k, v in filters]
    out += [(t("notes.built", lang), updated_at or ""), (t("notes.exported", lang), exported_at),
            (t("notes.rows", lang), str(rows)), (t("notes.units", lang),
                                                 t("notes.units_text", lang)),
            (t("notes.citation", lang), citation)]
    return out
