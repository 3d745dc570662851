"""Downloads: the filtered table as CSV (UTF-8 with BOM, so Excel reads the Chinese) and
as XLSX with a data, a sources and a notes sheet; file names that say what is inside.
"""
from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence

import pandas as pd

from indicators.dashboard.i18n import t
from indicators.safety import safe_cell


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Every text cell through ``safety.safe_cell`` (no formula, no control character);
    numbers and dates pass unchanged so they stay numbers and dates. Headers too.

    >>> safe_frame(pd.DataFrame({"q": ["=1+1", "增长\\f5%"], "n": [-2.0, 3.0]})).to_dict("list")
    {'q': ["'=1+1", '增长 5%'], 'n': [-2.0, 3.0]}
    """
    out = frame.copy()
    for c in out.columns:
        if out[c].dtype == object or pd.api.types.is_string_dtype(out[c]):
            out[c] = out[c].map(safe_cell)
    out.columns = [safe_cell(c) if isinstance(c, str) else c for c in out.columns]
    return out


def csv_bytes(table: pd.DataFrame) -> bytes:
    """CSV encoded as UTF-8 with a BOM, every text cell made safe.

    >>> csv_bytes(pd.DataFrame({"地区": ["长沙市"]}))[:3] == b"\\xef\\xbb\\xbf"
    True
    """
    return safe_frame(table).to_csv(index=False).encode("utf-8-sig")


def xlsx_bytes(table: pd.DataFrame, sources: pd.DataFrame, notes: Sequence[tuple[str, str]],
               lang: str) -> bytes:
    """A workbook: the data sheet (localized headers, header row frozen), the sources it
    came from, and notes (filters, build time, citation). Text cells are made safe; date
    cells are real Excel dates (yyyy-mm-dd)."""
    buf = io.BytesIO()
    notes_name = t("xlsx.notes", lang)
    with pd.ExcelWriter(buf, engine="openpyxl", date_format="yyyy-mm-dd") as xw:
        sheets = ((t("xlsx.data", lang), table), (t("xlsx.sources", lang), sources),
                  (notes_name, pd.DataFrame(list(notes), columns=["", " "])))
        for name, frame in sheets:
            frame = safe_frame(frame)
            frame.to_excel(xw, sheet_name=name, index=False, header=name != notes_name)
            ws = xw.sheets[name]
            ws.freeze_panes = "A2" if name != notes_name else None
            for i, col in enumerate(frame.columns, start=1):
                letter = ws.cell(row=1, column=i).column_letter
                if frame[col].map(lambda v: isinstance(v, dt.date)).any():
                    for cell in ws[letter][1:]:
                        cell.number_format = "yyyy-mm-dd"
                width = max([len(str(col))] + [len(str(v)) for v in frame[col].head(200)])
                ws.column_dimensions[letter].width = min(60, max(8, width * 1.6 + 2))
    return buf.getvalue()


def selection_label(selected: Sequence[str], default: Sequence[str], lang: str) -> str:
    """How a file name or citation names the regions: 湖南 for the default (all 14 cities
    and the province), the name when one, ``长沙市等3地`` when several.

    >>> selection_label(["长沙市", "株洲市", "湘潭市"], ["湖南省"], "zh")
    '长沙市等3地'
    """
    from indicators.dashboard.display import region_label

    if list(selected) == list(default) or not selected:
        return t("all_regions", lang)
    if len(selected) == 1:
        return region_label(selected[0], lang)
    return t("n_regions", lang, first=region_label(selected[0], lang), n=len(selected))


_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


def data_span(years) -> tuple[int, int] | None:
    """The first and last year the rows hold (a file name spans the data, not the filter).

    >>> data_span([2021, 2019, 2024]), data_span([])
    ((2019, 2024), None)
    """
    ys = [int(y) for y in years if y == y and y is not None]
    return (min(ys), max(ys)) if ys else None


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


def chart_image(spec: dict, fmt: str, width: int = 900) -> bytes:
    """A chart's spec (title, source line and URL included) as a PNG (twice the pixels) or
    SVG file, drawn on the server with vl-convert (Vega's own renderer, no browser). Text
    uses the fonts installed on the server (Noto CJK on Debian: ``fonts-noto-cjk``)."""
    import vl_convert

    fixed = {**spec, "width": width if spec.get("width") == "container" else spec.get("width")}
    if fmt == "svg":
        return vl_convert.vegalite_to_svg(fixed).encode("utf-8")
    return vl_convert.vegalite_to_png(fixed, scale=2)
