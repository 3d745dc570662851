"""Readers for the formats policy staff receive: PDF (pdf.py), Word .docx (word.py) and saved
web pages (web.py). Each takes the file's bytes and its name and returns ``(text, title)``, or
raises ``UnreadableText`` naming the file; ``indicators.text.reading`` chooses among them."""
