"""Adding pages: upload files (text, PDF, Word, saved web pages) or paste text; the preview
shows what the engine inferred (correctable) and what the store will do with each page
(``store.plan``: new, the same as a stored document, a new version, or renamed); nothing is
written until the user confirms, and then the ingest's notes are shown."""
from __future__ import annotations

import datetime as dt
import logging

import streamlit as st

from indicators.app.parts import plain
from indicators.dashboard import tables, uploads
from indicators.dashboard.display import region_label
from indicators.dashboard.i18n import t
from indicators.store import db as store

LOG = logging.getLogger("indicators.app")
UPLOAD_TYPES = ["txt", "text", "md", "pdf", "docx", "html", "htm", "shtml", "xhtml"]


def view_add(ctx: dict, lang: str) -> None:
    """Upload or paste pages; preview with the inferred date and region (correctable);
    add them only on confirmation, and only when every page has a date."""
    from indicators.text.reading import UnreadableText, read_bytes

    st.write(t("add.intro", lang))
    files = st.file_uploader(t("add.files", lang), type=UPLOAD_TYPES,
                             accept_multiple_files=True, key="upload")
    pasted = st.text_area(t("add.paste", lang), key="paste_text", height=140)
    name = st.text_input(t("add.paste_name", lang), value="paste", key="paste_name")
    if st.button(t("add.preview", lang), key="preview"):
        st.session_state.pop("pending", None)
        sources, errors = [], []
        for f in files or []:
            try:
                got = read_bytes(f.getvalue(), f.name)
                sources.append((f.name, got.text, "upload:" + f.name, got.format, got.title))
            except UnreadableText as e:
                errors.append(str(e))
        if pasted.strip():
            sources.append((name.strip() or "paste", pasted, "paste", "txt", None))
        if errors:
            for message in errors:
                plain("error", t("add.unreadable", lang, message=message))
        elif not sources:
            st.info(t("add.nothing", lang))
        else:
            with st.spinner("…"):
                st.session_state["pending"] = [
                    uploads.extract_upload(n, text, origin, fmt=fmt, title=title)
                    for n, text, origin, fmt, title in sources]
    pending = st.session_state.get("pending")
    if pending:
        preview_pending(ctx, pending, lang)


def preview_pending(ctx: dict, pending: list, lang: str) -> None:
    plans = store.plan([p.document() for p in pending], ctx["path"])
    regions = [*ctx["tree"].top, *ctx["tree"].county_options([])]
    for i, (p, plan) in enumerate(zip(pending, plans, strict=True)):
        with st.container(border=True):
            state = t(f"add.state.{plan['state']}", lang, stored=plan["key"])
            st.text(t("add.preview_head", lang, doc=p.name, n=len(p.records),
                      rejects=p.n_rejects, state=state))
            st.text(t("add.inferred_date", lang, date=p.date or "—", why=where_from(
                p.date_evidence, p.given_date, lang)))
            st.text(t("add.inferred_region", lang,
                      region=region_label(p.region, lang) if p.region else "—",
                      why=where_from(p.region_evidence, p.given_region, lang)))
            if p.needs_date:
                st.warning(t("add.needs_date", lang))
            c1, c2, c3 = st.columns([2, 2, 1], vertical_alignment="bottom")
            date = c1.date_input(t("add.date", lang), value=p.date, key=f"date_{i}",
                                 min_value=dt.date(1949, 10, 1), max_value=dt.date(2100, 1, 1))
            region = c2.selectbox(t("add.region", lang), regions, key=f"region_{i}",
                                  index=regions.index(p.region) if p.region in regions
                                  else None, format_func=lambda r: region_label(r, lang),
                                  placeholder="—")
            if c3.button(t("add.reextract", lang), key=f"reextract_{i}"):
                pending[i] = uploads.reextract(p, date, region)
                st.rerun()
            if p.records:
                recs = uploads.preview_records(p)
                st.dataframe(tables.table_frame(recs, lang).drop(columns=[
                    tables.headers(lang)[c] for c in tables.SCREEN_HIDDEN]),
                    hide_index=True, width="stretch")
    blocked = any(p.needs_date for p in pending)
    if st.button(t("add.confirm", lang), key="confirm", type="primary", disabled=blocked):
        try:
            report = store.ingest([(p.document(), p.records) for p in pending], ctx["path"])
        except (store.StoreError, ValueError) as e:
            LOG.warning("ingest failed: %s", e)
            st.error(t("add.failed", lang))
        else:
            st.session_state.pop("pending", None)
            st.session_state["flash"] = t("add.done", lang, added=len(report.added),
                                          replaced=len(report.replaced),
                                          unchanged=len(report.unchanged),
                                          records=report.records)
            notes = report.notes()
            if report.reviews_kept or report.reviews_lost:
                notes.append(t("add.reviews", lang, kept=report.reviews_kept,
                               lost=report.reviews_lost))
            st.session_state["flash_notes"] = notes
            st.rerun()


def where_from(evidence: str | None, given, lang: str) -> str:
    if given is not None:
        return t("add.from_user", lang)
    return t("add.from_text", lang, evidence=evidence) if evidence else t("add.from_none", lang)
