"""Stage 2, numbers: every quantity on a page in one pass ("3.46"+"万亿" -> Decimal, 一千二百,
units, 多/余/近/左右 qualifiers)."""
