"""The store: documents and their records in an embedded database (``db``), the reads behind
the dashboard (``queries``) and the ``build``/``ingest`` commands (``commands``)."""
