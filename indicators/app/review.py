"""Review in the app: accept, reject or correct a figure, add one the extractor missed, the
Review view of what waits, and the audit trail (who, when, before → after, why).

Every action goes through ``indicators.store.review``, which validates the figure, records
the reviewer and reason, and raises StoreError with a message (zh (en)) shown as written.
The reviewer's name is typed once per session in the sidebar.
"""
from __future__ import annotations

import streamlit as st

from indicators.app.data import load_catalogue, load_history, load_pending, load_text
from indicators.app.parts import plain, quote_block
from indicators.app.sidebar import reviewer
from indicators.dashboard import reviewing, tables
from indicators.dashboard.display import indicator_label, region_label
from indicators.dashboard.i18n import t
from indicators.records.catalogue import is_catalogue
from indicators.store import review as store_review
from indicators.store.backends import StoreError

PENDING_LIMIT = 500


def act(ctx: dict, lang: str, action: str, call, *args, clear: str | None = None) -> None:
    """Run one review call with the session's reviewer; a success reruns the page with a
    note, a refusal shows the store's message as written."""
    name = reviewer()
    if not name:
        plain("warning", t("review.need_name", lang))
        return
    try:
        call(*args, reviewer=name, path=ctx["path"])
    except StoreError as e:
        plain("error", t("review.failed", lang, message=str(e)))
        return
    st.session_state["flash"] = t(f"review.done.{action}", lang)
    if clear:
        st.session_state.pop(clear, None)  # the rows move: do not leave another one chosen
    st.rerun()


def figure_panel(ctx: dict, row, lang: str, clear: str) -> None:
    """Accept, reject or correct the chosen figure, with its review state and audit trail."""
    key = str(row["record_key"])
    p = f"rv_{key}"
    with st.container(border=True):
        st.markdown(f"**{t('review.head', lang)}**")
        state = row.get("review") if row.get("reviewed") else None
        st.caption(t("review.state", lang, state=t(f"review.state.{state or 'none'}", lang)))
        action = st.segmented_control(t("review.action", lang), ["accept", "reject", "correct"],
                                      key=f"{p}_act", default="accept", required=True,
                                      format_func=lambda a: t("review.act." + a, lang))
        edited = correct_fields(ctx, row, lang, p) if action == "correct" else {}
        reason = st.text_input(t("review.reason", lang), key=f"{p}_reason", max_chars=2000,
                               help=t("review.reason_help", lang))
        if st.button(t("review.submit", lang), key=f"{p}_go", type="primary"):
            if action == "accept":
                act(ctx, lang, action, _accept, key, reason, clear=clear)
            elif action == "reject":
                act(ctx, lang, action, _reject, key, reason, clear=clear)
            elif edited is not None:
                diff = reviewing.changes(row, edited)
                if not diff:
                    plain("warning", t("review.no_change", lang))
                else:
                    act(ctx, lang, action, _correct, key, diff, reason, clear=clear)
        if row.get("reviewed"):
            trail(ctx, lang, key, t("review.trail", lang))


def _accept(key, reason, *, reviewer, path):
    return store_review.accept(key, reviewer, reason, path=path)


def _reject(key, reason, *, reviewer, path):
    return store_review.reject(key, reviewer, reason, path=path)


def _correct(key, diff, reason, *, reviewer, path):
    return store_review.correct(key, diff, reviewer, reason, path=path)


def _add(doc, fields, reason, *, reviewer, path):
    return store_review.add(doc, fields, reviewer, reason, path=path)


def correct_fields(ctx: dict, row, lang: str, p: str) -> dict | None:
    """Inputs for every field of a figure, filled with its values; returns the edited
    fields (value in base units), or None when the value typed is not a number."""
    tree, ov = ctx["tree"], ctx["ov"]
    c1, c2, c3 = st.columns(3)
    unit = c2.selectbox(t("review.unit", lang), reviewing.unit_options(row["unit"]),
                        index=reviewing.unit_options(row["unit"]).index(row["unit"]),
                        key=f"{p}_unit")
    typed, label, factor = reviewing.shown_value(float(row["value"]), row["unit"],
                                                 row["indicator"], lang)
    if unit != row["unit"]:
        _, label, factor = reviewing.shown_value(float(row["value"]), unit, row["indicator"],
                                                 lang)
    text = c1.text_input(t("review.value", lang, unit=label), value=typed, key=f"{p}_value")
    regions = list(dict.fromkeys([*tree.top, *tree.county_options([]), row["region"]]))
    region = c3.selectbox(t("col.region", lang), regions, index=regions.index(row["region"]),
                          key=f"{p}_region", format_func=lambda r: region_label(r, lang))
    c4, c5, c6 = st.columns(3)
    year = c4.number_input(t("col.year", lang), 1949, 2100, int(row["year"]), step=1,
                           key=f"{p}_year")
    period = c5.text_input(t("col.period", lang), value=_text(row.get("period")),
                           key=f"{p}_period", placeholder="1-6, Q1, 2021-2025")
    kind = c6.selectbox(t("col.kind", lang), reviewing.KINDS,
                        index=_index(reviewing.KINDS, row["kind"]), key=f"{p}_kind",
                        format_func=lambda k: t("kind." + k, lang))
    c7, c8, c9 = st.columns(3)
    keys = reviewing.indicator_options(ov.indicators, row["indicator"])
    indicator = c7.selectbox(t("col.indicator", lang), keys, index=keys.index(row["indicator"]),
                             key=f"{p}_indicator", format_func=lambda k: _ind(k, lang))
    qualifier = c8.selectbox(t("col.qualifier", lang), reviewing.QUALIFIERS,
                             index=_index(reviewing.QUALIFIERS, row["qualifier"]),
                             key=f"{p}_qualifier",
                             format_func=lambda q: t("q." + q, lang) or "=")
    subject = c9.text_input(t("col.subject", lang), value=_text(row.get("subject")),
                            key=f"{p}_subject")
    value = reviewing.parse_value(text, factor)
    if value is None:
        plain("error", t("review.bad_value", lang, value=text))
        return None
    return {"value": value, "unit": unit, "region": region, "year": int(year),
            "period": period.strip(), "kind": kind, "indicator": indicator,
            "qualifier": qualifier, "subject": subject.strip()}


def _index(options, value) -> int:
    return list(options).index(value) if value in options else 0


def _text(x) -> str:
    return x if isinstance(x, str) else ""


def _ind(key: str, lang: str) -> str:
    return indicator_label(key, lang) if is_catalogue(key) else key


# ---------------------------------------------------------------- adding a figure


def add_toggle(ctx: dict, lang: str, docs, doc: str | None) -> None:
    """Under the table: a switch that opens the form for a figure the extractor missed, in
    one of the documents of the table (built only when open: a big store has many)."""
    if st.toggle(t("review.add_head", lang), key="add_open"):
        with st.container(border=True):
            add_form(ctx, lang, "add", doc, None, docs)


def add_form(ctx: dict, lang: str, p: str, doc: str | None, prefill, docs=None) -> None:
    """A new figure in a document: its fields and its quote, checked against the text."""
    cat = load_catalogue(ctx["path"], ctx["token"])
    titles = {d: x for d, x in zip(cat["doc"], cat["title"], strict=True)
              if isinstance(x, str) and x}
    docs = list(dict.fromkeys([*([doc] if doc else []), *(docs if docs is not None else
                                                          cat["doc"])]))
    if not docs:
        return
    doc = st.selectbox(t("review.add_doc", lang), docs, key=f"{p}_doc",
                       index=docs.index(doc) if doc in docs else 0,
                       format_func=lambda d: titles.get(d, d))
    base = {"value": 0.0, "unit": "percent", "region": "湖南省", "year": 2024,
            "period": None, "kind": "actual", "indicator": "gdp_growth",
            "qualifier": "exact", "subject": None, "quote": ""}
    row = {**base, **{k: v for k, v in (prefill or {}).items() if v is not None
                      and k in base and v == v}}
    quote = st.text_area(t("review.add_quote", lang), value=row["quote"] or "",
                         key=f"{p}_quote", height=80)
    fields = correct_fields(ctx, row, lang, p)
    check_quote(ctx, doc, quote, lang)
    reason = st.text_input(t("review.reason", lang), key=f"{p}_reason", max_chars=2000)
    if st.button(t("review.add_submit", lang), key=f"{p}_go", type="primary") and fields:
        fields = {k: (None if v == "" else v) for k, v in fields.items()}
        act(ctx, lang, "add", _add, doc, {**fields, "quote": quote}, reason)


def check_quote(ctx: dict, doc: str, quote: str, lang: str) -> None:
    """Where the quote is in the document's text (its passage), or that it is not there."""
    if not quote:
        return
    text = load_text(ctx["path"], ctx["token"], doc) or ""
    at = text.find(quote)
    if at < 0:
        plain("warning", t("review.quote_missing", lang))
        return
    st.caption(t("review.quote_found", lang, start=at))
    st.html(f'<div style="line-height:1.8">{tables.passage_html(text, at, at + len(quote))}'
            '</div>')


# ---------------------------------------------------------------- the Review view


def view_review(ctx: dict, lang: str) -> None:
    """What waits, most urgent first (rejects and inferred years before conflicts), each
    row actionable; then the audit trail of the whole store."""
    st.subheader(t("review.pending_head", lang))
    pending = load_pending(ctx["path"], ctx["token"])
    if pending.empty:
        st.info(t("review.pending_none", lang))
    else:
        counts = pending["priority"].value_counts()
        st.caption(t("review.pending_counts", lang, limit=PENDING_LIMIT,
                     **{f"p{i}": int(counts.get(i, 0)) for i in range(4)}))
        event = st.dataframe(reviewing.pending_frame(pending, lang), hide_index=True,
                             width="stretch", key="review_sel", on_select="rerun",
                             selection_mode="single-row", alt=t("review.pending_head", lang))
        rows = [r for r in (event.selection.rows if event else []) if r < len(pending)]
        if rows:
            pending_panel(ctx, pending.iloc[rows[0]], lang)
    trail(ctx, lang, None, t("review.trail_head", lang))


def pending_panel(ctx: dict, row, lang: str) -> None:
    """Act on one waiting item: a refused candidate is dismissed or added; a lost review can
    be added again; an inferred year or a conflict is accepted, rejected or corrected."""
    with st.container(border=True):
        st.markdown(f"**{t('table.passage', lang)}**")
        if row["start"] == row["start"] and row["end"] == row["end"]:
            quote_block(ctx, row, lang)
        priority = int(row["priority"])
        if priority == 2 or priority == 3:
            figure_panel(ctx, row.copy(), lang, "review_sel")
            return
        key = str(row["record_key"])
        if priority == 1:
            st.text(t("review.lost_note", lang, detail=row["detail"]))
            options = ["add"]
        else:
            st.text(str(row["detail"]))
            options = ["dismiss", "add"]
        choice = st.segmented_control(t("review.action", lang), options, key=f"pd_{key}_act",
                                      default=options[0], required=True,
                                      format_func=lambda a: t("review.act." + a, lang))
        if choice == "add":
            add_form(ctx, lang, f"pd_{key}", row["doc"], row.to_dict())
            return
        reason = st.text_input(t("review.reason", lang), key=f"pd_{key}_reason")
        if st.button(t("review.submit", lang), key=f"pd_{key}_go", type="primary"):
            act(ctx, lang, "dismiss", _reject, key, reason, clear="review_sel")


def trail(ctx: dict, lang: str, key: str | None, head: str) -> None:
    """The audit trail, newest first: of one figure (``key``) or of the whole store."""
    history = load_history(ctx["path"], ctx["token"], key)
    st.markdown(f"**{head}**")
    if history.empty:
        st.caption(t("review.trail_none", lang))
        return
    st.dataframe(reviewing.history_frame(history, lang), hide_index=True, width="stretch",
                 key=None if key else "trail_all",
                 column_config={t("col.when", lang): st.column_config.DatetimeColumn(
                     format="YYYY-MM-DD HH:mm")})
