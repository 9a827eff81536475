"""Warranty periods, error codes and safety advice from the knowledge base."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class WarrantyPart:
    name: str
    months: int


@dataclass(frozen=True)
class Warranty:
    product: str
    whole_unit: int  # months
    parts: tuple[WarrantyPart, ...] = ()


@dataclass(frozen=True)
class WarrantyVerdict:
    purchased: date
    whole_unit_until: date
    parts_until: tuple[tuple[str, date], ...]
    today: date
    #: bought on ``purchased`` or later (「买了不到一年」): each end date is the earliest it can be,
    #: so a period that seems over may not be
    earliest: bool = False

    @property
    def whole_unit_covered(self) -> bool:
        return self.today <= self.whole_unit_until

    @property
    def parts_covered(self) -> list[str]:
        return [name for name, until in self.parts_until if self.today <= until]

    @property
    def label(self) -> str:
        """Short status for a ticket."""
        if self.whole_unit_covered:
            return "保修期内"
        if self.earliest:
            return "待核实（以购机发票为准）"
        return "主要部件在保" if self.parts_covered else "已过保修期"


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    days_in_month = [
        31,
        29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28,
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ]
    return date(year, month, min(day.day, days_in_month[month - 1]))


def check_warranty(
    warranty: Warranty, purchased: date, today: date, earliest: bool = False
) -> WarrantyVerdict:
    return WarrantyVerdict(
        purchased=purchased,
        whole_unit_until=add_months(purchased, warranty.whole_unit),
        parts_until=tuple((p.name, add_months(purchased, p.months)) for p in warranty.parts),
        today=today,
        earliest=earliest,
    )


@dataclass(frozen=True)
class ReturnRules:
    """Return and exchange periods for a performance fault (the maker's policy data)."""

    return_days: int
    exchange_days: int
    repairs_before_exchange: int
    needs: tuple[str, ...] = ()
    excludes: tuple[str, ...] = ()


@dataclass(frozen=True)
class ExtendedWarrantyPlan:
    years: int
    products: tuple[str, ...]


@dataclass(frozen=True)
class ExtendedWarranty:
    buy_within_days: int
    plans: tuple[ExtendedWarrantyPlan, ...]
    covers: str
    not_covered: tuple[str, ...] = ()

    def years_for(self, product: str | None) -> list[int]:
        return sorted({p.years for p in self.plans if not product or product in p.products})


@dataclass(frozen=True)
class AfterSales:
    returns: ReturnRules
    extended: ExtendedWarranty


@dataclass(frozen=True)
class ReturnVerdict:
    days: int  # days since purchase
    can_return: bool
    can_exchange: bool


def return_options(rules: ReturnRules, purchased: date, today: date) -> ReturnVerdict:
    """What a performance fault ``days`` after purchase allows: return, exchange, or repair only."""
    days = (today - purchased).days
    return ReturnVerdict(days, 0 <= days <= rules.return_days, 0 <= days <= rules.exchange_days)


@dataclass(frozen=True)
class ErrorCode:
    product: str
    code: str
    meaning: str
    advice: str
    priority: str = "P2"
    general: bool = False  # a generic reference meaning (通用参考): check the manual and the model


@dataclass(frozen=True)
class FollowUp:
    """A question customers ask inside a safety case (「要不要去医院」) and its answer."""

    patterns: tuple[str, ...]
    answer: str


@dataclass(frozen=True)
class Hazard:
    """A hazard with advice of its own (gas, a loose outdoor bracket, an electric shock)."""

    id: str
    title: str
    patterns: tuple[str, ...]  # regular expressions that recognise it in a message
    advice: str
    follow_ups: tuple[FollowUp, ...] = ()


@dataclass(frozen=True)
class SafetyAdvice:
    priority: str
    advice: str
    by_product: dict[str, str] = field(default_factory=dict)
    hazards: tuple[Hazard, ...] = ()
    #: what every report of a hazard says in some form (冒烟, 焦, 漏电, 鼓包…): a clause of a long
    #: message without one is no hazard, whatever the classifier reads in it
    hazard_words: tuple[str, ...] = ()
    #: what says a hazard is not there, right before its words (没冒烟, 没有烧焦味, 不烫): regexes
    denied_by: tuple[str, ...] = ()
    #: words that hold a word of danger and name none (点火器, 打不着火): read as not there
    no_danger: tuple[str, ...] = ()

    def without_denied(self, text: str) -> str:
        """``text`` without the words of danger it denies (「没冒烟也没着火，就是水不热」 → 「也，就是
        水不热」) or that name none (「点火器响，打不着火」); the rest as it was."""
        for word in sorted(self.no_danger, key=len, reverse=True):
            text = text.replace(word, " ")
        if not self.denied_by or not self.hazard_words:
            return text
        words = "|".join(re.escape(w) for w in sorted(self.hazard_words, key=len, reverse=True))
        denied = "|".join(f"(?:{d})" for d in self.denied_by)
        return re.sub(f"(?:{denied})(?:{words})+", "", text)

    def names_danger(self, text: str) -> bool:
        """``text`` has one of the ``hazard_words``, not denied (or no words are listed)."""
        if not self.hazard_words:
            return True
        said = self.without_denied(text)
        return any(w in said for w in self.hazard_words)

    def denies_danger(self, text: str) -> bool:
        """``text`` names danger only to deny it (「没有烧焦味，就是不制冷」)."""
        return any(w in text for w in self.hazard_words) and not self.names_danger(text)

    def for_product(self, product: str | None) -> str:
        extra = self.by_product.get(product or "")
        return f"{self.advice}\n{extra}" if extra else self.advice
