"""What waits for an analyst, most urgent first (``review.pending``).

1. candidates the extractor refused (``rejects``), unless someone dismissed or added them;
2. reviews that lost their figure when the document changed (they apply to nothing now);
3. figures whose year was not written in their sentence (inferred from the publication
   date or a plan period: ``evidence`` other than 句中“…年”);
4. figures whose key holds two values (a conflict between sources).
Reviewed figures are done and do not wait.
"""
from __future__ import annotations

import json

import pandas as pd

from indicators.store.queries import REVIEWED
from indicators.store.schema import RECORD_FIELDS

COLUMNS = ["priority", "why", "record_key", "doc", *RECORD_FIELDS, "evidence", "detail"]
WHY = {0: "提取时被拒 (refused by the extractor)",
       1: "审核不再对应 (a review no longer finds its figure)",
       2: "年份为推断 (year inferred, not written in the sentence)",
       3: "来源数值冲突 (sources disagree)"}


def _doc_filter(docs, col: str) -> tuple[str, list]:
    if docs is None:
        return "", []
    return f" AND {col} = ANY(?)", [[str(d) for d in docs]]


def pending_frame(con, docs, limit: int) -> pd.DataFrame:
    if con.empty:
        return pd.DataFrame(columns=COLUMNS)
    rows: list[list] = []
    rows += _rejects(con, docs, limit)
    rows += _lost(con, docs, limit - len(rows))
    rows += _weak(con, docs, limit - len(rows))
    rows += _conflicts(con, docs, limit - len(rows))
    frame = pd.DataFrame(rows[:limit], columns=COLUMNS)
    frame["why"] = frame["priority"].map(WHY)
    return frame


def _rejects(con, docs, limit: int) -> list[list]:
    if limit <= 0:
        return []
    extra, params = _doc_filter(docs, "j.doc")
    sql = f"""
        SELECT j.doc, j.rule_id, j.quote, j."start", j."end", j.reason, j.candidate
        FROM rejects j
        WHERE NOT EXISTS (SELECT 1 FROM review_state s WHERE s.doc = j.doc AND
              (s.target = 'rej:' || j.doc || ':' || CAST(j."start" AS VARCHAR) || ':' ||
                          CAST(j."end" AS VARCHAR) || ':' || j.rule_id
               OR (s.action = 'add' AND s.quote = j.quote))) {extra}
        ORDER BY j.doc, j."start" LIMIT ?"""
    out = []
    for doc, rule_id, quote, start, end, reason, cand in con.all(sql, [*params, limit]):
        c = _candidate(cand)
        fields = {k: c.get(k) for k in RECORD_FIELDS}
        fields.update(quote=quote, start=start, end=end)
        out.append([0, None, f"rej:{doc}:{start}:{end}:{rule_id}", doc,
                    *[fields[k] for k in RECORD_FIELDS], c.get("evidence"), reason])
    return out


def _candidate(text: str | None) -> dict:
    """A refused candidate's fields, typed again (the extractor keeps them as text)."""
    c = {k: (None if v in (None, "None", "") else v) for k, v in json.loads(text or "{}").items()}
    for k, cast in (("year", int), ("value", float)):
        try:
            c[k] = cast(float(c[k])) if c.get(k) is not None else None
        except (TypeError, ValueError):
            c[k] = None
    return c


def _lost(con, docs, limit: int) -> list[list]:
    if limit <= 0:
        return []
    extra, params = _doc_filter(docs, "s.doc")
    sql = f"""
        SELECT s.target, s.doc, s.action, v.before_json, v.after_json, s.reviewer
        FROM review_state s JOIN reviews v ON v.id = s.review_id
        WHERE s.matched IS NULL AND s.action <> 'accept' {extra}
        ORDER BY s.review_id LIMIT ?"""
    out = []
    for target, doc, action, before, after, reviewer in con.all(sql, [*params, limit]):
        fields = json.loads(after or before or "{}")
        out.append([1, None, target, doc, *[fields.get(k) for k in RECORD_FIELDS], None,
                    f"{action} · {reviewer}"])
    return out


def _weak(con, docs, limit: int) -> list[list]:
    if limit <= 0:
        return []
    extra, params = _doc_filter(docs, "r.doc")
    cols = ", ".join(f'r."{c}"' for c in RECORD_FIELDS)
    sql = f"""
        SELECT r.record_key, r.doc, {cols}, r.evidence
        FROM ({REVIEWED}) r
        WHERE NOT r.reviewed AND (r.evidence IS NULL OR r.evidence NOT LIKE '句中%') {extra}
        ORDER BY CASE WHEN r.evidence LIKE '相对%' OR r.evidence LIKE '规划%' THEN 1 ELSE 0
                 END, r.doc, r."start" LIMIT ?"""
    return [[2, None, key, doc, *vals, ev, ev] for key, doc, *vals, ev
            in con.all(sql, [*params, limit])]


def _conflicts(con, docs, limit: int) -> list[list]:
    if limit <= 0:
        return []
    extra, params = _doc_filter(docs, "r.doc")
    cols = ", ".join(f'r."{c}"' for c in RECORD_FIELDS)
    part = "r.region, r.indicator, r.kind, r.year, r.period, r.subject, r.unit"
    sql = f"""
        SELECT record_key, doc, {", ".join(f'"{c}"' for c in RECORD_FIELDS)}, evidence FROM (
            SELECT r.record_key, r.doc, {cols}, r.evidence, r.reviewed,
                   min(r.value) OVER (PARTITION BY {part}) <>
                   max(r.value) OVER (PARTITION BY {part}) AS conflict
            FROM ({REVIEWED}) r) c
        WHERE conflict AND NOT reviewed AND (evidence LIKE '句中%') {extra.replace('r.', '')}
        ORDER BY indicator, region, year, doc LIMIT ?"""
    return [[3, None, key, doc, *vals, ev, None] for key, doc, *vals, ev
            in con.all(sql, [*params, limit])]
