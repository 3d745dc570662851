"""Typed records: what the extractor emits and what it refuses to emit."""
from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from indicators.records.catalogue import allowed_units, bound
from indicators.records.regions import is_known_region  # its gazetteer loads on first use

_AVERAGE_WORDS = re.compile(r"年均|年平均|平均每年|平均增长")


class Kind(StrEnum):
    TARGET = "target"
    ACTUAL = "actual"


class Qualifier(StrEnum):
    EXACT = "exact"
    APPROX = "approx"
    AT_LEAST = "at_least"
    OVER = "over"
    NEARLY = "nearly"
    AT_MOST = "at_most"


def _known_region(name: str) -> str:
    if not is_known_region(name):
        raise ValueError(f"unknown region {name!r}")
    return name


# the enums' values as literals: a record holds plain strings, and a literal is checked in a
# fraction of an enum's time (every figure is validated)
KindName = Literal[tuple(k.value for k in Kind)]
QualifierName = Literal[tuple(q.value for q in Qualifier)]
Year = Annotated[int, Field(ge=1949, le=2100)]
RegionName = Annotated[str, AfterValidator(_known_region)]
# "1-11" (Jan-Nov), "Q1".."Q4", "H1"/"H2", or a plan span "2021-2025"
Period = Annotated[str, Field(pattern=r"^(?:\d{1,2}-\d{1,2}|Q[1-4]|H[12]|\d{4}-\d{4}|\d{1,2})$")]


class Record(BaseModel):
    """One figure about one region for one period, with its provenance."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    doc: str = Field(min_length=1)
    region: RegionName
    indicator: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    kind: KindName
    year: Year
    period: Period | None = None
    value: float = Field(allow_inf_nan=False)
    unit: str = Field(pattern=r"^[a-z_]+$")
    qualifier: QualifierName = "exact"
    subject: str | None = None
    quote: str = Field(min_length=1)
    start: int = Field(ge=0)
    end: int = Field(gt=0)
    rule_id: str = Field(min_length=1)
    date: dt.date | None = None
    # how the year was decided, in a few words a user can check (句中“2023年”, 发布日期…)
    evidence: str | None = None

    @model_validator(mode="after")
    def _plausible(self) -> Record:
        if self.end <= self.start:
            raise ValueError(f"empty span [{self.start}, {self.end})")
        if self.end - self.start != len(self.quote):
            raise ValueError("quote length does not match its span")
        units = allowed_units(self.indicator)
        if units is not None and self.unit not in units:
            raise ValueError(f"unit {self.unit!r} does not fit {self.indicator} "
                             f"(expects {'/'.join(sorted(units))})")
        if self.period and "-" in self.period and len(self.period) == 9:
            first, last = (int(x) for x in self.period.split("-"))
            if not first < last == self.year:
                raise ValueError(f"plan period {self.period} must end in year {self.year}")
        # 年均增长 over a span is an annual rate; other rates over a span may be cumulative
        average = self.period is not None and _AVERAGE_WORDS.search(self.quote) is not None
        b = bound(self.indicator, self.unit, self.period, average)
        if b is not None and not b.admits(self.value):
            # e.g. "gdp of 0 yuan is beyond its bound [1e+07, 2e+14] yuan: a county's GDP…"
            raise ValueError(f"{self.indicator} of {self.value:.12g} {self.unit} is beyond its "
                             f"bound {b} {self.unit}: {b.why}")
        return self


class Reject(BaseModel):
    """A candidate that failed validation, kept so nothing is dropped silently."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    doc: str
    rule_id: str
    quote: str
    start: int
    end: int
    reason: str
    candidate: dict
