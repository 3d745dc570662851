"""Which value a view shows when sources disagree, by a rule an analyst can state:

1. a final figure beats a preliminary one (最终核实/核实 over 初步核算/初步统计/预计);
2. the more authoritative kind of document wins: a statistical bulletin over a work report
   or a plan, those over news and anything else;
3. then the later publication; 4. then the value more documents report.

Every record keeps its place: ``chosen`` says whether its value is the one shown, and the
overruled values stay listed with their quotes (``overruled``).

>>> status_rank("初步核算，全年地区生产总值增长4.5%"), status_rank("最终核实，增长4.7%")
(0, 2)
"""
from __future__ import annotations

import pandas as pd

# document kind (catalogue ``kind`` / store ``doc_type``) -> authority; unknown kinds 1
AUTHORITY = {"bulletin": 3, "report": 2, "plan": 2, "news": 1, "other": 1}
_FINAL = ("最终核实", "核实数", "核实后")
_PRELIMINARY = ("初步核算", "初步统计", "预计", "快报")
GROUP = ["region", "indicator", "kind", "year", "_period", "_subject", "unit"]


def status_rank(quote: str) -> int:
    """2 for a final figure, 0 for a preliminary one, 1 when the quote does not say."""
    if not isinstance(quote, str):
        return 1
    if any(w in quote for w in _FINAL):
        return 2
    if any(w in quote for w in _PRELIMINARY):
        return 0
    return 1


def rank_frame(records: pd.DataFrame) -> pd.DataFrame:
    """``records`` sorted best-first within each key by the rule above, with the grouping
    columns ``_period``/``_subject`` (missing as "", since NaN never equals NaN)."""
    doc_type = records["doc_type"] if "doc_type" in records else pd.Series(
        None, index=records.index, dtype=object)
    df = records.assign(
        _period=records["period"].fillna(""), _subject=records["subject"].fillna(""),
        _status=[status_rank(q) for q in records["quote"]],
        _authority=doc_type.map(lambda k: AUTHORITY.get(k, 1) if isinstance(k, str) else 1),
        _d=pd.to_datetime(records["date"]))
    return df.sort_values(["_status", "_authority", "_d", "n_sources"],
                          ascending=[False, False, False, False], na_position="last",
                          kind="stable")


def mark_chosen(records: pd.DataFrame) -> pd.DataFrame:
    """``records`` with ``chosen``: True where the record's value is the one shown for its key
    (every record without a conflict is chosen)."""
    if records.empty:
        return records.assign(chosen=pd.Series(dtype=bool))
    ranked = rank_frame(records)
    best = ranked.drop_duplicates(GROUP).set_index(GROUP)["value"]
    keys = pd.MultiIndex.from_frame(ranked.loc[records.index, GROUP])
    winner = best.reindex(keys).to_numpy()
    return records.assign(chosen=records["value"].to_numpy() == winner)


def overruled(records: pd.DataFrame, row) -> pd.DataFrame:
    """The records of ``row``'s key whose value was not chosen (with doc, date, quote)."""
    same = ((records["region"] == row["region"]) & (records["indicator"] == row["indicator"])
            & (records["kind"] == row["kind"]) & (records["year"] == row["year"])
            & (records["period"].fillna("") == text_or_empty(row["period"]))
            & (records["subject"].fillna("") == text_or_empty(row["subject"]))
            & (records["unit"] == row["unit"]))
    marked = mark_chosen(records[same])
    return marked[~marked["chosen"]]


def text_or_empty(x) -> str:
    """A text cell as str; missing (None, NaN) as "".

    >>> text_or_empty(float("nan")), text_or_empty("1-6")
    ('', '1-6')
    """
    return x if isinstance(x, str) else ""
