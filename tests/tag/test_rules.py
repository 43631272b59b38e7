"""Rules of partnership-rules 6: deals told as background, and the news of the same shape.

Each case is a short article written for these tests (the organisations are invented); a guard
stands beside the sentence of the same shape that it must leave counted.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from monitor.models import Article, Classification
from monitor.tag.classify import Rules, classify, load_rules

RULES = Path(__file__).resolve().parents[2] / "config" / "rules" / "partnership.toml"
DAY = date(2026, 3, 10)


@pytest.fixture(scope="module")
def rules() -> Rules:
    return load_rules(RULES)


def verdict(rules: Rules, title: str, *body: str) -> Classification:
    return classify(Article(title=title, body=list(body), date=DAY), rules)


BACKGROUND = {
    "agreements of recent years": (
        "Jiading builds a science city",
        "In recent years, Jiading District has signed strategic cooperation agreements with "
        "Harbor University, Eastlake University and Lakeside Institute."),
    "a visit years after the signing": (
        "Mayor visits sister city",
        "A delegation led by the mayor of Eastlake District visited Harbor City this week, 20 "
        "years after the two signed a friendship agreement."),
    "a deal being carried out": (
        "Leaders meet",
        "Officials of Eastlake District and Harbor City met on Monday and reviewed the "
        "implementation of the framework agreement the two sides signed."),
    "a work report's total": (
        "Eastlake reviews the year",
        "Eastlake District signed 45 major projects with Harbor Group and other investors, "
        "according to the district's government work report delivered on Tuesday."),
    "a subsidy for a kind of firm": (
        "New policy for AI firms",
        "Eastlake District released a policy on Monday offering subsidies to AI companies that "
        "set up joint labs with universities."),
    "a jointly built park told as background": (
        "Park grows",
        "The second phase of the jointly built Harbor-Eastlake park started construction on "
        "Monday."),
    "a deal in an aside about a party": (
        "Battery plant starts production",
        "Harbor Battery Co, which signed an investment agreement with Eastlake District, began "
        "production at its new plant on Monday."),
    "a count of deals kept over time": (
        "Q&A with the park director",
        "We have signed agreements with 20 universities and set up 15 joint labs, the director "
        "of Eastlake Science Park said."),
    "an activity as part of an older deal": (
        "Delegation visits",
        "A delegation from Harbor County visited Eastlake District on Tuesday, as part of the "
        "pairing assistance agreement signed by the two places."),
    "a tally of the year": (
        "Investment grows",
        "A total of 186 industrial projects were signed during the year with Harbor Group and "
        "other investors, the Eastlake District commerce commission said."),
    "one body opening its own center": (
        "Motor maker opens R&D center",
        "Harbor Precision Motor Co., Ltd. opened its new research and development center in the "
        "Eastlake Industrial Zone on Monday."),
    "towns teaming up to woo tourists": (
        "Water towns join hands",
        "Three water towns in Eastlake, Harbor and Lakeside are joining hands to woo weekend "
        "tourists, with boat routes and a shared calendar of folk festivals."),
    "what followed the signing": (
        "Park grows",
        "Output of the park has doubled since the signing of the cooperation agreement between "
        "Harbor University and Eastlake District."),
    "a company whose name holds a comma": (
        "R&D center opens",
        "Harbor Robotics Technology Co., Ltd. opened a new R&D center in Eastlake District on "
        "Monday."),
    "a deal pointed back to as given": (
        "Work meeting",
        "Eastlake District and Harbor City held a joint work meeting to push forward the "
        "cooperation agreement they signed."),
}


@pytest.mark.parametrize("title, lede", BACKGROUND.values(), ids=BACKGROUND.keys())
def test_a_deal_told_as_background_is_no_partnership(rules: Rules, title: str,
                                                     lede: str) -> None:
    assert not verdict(rules, title, lede).partnership


NEWS = {
    "signed this week": (
        "Jiading and Harbor University sign deal",
        "Jiading District signed a strategic cooperation agreement with Harbor University on "
        "Monday, the first of its kind for the district."),
    "a deal that follows an earlier one": (
        "New deal",
        "Two years after their first contact, Eastlake District and Harbor University on "
        "Monday signed a cooperation agreement."),
    "a deal that opens a new stage": (
        "Deal signed",
        "Eastlake District and Harbor City signed an agreement on Monday on the implementation "
        "of a joint water plan."),
    "a subsidy beside a deal": (
        "Lab deal",
        "Eastlake District and Harbor University jointly set up an AI lab on Monday, backed by "
        "district funding."),
    "launching a jointly built lab": (
        "New lab",
        "Harbor University and Eastlake Hospital on Monday launched their jointly built "
        "laboratory for medical AI."),
    "a jointly built lab unveiled": (
        "New lab",
        "The jointly built quantum lab of Harbor University and Eastlake District was unveiled "
        "on Tuesday."),
    "a deal in an aside dated this week": (
        "Battery plant",
        "Harbor Battery Co, which signed an investment agreement with Eastlake District on "
        "Monday, will build a plant in the district."),
    "a count of deals signed at an event": (
        "Forum deals",
        "Eastlake University signed cooperation agreements with 12 universities at the forum on "
        "Monday."),
    "an agreement signed as part of a visit": (
        "Delegation visits",
        "As part of the visit, Harbor County and Eastlake District signed a pairing assistance "
        "agreement on Tuesday."),
    "the year's first fair": (
        "Fair deals",
        "Twenty projects were signed during the year's first investment fair in Eastlake District "
        "on Monday."),
    "the year-end fair": (
        "Fair deals",
        "Twenty projects were signed during the year-end investment fair in Eastlake District."),
    "two bodies opening their center": (
        "New center",
        "Harbor University and Eastlake Hospital opened their joint research center on Monday."),
    "teaming up to build a hub": (
        "Towns join hands",
        "Eastlake District and Harbor City joined hands on Monday to build a hub for robotics."),
    "a fund jointly initiated": (
        "New fund",
        "Eastlake District has launched a fund for start-ups.",
        "The fund was jointly initiated by Eastlake Capital Co Ltd, Harbor Investment Co Ltd and "
        "Lakeside Securities Co Ltd."),
    "a deal signed since": (
        "Deal",
        "Eastlake District and Harbor University signed a cooperation agreement on Monday, their "
        "first since 2019."),
    "two companies whose names hold commas": (
        "New center",
        "Harbor Robotics Co., Ltd. and Eastlake Motor Co., Ltd. jointly opened a research center "
        "in Eastlake District on Monday."),
    "the agreement they signed this week": (
        "Deal",
        "Eastlake District and Harbor City will build a park under the cooperation agreement "
        "they signed on Monday."),
}


@pytest.mark.parametrize("article", NEWS.values(), ids=NEWS.keys())
def test_a_deal_of_the_same_shape_told_as_news_still_counts(rules: Rules,
                                                           article: tuple[str, ...]) -> None:
    assert verdict(rules, *article).partnership


def test_a_reference_to_an_older_deal_with_another_subject_is_no_partnership(
        rules: Rules) -> None:
    result = verdict(rules, "Ferry line",
                     "Under the agreement between Eastlake District and Harbor District, the "
                     "ferry will run every 30 minutes from Monday.")
    assert not result.partnership


def test_a_reference_with_the_parties_as_subject_counts(rules: Rules) -> None:
    result = verdict(rules, "Eastlake and Harbor University to build a science park",
                     "Eastlake District and Harbor University are to work together on a science "
                     "park around the campus.",
                     "According to the agreement, the two sides will jointly train engineers and "
                     "share labs.")
    assert result.partnership and "deal_reference" in result.rules


def test_a_reference_that_ends_on_the_deal_it_names_counts(rules: Rules) -> None:
    result = verdict(rules, "German firm to open a center",
                     "A German maker of grippers will open its research center in Harbor City "
                     "under an agreement signed with Harbor Group.")
    assert "deal_reference" in result.rules


@pytest.mark.parametrize("title", [
    "Highlights of the Eastlake District government work report",
    "Eastlake's year in review",
])
def test_every_deal_of_a_year_in_review_is_background(rules: Rules, title: str) -> None:
    result = verdict(rules, title, "Strategic cooperation agreements were signed with Harbor "
                                   "University and Lakeside Institute.")
    assert not result.partnership


def test_the_same_deal_under_an_ordinary_title_counts(rules: Rules) -> None:
    result = verdict(rules, "Eastlake signs with two universities",
                     "Strategic cooperation agreements were signed with Harbor University and "
                     "Lakeside Institute.")
    assert result.partnership


@pytest.mark.parametrize("sentence", [
    "Eastlake District and Harbor City officially launched strategic cooperation on Monday in "
    "industrial parks and transport.",
    "Harbor University and Eastlake District kicked off their cooperation on a science park on "
    "Tuesday.",
])
def test_cooperation_launched_is_concluded(rules: Rules, sentence: str) -> None:
    assert verdict(rules, "Cooperation", sentence).partnership


@pytest.mark.parametrize("sentence", [
    "Eastlake Museum and Harbor Library launched cooperation programs for children on Monday.",
    "Eastlake District and Harbor City launched talks on cooperation in transport on Monday.",
])
def test_a_programme_or_talks_launched_are_no_concluded_cooperation(rules: Rules,
                                                                   sentence: str) -> None:
    assert not verdict(rules, "Cooperation", sentence).partnership


@pytest.mark.parametrize("quote", [
    '"We have signed agreements with Harbor University and Eastlake Institute," the director '
    'of Lakeside Science Park said.',
    "“Our park keeps growing. We signed an agreement with Harbor University and Eastlake "
    "Institute,” the director of Lakeside Science Park said.",
])
def test_a_deal_told_only_in_someones_words_is_no_partnership(rules: Rules, quote: str) -> None:
    result = verdict(rules, "Park director looks ahead", quote)
    assert not result.partnership and any(rule.endswith(":quoted") for rule in result.rules)


@pytest.mark.parametrize("sentence", [
    'Eastlake District and Harbor University signed a "dual-carbon" cooperation agreement on '
    "Monday.",
    "The “Eastlake-Harbor” joint laboratory was unveiled on Monday by Eastlake District and "
    "Harbor University.",
])
def test_a_deal_beside_a_quoted_phrase_still_counts(rules: Rules, sentence: str) -> None:
    assert verdict(rules, "Deal", sentence).partnership


def test_preparing_for_a_signing_ceremony_is_no_partnership(rules: Rules) -> None:
    result = verdict(rules, "Preparations", "Harbor City and Eastlake District are preparing for a "
                                            "signing ceremony of their cooperation agreement next "
                                            "month.")
    assert not result.partnership


def test_firms_becoming_members_of_a_chamber_is_no_alliance(rules: Rules) -> None:
    result = verdict(rules, "New members", "Fifty companies became members of the Eastlake "
                                           "Chamber of Commerce on Monday.")
    assert not result.partnership


def test_firms_becoming_members_of_an_alliance_still_count(rules: Rules) -> None:
    result = verdict(rules, "New members", "Fifty companies became members of the Eastlake "
                                           "Robotics Alliance on Monday.")
    assert result.partnership and result.kind == "alliance"


CAPTION = "The signing ceremony held at the Eastlake Innovation City exhibition hall."


def test_a_nameless_deal_below_a_caption_dated_this_week_counts(rules: Rules) -> None:
    result = verdict(rules, "Three sides join hands on materials", CAPTION,
                     "A tripartite cooperation framework agreement on a materials innovation "
                     "center was signed on Wednesday in the district.")
    assert result.partnership and "parties-unread" in result.check


def test_a_nameless_deal_below_a_caption_without_a_date_does_not_count(rules: Rules) -> None:
    result = verdict(rules, "Three sides join hands on materials", CAPTION,
                     "A tripartite cooperation framework agreement on a materials innovation "
                     "center was signed in the district.")
    assert not result.partnership


def test_what_a_deal_provides_for_is_no_joint_entity_yet(rules: Rules) -> None:
    result = verdict(rules, "Plan for smart mobility",
                     "A strategic cooperation agreement was inked on Wednesday between Eastlake "
                     "District and Harbor University, under which the two sides will give full "
                     "play to their strengths in engineering, planning and industry, and jointly "
                     "build a research base.")
    assert result.partnership and result.kind == "agreement"


def test_a_joint_base_built_beside_a_deal_is_a_joint_entity(rules: Rules) -> None:
    result = verdict(rules, "New base",
                     "Eastlake District and Harbor University signed an agreement on Wednesday, "
                     "and jointly built a research base in the district.")
    assert result.partnership and result.kind == "joint_entity"


def test_a_paired_cooperation_agreement_is_a_pairing(rules: Rules) -> None:
    result = verdict(rules, "Pact", "Eastlake District and Harbor City in Yunnan Province signed a "
                                    "new round of paired cooperation agreement on Monday.")
    assert result.partnership and result.kind == "pairing"


def test_a_cooperation_agreement_between_paired_places_is_still_an_agreement(rules: Rules) -> None:
    result = verdict(rules, "Pact", "Eastlake District and Harbor City, paired since 2017, signed a "
                                    "cooperation agreement on tea on Monday.")
    assert result.partnership and result.kind == "agreement"


def test_an_agreement_whose_center_gets_its_plaque_is_a_joint_entity(rules: Rules) -> None:
    result = verdict(rules, "Center", "Eastlake District and Harbor University signed a framework "
                                      "agreement on building a materials innovation center on "
                                      "Wednesday.",
                     "Officials of the two sides attended the ceremony and unveiled the plaque of "
                     "the center.")
    assert result.partnership and result.kind == "joint_entity"


def test_an_agreement_to_build_a_center_is_an_agreement(rules: Rules) -> None:
    result = verdict(rules, "Center", "Eastlake District and Harbor University signed a framework "
                                      "agreement on building a materials innovation center on "
                                      "Wednesday.")
    assert result.partnership and result.kind == "agreement"


def test_not_only_signed_is_no_negation(rules: Rules) -> None:
    result = verdict(rules, "Deal", "Eastlake District and Harbor University not only signed a "
                                    "cooperation agreement on Monday but also agreed on more "
                                    "exchanges.")
    assert result.partnership and "signed_document" in result.rules


def test_not_signed_is_still_a_negation(rules: Rules) -> None:
    result = verdict(rules, "Deal", "Eastlake District and Harbor University have not signed a "
                                    "cooperation agreement, officials said on Monday.")
    assert not result.partnership


@pytest.mark.parametrize("sentence", [
    "More than 200 farmers in Eastlake signed contracts with Harbor Agriculture Co on Monday to "
    "grow premium rice.",
    "Some 500 taxi drivers signed service agreements with Harbor Taxi Co on Monday.",
])
def test_people_signing_for_their_farm_or_car_is_no_partnership(rules: Rules,
                                                               sentence: str) -> None:
    assert not verdict(rules, "Contracts", sentence).partnership


def test_a_body_the_same_people_form_still_signs_deals(rules: Rules) -> None:
    result = verdict(rules, "Contracts", "The Eastlake Farmers Cooperative signed a cooperation "
                                         "agreement with Harbor Agricultural University on Monday.")
    assert result.partnership
