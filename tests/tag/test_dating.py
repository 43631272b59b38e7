"""When a deal sentence tells of its deal: asides about a party do not date the deal."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from monitor.models import Article
from monitor.tag.classify import Rules, classify, load_rules
from monitor.tag.dating import (
    dated_before,
    in_aside,
    latest_mentioned,
    own_clauses,
    told_ahead,
    told_this_week,
)

RULES = Path(__file__).resolve().parents[2] / "config" / "rules" / "partnership.toml"
DAY = date(2025, 6, 12)


@pytest.fixture(scope="module")
def rules() -> Rules:
    return load_rules(RULES)


def at_verb(sentence: str, verb: str = "signed") -> int:
    return sentence.index(verb)


@pytest.mark.parametrize("sentence", [
    "The lab was co-founded by Eastlake Hospital and Harbor Sleep Co Ltd, a start-up established "
    "in 2020 by three engineers.",
    "Harbor Medical Co (founded in 2019) signed a cooperation agreement with Eastlake Hospital.",
    "Harbor Medical Co, which opened its first office in 2018, signed a cooperation agreement "
    "with Eastlake Hospital.",
])
def test_a_year_in_an_aside_about_a_party_does_not_date_the_deal(sentence: str) -> None:
    verb = "co-founded" if "co-founded" in sentence else "signed"
    assert not dated_before(sentence, at_verb(sentence, verb), DAY)


@pytest.mark.parametrize("sentence", [
    "In 2019, Eastlake Hospital signed a cooperation agreement with Harbor Medical Co.",
    "Eastlake Hospital signed a cooperation agreement with Harbor Medical Co in 2019, and the "
    "two have worked together since.",
])
def test_a_year_in_the_deals_own_clause_dates_it(sentence: str) -> None:
    assert dated_before(sentence, at_verb(sentence), DAY)


def test_a_deal_told_inside_an_aside_is_dated_by_it() -> None:
    sentence = ("Harbor Medical Co, which signed a cooperation agreement with Eastlake Hospital in "
                "2019, opened a new office on Monday.")
    assert dated_before(sentence, at_verb(sentence), DAY)


def test_own_clauses_keep_the_main_clause() -> None:
    sentence = "Harbor Co, a firm founded in 2015 in Minhang, signed a deal with Eastlake."
    own = own_clauses(sentence, at_verb(sentence))
    assert "2015" not in own and own.startswith("Harbor Co") and own.endswith("signed a deal with Eastlake.")


def test_a_party_set_up_last_year_does_not_make_its_deal_background(rules: Rules) -> None:
    result = classify(Article(title="Health deal", date=DAY, body=[
        "Harbor Medical Co, which was set up last year, signed a cooperation agreement with "
        "Eastlake University on Monday."]), rules)
    assert result.partnership


def test_a_deal_last_year_is_still_background(rules: Rules) -> None:
    result = classify(Article(title="Hospital expands", date=DAY, body=[
        "Harbor Medical Co signed a cooperation agreement with Eastlake University last year, "
        "and the new ward opened on Monday."]), rules)
    assert not result.partnership


def test_an_undated_story_is_dated_by_the_latest_year_it_tells_of() -> None:
    assert latest_mentioned("They signed in 2019. The new lab opened in 2023.") == date(2023, 12, 31)


@pytest.mark.parametrize("text", ["The district aims to gather 200 firms by 2027.",
                                  "A plan for 2025-2027 was released."])
def test_a_year_the_story_looks_forward_to_does_not_date_it(text: str) -> None:
    assert latest_mentioned(text) is None


def test_an_undated_story_about_an_old_deal_is_background(rules: Rules) -> None:
    result = classify(Article(title="Ten years of robots", body=[
        "Harbor Robotics Co, which signed a cooperation agreement with Eastlake University in "
        "2015, opened its third factory in the district in 2024.",
        "The factory employs 400 workers and makes arms for car plants across the country."]), rules)
    assert not result.partnership


def test_an_undated_story_of_a_deal_in_the_only_year_it_names_counts(rules: Rules) -> None:
    result = classify(Article(title="Robot deal", body=[
        "Harbor Robotics Co signed a cooperation agreement with Eastlake University in 2024 to "
        "build a joint lab."]), rules)
    assert result.partnership


def test_a_deal_of_this_week_that_recalls_an_older_one_is_news() -> None:
    sentence = ("Eastlake Hospital signed a new cooperation agreement with Harbor Medical Co on "
                "Monday, building on the one the two signed in 2015.")
    assert not dated_before(sentence, at_verb(sentence), DAY)


def test_an_older_deal_recalled_without_a_day_of_this_week_is_background() -> None:
    sentence = ("Eastlake Hospital signed its first cooperation agreement with Harbor Medical Co "
                "in 2015, building on years of exchanges.")
    assert dated_before(sentence, at_verb(sentence), DAY)


@pytest.mark.parametrize("sentence", [
    "Officials said Eastlake District and Harbor Group had signed the agreement on Monday.",
    "Eastlake District and Harbor City signed a cooperation agreement on Monday, their first "
    "since 2019.",
    "Since its opening in 2020, Harbor Park has grown fast, and on Monday it signed a "
    "cooperation agreement with Eastlake University.",
    "On Monday, Eastlake District and Harbor City signed a cooperation agreement.",
])
def test_a_weekday_in_the_verbs_own_phrase_makes_it_news(sentence: str) -> None:
    assert told_this_week(sentence, at_verb(sentence))


@pytest.mark.parametrize("sentence", [
    "The court ruled on Monday that the contract signed between Harbor Co and Eastlake Co was "
    "invalid.",
    "Harbor Co signed a deal with Eastlake Co last year and on Monday opened its plant.",
    "On Monday, officials said that the contract Harbor Co signed in 2019 was invalid.",
    "Officials attended a ceremony on Friday marking 15 years since the two cities signed a "
    "friendship agreement.",
    "On Monday, officials from the district visited the new lab set up under an agreement "
    "signed in 2019.",
    "The two cities held a work meeting on Tuesday to push forward the agreement they signed.",
])
def test_a_weekday_outside_the_verbs_phrase_does_not(sentence: str) -> None:
    assert not told_this_week(sentence, at_verb(sentence))


@pytest.mark.parametrize("sentence", [
    "Officials said Eastlake District and Harbor Group had signed the agreement on Monday.",
    "Eastlake and Harbor signed a cooperation agreement on Monday to build on ties forged over "
    "the past decade.",
])
def test_a_deal_of_this_week_told_beside_the_past_counts(rules: Rules, sentence: str) -> None:
    assert classify(Article(title="Deal", date=DAY, body=[sentence]), rules).partnership


@pytest.mark.parametrize("sentence", [
    "Harbor Co, which signed an agreement with Eastlake District, began production on Monday.",
    "Harbor Co (which signed an agreement with Eastlake District) began production on Monday.",
])
def test_a_verb_in_an_aside_about_a_party_is_in_the_aside(sentence: str) -> None:
    assert in_aside(sentence, at_verb(sentence))


@pytest.mark.parametrize("sentence", [
    "Harbor Co signed an agreement with Eastlake District, which will build a plant.",
    "Harbor Co, a battery maker, signed an agreement with Eastlake District on Monday.",
])
def test_a_verb_of_the_main_clause_is_not_in_an_aside(sentence: str) -> None:
    assert not in_aside(sentence, at_verb(sentence))


@pytest.mark.parametrize("sentence", [
    "The two sides are holding a signing ceremony of their agreement next month.",
    "A cooperation agreement between Harbor Co and Eastlake District is signed later this year.",
])
def test_a_time_still_to_come_in_the_deals_phrase_tells_it_ahead(sentence: str) -> None:
    assert told_ahead(sentence, at_verb(sentence, "sign"))


@pytest.mark.parametrize("sentence", [
    "Harbor Co signed an agreement with Eastlake District to open a campus next year.",
    "Harbor Co signed an agreement on Monday, and the lab opens next year.",
])
def test_a_time_to_come_in_what_the_deal_is_for_leaves_it_concluded(sentence: str) -> None:
    assert not told_ahead(sentence, at_verb(sentence))


def test_an_aside_about_the_deal_itself_is_no_aside_about_a_party() -> None:
    sentence = "The agreement, which was signed by Harbor Co and Eastlake District, covers AI."
    assert not in_aside(sentence, at_verb(sentence))
