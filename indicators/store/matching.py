"""Which record a review applies to now, after re-extraction or a new version of its text.

A review is anchored on the record it was made on (document, quote, span, indicator,
value...). After the document's records are replaced, each review finds its record again:
the same quote at the same span with the same indicator first, then the same quote with the
same value anywhere in the text (the text moved), then the same figure (indicator, region,
kind, year, period, value) with another wording. A record takes at most one review; a review
that finds none is *lost* and waits in ``review.pending`` for an analyst. An added figure
keeps its place if its quote is still at its span, else moves to the nearest occurrence of
its quote, else it is lost too.
"""
from __future__ import annotations

FIGURE = ("indicator", "region", "kind", "year", "period", "value")


def _same_value(a, b) -> bool:
    try:
        return abs(float(a) - float(b)) <= 1e-9 * max(1.0, abs(float(a)))
    except (TypeError, ValueError):
        return False


def _tiers(anchor: dict, rec: dict) -> int | None:
    """0: quote span; 1: quote and value; 2: figure; None: no match."""
    same_quote = rec["quote"] == anchor.get("quote")
    if (same_quote and rec["start"] == anchor.get("start") and rec["end"] == anchor.get("end")
            and rec["indicator"] == anchor.get("indicator")):
        return 0
    if same_quote and _same_value(rec["value"], anchor.get("value")):
        return 1
    if all(rec[k] == anchor.get(k) for k in FIGURE[:-1]) and \
            _same_value(rec["value"], anchor.get("value")):
        return 2
    return None


def match_records(anchors: list[tuple[str, dict]], records: list[dict]
                  ) -> dict[str, tuple[dict, str] | None]:
    """target -> (record, how) or None; ``anchors`` in the order their reviews were made."""
    out: dict[str, tuple[dict, str] | None] = {t: None for t, _ in anchors}
    used: set = set()
    for tier, how in ((0, "span"), (1, "quote"), (2, "value")):
        for target, anchor in anchors:
            if out[target] is not None:
                continue
            best = None
            for rec in records:
                if rec["rid"] in used or _tiers(anchor, rec) != tier:
                    continue
                dist = abs(rec["start"] - (anchor.get("start") or 0))
                if best is None or dist < best[0]:
                    best = (dist, rec)
            if best is not None:
                used.add(best[1]["rid"])
                out[target] = (best[1], how)
    return out


def place_quote(text: str, quote: str, start: int | None) -> tuple[int, str] | None:
    """Where an added figure's quote is now: (start, how) or None when it is gone."""
    if not quote:
        return None
    if start is not None and text[start:start + len(quote)] == quote:
        return start, "span"
    spots, i = [], text.find(quote)
    while i >= 0:
        spots.append(i)
        i = text.find(quote, i + 1)
    if not spots:
        return None
    return min(spots, key=lambda s: abs(s - (start or 0))), "quote"
