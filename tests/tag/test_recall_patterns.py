"""Recall: ways of announcing a new joint entity or alliance, each with a near miss that must
stay untagged. Sentences and organisations are invented for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.models import Article
from monitor.tag.classify import Rules, classify, load_rules

RULES = Path(__file__).resolve().parents[2] / "config" / "rules" / "partnership.toml"


@pytest.fixture(scope="module")
def rules() -> Rules:
    return load_rules(RULES)


def tagged(rules: Rules, title: str, lede: str) -> bool:
    return classify(Article(title=title, lede=lede, body=[]), rules).partnership


def test_a_joint_venture_registered_is_a_joint_entity(rules: Rules) -> None:
    assert tagged(rules, "Truck venture",
                  "A joint venture between Harbor Motors Co and Riverside Power Co was "
                  "registered in Minhang on Monday.")


def test_a_company_registered_alone_is_no_partnership(rules: Rules) -> None:
    assert not tagged(rules, "New company",
                      "Harbor Motors Co registered a new sales company in Minhang on Monday.")


def test_an_entity_unveiled_and_jointly_set_up_by_named_parties(rules: Rules) -> None:
    assert tagged(rules, "Institute unveiled",
                  "The Riverside Battery Institute was unveiled on Tuesday, jointly set up by "
                  "Eastlake University and Harbor Power Co.")


def test_an_entity_unveiled_by_one_party_alone_is_no_partnership(rules: Rules) -> None:
    assert not tagged(rules, "Center unveiled",
                      "The Riverside Service Center was unveiled on Tuesday, set up by the "
                      "Minhang District government.")


def test_an_alliance_bringing_together_members_was_established(rules: Rules) -> None:
    assert tagged(rules, "Alliance set up",
                  "A clinical research alliance bringing together hospitals, institutes and "
                  "parks from across the delta was officially established in Minhang on "
                  "Wednesday.")


def test_an_alliance_bringing_together_members_that_will_be_established(rules: Rules) -> None:
    assert not tagged(rules, "Alliance planned",
                      "A clinical research alliance bringing together hospitals and institutes "
                      "will be established in Minhang next year.")


def test_an_alliance_which_was_established_is_an_alliance_set_up(rules: Rules) -> None:
    assert tagged(rules, "Alliance",
                  "The Riverside Robotics Alliance, which was officially established on Monday, "
                  "brings together Eastlake University and Harbor Robotics Group.")


def test_an_alliance_which_will_be_established_is_not_yet_set_up(rules: Rules) -> None:
    assert not tagged(rules, "Alliance",
                      "The Riverside Robotics Alliance, which will be established next year, is "
                      "to bring together Eastlake University and Harbor Robotics Group.")


def test_two_parties_setting_up_one_institute_is_a_joint_entity(rules: Rules) -> None:
    assert tagged(rules, "Institute",
                  "Eastlake University and Harbor Robotics Group set up a robotics institute in "
                  "Minhang on Monday.")


def test_opening_an_office_in_a_park_is_not_setting_up_the_park(rules: Rules) -> None:
    assert not tagged(rules, "Headquarters",
                      "Harbor Robotics, Inc., a maker of warehouse robots, today opened its "
                      "regional headquarters in the Riverside Hi-Tech Park in Minhang District.")


def test_a_deal_signed_last_week_is_still_news(rules: Rules) -> None:
    assert tagged(rules, "Rice base",
                  "Harbor Food Co signed an investment agreement with the Lakeview Town "
                  "government last week to build a smart rice base.")


def test_a_deal_signed_last_month_is_background(rules: Rules) -> None:
    assert not tagged(rules, "Rice base",
                      "Harbor Food Co signed an investment agreement with the Lakeview Town "
                      "government last month to build a smart rice base.")


@pytest.mark.parametrize("headline", [
    "Harbor Devices announces a strategic distribution partnership with Lakeside Systems",
    "Harbor Devices and Lakeside Systems announce a strategic partnership in Europe",
    "Harbor Devices and Lakeside Systems launch a research partnership",
])
def test_a_partnership_announced_in_the_present_tense_of_headlines(rules: Rules,
                                                                   headline: str) -> None:
    assert tagged(rules, headline, "The two companies will sell the monitoring system together.")


@pytest.mark.parametrize("lede", [
    "Harbor Devices plans to announce a partnership with Lakeside Systems next month.",
    "Harbor Devices and Lakeside Systems seek to form a partnership in Europe.",
])
def test_a_partnership_still_to_be_announced_or_formed(rules: Rules, lede: str) -> None:
    assert not tagged(rules, "Medical device makers in talks", lede)


@pytest.mark.parametrize("lede", [
    "Thirty leading companies from emerging industries signed contracts with the district on "
    "Thursday to set up their headquarters there.",
    "A total of 12 companies, including Harbor Power Co and Lakeside Systems, have signed with "
    "the Riverside Hi-Tech Park to set up research centers.",
    "A signing ceremony celebrating 28 enterprises settling in the Riverside Culture Park was held "
    "on April 18.",
])
def test_counted_companies_that_signed_at_an_event_are_a_batch(rules: Rules, lede: str) -> None:
    verdict = classify(Article(title="Investment drive", lede=lede, body=[]), rules)
    assert (verdict.partnership, verdict.kind) == (True, "project_batch")


@pytest.mark.parametrize("lede", [
    "More than 1,200 college graduates signed job contracts with employers at the fair.",
    "About 120 companies signed up for the fair, which opens on Friday.",
    "Two companies signed contracts with the district on Thursday.",
])
def test_graduates_sign_ups_and_two_companies_are_no_batch(rules: Rules, lede: str) -> None:
    assert classify(Article(title="Fair in the district", lede=lede, body=[]), rules).kind != "project_batch"


@pytest.mark.parametrize("lede", [
    "Harborview and Lakeside became sister cities on Tuesday.",
    "Harborview District and Lakeside County established friendly relations on Tuesday.",
])
def test_a_new_pairing_is_still_one(rules: Rules, lede: str) -> None:
    assert classify(Article(title="Two places pair up", lede=lede, body=[]), rules).kind == "pairing"


def test_agreements_signed_for_uncounted_projects_are_a_batch(rules: Rules) -> None:
    lede = ("The district signed agreements for major projects worth over 16 billion yuan in the "
            "second quarter, officials said on Friday.")
    assert classify(Article(title="Renewal drive", lede=lede, body=[]), rules).kind == "project_batch"


def test_a_counted_batch_with_a_long_description_before_its_verb(rules: Rules) -> None:
    lede = ("Twenty-seven projects with a total investment of 18.5 billion yuan (US$2.7 billion) "
            "covering a wide range of sectors have been signed in Qingpu District.")
    assert classify(Article(title="Projects signed", lede=lede, body=[]), rules).kind == "project_batch"


@pytest.mark.parametrize("lede", [
    "A new batch of scientific innovation projects was signed in the district on Friday.",
    "They include 88 newly-signed projects and 58 others that began construction on Wednesday.",
    "A total of 12 companies, including Harbor Power Co and Lakeside Systems, have signed with "
    "the Riverside Hi-Tech Park to set up research centers.",
])
def test_batches_of_projects_or_of_companies_are_project_batches(rules: Rules, lede: str) -> None:
    assert classify(Article(title="Investment drive", lede=lede, body=[]), rules).kind == "project_batch"


def test_two_parties_that_signed_counted_agreements_made_an_agreement(rules: Rules) -> None:
    lede = "Harborview and Lakeside signed 15 cooperation agreements on Monday."
    assert classify(Article(title="Two cities sign deals", lede=lede, body=[]), rules).kind == "agreement"


@pytest.mark.parametrize("title", ["Eastland Museum Education Alliance established, including 29 members",
                                   "Harbor-Lakeside joint lab unveiled in Minhang"])
def test_a_headline_that_drops_the_passive_auxiliary_sets_up_a_body(rules: Rules, title: str) -> None:
    assert tagged(rules, title, "It will promote education across the region.")


def test_a_headline_where_a_body_launched_something_sets_up_nothing(rules: Rules) -> None:
    assert not tagged(rules, "Museum alliance launches summer courses for children",
                      "The courses start next week.")


def test_members_that_came_together_to_launch_an_alliance_launched_it(rules: Rules) -> None:
    assert tagged(rules, "New museum network",
                  "Twenty museums including Harbor Museum and Lakeside Museum came together to "
                  "launch the Eastland Museum Education Alliance on Saturday.")


def test_members_that_plan_to_launch_an_alliance_have_not(rules: Rules) -> None:
    assert not tagged(rules, "New museum network",
                      "Twenty museums including Harbor Museum and Lakeside Museum plan to launch "
                      "the Eastland Museum Education Alliance next year.")


def test_a_headline_body_named_for_its_makers_is_set_up_by_them(rules: Rules) -> None:
    result = classify(Article(title="ECU-Yangpu Elementary Education Group Established", body=[
        "On August 6th, ECU together with the Yangpu District government held an inaugural "
        "meeting for the ECU-Yangpu Elementary Education Group.", "Speeches were given."]), rules)
    assert result.partnership and result.parties == ["ECU", "Yangpu District government"]


def test_a_headline_body_of_one_maker_is_no_partnership(rules: Rules) -> None:
    assert not tagged(rules, "Harbor-based Education Group Established",
                      "The group will run five schools.")


def test_a_deal_with_counted_firms_names_one_party_and_counts(rules: Rules) -> None:
    result = classify(Article(title="Free trade zone sets up medical base", body=[
        "Three research centers were launched on Friday in the zone.",
        "Harbor 7th People's Hospital signed a cooperation agreement with 15 firms to develop "
        "medical software."]), rules)
    assert result.partnership and "Harbor 7th People's Hospital" in result.parties


def test_a_deal_with_counted_firms_in_a_years_tally_is_background(rules: Rules) -> None:
    result = classify(Article(title="Lakeview reviews economic work", body=[
        "The plenary session of the Lakeview District Committee was held on January 8.",
        "The district's regional GDP reached 168 billion yuan, up 5.6 percent.",
        "Over the past year, the district signed a total of 173 industrial projects. Lakeview "
        "signed strategic cooperation agreements with 9 state-owned enterprises."]), rules)
    assert not result.partnership


def test_two_bodies_that_extended_their_deal_renewed_it(rules: Rules) -> None:
    assert tagged(rules, "Hospitals keep working together",
                  "Harbor Hospital and Lakeside Traditional Chinese Medicine Hospital recently "
                  "extended their cooperation deal.")


def test_a_deal_a_company_announced_with_its_partner_is_concluded(rules: Rules) -> None:
    result = classify(Article(title="Harbor Biotech partners with Lakeside Central Hospital", body=[
        "Harbor Biotech has announced a strategic clinical study cooperation agreement with "
        "Lakeside Central Hospital.", "Financial details were not disclosed."]), rules)
    assert result.partnership and result.parties == ["Harbor Biotech", "Lakeside Central Hospital"]


def test_an_announced_plan_is_no_deal(rules: Rules) -> None:
    assert not tagged(rules, "Harbor Biotech plans", "Harbor Biotech has announced a plan to seek a "
                      "cooperation agreement with a hospital next year.")


def test_an_association_cofounded_by_named_bodies_is_a_joint_entity(rules: Rules) -> None:
    result = classify(Article(title="Medical association established", body=[
        "The Harbor Medical Treatment Association was established on Jan 9.",
        "The association was cofounded by eight medical institutes including Harbor Medical "
        "Society and Lakeside Doctor Association."]), rules)
    assert result.partnership and result.parties[-2:] == ["Harbor Medical Society",
                                                            "Lakeside Doctor Association"]


def test_a_launch_partnering_with_named_bodies_is_coordinated(rules: Rules) -> None:
    result = classify(Article(title="Harbor Bike launches robotaxi company", body=[
        "Harbor Bike has launched a new robotaxi company, partnering with financial giant Tansy "
        "Group and battery provider Lakeside Power Co Ltd.", "The venture has 1 billion yuan."]),
        rules)
    assert result.partnership and result.parties == ["Harbor Bike", "Tansy Group",
                                                     "Lakeside Power Co Ltd"]


def test_an_agreement_reached_with_a_named_body_on_a_joint_act(rules: Rules) -> None:
    assert tagged(rules, "Government-college cooperation", "The government of Lakeview district "
                  "agreed with Harbor University of Medicine to jointly rebuild Lakeview Central "
                  "Hospital on Jan 11.")


def test_two_sides_that_agreed_at_talks_to_build_together_have_a_plan(rules: Rules) -> None:
    assert not tagged(rules, "Leaders hold talks", "They agreed to jointly build a cross-border "
                      "industrial chain for new energy vehicles.")


@pytest.mark.parametrize("lede", [
    'Harbor Ministry and Lakeside Government signed the "Protocol on Work Consultation between '
    "Harbor Ministry and Lakeside People's Government\" in Beijing on 11 October.",
    "Harbor Ministry and Lakeside Government signed the \u201cMemorandum on Green Ports\u201d on Monday.",
])
def test_a_quoted_document_named_anywhere_in_its_title_is_signed(rules: Rules, lede: str) -> None:
    assert tagged(rules, "Ministry and province meet", lede)


@pytest.mark.parametrize("when", ["on Nov 4", "on November 4, 2024", "on Nov. 4th"])
def test_a_date_between_the_verb_and_the_document_still_signs_it(rules: Rules, when: str) -> None:
    assert tagged(rules, "Universities launch joint programme",
                  f"The International College at Harbor University signed {when} a cooperation "
                  "agreement with the Lakeside Institute of Medicine.")


def test_a_joint_venture_announced_with_a_named_partner_is_a_joint_entity(rules: Rules) -> None:
    result = classify(Article(title="Harbor inks two more deals", lede=(
        "Harbor Medicine, a pharmaceutical company, announced a joint venture with Lakeside "
        "Pharmaceuticals to develop a treatment for eye diseases."), body=[]), rules)
    assert result.partnership and result.kind == "joint_entity"


def test_a_ceremony_two_bodies_held_for_what_they_set_up_is_a_joint_entity(rules: Rules) -> None:
    result = classify(Article(title="Research center opens", body=[
        "Harbor University and Lakeside Group held a joint opening ceremony for the newly "
        "established research center on Monday."]), rules)
    assert result.partnership and result.kind == "joint_entity"
    assert result.parties == ["Harbor University", "Lakeside Group"]


@pytest.mark.parametrize("joined", ["collaborated", "worked together", "partnered"])
def test_bodies_that_worked_together_to_set_something_up_did_set_it_up(rules: Rules,
                                                                        joined: str) -> None:
    result = classify(Article(title="Joint center opens", body=[
        f"Harbor University and Lakeside University {joined} to establish the Harbor-Lakeside "
        "Joint Research Center, which opened on Monday."]), rules)
    assert result.partnership and result.kind == "joint_entity"


def test_the_opening_of_a_body_named_for_its_two_makers_is_a_joint_entity(rules: Rules) -> None:
    result = classify(Article(title="Centre opens", body=[
        "The opening ceremony of the Fudan University - Minhang Centre of Technology and "
        "Innovation was held on Monday."]), rules)
    assert result.partnership and result.kind == "joint_entity"
    assert result.parties == ["Fudan University", "Minhang"]


@pytest.mark.parametrize("sentence", [
    "The opening ceremony of the Fudan University - Minhang Centre of Technology will be held "
    "next week.",
    "The opening ceremony of the Harbor Centre of Technology was held on Monday.",
])
def test_an_opening_to_come_or_of_one_body_is_no_joint_entity(rules: Rules, sentence: str) -> None:
    assert not classify(Article(title="Centre opens", body=[sentence]), rules).partnership
