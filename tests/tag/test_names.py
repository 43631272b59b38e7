"""Names read from one sentence (monitor.tag.names): where "and" ends one name and starts the
next, and what is trimmed from a name's front.

The organisations are invented; the word lists are those of the real rules file.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.tag.classify import Rules, load_rules
from monitor.tag.names import Reader

RULES = Path(__file__).resolve().parents[2] / "config" / "rules" / "partnership.toml"


@pytest.fixture(scope="module")
def rules() -> Rules:
    return load_rules(RULES)


def names_in(rules: Rules, sentence: str) -> list[str]:
    reader = Reader(rules.lexicon, sentence)
    return [part for name in reader.read(sentence).names for part in name.parts]


@pytest.mark.parametrize("sentence, expected", [
    ("The People's Government of Lakeside District and Eastlake University of Traditional "
     "Medicine signed it.",
     ["People's Government of Lakeside District", "Eastlake University of Traditional Medicine"]),
    ("It was set up by the Harbor Institute for Food and Drug Control and Meridian Skin Care Co.",
     ["Harbor Institute for Food and Drug Control", "Meridian Skin Care Co"]),
    ("The Ministry of Science and Technology and Eastlake University signed it.",
     ["Ministry of Science and Technology", "Eastlake University"]),
    ("Harbor & Young and Meridian Group signed it.", ["Harbor & Young", "Meridian Group"]),
    ("The Jiading and Kunshan governments signed it.", ["Jiading", "Kunshan"]),
    ("It is Northfield Foods and Eastland-based Apex Instruments.",
     ["Northfield Foods", "Apex Instruments"]),
    ("The Management Committee of Harbor Business District and Invest Eastland signed it.",
     ["Management Committee of Harbor Business District", "Invest Eastland"]),
])
def test_and_before_a_whole_name_starts_a_new_party(rules: Rules, sentence: str,
                                                    expected: list[str]) -> None:
    assert names_in(rules, sentence) == expected


@pytest.mark.parametrize("name", [
    "Ministry of Industry and Information Technology",
    "Department of Science and Technology of Eastland Province",
    "University of Science and Technology of Eastland",
    "Harbor Institute for Food and Drug Control",
    "Eastlake Institute of Technology and Engineering",
    "Department of Culture and Tourism",
])
def test_and_inside_one_body_name_does_not_split_it(rules: Rules, name: str) -> None:
    assert names_in(rules, f"The {name} signed it.") == [name]


@pytest.mark.parametrize("prefix", ["Eastland-based", "Lakeside-headquartered", "Hong Kong-based",
                                    "Eastland-listed"])
def test_where_a_company_is_based_is_not_part_of_its_name(rules: Rules, prefix: str) -> None:
    assert names_in(rules, f"It signed with {prefix} Harbor Power Technology Co.") == [
        "Harbor Power Technology Co"]


def test_a_hyphenated_word_that_is_not_a_base_stays_in_the_name(rules: Rules) -> None:
    assert names_in(rules, "It signed with Harbor Hi-Tech Co.") == ["Harbor Hi-Tech Co"]


@pytest.mark.parametrize("sentence, expected", [
    ("The Management Committee of the Harbor Business District signed it.",
     ["Management Committee of the Harbor Business District"]),
    ("It was set up by Lakeside Hospital affiliated to Eastlake University School of Medicine.",
     ["Lakeside Hospital affiliated to Eastlake University School of Medicine"]),
    ("It signed with Eastlake University's School of Design.",
     ["Eastlake University's School of Design"]),
    ("The Harbor Institute of Optics of the Chinese Academy of Sciences signed it.",
     ["Harbor Institute of Optics of the Chinese Academy of Sciences"]),
])
def test_one_body_written_across_small_words_is_one_name(rules: Rules, sentence: str,
                                                         expected: list[str]) -> None:
    assert names_in(rules, sentence) == expected


@pytest.mark.parametrize("sentence, expected", [
    ("The Harbor Forum of the Eastlake Association opened.", ["Eastlake Association"]),
    ("Lakeside Hospital, affiliated to Eastlake University, signed it.",
     ["Lakeside Hospital", "Eastlake University"]),
    ("It signed with Eastland's Lakeview.", ["Lakeview"]),
])
def test_names_apart_stay_apart(rules: Rules, sentence: str, expected: list[str]) -> None:
    assert names_in(rules, sentence) == expected


@pytest.mark.parametrize("sentence, expected", [
    ("Harbor Devices and Lakeside Systems signed it.", ["Harbor Devices", "Lakeside Systems"]),
    ("Harbor Convention and Exhibition Industries Association signed it.",
     ["Harbor Convention and Exhibition Industries Association"]),
])
def test_two_names_with_no_head_to_share_are_two(rules: Rules, sentence: str,
                                                  expected: list[str]) -> None:
    assert names_in(rules, sentence) == expected


def test_a_bare_hospital_in_a_comma_list_keeps_the_university_after_its_comma(
        rules: Rules) -> None:
    sentence = ("It was signed by Meridian Co, Lakeside Hospital, Eastlake University School of "
                "Medicine and Lakeside Group.")
    assert names_in(rules, sentence) == [
        "Meridian Co", "Lakeside Hospital, Eastlake University School of Medicine",
        "Lakeside Group"]


@pytest.mark.parametrize("credit", ["Ti Gong The new agreement was signed on Monday.",
                                    "Imaginechina Under the agreement, the two will build it."])
def test_a_photo_credit_run_into_the_next_line_is_no_name(rules: Rules, credit: str) -> None:
    assert names_in(rules, credit) == []


def test_a_name_before_a_new_sentence_after_a_period_is_kept(rules: Rules) -> None:
    assert names_in(rules, "It signed with Harbor Paint Co. The factory opens.") == [
        "Harbor Paint Co"]


def test_a_title_and_person_before_of_give_the_organisation(rules: Rules) -> None:
    assert names_in(rules, "Professor Li Ming of Eastlake University signed it.") == [
        "Eastlake University"]


def test_a_title_and_person_alone_are_no_name(rules: Rules) -> None:
    assert names_in(rules, "Vice Mayor Chen Hua of the city signed it.") == []


@pytest.mark.parametrize("sentence, expected", [
    ("It signed with Harbor Group Co., Ltd. (Harbor) on Monday.", ["Harbor Group Co"]),
    ("It signed with the U.S. firm Meridian Inc.", ["Meridian Inc"]),
])
def test_legal_forms_short_forms_and_initials_alone_are_no_names(rules: Rules, sentence: str,
                                                                 expected: list[str]) -> None:
    assert names_in(rules, sentence) == expected


def test_a_name_in_parentheses_inside_a_name_is_kept(rules: Rules) -> None:
    assert names_in(rules, "It signed with Harbor Zhangjiang (Group) Co.") == [
        "Harbor Zhangjiang (Group) Co"]


def test_a_places_lower_case_body_is_read_with_it(rules: Rules) -> None:
    assert names_in(rules, "It was inked by Lakeview's commerce commission and Harbor Group.") == [
        "Lakeview's commerce commission", "Harbor Group"]


def test_a_places_possessive_before_another_noun_is_the_place(rules: Rules) -> None:
    assert names_in(rules, "It was inked by Lakeview's new mayor and Harbor Group.") == [
        "Lakeview", "Harbor Group"]


@pytest.mark.parametrize("sentence, expected", [
    ("Lakeside Town and Harborview Hospital, Eastlake University signed the agreement.",
     ["Lakeside Town", "Harborview Hospital, Eastlake University"]),
    ("Meridian Co and the Harbor Institute of Optics, Eastland Academy of Sciences signed it.",
     ["Meridian Co", "Harbor Institute of Optics, Eastland Academy of Sciences"]),
    ("Its members are Meridian Co, Harbor Institute of Optics, Chinese Academy of Sciences and "
     "Lakeside Group.",
     ["Meridian Co", "Harbor Institute of Optics, Chinese Academy of Sciences", "Lakeside Group"]),
], ids=["hospital-of-a-university", "institute-of-an-academy", "listed-institute-of-an-academy"])
def test_an_affiliate_and_its_university_after_a_comma_are_one_name(
        rules: Rules, sentence: str, expected: list[str]) -> None:
    assert names_in(rules, sentence) == expected


def test_an_institute_and_an_academy_listed_among_members_are_two_names(rules: Rules) -> None:
    sentence = ("Its members are Meridian Co, Harbor Institute of Optics, Marlow Academy of "
                "Engineering and Lakeside Group.")
    assert names_in(rules, sentence) == [
        "Meridian Co", "Harbor Institute of Optics", "Marlow Academy of Engineering", "Lakeside Group"]


@pytest.mark.parametrize("sentence, expected", [
    ("Eastlake University, Harbor University and Meridian Co signed the agreement.",
     ["Eastlake University", "Harbor University", "Meridian Co"]),
    ("Harborview Hospital, Lakeside Town and Meridian Co signed the agreement.",
     ["Harborview Hospital", "Lakeside Town", "Meridian Co"]),
], ids=["two-universities", "hospital-then-a-town"])
def test_a_comma_between_bodies_of_a_list_keeps_them_apart(
        rules: Rules, sentence: str, expected: list[str]) -> None:
    assert names_in(rules, sentence) == expected


@pytest.mark.parametrize("sentence, expected", [
    ("The Lakeside District Culture and Tourism Bureau signed it with Eastlake University.",
     ["Lakeside District Culture and Tourism Bureau", "Eastlake University"]),
    ("It signed with the Harbor County Agriculture and Rural Affairs Committee on Monday.",
     ["Harbor County Agriculture and Rural Affairs Committee"]),
], ids=["culture-and-tourism", "agriculture-and-rural-affairs"])
def test_a_place_bureau_named_for_two_fields_is_one_name(rules: Rules, sentence: str,
                                                          expected: list[str]) -> None:
    assert names_in(rules, sentence) == expected


@pytest.mark.parametrize("sentence, expected", [
    ("Lakeside District Commerce and Eastlake University signed it.",
     ["Lakeside District Commerce", "Eastlake University"]),
    ("Lakeside District and Harbor Bureau signed it.", ["Lakeside District", "Harbor Bureau"]),
], ids=["a-university-after-and", "a-place-alone-before-and"])
def test_a_place_and_another_body_stay_two_names(rules: Rules, sentence: str,
                                                 expected: list[str]) -> None:
    assert names_in(rules, sentence) == expected


@pytest.mark.parametrize("sentence, expected", [
    ("It was signed by Eastlake University, the People's Government of Harbor County, Lakeside "
     "Bank and Meridian Co.", ["Eastlake University", "People's Government of Harbor County",
                               "Lakeside Bank", "Meridian Co"]),
    ("It was signed by Lakeside District, the Children's Hospital of Eastlake University, and "
     "Harbor Group.", ["Lakeside District", "Children's Hospital of Eastlake University",
                       "Harbor Group"]),
])
def test_a_name_opening_on_its_own_possessive_is_no_aside(rules: Rules, sentence: str,
                                                          expected: list[str]) -> None:
    assert names_in(rules, sentence) == expected


def test_an_aside_opening_on_a_place_possessive_is_still_blanked(rules: Rules) -> None:
    sentence = "Harbor Group, the city's largest Meridian Port operator, signed it."
    assert names_in(rules, sentence) == ["Harbor Group"]


@pytest.mark.parametrize("sentence, expected", [
    ("Nordvik Robotics (a unit of Meridian) Harbor Town signed it.",
     ["Nordvik Robotics", "Harbor Town"]),
    ("Harbor Group, a unit of Meridian Holdings, Eastlake University and Lakeside Co signed.",
     ["Harbor Group", "Eastlake University", "Lakeside Co"]),
])
def test_no_name_runs_across_a_blanked_aside(rules: Rules, sentence: str,
                                            expected: list[str]) -> None:
    assert names_in(rules, sentence) == expected


@pytest.mark.parametrize("sentence, expected", [
    ("It was signed by the People's Government of Harbor City, Eastland Province and Lakeside "
     "University.", ["People's Government of Harbor City, Eastland Province",
                     "Lakeside University"]),
    ("Marsh County, Upland Autonomous Region, and Lakeside District signed it.",
     ["Marsh County, Upland Autonomous Region", "Lakeside District"]),
])
def test_a_region_after_a_comma_belongs_to_the_place_it_holds(rules: Rules, sentence: str,
                                                              expected: list[str]) -> None:
    assert names_in(rules, sentence) == expected


@pytest.mark.parametrize("sentence, expected", [
    ("Harbor Group, Eastland Province and Lakeside University signed it.",
     ["Harbor Group", "Eastland Province", "Lakeside University"]),
    ("Harbor City in Eastland Province and Lakeside University signed it.",
     ["Harbor City", "Eastland Province", "Lakeside University"]),
])
def test_a_region_beside_no_place_it_holds_stays_apart(rules: Rules, sentence: str,
                                                       expected: list[str]) -> None:
    assert names_in(rules, sentence) == expected


def test_a_region_after_a_park_named_city_stays_apart(rules: Rules) -> None:
    sentence = "It signed with Harbor Medical City, Eastland Province and Lakeside University."
    assert "Eastland Province" in names_in(rules, sentence)


@pytest.mark.parametrize("sentence, expected", [
    ("Harbor Port Co., Ltd. and Meridian Port Authority signed it.",
     ["Harbor Port Co", "Meridian Port Authority"]),
    ("Harbor Port Co., Ltd., Lakeside Co.,Ltd. and Meridian Group signed it.",
     ["Harbor Port Co", "Lakeside Co", "Meridian Group"]),
])
def test_the_legal_form_after_a_comma_is_read_with_its_company(rules: Rules, sentence: str,
                                                              expected: list[str]) -> None:
    assert names_in(rules, sentence) == expected


@pytest.mark.parametrize("name", [
    "School of Agriculture and Biology of Eastlake University",
    "Institute of Chemistry and Physics of the Eastland Academy",
])
def test_two_fields_after_of_are_one_name(rules: Rules, name: str) -> None:
    assert names_in(rules, f"Harbor Co and the {name} signed it.") == ["Harbor Co", name]


@pytest.mark.parametrize("sentence, expected", [
    ("Eastlake University of Finance and Economics and Shanghai Harbor Science and Technology "
     "Co signed it.", ["Eastlake University of Finance and Economics",
                       "Shanghai Harbor Science and Technology Co"]),
    ("The Harbor Commission of Economy and Informatization and Meridian signed it.",
     ["Harbor Commission of Economy and Informatization", "Meridian"]),
    ("Lake District of Harbor and Marsh County of Upland signed it.",
     ["Lake District of Harbor", "Marsh County of Upland"]),
])
def test_and_before_a_region_or_a_place_after_of_starts_a_new_party(
        rules: Rules, sentence: str, expected: list[str]) -> None:
    assert names_in(rules, sentence) == expected


@pytest.mark.parametrize("sentence, expected", [
    ("Vice Mayor of Harbor District Chen Hua and Lakeside University signed it.",
     ["Harbor District", "Lakeside University"]),
    ("Deputy head of Marsh City Wang Lei signed it.", ["Marsh City"]),
])
def test_a_person_named_after_the_body_they_serve_is_no_part_of_its_name(
        rules: Rules, sentence: str, expected: list[str]) -> None:
    assert names_in(rules, sentence) == expected


def test_a_company_whose_name_holds_a_family_name_keeps_it(rules: Rules) -> None:
    assert names_in(rules, "Harbor Li Ning Sports Co signed it.") == ["Harbor Li Ning Sports Co"]


@pytest.mark.parametrize("sentence", [
    "Harbor company and Eastland university open joint research center",
    "Marsh Hospital, Lakeview startup launch joint lab",
])
def test_a_headline_place_before_an_unnamed_body_is_no_name(rules: Rules, sentence: str) -> None:
    names = names_in(rules, sentence)
    assert "Harbor" not in names and "Eastland" not in names and "Lakeview" not in names


@pytest.mark.parametrize("sentence, expected", [
    ("Harbor Co and Eastland University open joint research center", ["Harbor Co",
                                                                      "Eastland University"]),
    ("It was signed by Lakeview and a local company.", ["Lakeview"]),
])
def test_a_name_before_no_body_noun_stays(rules: Rules, sentence: str,
                                          expected: list[str]) -> None:
    assert names_in(rules, sentence) == expected


def article_names(rules: Rules, text: str, sentence: str) -> list[str]:
    reader = Reader(rules.lexicon, text)
    return [part for name in reader.read(sentence).names for part in name.parts]


def test_a_place_the_article_names_and_a_hospital_are_two_names(rules: Rules) -> None:
    title = "Harborside and Lakeview Hospital sign medical pact"
    text = f"{title}\nThe People's Government of Harborside District signed it."
    assert article_names(rules, text, title) == ["Harborside", "Lakeview Hospital"]


def test_two_fields_of_one_hospital_stay_one_name(rules: Rules) -> None:
    title = "Obstetrics and Gynecology Hospital signs medical pact"
    text = f"{title}\nThe People's Government of Harborside District signed it."
    assert article_names(rules, text, title) == ["Obstetrics and Gynecology Hospital"]


@pytest.mark.parametrize("name", ["People's Government of Marsh Yi and Miao Autonomous County",
                                  "Lakeview Tujia and Miao Autonomous Prefecture"])
def test_the_peoples_of_an_autonomous_place_are_one_name(rules: Rules, name: str) -> None:
    assert names_in(rules, f"Harbor District and the {name} signed it.") == ["Harbor District",
                                                                              name]


@pytest.mark.parametrize("sentence, expected", [
    ("It was signed for the HTDC's Mainland business division.", ["HTDC"]),
    ("It was signed by the HSPC's Northfield Science Park.", ["Northfield Science Park"]),
])
def test_an_acronyms_unit_without_a_body_word_is_the_acronyms(rules: Rules, sentence: str,
                                                              expected: list[str]) -> None:
    assert names_in(rules, sentence) == expected


@pytest.mark.parametrize("envoys", ["Representatives", "Officials", "Leaders"])
def test_the_people_a_body_sends_are_no_part_of_its_name(rules: Rules, envoys: str) -> None:
    assert names_in(rules, f"{envoys} of Harbor District met them.") == ["Harbor District"]


def test_a_hospital_then_another_hospital_of_a_university_are_two_names(rules: Rules) -> None:
    sentence = ("It includes Eastland Province Hospital, the First Affiliated Hospital of "
                "Lakeview Medical University and Harbor Co.")
    assert names_in(rules, sentence) == ["Eastland Province Hospital",
                                         "First Affiliated Hospital of Lakeview Medical University",
                                         "Harbor Co"]


@pytest.mark.parametrize("people", ["Guests", "Officials", "Visitors"])
def test_people_opening_a_caption_are_no_name(rules: Rules, people: str) -> None:
    assert names_in(rules, f"{people} unveil the plaque of the joint laboratory.") == []


@pytest.mark.parametrize("sentence, expected", [
    ("The Industrial and Commercial Bank of Eastland and Harbor Group signed it.",
     ["Industrial and Commercial Bank of Eastland", "Harbor Group"]),
    ("The Agricultural and Industrial Group of Lakeview signed it.",
     ["Agricultural and Industrial Group of Lakeview"]),
    ("Jiading and Eastlake University signed it.", ["Jiading", "Eastlake University"]),
])
def test_an_adjective_before_and_is_half_of_one_name(rules: Rules, sentence: str,
                                                     expected: list[str]) -> None:
    assert names_in(rules, sentence) == expected


@pytest.mark.parametrize("sentence, expected", [
    ("Harbor District of Lakeview City and Marsh County signed it.",
     ["Harbor District of Lakeview City", "Marsh County"]),
    ("Harbor District of Lakeview City, Eastland Province, and Marsh County signed it.",
     ["Harbor District of Lakeview City, Eastland Province", "Marsh County"]),
    ("Lakeview City of Eastland Province and Marsh County signed it.",
     ["Lakeview City", "Marsh County"]),
])
def test_a_district_of_a_city_is_named_in_full(rules: Rules, sentence: str,
                                               expected: list[str]) -> None:
    assert names_in(rules, sentence) == expected


@pytest.mark.parametrize("sentence, expected", [
    ("They set up the Harbor Cosmetic Materials Joint Laboratory.", []),
    ("Lakeview Joint Stock Bank signed it.", ["Lakeview Joint Stock Bank"]),
])
def test_a_joint_body_the_deal_makes_is_no_party(rules: Rules, sentence: str,
                                                 expected: list[str]) -> None:
    assert names_in(rules, sentence) == expected


@pytest.mark.parametrize("sentence, expected", [
    ("It signed with the Harbor Town government of Lakeview District.",
     ["Harbor Town government of Lakeview District"]),
    ("It signed with the Harbor Town government of Lakeview University.",
     ["Harbor Town government", "Lakeview University"]),
])
def test_a_town_government_is_named_with_its_district(rules: Rules, sentence: str,
                                                      expected: list[str]) -> None:
    assert names_in(rules, sentence) == expected


@pytest.mark.parametrize("title, expected", [
    ("EXPO: Harbor firm and Eastlake University seal deal", ["Eastlake University"]),
    ("Harbor Co and Eastlake University seal deal: both sides gain",
     ["Harbor Co", "Eastlake University"]),
])
def test_a_headline_label_before_a_colon_is_no_party(rules: Rules, title: str,
                                                     expected: list[str]) -> None:
    assert names_in(rules, title) == expected


@pytest.mark.parametrize("sentence, expected", [
    ("Lakeside teams up with Eastlake on AI", ["Lakeside", "Eastlake"]),
    ("Harbor Group and Eastlake University on Monday signed it.", ["Harbor Group", "Eastlake University"]),
])
def test_on_after_a_name_starts_its_topic_not_more_name(rules: Rules, sentence: str,
                                                        expected: list[str]) -> None:
    assert names_in(rules, sentence) == expected


def test_a_body_named_with_on_keeps_its_topic(rules: Rules) -> None:
    assert names_in(rules, "The Eastlake Commission on Science and Technology signed it.") == [
        "Eastlake Commission on Science and Technology"]


@pytest.mark.parametrize("sentence, expected", [
    ("Another 10 enterprises in finance and industrial Internet signed agreements.", []),
    ("Chinese companies and Harbor Group signed it.", ["Harbor Group"]),
])
def test_words_that_open_no_name_are_left_out(rules: Rules, sentence: str, expected: list[str]) -> None:
    assert names_in(rules, sentence) == expected


@pytest.mark.parametrize("sentence, expected", [
    ("ECU President Li Ming and Harbor Group signed it.", ["ECU", "Harbor Group"]),
    ("CPC Secretary of Harbor District Li Ming and Eastlake University signed it.",
     ["Harbor District", "Eastlake University"]),
])
def test_an_acronym_before_an_office_holder_is_the_body(rules: Rules, sentence: str,
                                                        expected: list[str]) -> None:
    assert names_in(rules, sentence) == expected


@pytest.mark.parametrize("sentence, expected", [
    ("Harborland signed a Memorandum of Understanding with Harbor Group.", ["Harborland", "Harbor Group"]),
    ("Authorities and the Eastlake Academy of Sciences set it up.", ["Eastlake Academy of Sciences"]),
])
def test_document_and_reference_words_are_no_names(rules: Rules, sentence: str,
                                                   expected: list[str]) -> None:
    assert names_in(rules, sentence) == expected


def test_a_bureau_named_by_its_field_in_lower_case_is_one_name(rules: Rules) -> None:
    sentence = "The Jiading district education bureau and the Taicang education bureau signed an agreement."
    assert names_in(rules, sentence) == ["Jiading district education bureau", "Taicang education bureau"]


def test_a_field_word_after_a_name_without_a_head_behind_it_stays_out(rules: Rules) -> None:
    assert names_in(rules, "Qingpu District and the culture bureau signed it.") == ["Qingpu District"]
