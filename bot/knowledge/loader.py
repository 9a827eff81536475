"""Load and validate the knowledge base under ``knowledge/``.

Every problem found is reported with the file, the entry and what is wrong; loading fails
loudly rather than letting the bot run on half a knowledge base.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from bot.knowledge import hotline
from bot.knowledge.base import Answer as PolicyAnswer
from bot.knowledge.base import KnowledgeBase, Product
from bot.knowledge.diagnosis import (
    END_TARGETS,
    MODEL_AND_DATE,
    OUTCOMES,
    READINGS,
    Diagnosis,
    ReplyWording,
    Step,
    StepKind,
)
from bot.knowledge.places import City, Outlet
from bot.knowledge.policy import (
    AfterSales,
    ErrorCode,
    ExtendedWarranty,
    ExtendedWarrantyPlan,
    FollowUp,
    Hazard,
    ReturnRules,
    SafetyAdvice,
    Warranty,
    WarrantyPart,
)
from bot.knowledge.shapes import Shape

PRIORITIES = ("P1", "P2", "P3", "P4")
SERVICES = ("home_visit", "repair_point", "mail_in", "remote", "none")

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "knowledge"


class KnowledgeError(ValueError):
    """The knowledge base is invalid; ``problems`` lists every ``file: entry: what``."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("knowledge base is invalid:\n  " + "\n  ".join(problems))


class _Problems:
    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, file: Path, entry: str, what: str) -> None:
        self.items.append(f"{file.name}: {entry}: {what}")


def knowledge_dir() -> Path:
    return Path(os.environ.get("KNOWLEDGE_DIR", DEFAULT_DIR))


def _read(path: Path, problems: _Problems) -> dict[str, Any]:
    if not path.exists():
        problems.add(path, "(file)", "missing")
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        problems.add(path, "(file)", f"not valid YAML: {exc}")
        return {}
    if not isinstance(data, dict):
        problems.add(path, "(file)", "top level must be a mapping")
        return {}
    return data


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _load_products(path: Path, problems: _Problems) -> dict[str, Product]:
    products: dict[str, Product] = {}
    for pid, entry in (_read(path, problems).get("products") or {}).items():
        if not isinstance(entry, dict) or not _text(entry.get("name")):
            problems.add(path, pid, "needs a name")
            continue
        synonyms = tuple(str(s) for s in entry.get("synonyms") or ())
        if not synonyms:
            problems.add(path, pid, "needs at least one synonym")
        products[pid] = Product(
            id=pid,
            name=entry["name"],
            synonyms=synonyms,
            model_plate=_text(entry.get("model_plate")),
        )
    if not products:
        problems.add(path, "products", "no product lines defined")
    return products


def _load_step(
    path: Path, where: str, raw: Any, following: str | None, problems: _Problems
) -> Step | None:
    if not isinstance(raw, dict) or not _text(raw.get("id")):
        problems.add(path, where, "every step needs an id")
        return None
    where = f"{where}.{raw['id']}"
    try:
        kind = StepKind(raw.get("kind", "check"))
    except ValueError:
        problems.add(path, where, f"unknown kind {raw.get('kind')!r} (check, question or info)")
        return None
    text, title = _text(raw.get("text")), _text(raw.get("title"))
    if not text or not title:
        problems.add(
            path,
            where,
            "needs a title (a few words for staff) and a text (what the customer is told)",
        )
        return None
    if kind is StepKind.QUESTION and not (raw.get("if_yes") and raw.get("if_no")):
        problems.add(path, where, "a question needs both if_yes: and if_no: targets")
    if kind is StepKind.INFO and not _text(raw.get("field")):
        problems.add(path, where, "an info step needs a field: to store the answer under")
    replies = _patterns(
        path, f"{where}.replies", raw.get("replies"), tuple(OUTCOMES[kind]), problems
    )
    if kind is StepKind.CHECK and raw.get("yes_label") and not _text(raw.get("resolved")):
        problems.add(
            path, where, "a check with yes_label: needs resolved: (what the harmless case means)"
        )
    if "resolved" in raw and not (kind is StepKind.CHECK and raw.get("yes_label")):
        problems.add(path, where, "resolved: belongs to a check with yes_label: only")
    if "help" in raw and not _text(raw.get("help")):
        problems.add(path, where, "help: must be a text (how to do the step)")
    if "text_date_known" in raw and (
        raw.get("field") != MODEL_AND_DATE or not _text(raw.get("text_date_known"))
    ):
        problems.add(
            path, where, f"text_date_known: a text, for a step with field: {MODEL_AND_DATE} only"
        )
    done_before = _patterns(
        path,
        where,
        {"done_before": raw["done_before"]} if "done_before" in raw else None,
        ("done_before",),
        problems,
    ).get("done_before", ())
    if done_before and kind is not StepKind.CHECK:
        problems.add(path, where, "done_before: belongs to a check (a thing to try) only")
    answered_early = _patterns(
        path, f"{where}.answered_early", raw.get("answered_early"), ("affirm", "deny"), problems
    )
    if answered_early and kind is not StepKind.QUESTION:
        problems.add(path, where, "answered_early: belongs to a question only")
    return Step(
        id=raw["id"],
        kind=kind,
        title=title,
        text=text,
        next=raw.get("next") or (following if kind is not StepKind.QUESTION else None),
        yes=raw.get("if_yes"),
        no=raw.get("if_no"),
        field=raw.get("field"),
        yes_label=raw.get("yes_label"),
        no_label=raw.get("no_label"),
        resolved=_text(raw.get("resolved")),
        replies=replies,
        help=_text(raw.get("help")),
        text_date_known=_text(raw.get("text_date_known")),
        done_before=done_before,
        answered_early=answered_early,
    )


def _patterns(
    path: Path, where: str, raw: Any, allowed: tuple[str, ...], problems: _Problems
) -> dict[str, tuple[str, ...]]:
    """``{outcome: [regex, ...]}``: known outcomes only, every regex compiles and matches something."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        problems.add(path, where, f"must map outcomes ({', '.join(allowed)}) to lists of phrases")
        return {}
    found: dict[str, tuple[str, ...]] = {}
    for outcome, phrases in raw.items():
        if outcome not in allowed:
            problems.add(
                path, where, f"unknown outcome {outcome!r} here (allowed: {', '.join(allowed)})"
            )
            continue
        if not isinstance(phrases, list) or not phrases:
            problems.add(path, f"{where}.{outcome}", "needs a list of phrases")
            continue
        good = []
        for phrase in phrases:
            try:
                pattern = re.compile(str(phrase))
            except re.error as error:
                problems.add(path, f"{where}.{outcome}", f"{phrase!r} does not compile: {error}")
                continue
            if pattern.match(""):
                problems.add(path, f"{where}.{outcome}", f"{phrase!r} matches an empty reply")
                continue
            good.append(str(phrase))
        found[outcome] = tuple(good)
    return found


def _load_replies(path: Path, problems: _Problems) -> ReplyWording:
    data = _read(path, problems)
    outcomes = sorted({o for kind in OUTCOMES.values() for o in kind} | set(READINGS))
    raw = dict(data.get("replies") or {})
    negations = tuple(str(n) for n in raw.pop("negations", None) or ())
    patterns = _patterns(path, "replies", raw, tuple(outcomes), problems)
    texts = (
        "help",
        "wait",
        "still_unclear",
        "visit_proposal",
        "visit_decline",
        "walk_in_city_question",
    )
    for name in texts:
        if not _text(data.get(name)):
            problems.add(path, name, "needs a text")
    return ReplyWording(
        patterns=patterns,
        negations=negations,
        help=_text(data.get("help")) or "",
        wait=_text(data.get("wait")) or "",
        still_unclear=_text(data.get("still_unclear")) or "",
        visit_proposal=_text(data.get("visit_proposal")) or "",
        visit_decline=_text(data.get("visit_decline")) or "",
        walk_in_city_question=_text(data.get("walk_in_city_question")) or "",
    )


def _load_diagnosis(path: Path, product: str, raw: Any, problems: _Problems) -> Diagnosis | None:
    intent = raw.get("intent") if isinstance(raw, dict) else None
    if not intent:
        problems.add(path, "(fault)", "every fault needs an intent")
        return None
    for key in ("title", "unresolved"):
        if not _text(raw.get(key)):
            problems.add(path, intent, f"needs {key}:")
    if raw.get("priority") not in PRIORITIES:
        problems.add(path, intent, f"priority must be one of {', '.join(PRIORITIES)}")
    if raw.get("service") not in SERVICES:
        problems.add(path, intent, f"service must be one of {', '.join(SERVICES)}")
    if raw.get("reached_by", "intent") not in ("intent", "error_code"):
        problems.add(path, intent, "reached_by must be intent (the default) or error_code")
    raw_steps = raw.get("steps") or []
    if not raw_steps:
        problems.add(path, intent, "needs at least one step")
        return None
    ids = [s.get("id") if isinstance(s, dict) else None for s in raw_steps]
    steps: dict[str, Step] = {}
    for index, raw_step in enumerate(raw_steps):
        following = ids[index + 1] if index + 1 < len(ids) else "escalate"
        step = _load_step(path, intent, raw_step, following, problems)
        if step is None:
            continue
        if step.id in steps:
            problems.add(path, f"{intent}.{step.id}", "duplicate step id")
        steps[step.id] = step
    for step in steps.values():
        for target in step.targets():
            if target not in steps and target not in END_TARGETS:
                problems.add(path, f"{intent}.{step.id}", f"points to unknown step {target!r}")
    return Diagnosis(
        intent=intent,
        product=product,
        title=_text(raw.get("title")) or intent,
        priority=raw.get("priority", "P3"),
        service=raw.get("service", "none"),
        first=ids[0] or "",  # a step without an id is reported above
        steps=steps,
        unresolved=_text(raw.get("unresolved")) or "",
        likely_causes=tuple(raw.get("likely_causes") or ()),
        collect=tuple(raw.get("collect") or ()),
        by_code=raw.get("reached_by") == "error_code",
        excludes=tuple(str(e) for e in raw.get("excludes") or ()),
        said_as=tuple(str(w) for w in raw.get("said_as") or () if str(w).strip()),
    )


def _load_faults(
    directory: Path, products: dict[str, Product], problems: _Problems
) -> dict[str, Diagnosis]:
    diagnoses: dict[str, Diagnosis] = {}
    for path in sorted(directory.glob("*.yml")):
        data = _read(path, problems)
        product = data.get("product")
        if product not in products:
            problems.add(path, "product", f"unknown product line {product!r}")
            continue
        for raw in data.get("faults") or []:
            diagnosis = _load_diagnosis(path, product, raw, problems)
            if diagnosis is None:
                continue
            if diagnosis.intent in diagnoses:
                problems.add(path, diagnosis.intent, "defined twice")
            if diagnosis.by_code and not diagnosis.starts_with_code:
                problems.add(
                    path,
                    diagnosis.intent,
                    "a fault reached by an error code starts with an info step of field: error_code",
                )
            diagnoses[diagnosis.intent] = diagnosis
    for diagnosis in diagnoses.values():
        for other in diagnosis.excludes:
            if other not in diagnoses or diagnoses[other].product != diagnosis.product:
                problems.add(
                    directory / "(faults)",
                    f"{diagnosis.intent}.excludes",
                    f"{other!r} is no fault of the same product",
                )
    return diagnoses


def _load_answers(path: Path, problems: _Problems) -> dict[str, PolicyAnswer]:
    """The answers, with the hotline numbers of ``hotline.yml`` filled in (``${hotline}``)."""
    answers: dict[str, PolicyAnswer] = {}
    try:
        hotlines = hotline.hotlines(path.parent)
    except (OSError, ValueError, yaml.YAMLError) as error:
        problems.add(
            path.parent / hotline.FILE, "numbers", f"the hotline numbers could not be read: {error}"
        )
        hotlines = ("",)
    for intent, entry in (_read(path, problems).get("answers") or {}).items():
        text = _text(entry.get("text")) if isinstance(entry, dict) else None
        text = hotline.fill(text, hotlines) if text else None
        if not text:
            problems.add(path, intent, "needs a text")
            continue
        buttons: tuple[tuple[str, str], ...] = tuple(
            (b["title"], b["payload"]) for b in entry.get("buttons") or () if isinstance(b, dict)
        )
        keywords = tuple(str(k) for k in entry.get("keywords") or ())
        answers[intent] = PolicyAnswer(intent=intent, text=text, buttons=buttons, keywords=keywords)
    return answers


def _number(path: Path, where: str, value: Any, problems: _Problems) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    problems.add(path, where, f"needs a number, got {value!r}")
    return 0.0


def _listed(
    path: Path, problems: _Problems, section: str, key: str, what: str
) -> Iterator[tuple[str, dict[str, Any]]]:
    """The entries of the list ``section``, each with its ``key`` (an entry without one is a problem)."""
    for raw in _read(path, problems).get(section) or []:
        value = _text(raw.get(key)) if isinstance(raw, dict) else None
        if value:
            yield value, raw
        else:
            problems.add(
                path, f"({what})", f"every {what} needs {'an' if key[0] in 'aeiou' else 'a'} {key}"
            )


def _load_cities(path: Path, problems: _Problems) -> dict[str, City]:
    cities: dict[str, City] = {}
    seen: dict[str, str] = {}
    for name, raw in _listed(path, problems, "cities", "name", "city"):
        city = City(
            name=name,
            province=str(raw.get("province") or ""),
            lat=_number(path, name, raw.get("lat"), problems),
            lon=_number(path, name, raw.get("lon"), problems),
            aliases=tuple(str(a) for a in raw.get("aliases") or ()),
            districts=tuple(str(d) for d in raw.get("districts") or ()),
        )
        for district in city.districts:
            if not district.endswith(("区", "县", "市")) or len(district) < 2:
                problems.add(
                    path, name, f"district {district!r} should be a name ending in 区/县/市"
                )
        for alias in city.names:
            if alias in seen:
                problems.add(path, name, f"{alias!r} is already used by {seen[alias]}")
            seen[alias] = name
        cities[name] = city
    return cities


def _load_outlets(
    path: Path, cities: dict[str, City], products: dict[str, Product], problems: _Problems
) -> dict[str, Outlet]:
    outlets: dict[str, Outlet] = {}
    for oid, raw in _listed(path, problems, "outlets", "id", "outlet"):
        missing = [k for k in ("name", "city", "address", "phone") if not _text(raw.get(k))]
        if missing:
            problems.add(path, oid, f"needs {', '.join(missing)}")
            continue
        if raw["city"] not in cities:
            problems.add(path, oid, f"city {raw['city']!r} is not in cities.yml")
        elif raw.get("district") and raw["district"] not in cities[raw["city"]].districts:
            problems.add(
                path,
                oid,
                f"district {raw['district']!r} is not among {raw['city']}'s in cities.yml",
            )
        unknown = [p for p in raw.get("products") or () if p not in products]
        if unknown:
            problems.add(path, oid, f"unknown products {unknown}")
        if oid in outlets:
            problems.add(path, oid, "duplicate outlet id")
        outlets[oid] = Outlet(
            id=oid,
            name=raw["name"],
            city=raw["city"],
            district=str(raw.get("district") or ""),
            address=raw["address"],
            phone=str(raw["phone"]),
            lat=_number(path, oid, raw.get("lat"), problems),
            lon=_number(path, oid, raw.get("lon"), problems),
            products=tuple(raw.get("products") or products),
            walk_in=bool(raw.get("walk_in")),
        )
    if not outlets:
        problems.add(path, "outlets", "no service outlets defined")
    return outlets


def _load_warranties(
    path: Path, products: dict[str, Product], problems: _Problems
) -> dict[str, Warranty]:
    warranties: dict[str, Warranty] = {}
    for pid, raw in (_read(path, problems).get("warranty") or {}).items():
        if pid not in products:
            problems.add(path, pid, "unknown product line")
            continue
        months = raw.get("whole_unit") if isinstance(raw, dict) else None
        if not isinstance(months, int) or months <= 0:
            problems.add(path, pid, "whole_unit must be a number of months")
            continue
        parts = []
        for part in raw.get("parts") or ():
            if (
                not isinstance(part, dict)
                or not _text(part.get("name"))
                or not isinstance(part.get("months"), int)
            ):
                problems.add(path, pid, f"a part needs a name and months: {part!r}")
                continue
            parts.append(WarrantyPart(part["name"], part["months"]))
        warranties[pid] = Warranty(product=pid, whole_unit=months, parts=tuple(parts))
    for pid in products:
        if pid not in warranties:
            problems.add(path, pid, "no warranty periods for this product line")
    return warranties


def _load_after_sales(
    path: Path, products: dict[str, Product], problems: _Problems
) -> AfterSales | None:
    """Return, exchange and extended-warranty rules (``returns`` and ``extended_warranty`` of warranty.yml)."""
    raw = _read(path, problems)
    returns, extended = raw.get("returns") or {}, raw.get("extended_warranty") or {}
    numbers: dict[str, Any] = {
        key: returns.get(key) for key in ("return_days", "exchange_days", "repairs_before_exchange")
    }
    numbers["buy_within_days"] = extended.get("buy_within_days")
    bad = [key for key, value in numbers.items() if not isinstance(value, int) or value <= 0]
    for key in bad:
        problems.add(
            path,
            "returns" if key != "buy_within_days" else "extended_warranty",
            f"{key} must be a positive number of days",
        )
    plans = []
    for plan in extended.get("plans") or ():
        unknown = [p for p in (plan or {}).get("products") or () if p not in products]
        if not isinstance((plan or {}).get("years"), int) or unknown or not plan.get("products"):
            problems.add(
                path, "extended_warranty", f"a plan needs years and known products: {plan!r}"
            )
            continue
        plans.append(ExtendedWarrantyPlan(plan["years"], tuple(plan["products"])))
    if bad or not plans or not _text(extended.get("covers")):
        if not plans or not _text(extended.get("covers")):
            problems.add(path, "extended_warranty", "needs plans and covers")
        return None
    return AfterSales(
        returns=ReturnRules(
            numbers["return_days"],
            numbers["exchange_days"],
            numbers["repairs_before_exchange"],
            tuple(returns.get("needs") or ()),
            tuple(returns.get("excludes") or ()),
        ),
        extended=ExtendedWarranty(
            numbers["buy_within_days"],
            tuple(plans),
            extended["covers"],
            tuple(extended.get("not_covered") or ()),
        ),
    )


def _load_product_types(
    path: Path, products: dict[str, Product], problems: _Problems
) -> dict[str, dict[str, tuple[str, ...]]]:
    """product -> kind (滚筒) -> the words customers use for it."""
    types: dict[str, dict[str, tuple[str, ...]]] = {}
    if not path.exists():
        return types
    for pid, kinds in (_read(path, problems).get("product_types") or {}).items():
        if pid not in products or not isinstance(kinds, dict):
            problems.add(path, str(pid), "unknown product line, or not a mapping of kinds to words")
            continue
        types[pid] = {
            str(kind): tuple(str(w) for w in words or (kind,)) for kind, words in kinds.items()
        }
    return types


def _load_error_codes(
    path: Path, products: dict[str, Product], problems: _Problems
) -> dict[str, dict[str, ErrorCode]]:
    codes: dict[str, dict[str, ErrorCode]] = {}
    for pid, table in (_read(path, problems).get("error_codes") or {}).items():
        if pid not in products:
            problems.add(path, pid, "unknown product line")
            continue
        for code, raw in (table or {}).items():
            where = f"{pid}.{code}"
            if (
                not isinstance(raw, dict)
                or not _text(raw.get("meaning"))
                or not _text(raw.get("advice"))
            ):
                problems.add(path, where, "needs meaning and advice")
                continue
            if raw.get("priority", "P2") not in PRIORITIES:
                problems.add(path, where, f"priority must be one of {', '.join(PRIORITIES)}")
            code = str(code).upper()
            codes.setdefault(pid, {})[code] = ErrorCode(
                pid,
                code,
                raw["meaning"],
                raw["advice"],
                raw.get("priority", "P2"),
                bool(raw.get("general")),
            )
    return codes


def _load_safety(path: Path, products: dict[str, Product], problems: _Problems) -> SafetyAdvice:
    raw = _read(path, problems).get("safety") or {}
    advice = _text(raw.get("advice"))
    if not advice:
        problems.add(path, "safety", "needs advice")
    by_product = {str(k): str(v).strip() for k, v in (raw.get("by_product") or {}).items()}
    for pid in by_product:
        if pid not in products:
            problems.add(path, f"safety.by_product.{pid}", "unknown product line")
    hazards = tuple(
        h
        for h in (
            _load_hazard(path, i, h, problems) for i, h in enumerate(raw.get("hazards") or ())
        )
        if h
    )
    return SafetyAdvice(
        priority=raw.get("priority", "P1"),
        advice=advice or "",
        by_product=by_product,
        hazards=hazards,
        hazard_words=tuple(str(w) for w in raw.get("hazard_words") or () if str(w).strip()),
        denied_by=_regexes(path, "safety.denied_by", raw.get("denied_by"), problems),
        no_danger=tuple(str(w) for w in raw.get("no_danger") or () if str(w).strip()),
    )


def _regexes(path: Path, where: str, raw: Any, problems: _Problems) -> tuple[str, ...]:
    phrases = tuple(str(p) for p in raw or ()) if isinstance(raw, list) else ()
    if not phrases:
        problems.add(path, where, "needs a list of patterns")
    for phrase in phrases:
        try:
            if re.compile(phrase).match(""):
                problems.add(path, where, f"{phrase!r} matches an empty message")
        except re.error as error:
            problems.add(path, where, f"{phrase!r} does not compile: {error}")
    return phrases


def _load_hazard(path: Path, index: int, raw: Any, problems: _Problems) -> Hazard | None:
    hid = _text(raw.get("id")) if isinstance(raw, dict) else None
    if not hid or not _text(raw.get("advice")) or not _text(raw.get("title")):
        problems.add(path, f"safety.hazards[{index}]", "needs an id, a title and advice")
        return None
    where = f"safety.hazards.{hid}"
    follow_ups = []
    for number, item in enumerate(raw.get("follow_ups") or ()):
        if not isinstance(item, dict) or not _text(item.get("answer")):
            problems.add(path, f"{where}.follow_ups[{number}]", "needs patterns and an answer")
            continue
        follow_ups.append(
            FollowUp(
                _regexes(path, f"{where}.follow_ups[{number}]", item.get("patterns"), problems),
                item["answer"].strip(),
            )
        )
    return Hazard(
        hid,
        raw["title"].strip(),
        _regexes(path, where, raw.get("patterns"), problems),
        raw["advice"].strip(),
        tuple(follow_ups),
    )


def _load_shapes(path: Path, problems: _Problems) -> dict[str, Shape]:
    shapes: dict[str, Shape] = {}
    for name, raw in (_read(path, problems).get("shapes") or {}).items():
        if not isinstance(raw, dict):
            problems.add(path, name, "needs regex (and entity, min_length)")
            continue
        regexes = raw.get("regex")
        regexes = tuple(
            str(r) for r in (regexes if isinstance(regexes, list) else [regexes] if regexes else [])
        )
        if not regexes:
            problems.add(path, name, "needs at least one regex")
            continue
        shape = Shape(
            name,
            regexes,
            _text(raw.get("entity")),
            int(raw.get("min_length") or 1),
            in_text_only=bool(raw.get("in_text")),
            context=_text(raw.get("context")),
        )
        if shape.context and not shape.in_text_only:
            problems.add(path, name, "context needs in_text: true (the ruler matches whole tokens)")
        try:
            re.compile(shape.in_text())
        except re.error as error:
            problems.add(path, name, f"regex does not compile: {error}")
            continue
        shapes[name] = shape
    return shapes


def _load_intent_labels(path: Path, problems: _Problems) -> dict[str, str]:
    labels = _read(path, problems).get("labels") or {}
    for intent, label in labels.items():
        if not _text(label):
            problems.add(path, intent, "needs a label")
    return {str(k): str(v).strip() for k, v in labels.items()}


def load_knowledge(directory: Path | None = None) -> KnowledgeBase:
    """Read and validate every knowledge file; raise KnowledgeError listing all problems."""
    directory = Path(directory or knowledge_dir())
    problems = _Problems()
    products = _load_products(directory / "products.yml", problems)
    cities = _load_cities(directory / "cities.yml", problems)
    knowledge = KnowledgeBase(
        products=products,
        diagnoses=_load_faults(directory / "faults", products, problems),
        answers=_load_answers(directory / "answers.yml", problems),
        cities=cities,
        outlets=_load_outlets(directory / "outlets.yml", cities, products, problems),
        warranties=_load_warranties(directory / "warranty.yml", products, problems),
        error_codes=_load_error_codes(directory / "error_codes.yml", products, problems),
        safety=_load_safety(directory / "safety.yml", products, problems),
        intent_labels=_load_intent_labels(directory / "intents.yml", problems),
        shapes=_load_shapes(directory / "shapes.yml", problems),
        replies=_load_replies(directory / "replies.yml", problems),
        after_sales=_load_after_sales(directory / "warranty.yml", products, problems),
        product_types=_load_product_types(directory / "product_types.yml", products, problems),
    )
    if problems.items:
        raise KnowledgeError(problems.items)
    return knowledge
