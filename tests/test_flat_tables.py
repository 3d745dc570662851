"""Flattened tables (one cell per line, ending in '|'), as PDF and web extraction leave them."""
from __future__ import annotations

import datetime as dt

from indicators.extract import extract_text
from indicators.rules.tables import rows

TABLE = """表1 2023年主要经济指标 |
|||
指标名称 |
计量单位 |
绝对值 |
比上年增长(%) |
地区生产总值 |
亿元 |
2786.20 |
4.2 |
工业 |
亿元 |
1010.5 |
-1.3 |
粮食总产量 |
万吨 |
185.6 |
0.8 |
"""


def test_rows_follow_the_header_width() -> None:
    got = [(r.name.text, float(r.level.value), r.level.unit, float(r.growth.value))
           for r in rows(TABLE)]
    assert got == [("地区生产总值", 278620000000.0, "yuan", 4.2),
                   ("工业", 101050000000.0, "yuan", -1.3),
                   ("粮食总产量", 1856000.0, "tonnes", 0.8)]


def test_table_rows_become_records_with_their_spans() -> None:
    res = extract_text(TABLE, doc="t", date=dt.date(2024, 3, 20), region="湘潭市")
    by_key = {(r.indicator, r.value): r for r in res.records}
    gdp = by_key[("gdp", 278620000000.0)]
    assert gdp.year == 2023 and gdp.region == "湘潭市" and gdp.kind == "actual"
    assert TABLE[gdp.start:gdp.end] == gdp.quote and gdp.quote.startswith("地区生产总值")
    assert ("gdp_growth", 4.2) in by_key and ("grain_output", 1856000.0) in by_key
    # a row no rule names is kept with its subject, outside the catalogue
    other = by_key[("amount", 101050000000.0)]
    assert other.subject == "工业" and by_key[("amount_growth", -1.3)].subject == "工业"


def test_text_without_a_header_row_has_no_table() -> None:
    assert rows("地区生产总值 |\n亿元 |\n2786.20 |\n") == []
