"""Party reading against the general failure classes: names joined inside one body, an owner
after "branch of", a dateline before the story, a place qualifier, one party in two forms.

Sentences are written for these tests; the organisations are invented.
"""

from __future__ import annotations

import pytest

from conftest import tagged_parties as parties
from monitor.tag.classify import Rules


@pytest.mark.parametrize("body_name", [
    "Obstetrics and Gynecology Hospital of Eastlake University",
    "Lakeside Culture and Tourism Bureau",
])
def test_one_body_named_for_two_fields_is_one_party(rules: Rules, body_name: str) -> None:
    found = parties(rules, "Deal", f"The {body_name} signed a cooperation agreement with Harbor "
                                   "Robotics Group on Monday.")
    assert body_name in found


@pytest.mark.parametrize("pair", ["Harbor and Lakeside Group", "Jiading and Eastlake University"])
def test_place_or_company_before_a_head_is_still_split(rules: Rules, pair: str) -> None:
    found = parties(rules, "Deal", f"Lakeside Hospital signed a cooperation agreement with {pair} "
                                   "on Monday.")
    assert pair not in found


def test_branch_keeps_its_owner(rules: Rules) -> None:
    found = parties(rules, "Bank deal", "The Shanghai branch of Harbor Bank signed a strategic "
                                        "cooperation agreement with Eastlake University.")
    assert "Shanghai branch of Harbor Bank" in found


def test_dateline_is_no_party(rules: Rules) -> None:
    found = parties(rules, "Deal", "LAKESIDE, Eastland — Harbor Robotics Group signed a "
                                   "cooperation agreement with Eastlake University on Monday.")
    assert sorted(found) == ["Eastlake University", "Harbor Robotics Group"]


def test_city_loses_its_province_qualifier(rules: Rules) -> None:
    found = parties(rules, "Deal", "Eastlake City of Zhejiang Province signed a cooperation "
                                   "agreement with Harbor Robotics Group on Monday.")
    assert "Eastlake City" in found


def test_park_and_its_operator_are_one_party(rules: Rules) -> None:
    found = parties(rules, "Park deal",
                    "Eastlake Hi-Tech Park and the Eastlake Hi-Tech Park Development Corporation "
                    "signed an agreement with Harbor Robotics Group.")
    assert len([p for p in found if p.startswith("Eastlake Hi-Tech Park")]) == 1


@pytest.mark.parametrize("sentence", [
    "Li Ming, president of Eastlake University, and Wang Hua, chairman of Harbor Group, signed "
    "the cooperation agreement on Monday.",
    "Eastlake University President Li Ming and Harbor Group Chairman Wang Hua signed the "
    "agreement on Monday.",
])
def test_signatories_give_the_bodies_they_hold_office_in(rules: Rules, sentence: str) -> None:
    assert sorted(parties(rules, "Deal", sentence)) == ["Eastlake University", "Harbor Group"]


def test_a_town_and_its_government_are_one_party(rules: Rules) -> None:
    found = parties(rules, "Town deal",
                    "Malu Town and the Malu government signed a cooperation agreement with Harbor "
                    "Robotics Group on Monday.")
    assert len([p for p in found if p.startswith("Malu")]) == 1


def test_a_university_and_a_group_sharing_a_word_stay_two(rules: Rules) -> None:
    found = parties(rules, "Deal", "Eastlake University signed a cooperation agreement with "
                                   "Eastlake Group on Monday.")
    assert sorted(found) == ["Eastlake Group", "Eastlake University"]
