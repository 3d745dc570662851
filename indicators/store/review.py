"""Review: an analyst accepts, rejects, corrects or adds a figure, and every change is kept.

The app calls these functions; rows come from ``queries.query_records`` (its ``record_key``
column) or from ``pending`` (rejected candidates and figures waiting for a look).

- ``accept(key, reviewer)``: the figure is right as extracted.
- ``reject(key, reviewer, reason)``: the figure is wrong; charts and downloads drop it. On a
  rejected candidate (key ``rej:…``) it confirms the extractor was right to refuse it.
- ``correct(key, changes, reviewer, reason)``: any field (value, year, region, kind, quote
  and span…); the corrected record must still validate and its quote must be in the text.
- ``add(doc, fields, reviewer, reason)``: a figure the extractor missed.

The ``reviews`` table is the audit trail (append-only: who, when, before, after, reason);
the latest review of a figure is the one that applies. Reviews are anchored on the record
they were made on and survive re-extraction and new versions of the text (``matching``).
"""
from __future__ import annotations

import datetime as dt
import json

import pandas as pd
from pydantic import ValidationError

from indicators.records.model import Record
from indicators.store import matching
from indicators.store import schema as sc
from indicators.store.backends import StoreError
from indicators.store.db import failpoint, json_dumps, store_at, touch

ACTIONS = ("accept", "reject", "correct", "add")
_FIELDS = sc.RECORD_FIELDS
_GONE = ("该记录已不在数据库中（文件可能已重新提取），请刷新后再试 "
         "(this figure is no longer in the store, its document may have been re-extracted; "
         "reload and try again)")


def accept(key: str, reviewer: str, reason: str = "", path=None) -> int:
    """Mark a figure right as extracted; returns the review's id."""
    return _review(key, "accept", None, reviewer, reason, path)


def reject(key: str, reviewer: str, reason: str, path=None) -> int:
    """Drop a figure from charts and downloads (or dismiss a rejected candidate)."""
    return _review(key, "reject", None, reviewer, reason, path)


def correct(key: str, changes: dict, reviewer: str, reason: str, path=None) -> int:
    """Change any fields of a figure (``changes``: field -> new value)."""
    unknown = set(changes) - set(_FIELDS)
    if unknown:
        raise StoreError(f"无法修改的字段 (fields that cannot be corrected): "
                         f"{', '.join(sorted(unknown))}")
    return _review(key, "correct", dict(changes), reviewer, reason, path)


def add(doc: str, fields: dict, reviewer: str, reason: str, path=None) -> int:
    """Add a figure the extractor missed. ``fields`` are a record's (doc and rule_id
    aside); without ``start`` the quote is looked up in the document's text."""
    return _review(f"new:{doc}", "add", dict(fields), reviewer, reason, path)


def _check_person(reviewer: str, reason: str, action: str) -> tuple[str, str]:
    reviewer, reason = (reviewer or "").strip(), (reason or "").strip()
    if not reviewer:
        raise StoreError("请填写审核人姓名 (a reviewer's name is required)")
    if len(reviewer) > 100 or len(reason) > 2000:
        raise StoreError("姓名或理由过长 (name or reason too long)")
    if action != "accept" and not reason:
        raise StoreError("请说明理由 (a reason is required)")
    return reviewer, reason


def _review(key: str, action: str, data: dict | None, reviewer: str, reason: str,
            path) -> int:
    reviewer, reason = _check_person(reviewer, reason, action)
    with store_at(path).write("review") as con:
        target, doc, before, shown = _target(con, key, action)
        text = con.one("SELECT text FROM documents WHERE doc = ?", [doc])
        if text is None:
            raise StoreError(_GONE)
        after = None
        if action in ("correct", "add"):
            base = {**(shown or {}), **data} if action == "correct" else dict(data)
            after = _validated(doc, text[0], base)
        rid = con.one("SELECT nextval('review_ids')")[0]
        if target is None:  # a new figure: its own target
            target = f"add:{rid}"
        con.execute("INSERT INTO reviews VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [rid, target, doc, action, reviewer, dt.datetime.now(), reason,
                     json_dumps(before) if before else None,
                     json_dumps(after) if after else None])
        resolve(con, [doc])
        touch(con)
        failpoint("review:before-commit")
    return int(rid)


def _record(con, rid: int) -> dict | None:
    row = con.one(f"SELECT doc, {_cols()} FROM records WHERE rid = ?", [rid])
    return None if row is None else dict(zip(["doc", *_FIELDS], row, strict=True))


def _cols(prefix: str = "") -> str:
    return ", ".join(f'{prefix}"{c}"' for c in _FIELDS)


def _target(con, key: str, action: str) -> tuple[str | None, str, dict | None, dict | None]:
    """(target, doc, the record as extracted, the figure as shown) for a key."""
    key = str(key)
    if key.startswith("new:"):
        return None, key[4:], None, None
    if key.startswith("r") and key[1:].isdigit():
        rec = _record(con, int(key[1:]))
        if rec is None:
            raise StoreError(_GONE)
        row = con.one("SELECT target FROM review_state WHERE rid = ?", [int(key[1:])])
        target = row[0] if row else _new_target(con, rec)
        return target, rec["doc"], rec, _shown(con, target) or rec
    row = con.one(f"SELECT doc, rid, action, {_cols()} FROM review_state WHERE target = ?",
                  [key])
    if row is None:
        if key.startswith("rej:"):
            return _reject_target(con, key)
        raise StoreError(_GONE)
    doc, rid, _, *vals = row
    rec = _record(con, rid) if rid is not None else None
    if key.startswith("rec:") and rec is None:
        raise StoreError(_GONE)
    shown = dict(zip(_FIELDS, vals, strict=True)) if vals[0] is not None else rec
    return key, doc, rec or shown, shown


def _new_target(con, rec: dict) -> str:
    target = f"rec:{rec['doc']}:{rec['start']}:{rec['end']}:{rec['indicator']}"
    taken = con.one("SELECT count(*) FROM reviews WHERE target = ?", [target])[0]
    return f"{target}#{taken}" if taken else target


def _shown(con, target: str) -> dict | None:
    row = con.one(f"SELECT {_cols()} FROM review_state WHERE target = ? AND action IN "
                  "('correct', 'add')", [target])
    return dict(zip(_FIELDS, row, strict=True)) if row else None


def _reject_target(con, key: str):
    """A rejected candidate: key ``rej:<doc>:<start>:<end>:<rule_id>``."""
    try:
        _, rest = key.split(":", 1)
        doc, start, end, rule_id = rest.rsplit(":", 3)
        row = con.one('SELECT quote, reason, candidate FROM rejects WHERE doc = ? AND '
                      '"start" = ? AND "end" = ? AND rule_id = ?',
                      [doc, int(start), int(end), rule_id])
    except ValueError:
        row = None
    if row is None:
        raise StoreError(_GONE)
    before = {"quote": row[0], "start": int(start), "end": int(end), "rule_id": rule_id,
              "reason": row[1], "candidate": json.loads(row[2] or "{}")}
    return key, doc, before, None


def _validated(doc: str, text: str, fields: dict) -> dict:
    """The figure as a valid Record's fields, its quote found in the text."""
    data = {k: fields.get(k) for k in _FIELDS}
    quote = data.get("quote") or ""
    if data.get("start") is None or data.get("end") is None:
        spot = matching.place_quote(text, quote, None)
        if spot is None:
            raise StoreError("引文不在文件中 (the quote is not in the document's text)")
        data["start"], data["end"] = spot[0], spot[0] + len(quote)
    try:
        data["start"], data["end"] = int(data["start"]), int(data["end"])
    except (TypeError, ValueError):
        raise StoreError("位置必须是整数 (start and end must be whole numbers)") from None
    if text[data["start"]:data["end"]] != quote:
        raise StoreError("引文与它在文件中的位置不符 (the quote is not at that place in the "
                         "document's text)")
    try:
        rec = Record(doc=doc, rule_id="review", **data)
    except ValidationError as e:
        first = e.errors()[0]
        where = ".".join(str(x) for x in first.get("loc", ())) or "record"
        raise StoreError(f"无效的修改 (invalid figure): {where}: {first.get('msg')}") from None
    return {k: getattr(rec, k) for k in _FIELDS}


# ---------------------------------------------------------------- derived state


def resolve(con, docs) -> tuple[int, int]:
    """Rebuild ``review_state`` for ``docs`` from the audit trail: the latest review of each
    target, and the record it applies to now. Returns (applying, lost) counts."""
    docs = sorted(set(docs))
    if not docs:
        return 0, 0
    rows = con.all("SELECT id, target, doc, action, reviewer, reviewed_at, before_json, after_json "
                   "FROM reviews WHERE doc = ANY(?) ORDER BY id", [docs])
    con.execute("DELETE FROM review_state WHERE doc = ANY(?)", [docs])
    if not rows:
        return 0, 0
    latest: dict[str, dict] = {}
    for rid, target, doc, action, reviewer, at, before, after in rows:
        prev = latest.get(target, {})
        after = json.loads(after) if after else prev.get("after")
        latest[target] = {"id": rid, "target": target, "doc": doc, "action": action,
                          "reviewer": reviewer, "at": at, "before": json.loads(before or "null"),
                          "after": after}
    out, kept, lost = [], 0, 0
    for doc in docs:
        items = [v for v in latest.values() if v["doc"] == doc]
        if not items:
            continue
        recs = [dict(zip(["rid", *_FIELDS], r, strict=True)) for r in con.all(
            f"SELECT rid, {_cols()} FROM records WHERE doc = ?", [doc])]
        text = (con.one("SELECT text FROM documents WHERE doc = ?", [doc]) or [""])[0]
        found = matching.match_records(
            [(v["target"], v["before"]) for v in items if v["target"].startswith("rec:")], recs)
        for v in items:
            row = _state_row(v, found.get(v["target"]), text)
            kept, lost = (kept + 1, lost) if row[5] else (kept, lost + 1)
            out.append(row)
    con.insert_frame("review_state", pd.DataFrame(out, columns=sc.STATE_COLUMNS))
    return kept, lost


def _state_row(v: dict, found, text: str) -> list:
    target, action, fields, rid, how = v["target"], v["action"], None, None, None
    if target.startswith("rec:"):
        if found is not None:
            rec, how = found
            rid = rec["rid"]
            fields = v["after"] if action == "correct" else rec
            if action == "correct" and how != "span":
                fields = {**fields, **_moved(v["before"], rec, fields)}
    elif target.startswith("add:"):
        action = "reject" if action == "reject" else "add"
        after = v["after"] or {}
        spot = matching.place_quote(text, after.get("quote"), after.get("start"))
        if spot is not None:
            how = spot[1]
            fields = {**after, "start": spot[0], "end": spot[0] + len(after["quote"])}
    else:  # a rejected candidate: applies while the document is there
        how, fields = "candidate", v["before"]
    values = [(fields or {}).get(k) for k in _FIELDS]
    return [target, v["doc"], v["id"], action, rid, how, v["reviewer"], v["at"], *values]


def _moved(anchor: dict, rec: dict, fields: dict) -> dict:
    """A correction that kept the extracted quote follows the record to its new span."""
    if fields.get("quote") == anchor.get("quote"):
        return {"quote": rec["quote"], "start": rec["start"], "end": rec["end"]}
    return {}


# ---------------------------------------------------------------- what the app lists


def history(path=None, doc: str | None = None, key: str | None = None) -> pd.DataFrame:
    """The audit trail, newest first: id, reviewed_at, reviewer, action, doc, target, reason,
    before, after (JSON text) and ``changes`` (field: old → new, for people)."""
    where, params = [], []
    if doc is not None:
        where.append("doc = ?")
        params.append(doc)
    if key is not None:
        where.append("target = ?")
        params.append(key)
    sql = ("SELECT id, reviewed_at, reviewer, action, doc, target, reason, before_json AS before, "
           "after_json AS after FROM reviews" + (" WHERE " + " AND ".join(where) if where else "")
           + " ORDER BY id")
    with store_at(path).read() as con:
        if con.empty:
            return pd.DataFrame(columns=["id", "reviewed_at", "reviewer", "action", "doc", "target",
                                         "reason", "before", "after", "changes"])
        frame = con.frame(sql, params)
    shown: dict[str, dict] = {}
    changes = []
    for target, before, after in zip(frame["target"], frame["before"], frame["after"],
                                     strict=True):
        old = shown.get(target) or json.loads(before if isinstance(before, str) else "{}")
        new = json.loads(after) if isinstance(after, str) else None
        changes.append("; ".join(f"{k}: {old.get(k)} → {new.get(k)}" for k in _FIELDS
                                 if new and old.get(k) != new.get(k)))
        if new:
            shown[target] = new
    frame["changes"] = changes
    return frame.iloc[::-1].reset_index(drop=True)


def pending(path=None, docs=None, limit: int = 500) -> pd.DataFrame:
    """What waits for a look, most urgent first: rejected candidates, reviews that lost
    their figure, years decided without a year in the sentence, conflicts (``pending``)."""
    from indicators.store.pending import pending_frame

    with store_at(path).read() as con:
        return pending_frame(con, docs, limit)


def export_corrections(out, path=None) -> int:
    """Write every review that applies as one JSONL line in the record format, with the
    reviewer's fields; returns how many lines."""
    sql = (f"SELECT s.doc, d.sha256, {_cols('s.')}, s.action, s.reviewer, s.reviewed_at, "
           "s.matched, v.reason, v.before_json FROM review_state s "
           "JOIN reviews v ON v.id = s.review_id JOIN documents d ON d.doc = s.doc "
           "ORDER BY s.doc, s.review_id")
    with store_at(path).read() as con:
        rows = [] if con.empty else con.all(sql)
    n = 0
    for doc, sha, *vals in rows:
        fields = dict(zip(_FIELDS, vals[:len(_FIELDS)], strict=True))
        action, reviewer, at, matched, reason, before = vals[len(_FIELDS):]
        if matched is None:
            continue  # a review that no longer finds its figure is not a fact
        line = {"doc": doc, **fields, "review": action, "reviewer": reviewer,
                "reviewed_at": str(at), "reason": reason, "sha256": sha}
        if action == "correct":
            line["original"] = json.loads(before or "null")
        out.write(json.dumps(line, ensure_ascii=False, default=str) + "\n")
        n += 1
    return n
