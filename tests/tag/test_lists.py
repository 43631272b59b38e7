"""Which names a deal verb joins (monitor.tag.lists), and the parties of an alliance set up.

Sentences are written for these tests; the organisations are invented, the districts real.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.models import Article
from monitor.tag.classify import Rules, classify, load_rules
from monitor.tag.lists import around, leading_names, list_after, members, subject_before
from monitor.tag.names import Reader

RULES = Path(__file__).resolve().parents[2] / "config" / "rules" / "partnership.toml"


@pytest.fixture(scope="module")
def rules() -> Rules:
    return load_rules(RULES)


@pytest.fixture()
def reader(rules: Rules) -> Reader:
    return Reader(rules.lexicon)


def parties(rules: Rules, title: str, *body: str) -> list[str]:
    result = classify(Article(title=title, body=list(body)), rules)
    assert result.partnership
    return result.parties


def test_a_region_after_a_place_qualifies_it_in_a_list(reader: Reader) -> None:
    sentence = ("It signed with Harbor Medical City in Lakeview, Eastland Province, and the "
                "Northfield Science Park.")
    read = reader.read(sentence)
    assert list_after(read, sentence.index("Harbor")) == ["Harbor Medical City",
                                                           "Northfield Science Park"]


def test_a_region_after_a_name_without_in_is_listed(reader: Reader) -> None:
    sentence = "It signed with Harbor Medical City, Eastland Province and Northfield Science Park."
    read = reader.read(sentence)
    assert "Eastland Province" in list_after(read, sentence.index("Harbor"))


def test_a_region_after_a_place_qualifies_the_subject(reader: Reader) -> None:
    sentence = ("Changning District and Lakeview County in Harbor Prefecture, Eastland "
                "Autonomous Region, have signed a pairing agreement.")
    found, _ = subject_before(reader.read(sentence), sentence.index("signed"), reader)
    assert found == ["Changning District", "Lakeview County"]


@pytest.mark.parametrize("relative", ["its subsidiary", "its parent company",
                                      "its ride-hailing subsidiary"])
def test_a_subsidiary_after_its_owner_is_a_party(rules: Rules, relative: str) -> None:
    found = parties(rules, "Deal", f"Fengxian District has signed an investment agreement with "
                                   f"Harbor Food (Group) Co and {relative} Harbor Dairy Co.")
    assert "Harbor Dairy Co" in found


@pytest.mark.parametrize("cue", ["Its founding members are", "The founding members of the "
                                 "Harbor Robotics Alliance are", "Members include",
                                 "The alliance was initiated by", "The alliance brings together",
                                 "The alliance is led by",
                                 "It is made up of", "The alliance consists of", "It comprises"])
def test_members_are_read_after_a_member_cue(reader: Reader, cue: str) -> None:
    sentence = f"{cue} Eastlake University, Harbor Electric Group Co and Meridian Robotics Co."
    assert members(reader.read(sentence)) == ["Eastlake University", "Harbor Electric Group Co",
                                              "Meridian Robotics Co"]


@pytest.mark.parametrize("tail", ["among its 42 founding members", "as its first members",
                                  "serving as vice-chair units", "becoming founding members"])
def test_members_are_read_from_a_list_then_called_members(reader: Reader, tail: str) -> None:
    sentence = ("The Harbor Robotics Alliance was set up on Monday, with Eastlake University, "
                f"Harbor Electric Group Co and Meridian Robotics Co {tail}.")
    assert members(reader.read(sentence)) == ["Eastlake University", "Harbor Electric Group Co",
                                              "Meridian Robotics Co"]


def test_a_list_after_with_is_no_members_unless_called_so(reader: Reader) -> None:
    sentence = ("The Harbor Robotics Alliance was set up on Monday, with Eastlake University "
                "and Harbor Electric Group Co as its hosts.")
    assert members(reader.read(sentence)) == []


def test_people_brought_together_from_a_body_are_no_members(reader: Reader) -> None:
    sentence = "The event brought together about 300 guests from Eastlake University."
    assert members(reader.read(sentence)) == []


def test_members_are_not_read_without_a_cue(reader: Reader) -> None:
    sentence = "Eastlake University, Harbor Electric Group Co and Meridian Robotics Co attended."
    assert members(reader.read(sentence)) == []


ALLIANCE = ("The Harbor Robotics Industry Innovation Alliance was officially established on "
            "Wednesday at the Meridian Robot Park in Gucun Town.")
FOUNDERS = ("Its founding members are Eastlake University, Harbor Electric Group Co and "
            "Meridian Robotics Co.")


def test_an_alliance_set_up_is_not_its_own_party(rules: Rules) -> None:
    found = parties(rules, "Robotics alliance set up", ALLIANCE, FOUNDERS)
    assert not any("Alliance" in party for party in found)


def test_where_an_alliance_was_set_up_is_no_party_when_its_founders_are_named(
        rules: Rules) -> None:
    found = parties(rules, "Robotics alliance set up", ALLIANCE, FOUNDERS)
    assert found == ["Eastlake University", "Harbor Electric Group Co", "Meridian Robotics Co"]


def test_where_an_alliance_was_set_up_stays_when_no_founder_is_named(rules: Rules) -> None:
    found = parties(rules, "Robotics alliance set up", ALLIANCE,
                    "It will share testing equipment among robot makers.")
    assert "Gucun Town" in found


def test_a_company_after_and_its_is_not_listed_without_a_relation(rules: Rules) -> None:
    found = parties(rules, "Deal", "Fengxian District has signed an investment agreement with "
                                   "Harbor Food (Group) Co and its Harbor Dairy brand.")
    assert "Harbor Dairy" not in " ".join(found)


@pytest.mark.parametrize("by", ["hosted by", "organized by", "witnessed by", "reported by"])
def test_who_hosted_saw_or_told_of_a_deal_is_no_party(rules: Rules, by: str) -> None:
    found = parties(rules, "Deal", "Jiading District signed a strategic cooperation agreement "
                                   f"with Harbor Group at a forum {by} Meridian Daily.")
    assert found == ["Jiading District", "Harbor Group"]


def test_who_signed_by_is_a_party(rules: Rules) -> None:
    found = parties(rules, "Deal", "A strategic cooperation agreement was signed by Jiading "
                                   "District and Harbor Group on Monday.")
    assert found == ["Jiading District", "Harbor Group"]


def test_the_main_subject_signs_in_a_participle_clause(reader: Reader) -> None:
    sentence = ("Harbor Biotech Co has settled in Meridian Science City, signing an investment "
                "agreement with Lakeside Group.")
    found, _ = subject_before(reader.read(sentence), sentence.index("signing"), reader)
    assert found == ["Harbor Biotech Co"]


def test_a_participle_after_an_opening_word_has_no_subject(reader: Reader) -> None:
    sentence = ("Officials toured Meridian Science City, signing an investment agreement with "
                "Lakeside Group.")
    found, _ = subject_before(reader.read(sentence), sentence.index("signing"), reader)
    assert found == []


@pytest.mark.parametrize("source", ["Meridian Daily reported", "Harbor News said"])
def test_the_source_after_a_list_is_no_party(reader: Reader, source: str) -> None:
    sentence = f"Jiading District signed a deal with Harbor Group, {source} on Monday."
    assert list_after(reader.read(sentence), sentence.index("Harbor")) == ["Harbor Group"]


def test_a_listed_party_after_a_comma_is_still_listed(reader: Reader) -> None:
    sentence = "Jiading District signed a deal with Harbor Group, Meridian Bank and Lakeside Co."
    assert list_after(reader.read(sentence), sentence.index("Harbor")) == [
        "Harbor Group", "Meridian Bank", "Lakeside Co"]


def test_a_delegation_and_the_place_it_visited_are_the_two_sides(rules: Rules) -> None:
    found = parties(rules, "Pairing deal",
                    "A delegation from Fengxian District visited Lakeview County in Harbor "
                    "Prefecture, Eastland province, on Wednesday.",
                    "After talks, the two sides signed a pairing cooperation agreement.")
    assert found == ["Fengxian District", "Lakeview County"]


def test_a_delegation_that_visited_no_named_place_gives_its_home_only(reader: Reader) -> None:
    sentence = "A delegation from Fengxian District toured farms and met officials on Monday."
    assert leading_names(reader.read(sentence), reader) == ["Fengxian District"]


def test_a_lower_case_region_after_a_place_qualifies_it(reader: Reader) -> None:
    sentence = "It signed with Lakeview County in Harbor, Eastland province, and Meridian Co."
    assert list_after(reader.read(sentence), sentence.index("Lakeview")) == [
        "Lakeview County", "Meridian Co"]


def test_a_party_joined_in_an_aside_keeps_the_subject(reader: Reader) -> None:
    sentence = "Eastlake University, along with Harbor Group, signed a deal with Jiading District."
    found, joined = subject_before(reader.read(sentence), sentence.index("signed"), reader)
    assert (found, joined) == (["Eastlake University", "Harbor Group"], True)


def test_a_comma_before_the_verb_without_an_aside_gives_no_subject(reader: Reader) -> None:
    sentence = "After meeting Harbor Group, signed copies of the deal were handed out."
    found, _ = subject_before(reader.read(sentence), sentence.index("signed"), reader)
    assert found == []


@pytest.mark.parametrize("opening", ["Supported by the", "Under the guidance of the", "At the"])
def test_the_object_of_an_opening_phrase_is_not_in_the_subject(reader: Reader,
                                                              opening: str) -> None:
    sentence = (f"{opening} Jiading District Commission, Harbor Group and Eastlake University "
                "signed a deal.")
    found, _ = subject_before(reader.read(sentence), sentence.index("signed"), reader)
    assert found == ["Harbor Group", "Eastlake University"]


@pytest.mark.parametrize("opening", ["", "On Monday, the "])
def test_a_list_that_opens_the_sentence_is_the_subject(reader: Reader, opening: str) -> None:
    sentence = f"{opening}Jiading District, Harbor Group and Eastlake University signed a deal."
    found, _ = subject_before(reader.read(sentence), sentence.index("signed"), reader)
    assert found == ["Jiading District", "Harbor Group", "Eastlake University"]


@pytest.mark.parametrize("described", ["Eastland carmaker", "the US company", "local start-up"])
def test_a_described_name_after_with_is_listed(reader: Reader, described: str) -> None:
    sentence = f"Jiading District signed a deal with {described} Meridian Motor."
    assert list_after(reader.read(sentence), sentence.index(" with ") + 6) == ["Meridian Motor"]


def test_a_description_followed_by_a_place_lists_only_the_reference(reader: Reader) -> None:
    sentence = "Jiading District signed a deal with the company in Harbor City."
    assert list_after(reader.read(sentence), sentence.index(" with ") + 6) == ["company"]


@pytest.mark.parametrize("sentence, expected", [
    ("The bank also signed a deal with Harbor Group.", ["bank"]),
    ("At the same time, the university signed a deal with Harbor Group.", ["university"]),
    ("The university and Harbor Group signed a deal.", ["university", "Harbor Group"]),
])
def test_a_body_named_by_its_kind_is_a_subject(reader: Reader, sentence: str,
                                               expected: list[str]) -> None:
    start = sentence.index("signed")
    assert subject_before(reader.read(sentence), start, reader)[0] == expected


def test_the_government_of_a_place_is_listed(reader: Reader) -> None:
    sentence = "Harbor Bank signed a deal with the government of Eastland Municipality."
    assert list_after(reader.read(sentence), sentence.index(" with ") + 6) == [
        "Eastland Municipality"]


def test_the_agents_of_a_passive_launch_are_coordinated(reader: Reader) -> None:
    sentence = "A seed fund was jointly set up on Tuesday by Harbor Group and Eastlake University."
    start = sentence.index("set up")
    found, joined = around(reader.read(sentence), start, start + len("set up"), reader)
    assert (found, joined) == (["Harbor Group", "Eastlake University"], True)


def test_one_agent_of_a_passive_launch_is_not_coordinated(reader: Reader) -> None:
    sentence = "A seed fund was set up on Tuesday by Harbor Group."
    start = sentence.index("set up")
    assert around(reader.read(sentence), start, start + len("set up"), reader) == (
        ["Harbor Group"], False)


def test_members_named_later_in_an_alliance_article_are_its_parties(rules: Rules) -> None:
    found = parties(rules, "Herbal medicine alliance set up",
                    "The Eastland Herbal Medicine Alliance was officially established on Saturday.",
                    "It brings together 31 hospitals from the region. Lakeside Central Hospital "
                    "became a founding member of the alliance.",
                    "Other founding members include Harbor University Hospital and Northfield "
                    "Hospital of Chinese Medicine.")
    assert found == ["Lakeside Central Hospital", "Harbor University Hospital",
                     "Northfield Hospital of Chinese Medicine"]


def test_members_are_not_looked_for_beyond_an_alliance(rules: Rules) -> None:
    found = parties(rules, "Deal", "Jiading District signed a strategic cooperation agreement with "
                    "Harbor Group on Monday.",
                    "Members of the chamber include Meridian Bank and Northfield Foods.")
    assert found == ["Jiading District", "Harbor Group"]
