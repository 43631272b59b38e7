"""Two names of one organisation (monitor.tag.resolve.same_party), and names that only look alike.

The organisations are invented; the word lists are those of the real rules file.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.models import Article
from monitor.tag.classify import Rules, classify, load_rules
from monitor.tag.names import Reader
from monitor.tag.resolve import compound_parties, final_parties, same_party

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


@pytest.mark.parametrize("short, full", [
    ("Lakeside", "People's Government of Lakeside District"),  # "of" inverts the order
    ("Eastlake University of TCM", "Eastlake University of Traditional Chinese Medicine"),
    ("Harbor-gang", "Harborgang Special Area Administration"),  # hyphen written or not
    ("Meridian", "Shanghai Meridian (Group) Co"),  # parentheses
    ("Harbor Science Parks", "Harbor Science and Technology Parks Corporation"),
    ("HSTP", "Harbor Science and Technology Parks Corporation"),  # acronym less "Corporation"
    ("Harbor Motor", "Harbor Motor Corp Ltd"),  # the legal form left out
    ("HK", "Hong Kong Science and Technology Parks Corporation"),  # first words spelled
    ("NEXA", "NEXA Inc"),  # a name in capitals and its legal form
    ("Harbor Business District", "Management Committee of the Harbor Business District"),
    ("Kelvan Biomedical", "Shanghai Kelvan Biomedical Technology Co"),  # its first words
    ("Meridian Group", "Shanghai Meridian Economic Development (Group) Co"),  # and its form
    ("Harborview Hospital", "Harborview Hospital, Eastlake University School of Medicine"),
    ("SMPG", "Shanghai Meridian Port (Group) Co"),  # the bracketed word spelled too
    ("Harbor Beauty Valley", "Shanghai Harbor Beauty Valley Industrial Development Co"),
    ("Marsh County", "People's Government of Marsh (Shache) County"),  # a name in brackets
    ("Harbor Town", "Harbor Town government of Lakeview District"),
    ("Harbor District", "Harbor District People's Government of Shanghai Municipality"),
    ("ecnu", "eastlake coastal normal university"),  # an all-lower-case page
    ("eastlake school", "School of Design at Eastlake University"),  # a lower-case headline
])
def test_short_forms_are_the_same_party(reader: Reader, short: str, full: str) -> None:
    assert same_party(short, full, reader)


@pytest.mark.parametrize("one, other", [
    ("Eastlake University", "Eastlake University of Sport"),
    ("Wenzhou", "Suzhou"),
    ("Harbor Electric Group", "Harbor Electric Power Group"),
    ("HSTP", "Harbor Science Parks Hospital"),
    ("Eastlake University of TCM", "Eastlake University of Sport"),
    ("Harbor Motor", "Harbor Motor Hospital"),
    ("EU", "Eastlake University Hospital"),  # the initials spell a whole name already
    ("Harbor Business District", "Eastlake Harbor Business District"),
    ("Kelvan Hospital", "Shanghai Kelvan Biomedical Technology Co"),  # a body of its own
    ("Meridian Foods", "Shanghai Meridian Economic Development (Group) Co"),  # not its words
    ("Eastlake University", "Harborview Hospital, Eastlake University"),  # its parent
    ("smpg", "Shanghai Meridian Port (Group) Co"),  # a lower-case word beside capitals
    ("Marsh County", "People's Government of Lakeview County"),
    ("Harbor Town", "Marsh Town government of Harbor District"),
    ("Harbor District", "Harbor District Education Bureau"),  # a body of the district
    ("ecnu", "eastlake coastal normal hospital university"),
    ("eastlake school", "Eastlake University Hospital"),  # not all its words
    ("eastlake school", "school of design at eastlake university"),  # both lower case
])
def test_names_that_only_look_alike_stay_apart(reader: Reader, one: str, other: str) -> None:
    assert not same_party(one, other, reader)


def test_a_short_form_of_a_named_party_is_not_resolved_to_another_name(rules: Rules,
                                                                       reader: Reader) -> None:
    blocks = ["Meridian and Lakeside University sign deal",
              "Shanghai Meridian (Group) Co signed it with Lakeside University.",
              "Tenants may rent offices in Meridian Science City."]
    found = final_parties(["Meridian", "Lakeside University", "Shanghai Meridian (Group) Co"],
                          blocks, lambda index: [blocks[index]], "\n".join(blocks), reader,
                          rules.gazetteer)
    assert found == ["Shanghai Meridian (Group) Co", "Lakeside University"]


def test_a_deal_with_a_count_takes_the_names_enumerated_next(rules: Rules) -> None:
    found = parties(rules, "Zone signs letters", "The Harbor Zone Administration signed letters "
                    "of intent with four overseas companies on Tuesday.",
                    "The four are Meridian Health, Eastland's Lakeview Co, Northfield Foods and "
                    "Zurich-based Apex Instruments.")
    assert found == ["Harbor Zone Administration", "Meridian Health", "Lakeview Co",
                     "Northfield Foods", "Apex Instruments"]


def test_a_deal_naming_two_parties_takes_no_enumeration(rules: Rules) -> None:
    found = parties(rules, "Deal", "Jiading District signed a strategic cooperation agreement with "
                    "Harbor Group on Monday.",
                    "The two are Meridian Health and Northfield Foods, the district said.")
    assert found == ["Jiading District", "Harbor Group"]


@pytest.mark.parametrize("title, sentence, expected", [
    ("Lab unveiled", "The Eastlake University-Minhang District Joint Laboratory for Brain Science "
     "was unveiled on Monday.", ["Eastlake University", "Minhang"]),  # a district listed
    ("Ceremony held", "A signing ceremony for the joint research center of Eastlake University - "
     "Northfield Polytechnic Institute was held on Tuesday.",  # a spaced dash: two full names
     ["Eastlake University", "Northfield Polytechnic Institute"]),
    ("Institute unveiled", "The ECU-Wuxi Joint Research Institute was unveiled on Friday.",
     ["ECU", "Wuxi"]),  # an acronym and a listed city, then the made body's own words
])
def test_a_made_body_named_for_its_makers_names_the_parties(rules: Rules, title: str,
                                                           sentence: str,
                                                           expected: list[str]) -> None:
    assert parties(rules, title, sentence, "It will study new methods.") == expected


@pytest.mark.parametrize("text", [
    "The Shanghai-Hangzhou high-speed railway opened on Monday.",  # no body made
    "The Lakeside-Meridian Forum was held on Monday.",  # neither side a known body
    "A signing ceremony for the center of Eastlake University - the city was held.",
])
def test_a_compound_that_names_no_two_bodies_gives_none(reader: Reader, rules: Rules,
                                                       text: str) -> None:
    assert compound_parties([text], reader, lambda side: side in {"Shanghai", "Hangzhou"}) == []


def test_a_deal_named_for_its_two_parties_short_forms_names_them(rules: Rules) -> None:
    found = parties(rules, "Signing ceremony held",
                    "On June 1, the UM-ECU Strategic Partnership Agreement Signing Ceremony was "
                    "held in the lecture hall.",
                    "Present were the provost of the University of Michigan (UM) and the president "
                    "of Eastlake Coastal University (ECU).")
    assert found == ["University of Michigan", "Eastlake Coastal University"]


def test_the_makers_of_a_body_named_next_are_its_parties(rules: Rules) -> None:
    found = parties(rules, "Joint institute up and running",
                    "A partnership that created the Joint Research Institute of Marine Medicine is "
                    "up and running at Eastlake University.",
                    "The new institute, created by Harbor Medical Group and the Lakeside Fund, "
                    "will study new drugs.")
    assert found[-2:] == ["Harbor Medical Group", "Lakeside Fund"]


def test_a_batchs_firms_given_as_examples_later_are_its_parties(rules: Rules) -> None:
    found = parties(rules, "Deals signed in Lakeview",
                    "Agreements on a dozen new projects to be developed in Lakeview District were "
                    "signed on Tuesday.",
                    "The key projects involve leading firms, such as Meridian Metals, Harbor Auto, "
                    "Lakeside Resources and Yokagames.")
    assert found == ["Lakeview District", "Meridian Metals", "Harbor Auto", "Lakeside Resources",
                     "Yokagames"]


def test_a_country_before_a_body_only_says_where_it_is(reader: Reader) -> None:
    assert same_party("Israel Rabin Medical Center", "Rabin Medical Center", reader)
