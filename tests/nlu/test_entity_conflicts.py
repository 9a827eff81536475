"""The rule for overlapping entities (bot/nlu/entity_conflicts.py)."""

from bot.nlu.entity_conflicts import resolve_conflicts


def entity(name, start, end, extractor):
    return {"entity": name, "start": start, "end": end, "value": "x", "extractor": extractor}


def test_the_rule_based_entity_wins_over_an_overlapping_diet_entity():
    ruler = entity("model", 2, 18, "SpacyEntityExtractor")  # KFR-35GW/E500-A1
    diet = entity("model", 2, 10, "DIETClassifier")  # KFR-35GW
    other_label = entity("error_code", 11, 15, "DIETClassifier")  # E500
    assert resolve_conflicts([diet, other_label, ruler]) == [ruler]


def test_the_same_span_from_both_is_kept_once_from_the_rules():
    ruler = entity("product", 0, 2, "SpacyEntityExtractor")
    diet = entity("product", 0, 2, "DIETClassifier")
    assert resolve_conflicts([diet, ruler]) == [ruler]


def test_diet_entities_elsewhere_are_kept_in_text_order():
    name = entity("person_name", 0, 1, "DIETClassifier")
    city = entity("city", 5, 7, "SpacyEntityExtractor")
    assert resolve_conflicts([city, name]) == [name, city]


def test_between_overlapping_rules_the_longer_span_wins():
    long = entity("model", 0, 8, "SpacyEntityExtractor")
    short = entity("error_code", 0, 3, "RegexEntityExtractor")
    assert resolve_conflicts([short, long]) == [long]


def test_between_rules_of_the_same_length_the_one_read_by_context_wins():
    # 工单号WO20261103001: the ruler sees a model number, the context rule a ticket number
    ruler = entity("model", 3, 16, "SpacyEntityExtractor")
    context = entity("ticket_id", 3, 16, "ExactDetailsExtractor")
    assert resolve_conflicts([ruler, context]) == [context]
