"""The Streamlit app: widgets, layout and caching, one module per part of the page.

``app.py`` (run by ``streamlit run``) calls ``page.main``. This is the only package that imports
streamlit; frames, figures and exports come from ``indicators.dashboard`` and data only from
the store (``indicators.store``).

    data        cached reads of the store (shared by every session of the process)
    urlstate    filters mirrored in the URL, checked on the way in
    parts       pieces several views use: charts with their source line, quotes, messages
    sidebar     the filters
    charts      trend, profile, compare, targets and map views
    table       the records table with each figure's passage, sources and review panel
    review      the reviewer's name, the review actions, the Review view and the audit trail
    adding      uploads and pasted pages, previewed before they are added
    downloads   CSV, Excel and chart images of what the filter selects
    page        the page: language, store, views

Text from documents (quotes, subjects, titles, file names, messages that quote them) is never
rendered as Markdown or HTML: it goes to st.text, dataframes, through html.escape
(tables.passage_html) or through parts.plain (Markdown escaped).
"""
