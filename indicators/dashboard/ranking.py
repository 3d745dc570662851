"""The ranked cities under the landing trend, as plain HTML bars (no chart library).

The landing view draws one chart; the 14 cities for the latest year are a glance beside it,
so they are bars made of styled elements: nothing to download or compile in the browser
(a second Vega-Lite view cost about 0.3 s on the first screen). The Compare view draws the
same ranking as a chart that can be saved. Every text is escaped.
"""
from __future__ import annotations

import html

import pandas as pd

from indicators.dashboard.display import format_number, region_colours, scale_for
from indicators.dashboard.i18n import t
from indicators.dashboard.views import line_name
from indicators.records.catalogue import display_name

PROVINCE_LINE = "#4d4d4d"


def ranking_html(frame: pd.DataFrame, indicator: str, year: int, lang: str,
                 province: float | None = None) -> str:
    """``views.compare_frame`` as rows of 位次, name, a bar and the value, with the
    province as a dashed mark on every bar.

    >>> import pandas as pd
    >>> f = pd.DataFrame({"region": ["株洲市"], "subject": [None], "rank": [1],
    ...                   "value": [8.0], "unit": ["percent"], "kind": ["actual"]})
    >>> "第1位 株洲市" in ranking_html(f, "gdp_growth", 2019, "zh", 7.6)
    True
    """
    unit, kind = frame["unit"].iat[0], frame["kind"].iat[0]
    scale = scale_for(unit, frame["value"], indicator)
    values = [v / scale.factor for v in frame["value"]]
    mark = None if province is None else province / scale.factor
    lo = min([0.0, *values, *([mark] if mark is not None else [])])
    hi = max([0.0, *values, *([mark] if mark is not None else [])]) or 1.0
    span = (hi - lo) or 1.0

    def at(x: float) -> float:
        return round(100 * (x - lo) / span, 2)

    colours = region_colours(dict.fromkeys(frame["region"]))
    rows = []
    for r, v in zip(frame.itertuples(index=False), values, strict=True):
        label = t("chart.rank_label", lang, rank=r.rank,
                  name=line_name(r.region, r.subject, lang))
        left, right = sorted((at(0.0), at(v)))
        bar = (f'<span style="position:absolute;left:{left}%;width:{right - left}%;top:2px;'
               f'bottom:2px;background:{colours[r.region]}"></span>')
        if mark is not None:
            bar += (f'<span style="position:absolute;left:{at(mark)}%;top:-2px;bottom:-2px;'
                    f'border-left:2px dashed {PROVINCE_LINE}"></span>')
        rows.append(f'<div style="white-space:nowrap;overflow:hidden;text-overflow:ellipsis">'
                    f'{html.escape(label)}</div><div style="position:relative;min-width:60px">'
                    f'{bar}</div><div style="text-align:right">'
                    f'{html.escape(format_number(v))}</div>')
    title = t("chart.rank_title", lang, year=year, indicator=display_name(indicator, lang),
              kind=t("kind." + kind, lang))
    note = "" if mark is None else (
        f'<div style="color:{PROVINCE_LINE};font-size:0.85em;margin-top:4px">┆ '
        f'{html.escape(t("chart.province_line", lang, value=format_number(mark)))}</div>')
    return (f'<figure style="margin:0" aria-label="{html.escape(title)}">'
            f'<figcaption style="font-weight:600;margin-bottom:6px">{html.escape(title)} '
            f'<span style="font-weight:400;color:#5f6b73">({html.escape(scale.label(lang))})'
            f'</span></figcaption><div style="display:grid;grid-template-columns:'
            f'minmax(6em,max-content) 1fr 5em;gap:4px 10px;line-height:1.5">{"".join(rows)}'
            f'</div>{note}</figure>')
