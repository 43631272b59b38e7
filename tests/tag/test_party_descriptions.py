"""Parties described rather than named, and short forms an article defines: each reading with a
sentence it must read and a near miss it must leave alone. Organisations here are invented."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.models import Article, Classification
from monitor.tag.classify import Rules, classify, load_rules

RULES = Path(__file__).resolve().parents[2] / "config" / "rules" / "partnership.toml"


@pytest.fixture(scope="module")
def rules() -> Rules:
    return load_rules(RULES)


def names(rules: Rules, title: str, lede: str, *body: str) -> set[str]:
    result: Classification = classify(Article(title=title, lede=lede, body=list(body)), rules)
    assert result.partnership
    return {party.lower() for party in result.parties}


def test_a_region_and_a_lower_case_county_describe_the_county_the_article_names(
        rules: Rules) -> None:
    found = names(rules, "Minhang town and Sichuan county seal tea deal",
                  "Lakeview Town government and the Greenhill County government signed a tea "
                  "supply agreement on Monday.")
    assert found == {"lakeview town government", "greenhill county government"}


def test_a_district_in_lower_case_stays_beside_another_named_district(rules: Rules) -> None:
    found = names(rules, "Minhang district signs agreement with Jiading District",
                  "Minhang district signed a cooperation agreement with Jiading District on "
                  "Monday.")
    assert found == {"minhang district", "jiading district"}


def test_the_place_of_an_unnamed_party_is_no_party(rules: Rules) -> None:
    found = names(rules, "Farm produce deal sealed",
                  "Lakeview Town and a county in Sichuan Province have sealed a deal on farm "
                  "produce.",
                  "The Lakeview Town government and the Greenhill County government signed "
                  "the agreement on stage.")
    assert "sichuan province" not in found


def test_a_place_named_as_a_party_after_in_is_kept(rules: Rules) -> None:
    found = names(rules, "Harbor Robotics Group signs agreement",
                  "Harbor Robotics Group signed a cooperation agreement with Eastlake "
                  "University in Minhang on Monday.")
    assert found == {"harbor robotics group", "eastlake university"}


def test_where_a_startup_is_based_is_no_party(rules: Rules) -> None:
    found = names(rules, "Imaging deal",
                  "An imaging startup based in Xuhui's Riverside Bund and Eastlake University "
                  "signed a cooperation agreement.",
                  "Harbor Imaging Co and Eastlake University will develop tools together.")
    assert "riverside bund" not in found


def test_a_short_form_defined_in_parentheses_is_the_full_name(rules: Rules) -> None:
    found = names(rules, "Agreement signed",
                  "Eastlake Polytechnic University (EPOLU) and Harbor Robotics Group signed a "
                  "cooperation agreement.",
                  "EPOLU signed the agreement with Harbor Robotics Group in Minhang.")
    assert found == {"eastlake polytechnic university", "harbor robotics group"}


def test_an_acronym_without_a_definition_stays(rules: Rules) -> None:
    found = names(rules, "Agreement signed",
                  "HRG and Eastlake Polytechnic University signed a cooperation agreement.")
    assert found == {"hrg", "eastlake polytechnic university"}


def test_a_hospital_and_its_affiliated_full_name_are_one_party(rules: Rules) -> None:
    found = names(rules, "Lakeside Hospital signs agreement with Minhang District",
                  "Minhang District signed a cooperation agreement with Lakeside Hospital "
                  "affiliated to Eastlake University on Monday.")
    assert found == {"minhang district", "lakeside hospital affiliated to eastlake university"}


def test_a_hospital_beside_another_of_its_university_is_its_own_party(rules: Rules) -> None:
    found = names(rules, "Agreement signed",
                  "Lakeside Hospital and Lakeside Children's Hospital signed a cooperation "
                  "agreement on Monday.")
    assert found == {"lakeside hospital", "lakeside children's hospital"}


def test_a_family_name_alone_is_no_party(rules: Rules) -> None:
    found = names(rules, "Agreement signed",
                  "Minhang District and Eastlake University signed a cooperation agreement.",
                  "Wang Hong, director of Minhang District, and Chen Jun, president of the "
                  "university, signed the agreement at a ceremony.")
    assert "chen" not in found


def test_a_day_after_a_joined_name_is_not_part_of_it(rules: Rules) -> None:
    found = names(rules, "Agreement signed",
                  "The Administrative Committee of the Harbor Free Trade Zone on Monday signed "
                  "a cooperation agreement with Eastlake University.")
    assert "administrative committee of the harbor free trade zone" in found


def test_the_source_a_sentence_is_attributed_to_is_no_party(rules: Rules) -> None:
    found = names(rules, "Agreement signed",
                  "Harbor Robotics Group and Eastlake University signed a cooperation agreement "
                  "on Monday, the Riverside Zone administration said.")
    assert found == {"harbor robotics group", "eastlake university"}


def test_a_party_named_before_said_inside_the_sentence_stays(rules: Rules) -> None:
    found = names(rules, "Agreement signed",
                  "Harbor Robotics Group said it signed a cooperation agreement with Eastlake "
                  "University on Monday.")
    assert "harbor robotics group" in found


def test_a_place_describing_an_unnamed_firm_is_no_party(rules: Rules) -> None:
    found = names(rules, "Agreement signed",
                  "Harbor Robotics Group and a Riverside hydrogen firm signed a cooperation "
                  "agreement with Eastlake University on Monday.")
    assert "riverside" not in found


def test_a_named_firm_after_a_is_kept(rules: Rules) -> None:
    found = names(rules, "Agreement signed",
                  "Harbor Robotics Group signed a cooperation agreement with a unit of Eastlake "
                  "University on Monday.")
    assert "eastlake university" in found


def test_a_body_of_the_academy_and_the_next_party_are_two(rules: Rules) -> None:
    found = names(rules, "Institute unveiled",
                  "The lab was jointly set up by the Eastland Institutes of Optics of the "
                  "Eastland Academy of Sciences (EIO) and Harbor Photonics Co.")
    assert found == {"eastland institutes of optics of the eastland academy of sciences",
                     "harbor photonics co"}


def test_a_province_after_a_comma_is_part_of_the_place_named_in_full(rules: Rules) -> None:
    # The name as the text gives it, fullest form: the labels write "Haimen District of Nantong
    # City, Jiangsu Province" and "People's Government of Zunyi City, Guizhou Province".
    found = names(rules, "Pact signed",
                  "Minhang District and Greenhill District of Lakeview City, Jiangsu Province, "
                  "signed an agreement on Thursday.")
    assert found == {"minhang district", "greenhill district of lakeview city, jiangsu province"}


def test_provinces_listed_with_commas_are_each_a_party(rules: Rules) -> None:
    found = names(rules, "Pact signed",
                  "Anhui Province, Jiangsu Province and Zhejiang Province signed a cooperation "
                  "agreement on Monday.")
    assert found == {"anhui province", "jiangsu province", "zhejiang province"}


@pytest.mark.parametrize("company", ["Harbor Fluid Systems A/S", "Harbor Fluid Systems GmbH"])
def test_a_company_described_by_its_nationality_is_named_with_its_legal_form(
        rules: Rules, company: str) -> None:
    found = names(rules, "Agreement signed",
                  f"Danish pump maker {company} signed an investment agreement on Thursday "
                  "with the Minhang District government.")
    assert found == {company.lower(), "minhang district government"}


def test_affiliated_to_in_capitals_joins_a_hospital_to_its_university(rules: Rules) -> None:
    found = names(rules, "Agreement signed",
                  "Minhang District signed a cooperation agreement with Lakeside Hospital "
                  "Affiliated to Eastlake University.")
    assert found == {"minhang district", "lakeside hospital affiliated to eastlake university"}


def test_an_affiliated_hospital_in_its_own_name_stays_whole(rules: Rules) -> None:
    found = names(rules, "Agreement signed",
                  "Minhang District signed a cooperation agreement with the First Affiliated "
                  "Hospital of Eastlake University.")
    assert "first affiliated hospital of eastlake university" in found


def test_as_well_as_joins_the_last_party_of_a_subject(rules: Rules) -> None:
    found = names(rules, "Agreement signed",
                  "A consortium of Harbor Electric Group, Riverside Power Co as well as the "
                  "School of Engineering of Eastlake University signed a framework agreement "
                  "with the Minhang District government on Tuesday.")
    assert found == {"harbor electric group", "riverside power co",
                     "school of engineering of eastlake university",
                     "minhang district government"}


def test_a_school_at_its_university_is_one_party(rules: Rules) -> None:
    found = names(rules, "Lab unveiled",
                  "The School of Optics at Eastlake University and Harbor Photonics Co "
                  "unveiled a joint laboratory on Thursday.")
    assert found == {"school of optics at eastlake university", "harbor photonics co"}


def test_a_company_at_a_university_stays_its_own_party(rules: Rules) -> None:
    found = names(rules, "Lab unveiled",
                  "Harbor Photonics Co and Eastlake University unveiled a joint laboratory at "
                  "Eastlake University on Thursday.")
    assert found == {"harbor photonics co", "eastlake university"}


def test_a_company_named_by_the_word_after_its_place_is_that_company(rules: Rules) -> None:
    found = names(rules, "Xinlu signs agreement",
                  "Shanghai Xinlu Biotech Co signed a cooperation agreement with Eastlake "
                  "University on Monday.",
                  "Xinlu signed the agreement with Eastlake University in Minhang.")
    assert found == {"shanghai xinlu biotech co", "eastlake university"}


def test_a_word_after_a_place_that_is_no_company_stays_apart(rules: Rules) -> None:
    found = names(rules, "Agreement signed",
                  "Shanghai Riverside University and Riverside Group signed a cooperation "
                  "agreement on Monday.")
    assert found == {"shanghai riverside university", "riverside group"}


def test_what_a_company_is_opens_no_name(rules: Rules) -> None:
    found = names(rules, "Agreement signed",
                  "Chipmaker Harbor Semiconductor Co signed a cooperation agreement with "
                  "Eastlake University on Monday.")
    assert found == {"harbor semiconductor co", "eastlake university"}


def test_the_object_of_an_opening_phrase_is_still_no_party(rules: Rules) -> None:
    found = names(rules, "Agreement signed",
                  "Under the guidance of the Minhang District government, Harbor Electric "
                  "Group and Eastlake University signed a framework agreement on Tuesday.")
    assert found == {"harbor electric group", "eastlake university"}


def test_a_headline_word_of_a_longer_party_name_is_that_party(rules: Rules) -> None:
    # Fudan University is in the institutions list, so the headline's "fudan" is read too
    found = names(rules, "fudan school, photonics firm open joint lab",
                  "The School of Optics at Fudan University and Harbor Photonics Co unveiled a "
                  "joint laboratory on Thursday.")
    assert found == {"school of optics at fudan university", "harbor photonics co"}


def test_a_one_word_party_no_other_name_holds_stays(rules: Rules) -> None:
    found = names(rules, "Agreement signed",
                  "Meridian signed a cooperation agreement with the School of Optics at "
                  "Eastlake University on Monday.")
    assert found == {"meridian", "school of optics at eastlake university"}



def test_two_places_each_said_where_they_are_are_a_coordinated_subject(rules: Rules) -> None:
    found = names(rules, "Center opened",
                  "Minhang District in Shanghai and the Borough of Riverside in the UK opened a "
                  "youth exchange center on Thursday.")
    assert found == {"minhang district", "borough of riverside"}


def test_one_body_said_where_it_is_is_no_coordinated_subject(rules: Rules) -> None:
    result = classify(Article(title="Center opened",
                              lede="Harbor Robotics Group in China opened a robotics center on "
                                   "Thursday.", body=[]), rules)
    assert not result.partnership
