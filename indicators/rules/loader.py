"""Loading and validating the rule files under ``indicators/rules/``.

A rule names an indicator family member in text (its ``name`` pattern, built from named
fragments) and says which keys its figures become: a level, a growth rate, a change in
points, new/net-new counts. How a name and a quantity pair up is the engine's job
(extract.py); rules are data and prove themselves with examples and counterexamples.
"""
from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Literal

import regex
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

_FRAG_REF = regex.compile(r"\{([A-Z][A-Z0-9_]*)\}")


class RuleError(ValueError):
    """A rule file that cannot be used; the message names file, rule id and field."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Expected(Strict):
    indicator: str
    value: float
    unit: str | None = None
    qualifier: str | None = None
    kind: Literal["target", "actual"] | None = None
    period: str | None = None
    region: str | None = None
    year: int | None = None


class Example(Strict):
    text: str = Field(min_length=2)
    expect: list[Expected] = Field(min_length=1)
    date: str | None = None  # publication date the example assumes, YYYY-MM-DD
    # a phrasing the engine gets wrong today: why, and what it gives instead. The example
    # runs as a strict xfail, so the day the engine reads it the suite asks to drop this.
    xfail: str | None = Field(default=None, min_length=10)


class Counterexample(Strict):
    text: str = Field(min_length=2)
    # the indicator that must NOT come out of this text (default: any of the rule's keys)
    indicator: str | None = None
    xfail: str | None = Field(default=None, min_length=10)  # as Example.xfail


class Rule(Strict):
    id: str = Field(pattern=r"^[a-z0-9_]+(?:\.[a-z0-9_]+)+$")
    name: str = Field(min_length=2)
    level: str | None = None
    growth: str | None = None
    change: str | None = None
    new: str | None = None
    net_new: str | None = None
    rate: bool = False  # the level itself is a percentage (城镇化率47.75%)
    decrease_positive: bool = False  # 能耗下降5% is a reduction of +5, not growth of -5
    split: list[str] | None = None  # with 分别, the name stands for these rule ids in order
    subject: bool = False  # keep the phrase before the name as the record's subject
    # base units the level may carry (default: the catalogue's unit for catalogue keys)
    units: list[str] | None = None
    # a plain count (个) of this name is counted in this unit (就业岗位…个 -> persons)
    counts_as: str | None = None
    # its growth rate is real by convention (GDP, value added): a 名义 (nominal) rate is a
    # figure of its own (<level>_nominal_growth)
    real_growth: bool = False
    examples: list[Example] = Field(min_length=1)
    counterexamples: list[Counterexample] = []

    @field_validator("level", "growth", "change", "new", "net_new")
    @classmethod
    def _key(cls, v: str | None) -> str | None:
        if v is not None and not regex.fullmatch(r"[a-z][a-z0-9_]*", v):
            raise ValueError(f"not an indicator key: {v!r}")
        return v

    def keys(self) -> set[str]:
        return {k for k in (self.level, self.growth, self.change, self.new, self.net_new) if k}


class RuleFile(Strict):
    family: str
    fragments: dict[str, str] = {}
    # keys outside the catalogue this file may emit (their _growth/_change twins too)
    secondary_keys: list[str] = []
    rules: list[Rule]


class CompiledRule:
    """A validated rule with its expanded name pattern."""

    __slots__ = ("rule", "pattern", "family", "file")

    def __init__(self, rule: Rule, pattern: str, family: str, file: str):
        self.rule, self.pattern, self.family, self.file = rule, pattern, family, file

    def __repr__(self) -> str:
        return f"<rule {self.rule.id}>"


def expand(template: str, fragments: dict[str, str], where: str) -> str:
    """Replace {NAME} references (recursively) by their fragment patterns."""
    seen: set[str] = set()

    def sub(m: regex.Match) -> str:
        name = m.group(1)
        if name not in fragments:
            raise RuleError(f"{where}: unknown fragment {{{name}}}; known: "
                            + ", ".join(sorted(fragments)))
        if name in seen:
            raise RuleError(f"{where}: fragment {{{name}}} refers to itself")
        seen.add(name)
        out = _FRAG_REF.sub(sub, fragments[name])
        seen.discard(name)
        return f"(?:{out})"

    return _FRAG_REF.sub(sub, template)


def _rule_files() -> list[tuple[str, str]]:
    folder = resources.files("indicators") / "rules"
    return sorted((p.name, p.read_text(encoding="utf-8")) for p in folder.iterdir()
                  if p.name.endswith(".yaml"))


def load_rules(files: list[tuple[str, str]] | None = None,
               known_keys: set[str] | None = None) -> list[CompiledRule]:
    """Parse, validate and compile rule files: (file name, YAML text) pairs."""
    files = _rule_files() if files is None else files
    shared: dict[str, str] = {}
    parsed: list[tuple[str, RuleFile]] = []
    for fname, text in files:
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as e:
            raise RuleError(f"{fname}: not valid YAML: {e}") from e
        if fname.startswith("_"):
            shared.update((data or {}).get("fragments", {}))
            continue
        try:
            parsed.append((fname, RuleFile.model_validate(data)))
        except ValidationError as e:
            raise RuleError(_explain(fname, data, e)) from None
    out: list[CompiledRule] = []
    ids: set[str] = set()
    for fname, rf in parsed:
        frags = {**shared, **rf.fragments}
        for rule in rf.rules:
            where = f"{fname}: rule {rule.id}"
            if rule.id in ids:
                raise RuleError(f"{where}: duplicate id")
            ids.add(rule.id)
            pattern = expand(rule.name, frags, f"{where}: field name")
            try:
                rx = regex.compile(pattern)
            except regex.error as e:
                raise RuleError(f"{where}: field name: bad pattern: {e}") from None
            # a lookaround-only pattern fails fullmatch("") yet matches zero-width spans
            if rx.fullmatch("") or any(m.start() == m.end() for ex in rule.examples
                                       for m in rx.finditer(ex.text)):
                raise RuleError(f"{where}: field name: pattern matches the empty string")
            if known_keys is not None:
                allowed = known_keys | _with_twins(rf.secondary_keys)
                for fld in ("level", "growth", "change", "new", "net_new"):
                    k = getattr(rule, fld)
                    if k is not None and k not in allowed:
                        raise RuleError(f"{where}: field {fld}: unknown indicator {k!r}")
                # a counterexample about a key nobody emits could never fail
                for i, ce in enumerate(rule.counterexamples):
                    if ce.indicator is not None and ce.indicator not in allowed:
                        raise RuleError(f"{where}: field counterexamples.{i}.indicator: "
                                        f"unknown indicator {ce.indicator!r}")
            out.append(CompiledRule(rule, pattern, rf.family, fname))
    by_id = {c.rule.id for c in out}
    for c in out:
        for sid in c.rule.split or []:
            if sid not in by_id:
                raise RuleError(f"{c.file}: rule {c.rule.id}: field split: unknown rule {sid!r}")
    return out


def _explain(fname: str, data: object, e: ValidationError) -> str:
    parts = []
    for err in e.errors():
        loc = list(err["loc"])
        rid = ""
        if len(loc) >= 2 and loc[0] == "rules" and isinstance(loc[1], int):
            try:
                rid = f" rule {data['rules'][loc[1]].get('id', '#' + str(loc[1]))}"  # type: ignore[index]
            except (KeyError, TypeError, IndexError, AttributeError):
                rid = f" rule #{loc[1]}"
            loc = loc[2:]
        field = ".".join(str(x) for x in loc) or "(file)"
        parts.append(f"{fname}:{rid} field {field}: {err['msg']}")
    return "; ".join(parts)


def _with_twins(keys) -> set[str]:
    return {f"{k}{s}" for k in keys for s in ("", "_growth", "_change", "_new", "_net_new")}


def known_keys() -> set[str]:
    """Catalogue keys, their point-change twins, and the shared secondary keys."""
    from indicators.records.catalogue import SECONDARY, by_key

    return _with_twins(by_key()) | _with_twins(SECONDARY)


@cache
def default_rules() -> tuple[CompiledRule, ...]:
    """The packaged rules, validated against the catalogue."""
    return tuple(load_rules(known_keys=known_keys()))
