"""The institutions gazetteer: which mentions of a deal sentence are parties, on sentences written
for these tests (the entries themselves are real places and institutions of the shipped file)."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.errors import ConfigError
from monitor.tag.classify import load_rules
from monitor.tag.institutions import (
    Institutions,
    load_institutions,
    lower_case_names,
    mentioned_parties,
)
from monitor.tag.lexicon import Lexicon

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "config" / "institutions.toml"


@pytest.fixture(scope="module")
def listed() -> Institutions:
    return load_institutions(SHIPPED, [("Qingpu District", "district")])


@pytest.mark.parametrize("sentence, parties", [
    ("Shanghai and Hong Kong signed a memorandum.", ["Shanghai", "Hong Kong"]),
    ("qingpu district signed a deal with fudan university.", ["qingpu district",
                                                               "fudan university"]),
    ("The district signed a deal with the city of Suzhou.", ["Suzhou"]),
    ("The governments of Shanghai and Suzhou signed a deal.", ["Shanghai", "Suzhou"]),
    ("FUDAN UNIVERSITY AND QINGPU DISTRICT SIGN DEAL", ["FUDAN UNIVERSITY", "QINGPU DISTRICT"]),
])
def test_mentions_of_any_case_are_parties(listed: Institutions, sentence: str,
                                          parties: list[str]) -> None:
    assert mentioned_parties(sentence, listed) == parties


@pytest.mark.parametrize("sentence", [
    "Harbor Robotics Group signed a deal in Shanghai on Monday.",
    "A Shanghai-based robot maker signed a deal.",
    "Shanghai's Harbor Robotics Group signed a deal.",
    "SHANGHAI, May 3 -- Harbor Robotics Group signed a deal.",
    "The Shanghai Harbor Forum opened with a signing.",
    "Projects were signed in Chonggu Town, Qingpu District.",
    "Companies from neighbouring Jiangsu signed deals.",
    "The agreement was signed at a ceremony on the Bund.",
    "Under the deal, the county will sell farm goods through Shanghai supermarket chains.",
])
def test_mentions_that_only_say_where_or_belong_to_a_longer_name_are_not(
        listed: Institutions, sentence: str) -> None:
    assert mentioned_parties(sentence, listed) == []


@pytest.mark.parametrize("sentence, parties", [
    ("Shanghai government and Hong Kong signed a memorandum.", ["Shanghai", "Hong Kong"]),
    ("Suzhou jointly set up a lab with Tongji University.", ["Suzhou", "Tongji University"]),
])
def test_a_place_that_acts_or_governs_is_a_party(listed: Institutions, sentence: str,
                                                 parties: list[str]) -> None:
    assert mentioned_parties(sentence, listed) == parties


@pytest.mark.parametrize("written", ["HKSTP", "Lin-gang Special Area Administration",
                                     "Renji Hospital affiliated to Shanghai Jiao Tong University "
                                     "School of Medicine", "Shanghai Institute of Organic Chemistry"])
def test_shipped_entries_and_short_forms_are_found(listed: Institutions, written: str) -> None:
    assert [m.text for m in listed.find(f"It signed a deal with {written} on Monday.")] == [written]


def test_a_party_after_on_a_verb_is_still_read(listed: Institutions) -> None:
    assert mentioned_parties("The deal was agreed on Friday by Shanghai and Hong Kong.",
                             listed) == ["Shanghai", "Hong Kong"]


def test_the_longest_entry_wins(listed: Institutions) -> None:
    assert mentioned_parties("Fudan University Shanghai Cancer Center signed a deal.",
                             listed) == ["Fudan University Shanghai Cancer Center"]


def test_a_mention_a_known_party_holds_is_left_out(listed: Institutions) -> None:
    assert mentioned_parties("Tongji University and Shanghai signed a deal.", listed,
                             ["Tongji University"]) == ["Shanghai"]


def test_curly_apostrophes_match_straight_ones(listed: Institutions) -> None:
    assert mentioned_parties("Xi’an Jiaotong University signed a deal with Tongji.",
                             listed) == ["Xi’an Jiaotong University", "Tongji"]


def test_a_bad_file_names_the_file_and_key(tmp_path: Path) -> None:
    path = tmp_path / "institutions.toml"
    path.write_text('version = 1\n[university]\n"Eastlake University" = "Eastlake"\n',
                    encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_institutions(path)
    assert str(path) in str(caught.value) and caught.value.key == "university.Eastlake University"


def test_an_unknown_kind_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "institutions.toml"
    path.write_text('version = 1\n[bakery]\n"Eastlake Bread" = []\n', encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_institutions(path)
    assert caught.value.key == "bakery"


def test_a_short_form_listed_under_two_entries_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "institutions.toml"
    path.write_text('version = 1\n[university]\n"Eastlake University" = ["EU"]\n'
                    '[company]\n"Eastlake Utilities" = ["EU"]\n', encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_institutions(path)
    assert caught.value.key == "company.Eastlake Utilities" and "university" in str(caught.value)


def test_one_entry_may_write_its_name_in_two_cases(tmp_path: Path) -> None:
    path = tmp_path / "institutions.toml"
    path.write_text('version = 1\n[government]\n"Eastlake Government" = ["Eastlake government"]\n',
                    encoding="utf-8")
    assert load_institutions(path).kinds == {"eastlake government": "government"}


@pytest.mark.parametrize("sentence", [
    "The two heads signed the agreement, witnessed by Qingpu District.",
    # as the grammar reader leaves it, a person and office before the name blanked
    "The two heads signed the agreement, witnessed by                             Qingpu District.",
    "The deal was signed at a forum hosted by the Minhang District.",
], ids=["witnessed", "witnessed-after-a-blanked-office", "hosted"])
def test_who_witnessed_or_hosted_a_signing_is_not_a_party(listed: Institutions,
                                                          sentence: str) -> None:
    assert mentioned_parties(sentence, listed) == []


def test_a_place_signing_beside_a_witness_is_still_a_party(listed: Institutions) -> None:
    assert mentioned_parties("Qingpu District signed the deal, witnessed by city officials.",
                             listed) == ["Qingpu District"]


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return load_rules(ROOT / "config" / "rules" / "partnership.toml").lexicon


@pytest.mark.parametrize("sentence, names", [
    ("eastlake university and harbor robotics co., ltd. signed a pact on monday.",
     ["eastlake university", "harbor robotics co"]),
    ("the lakeview district government signed a deal with meridian bank.",
     ["lakeview district government", "meridian bank"]),
    ("lakeview, eastlake university sign ai pact", ["eastlake university"]),
])
def test_names_of_a_lower_case_page_end_on_a_head(lexicon: Lexicon, sentence: str,
                                                  names: list[str]) -> None:
    assert lower_case_names(sentence, lexicon) == names


@pytest.mark.parametrize("sentence, names", [
    ("eastlake university set up a joint lab with a local robotics company.",
     ["eastlake university"]),
    ("meridian bank signed it, witnessed by the lakeview municipal education commission.",
     ["meridian bank"]),
    ("it was signed by a deputy district director.", []),
    ("Eastlake University and Harbor Robotics Co signed a pact.", []),  # capitals: read elsewhere
])
def test_no_names_are_read_from_things_made_witnesses_or_capitals(lexicon: Lexicon, sentence: str,
                                                                  names: list[str]) -> None:
    assert lower_case_names(sentence, lexicon) == names


@pytest.mark.parametrize("mention, written", [
    ("sjtu", "SJTU"),
    ("fudan  university", "Fudan University"),
    ("qingpu district", "Qingpu District"),  # an extra entry: the districts
    ("eastlake university", None),
])
def test_the_file_tells_how_a_name_found_in_any_case_is_written(listed: Institutions,
                                                                mention: str,
                                                                written: str | None) -> None:
    assert listed.written_as(mention) == written
