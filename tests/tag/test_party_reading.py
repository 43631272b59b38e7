"""The parties of whole verdicts (monitor.tag.classify with monitor.tag.parties): the forms of
names that real district news writes, each read end to end.

Sentences are written for these tests; the organisations are invented.
"""

from __future__ import annotations

import pytest

from conftest import tagged_parties as parties
from monitor.models import Article
from monitor.tag.classify import Rules, classify


def test_a_company_whose_legal_form_holds_a_comma_ends_a_subject(rules: Rules) -> None:
    sentence = ("Lakeside Hospital, the Eastlake Institute of Materials and Harbor Medical "
                "Technology Co., Ltd. on Monday unveiled a joint laboratory.")
    assert parties(rules, "Lab unveiled", sentence) == [
        "Lakeside Hospital", "Eastlake Institute of Materials", "Harbor Medical Technology Co"]


@pytest.mark.parametrize("where", [", east China's Eastland Province,",
                                   ", Southwest China's Upland Autonomous Region,"])
def test_where_a_place_is_in_china_does_not_break_the_subject(rules: Rules, where: str) -> None:
    sentence = (f"Harbor District of Lakeview{where} and Marsh County signed a strategic "
                "cooperation agreement on Thursday.")
    assert parties(rules, "Two districts sign pact", sentence) == [
        "Harbor District of Lakeview", "Marsh County"]


def test_a_province_of_china_named_as_a_party_stays_one(rules: Rules) -> None:
    sentence = ("Harbor District and China's Eastland Province signed a strategic cooperation "
                "agreement on Thursday.")
    assert parties(rules, "District and province sign pact", sentence) == [
        "Harbor District", "Eastland Province"]


SUMMARY = "Harbor District and Lakeside University signed an agreement on Monday to train teachers."


@pytest.mark.parametrize("signed", ["was signed by", "was signed on Monday by",
                                    "was signed last Friday by"])
def test_a_district_whose_own_bureau_signed_is_that_bureau(rules: Rules, signed: str) -> None:
    details = f"The agreement {signed} the Harbor District Education Bureau and Lakeside University."
    assert parties(rules, "Teacher training pact", SUMMARY, details) == [
        "Lakeside University", "Harbor District Education Bureau"]


def test_a_district_and_its_bureau_that_signed_apart_are_two_parties(rules: Rules) -> None:
    details = ("Also at the event, the Harbor District Education Bureau and Meridian Co signed an "
               "agreement on a training center.")
    assert parties(rules, "Teacher training pact", SUMMARY, details) == [
        "Harbor District", "Lakeside University", "Harbor District Education Bureau",
        "Meridian Co"]


@pytest.mark.parametrize("title", ["Lord Mayor", "executive director", "deputy head"])
def test_a_signer_whose_office_is_qualified_is_no_party(rules: Rules, title: str) -> None:
    details = (f"The memorandum was signed by Wang Lei, head of Harbor District, and Nick Hale, "
               f"{title} of Lakeview City.")
    found = parties(rules, "Harbor and Lakeview ink pact",
                    "Harbor District and Lakeview City signed a memorandum on Tuesday.", details)
    assert "Nick Hale" not in found


def test_a_lower_case_page_names_parties_the_gazetteer_does_not_list(rules: Rules) -> None:
    found = parties(rules, "ai pact signed", "lakeview district and harbor robotics co., ltd. "
                    "signed a strategic cooperation agreement on monday.")
    assert found == ["lakeview district", "harbor robotics co"]


BATCH = ("Twenty-three projects with a total investment of 12.6 billion yuan were signed in the "
         "district on Monday.")


def test_a_headline_place_signing_a_batch_hosts_the_companies_that_signed(rules: Rules) -> None:
    companies = ("Among them, Meridian Robotics Co will build a plant and Lakeview Logistics Co "
                 "will open a warehouse.")
    found = parties(rules, "Harbor District signs 23 projects worth 12.6b yuan", BATCH, companies)
    assert found == ["Meridian Robotics Co", "Lakeview Logistics Co"]


def test_a_headline_place_signing_a_batch_of_unnamed_companies_is_its_party(rules: Rules) -> None:
    found = parties(rules, "Harbor District signs 23 projects worth 12.6b yuan", BATCH)
    assert "Harbor District" in found


def test_a_lower_case_aside_after_a_party_does_not_end_the_list(rules: Rules) -> None:
    sentence = ("The agreement was signed on Monday between Harbor Group, the state-owned "
                "developer of the science city, and Meridian Automation GmbH.")
    assert parties(rules, "Robot maker signs pact", sentence) == [
        "Harbor Group", "Meridian Automation GmbH"]


def test_a_listed_item_that_names_its_bodies_is_no_aside(rules: Rules) -> None:
    sentence = ("The 24 projects signed on Monday include the headquarters of Harbor Co and "
                "Meridian Group, the industrial bases of Lakeview Energy Group and Marsh "
                "Biotech Co, and a platform.")
    found = parties(rules, "Harbor District signs 24 projects", sentence)
    assert {"Lakeview Energy Group", "Marsh Biotech Co"} <= set(found)


@pytest.mark.parametrize("maker", ["chipmaker", "drugmaker", "automaker"])
def test_a_party_described_by_its_trade_is_read_after_the_description(rules: Rules,
                                                                      maker: str) -> None:
    sentence = (f"The Harbor Zone Administrative Committee on Monday signed an investment "
                f"agreement with the Eastland-based {maker} Meridian Semiconductor.")
    assert parties(rules, "Investment deal signed", sentence) == [
        "Harbor Zone Administrative Committee", "Meridian Semiconductor"]


def test_an_alliance_led_by_one_with_others_as_units_has_them_all_as_members(
        rules: Rules) -> None:
    found = parties(rules, "Pediatric alliance launched",
                    "A regional pediatric alliance was launched on Monday in Harbor District.",
                    "The alliance is led by Eastlake Children's Hospital, with Lakeview "
                    "Children's Hospital and Marsh Provincial Children's Hospital serving as "
                    "vice-chair units.")
    assert found == ["Eastlake Children's Hospital", "Lakeview Children's Hospital",
                     "Marsh Provincial Children's Hospital"]


COLLEGE = ("The center was unveiled on Monday at Eastlake Vocational College, jointly set up by "
           "the college, Harbor Hydrogen Co and the Lakeview District Education Bureau.")


def test_a_party_a_list_names_by_its_kind_is_the_body_of_that_kind_named(rules: Rules) -> None:
    found = parties(rules, "Hydrogen college set up", COLLEGE)
    assert found == ["Eastlake Vocational College", "Harbor Hydrogen Co",
                     "Lakeview District Education Bureau"]


def test_a_kind_no_body_of_the_article_has_is_no_party(rules: Rules) -> None:
    sentence = COLLEGE.replace("at Eastlake Vocational College", "in the morning")
    found = parties(rules, "Hydrogen college set up", sentence)
    assert found == ["Harbor Hydrogen Co", "Lakeview District Education Bureau"]


@pytest.mark.parametrize("meeting", [
    "Officials from Harbor District met a delegation from Eastlake University on Monday.",
    "Representatives of Harbor District met with officials of Eastlake University on Monday.",
    "A delegation from Harbor District visited Eastlake University on Monday.",
])
def test_the_two_sides_are_those_who_met_before_they_signed(rules: Rules, meeting: str) -> None:
    found = parties(rules, "Pact signed", meeting,
                    "The two sides signed a strategic cooperation agreement.")
    assert sorted(found) == ["Eastlake University", "Harbor District"]


ALLIANCE = ["The Harbor Clinical Research Alliance was officially launched in Lakeview District "
            "on Monday, with the aim of speeding up trials.",
            "The alliance was initiated by the Lakeview District Health Commission together with "
            "the Harbor Medical Products Administration.",
            "According to the organizers, the alliance will set up a shared review mechanism "
            "and a unified patient recruitment platform for the region."]


def test_alliance_members_named_a_paragraph_after_the_principal_part_are_parties(
        rules: Rules) -> None:
    members = "Its founding members include Eastlake Hospital and Marsh Biotech Co."
    found = parties(rules, "Clinical research alliance launched", *ALLIANCE, members)
    assert {"Eastlake Hospital", "Marsh Biotech Co"} <= set(found)


def test_names_of_later_paragraphs_without_a_member_cue_are_no_parties(rules: Rules) -> None:
    later = "Eastlake Hospital and Marsh Biotech Co attended the ceremony."
    found = parties(rules, "Clinical research alliance launched", *ALLIANCE, later)
    assert "Eastlake Hospital" not in found


@pytest.mark.parametrize("witnesses", ["witnessed by officials from", "attended by leaders of"])
def test_who_saw_a_signing_after_a_comma_signed_nothing(rules: Rules, witnesses: str) -> None:
    sentence = ("Wang Lei, deputy secretary of the Harbor District Committee, signed the "
                f"agreement on behalf of the two governments, {witnesses} the Eastland Cooperation "
                "Office and the Marsh Health Commission.")
    found = parties(rules, "Two sides sign pact", "Harbor District and Lakeview County signed a "
                    "pairing agreement on Sunday.", sentence)
    assert "Eastland Cooperation Office" not in found


def test_who_signed_after_a_comma_is_still_read(rules: Rules) -> None:
    sentence = ("Under the agreement unveiled at the expo, Harbor District and Lakeview County "
                "will build a park.")
    assert parties(rules, "Two sides sign pact", sentence) == ["Harbor District",
                                                               "Lakeview County"]


def test_a_district_told_again_as_its_bureau_beside_the_same_partner_is_the_bureau(
        rules: Rules) -> None:
    found = parties(rules, "AI center for schools",
                    "In cooperation with Eastlake University, Harbor District has launched a "
                    "center to train teachers.",
                    "The Harbor District Education Bureau and Eastlake University on Monday "
                    "launched the Harbor AI Education Center.")
    assert sorted(found) == ["Eastlake University", "Harbor District Education Bureau"]


def test_a_district_and_its_bureau_beside_other_partners_are_two_parties(rules: Rules) -> None:
    found = parties(rules, "AI center for schools",
                    "Harbor District and Eastlake University signed an agreement on Monday.",
                    "The Harbor District Education Bureau and Lakeview Robotics Co on Monday "
                    "launched a joint training center.")
    assert "Harbor District" in found and "Harbor District Education Bureau" in found


def test_a_government_named_by_its_level_is_the_second_party(rules: Rules) -> None:
    sentence = ("The lab, jointly established by the city government and the Eastlake Academy of "
                "Sciences, was unveiled in Harbor Science City.")
    assert sorted(parties(rules, "Lab unveiled", sentence)) == ["Eastlake Academy of Sciences",
                                                                "city government"]


def test_a_body_whose_name_opens_with_a_nationality_keeps_it(rules: Rules) -> None:
    sentence = "Eastlake University and the Chinese Academy of Sciences signed an agreement on Monday."
    assert parties(rules, "Deal signed", sentence) == ["Eastlake University", "Chinese Academy of Sciences"]


def test_it_opening_a_deal_sentence_is_the_body_the_lede_is_about(rules: Rules) -> None:
    assert sorted(parties(rules, "Hospital teams up with universities",
                          "The Harbor 7th People's Hospital has teamed up with two universities.",
                          "It reached an agreement with Eastlake University and Lakeside University "
                          "to carry out research.")) == [
        "Eastlake University", "Harbor 7th People's Hospital", "Lakeside University"]


def test_a_company_that_announced_it_has_signed_is_a_party(rules: Rules) -> None:
    sentence = ("Harbor Exchanges and Clearing Limited was pleased to announce yesterday it has "
                "signed a memorandum of understanding with the Eastlake Shipping Exchange.")
    later = "The memorandum extends the work of Harbor Exchanges and Clearing Limited in shipping."
    assert sorted(parties(rules, "Exchanges sign MoU", sentence, later)) == [
        "Eastlake Shipping Exchange", "Harbor Exchanges and Clearing Limited"]


def test_the_unit_an_office_holder_heads_at_a_body_gives_the_body(rules: Rules) -> None:
    sentence = ("The MoU was signed on Monday by Dennis Zhang, Head of Commodities Development at "
                "Harbor Exchange, and Li Ming, Vice President at Eastlake Shipping Exchange.")
    assert sorted(parties(rules, "MoU signed", sentence)) == ["Eastlake Shipping Exchange",
                                                              "Harbor Exchange"]


def test_a_mixed_case_short_form_in_the_headline_is_the_full_name(rules: Rules) -> None:
    found = parties(rules, "Stronger ties between LakeU, Eastlake University",
                    "A memorandum of understanding signed between Lakeside University of Harbor "
                    "(LakeU) and the prestigious Eastlake University on Monday will foster exchanges.")
    assert sorted(found) == ["Eastlake University", "Lakeside University of Harbor"]


def test_who_attended_a_signing_ceremony_are_no_parties(rules: Rules) -> None:
    found = parties(rules, "Eastlake University and Harbor Group sign AI pact",
                    "Eastlake University and Harbor Group signed an agreement on Monday.",
                    "Officials from Lakeside District and the Riverside Institute of Metals also "
                    "attended the signing ceremony.")
    assert sorted(found) == ["Eastlake University", "Harbor Group"]


def test_a_batch_signed_in_the_district_has_the_district_as_its_host(rules: Rules) -> None:
    found = parties(rules, "Companies settle in Putuo",
                    "Thirty leading companies signed contracts on Thursday to set up their "
                    "headquarters in the district.",
                    "Putuo District hopes to become a hub of innovation, officials said.")
    assert found == ["Putuo District"]


def test_a_deal_told_with_also_in_the_lede_still_counts(rules: Rules) -> None:
    found = parties(rules, "Foundations launched to promote innovation",
                    "Two foundations were launched yesterday in Putuo District, while three "
                    "universities also signed strategic cooperation contracts with the district government.")
    assert found == ["Putuo District"]


def test_parties_that_signed_a_document_with_a_quoted_title_are_read(rules: Rules) -> None:
    sentence = ('On January 31, the Eastlake District People\u2019s Government and Harbor Chemical Co., '
                'Ltd. signed the \u201cEastlake District People\u2019s Government Harbor Chemical Co., Ltd. '
                'Strategic Cooperation Agreement\u201d.')
    assert [p.replace("\u2019", "'") for p in parties(rules, "Chemical project to start this year",
                                                        sentence)] == [
        "Eastlake District People's Government", "Harbor Chemical Co"]


def test_it_before_a_list_of_partners_adds_the_body_the_story_is_about(rules: Rules) -> None:
    found = parties(rules, "Minhang steps up education",
                    "Minhang District launched a series of actions on Friday to improve the "
                    "schools of Minhang District.",
                    "It signed agreements with Eastlake University and Lakeside University to "
                    "promote cooperation in basic education.")
    assert sorted(found) == ["Eastlake University", "Lakeside University", "Minhang District"]


def test_the_agreement_between_named_later_gives_the_parties(rules: Rules) -> None:
    found = parties(rules, "Trade groups sign pact",
                    "An agreement was signed on Thursday in Shanghai during the minister's visit.",
                    "The agreement between the New Zealand Harbor Trade Association and the "
                    "Eastlake Entrepreneurs Association aims to foster ties between the two parties.")
    assert found == ["New Zealand Harbor Trade Association", "Eastlake Entrepreneurs Association"]


def test_a_list_of_partners_after_several_including(rules: Rules) -> None:
    found = parties(rules, "SHNU signs with Pudong",
                    "The Government of Pudong New Area signed cooperation agreements with several "
                    "universities, including Shanghai Normal University, on Thursday.")
    assert sorted(found) == ["Government of Pudong New Area", "Shanghai Normal University"]


def test_the_companies_a_batch_names_next_are_its_parties(rules: Rules) -> None:
    found = parties(rules, "Harbor Bund eyes headquarters",
                    "Another 10 enterprises in finance and shipping signed agreements to base "
                    "themselves in Putuo District. These include the asset management arm of Lakeside "
                    "Securities and Baibu, a cloud factory platform.")
    assert sorted(found) == ["Baibu", "Lakeside Securities", "Putuo District"]


def test_parties_a_deal_counts_are_those_the_next_sentence_names(rules: Rules) -> None:
    found = parties(rules, "Delta cities cooperate on culture",
                    "Five Yangtze River Delta cities and one district signed an agreement on Friday.",
                    "Shanghai's Xuhui District along with Nanjing in Jiangsu Province, Hangzhou and "
                    "Ningbo in Zhejiang Province, as well as Bengbu, Anhui Province, set up the first "
                    "cultural finance platform.")
    assert found == ["Xuhui District", "Nanjing", "Hangzhou", "Ningbo", "Bengbu"]


def test_a_long_caption_under_a_photo_credit_is_no_paragraph(rules: Rules) -> None:
    from monitor.tag.principal import lead_blocks
    caption = ("Officials from Yangtze River Delta cities and one district jointly launch the first "
               "cultural and financial cooperation service platform at the Yangtze River Delta "
               "Cultural and Financial Cooperation Forum on Friday.")
    story = "Five cities and one district signed an agreement on Friday to drive cultural projects."
    article = Article(title="Delta cities cooperate", lede=story, photo_credits=["Ti Gong"],
                      body=[caption, "The platform will publicize cultural projects in the region."])
    assert caption not in [block.text for block in lead_blocks(article, rules)]


def test_the_person_after_an_office_is_no_party(rules: Rules) -> None:
    sentence = ("On 17 July, the president of Eastlake University, Ningsheng XU, signed a "
                "Memorandum of Understanding with the president of Harbor University, Sylvie "
                "Martin, and the vice-president of Lakeside University, Claude Durand.")
    assert parties(rules, "Three universities sign MoU", sentence) == [
        "Eastlake University", "Harbor University", "Lakeside University"]


def test_a_kind_of_company_before_its_examples_is_no_party(rules: Rules) -> None:
    sentence = ("Lakeview District recently signed strategic cooperation agreements with AI "
                "companies including Harbor Robotics, CITICPE and Meridian Group.")
    assert parties(rules, "Lakeview signs deals", sentence) == [
        "Lakeview District", "Harbor Robotics", "CITICPE", "Meridian Group"]


def test_where_a_headline_deal_was_signed_is_no_party(rules: Rules) -> None:
    result = classify(Article(title="Harbor Biotech signs biopharma partnership deal at CIIE",
                              body=["Harbor Biotech hopes to speed up its trials through the "
                                    "collaboration.", "The antibody is promising."]), rules)
    assert result.partnership and "CIIE" not in result.parties


def test_a_headline_in_headline_style_under_a_site_name_is_read_like_a_title(rules: Rules) -> None:
    result = classify(Article(title="Markets Intelligence Worldwide", body=[
        "Harbor Stock Exchange And Lakeside Stock Exchange Sign Memorandum Of Understanding",
        "The Harbor Stock Exchange and the Lakeside Stock Exchange today signed a memorandum of "
        "understanding on cooperation."]), rules)
    assert result.parties == ["Harbor Stock Exchange", "Lakeside Stock Exchange"]


def test_a_city_whose_name_opens_on_new_keeps_it(rules: Rules) -> None:
    sentence = ("The New York Stock Exchange and the Harbor Stock Exchange today signed a "
                "memorandum of understanding on cooperation.")
    assert parties(rules, "Two stock exchanges sign MoU", sentence) == [
        "New York Stock Exchange", "Harbor Stock Exchange"]


def test_a_disease_named_beside_a_company_is_no_party(rules: Rules) -> None:
    result = classify(Article(title="Harbor Biotech signs biopharma partnership deal", body=[
        "Harbor Biotech hopes to expedite its COVID-19 antibody studies through the "
        "collaboration.", "The antibody is promising."]), rules)
    assert result.partnership and "COVID-19" not in result.parties


def test_a_person_named_with_a_title_is_no_party(rules: Rules) -> None:
    found = parties(rules, "Harbor Medical signs with Lakeside Hospital",
                    "On December 12, Harbor Medical (Group) Co., Ltd. entered into a strategic "
                    "cooperation agreement with Lakeside Hospital to build a research center.",
                    "Mr. Bo Peng and Lakeside Hospital President Mr. Xingdong Zheng signed the "
                    "agreement on behalf of the two parties.")
    assert found == ["Harbor Medical (Group) Co", "Lakeside Hospital"]


def test_a_headline_with_a_preposition_in_lower_case_is_in_headline_style(rules: Rules) -> None:
    found = parties(rules, "A Cooperation Agreement Signed between Harbor Central Hospital and "
                    "Lakeside University of Engineering and Technology",
                    "Harbor Central Hospital held a signing ceremony with Lakeside University of "
                    "Engineering and Technology on July 4, where experts of both attended.")
    assert "Signed" not in found and "Harbor Central Hospital" in found


def test_an_acronym_of_a_thing_is_no_party(rules: Rules) -> None:
    result = classify(Article(title="Three firms sign HFCV cooperation agreement", body=[
        "Harbor Automotive Co signed a cooperation agreement with Lakeside Power Co for 1,000 "
        "hydrogen fuel cell vehicles (HFCV) on Aug 16.", "The three will cooperate."]), rules)
    assert result.parties == ["Harbor Automotive Co", "Lakeside Power Co"]


def test_a_district_of_a_provinces_city_is_the_district(rules: Rules) -> None:
    sentence = ("At the opening ceremony, Harbor Town signed strategic cooperation agreements with "
                "Yinzhou District of Eastland's Ningbo City and Mojiang County of Upland's Pu'er "
                "City.")
    assert parties(rules, "Town signs agreements", sentence) == [
        "Harbor Town", "Yinzhou District", "Mojiang County"]


def test_a_body_of_a_peoples_congress_ends_on_congress(rules: Rules) -> None:
    sentence = ("The Standing Committee of the Harbor People's Congress and Eastlake Normal "
                "University launched a law institute at the weekend.")
    assert parties(rules, "Law institute launched", sentence) == [
        "Standing Committee of the Harbor People's Congress", "Eastlake Normal University"]


@pytest.mark.parametrize("sentence, expected", [
    ("Gao Ju, principal of HVC, signed strategic cooperation agreements with Harbor Optronics Co "
     "and Lakeside Foods Co.", ["HVC", "Harbor Optronics Co", "Lakeside Foods Co"]),
    ("Harbor 7th People's Hospital, where the three facilities are located, signed a cooperation "
     "agreement with Lakeside Medical Co on Friday.",
     ["Harbor 7th People's Hospital", "Lakeside Medical Co"]),
    ("Jiading District has secured agreements with Harbor Intelligent Technology Co Ltd and "
     "Lakeside Medical Instrument Co Ltd for two headquarters projects.",
     ["Jiading District", "Harbor Intelligent Technology Co Ltd", "Lakeside Medical Instrument Co Ltd"]),
])
def test_a_subject_read_past_an_aside_before_its_verb(rules: Rules, sentence: str,
                                                      expected: list[str]) -> None:
    assert parties(rules, "Deals signed", sentence) == expected


def test_the_place_whose_mayor_signed_is_the_party(rules: Rules) -> None:
    found = parties(rules, "Sister city added",
                    "Harborview Mayor Peter Carlisle inked a sister-city agreement with Lakeview "
                    "District on Monday.", "It is Harborview's fifth sister city.")
    assert found == ["Harborview", "Lakeview District"]


def test_a_headline_naming_a_party_by_its_kind_leaves_the_names_to_the_story(rules: Rules) -> None:
    found = parties(rules, "City Hospital Signs Deal With UK Clinic",
                    "Patients will receive services under a new clinical partnership.",
                    "A clinical service agreement between Harbor International Medical Center and "
                    "The Lakeside Clinic is the first of its kind.")
    assert {"Harbor International Medical Center", "Lakeside Clinic"} <= set(found)


def test_an_aside_on_the_subjects_rank_does_not_break_it(rules: Rules) -> None:
    sentence = ("Harbor Steel Group Corp, Eastland's largest and most profitable steelmaker, teamed "
                "up with Upland-based Lakeside Motor Corp on Saturday as strategic partners.")
    assert parties(rules, "Steelmaker teams up with carmaker", sentence) == [
        "Harbor Steel Group Corp", "Lakeside Motor Corp"]


def test_signers_named_among_those_signing_are_parties(rules: Rules) -> None:
    found = parties(rules, "Valley signs with 24 units",
                    "The Harbor Design Valley signed agreements with 24 units on Saturday.",
                    "Lakeside Robot Research Institute, Meridian Aero Co and Upland Robot Co were "
                    "among those signing the contracts.")
    assert found == ["Harbor Design Valley", "Lakeside Robot Research Institute", "Meridian Aero Co",
                     "Upland Robot Co"]


def test_a_mayor_with_letters_beyond_ascii_is_a_person(rules: Rules) -> None:
    sentence = ("On November 1, Li Ming, mayor of Harborview, met with Jukka Mäkelä, mayor of "
                "Lakeview, and they signed the Memorandum on Friendly Cooperation between "
                "Harborview and Lakeview.")
    assert "Jukka Mäkelä" not in parties(rules, "Mayors sign memorandum", sentence)


def test_a_press_release_dateline_is_no_party(rules: Rules) -> None:
    sentence = ("HARBOR CITY, Sept. 19, 2022 /PRNewswire/ -- The signing ceremony of the strategic "
                "cooperation agreement between the Harbor Federation of Industry and Commerce and "
                "the Pudong New Area was held on 16 September.")
    assert parties(rules, "Federation signs with Pudong", sentence) == [
        "Harbor Federation of Industry and Commerce", "Pudong New Area"]


def test_a_headlines_shared_plural_head_makes_two_names(rules: Rules) -> None:
    result = classify(Article(title="Sharif, Lakeside Universities sign MoU", body=[
        "The MoU was signed on the sidelines of a forum in Shanghai.", "Exchanges will follow."]),
        rules)
    assert result.parties == ["Sharif University", "Lakeside University"]


def test_a_persons_last_name_after_an_office_is_no_party(rules: Rules) -> None:
    found = parties(rules, "Party Secretary welcomes Harborview mayor",
                    "The Party Secretary met Mayor of Harborview Peter Tschentscher on Tuesday.",
                    "Vice Mayor Xu Kunlin and Tschentscher signed the MOU on cooperation between "
                    "Harborview and Lakeview for 2019 and 2020.")
    assert "Tschentscher" not in found and "Harborview" in found


def test_a_list_after_namely_names_the_parties(rules: Rules) -> None:
    sentence = ("The Harbor Stock Exchange signed memorandums of strategic cooperation with six "
                "websites, namely Sina, Sohu, Hexun and Eastmoney.")
    assert parties(rules, "Exchange inks memorandums", sentence) == [
        "Harbor Stock Exchange", "Sina", "Sohu", "Hexun", "Eastmoney"]


def test_an_acronym_is_not_read_as_a_unit_named_after_it(rules: Rules) -> None:
    result = classify(Article(title="ECNU Signs Cooperative Agreement with Harbor City Government",
                              body=["The framework agreement between ECNU and Harbor City "
                                    "Government was signed on April 2nd.",
                                    "The visitors were shown around the ECNU History Museum."]),
                      rules)
    assert "ECNU" in result.parties and "ECNU History Museum" not in result.parties


def test_a_school_and_its_university_written_without_a_space_are_one_name(rules: Rules) -> None:
    sentence = ("The signing ceremony of the strategic cooperation agreement between Harbor "
                "University of Science and Technology and the School of Medicine,Eastlake "
                "University was held on June 20.")
    assert parties(rules, "Universities sign", sentence) == [
        "Harbor University of Science and Technology", "School of Medicine,Eastlake University"]


@pytest.mark.parametrize("word", ["8th", "NGO"])
def test_an_ordinal_or_a_kind_of_body_is_no_party(rules: Rules, word: str) -> None:
    sentence = (f"At the {word} forum, Harbor University signed a cooperation agreement with "
                "Lakeside Hospital on Monday.")
    assert word not in parties(rules, "University signs with hospital", sentence)


@pytest.mark.parametrize("sentence, expected", [
    ("The General Administration of Customs signed a new memorandum of cooperation with the "
     "Harbor municipal government on April 16.",
     ["General Administration of Customs", "Harbor municipal government"]),  # no office
])
def test_names_read_around_a_deal(rules: Rules, sentence: str, expected: list[str]) -> None:
    assert parties(rules, "Deal signed", sentence) == expected


def test_the_ends_of_a_route_are_no_parties(rules: Rules) -> None:
    found = parties(rules, "Harbor Shipping and Lakeside Lines join forces",
                    "The pair have entered into a strategic cooperation agreement whereby they will "
                    "share cargo spaces and run joint services between Harborview and Lakeview.")
    assert found == ["Harbor Shipping", "Lakeside Lines"]


def test_a_companys_acronym_is_its_full_name_said_before(rules: Rules) -> None:
    found = parties(rules, "Carmakers deepen ties",
                    "Harbor Motors Co. and its long-time partner MERID Motor Corp. said Wednesday "
                    "they would cooperate more.",
                    "Harbor Motors Co. and MERID signed the memorandum of understanding on Monday.")
    assert found == ["Harbor Motors Co", "MERID Motor Corp"]


def test_a_headlines_shared_plural_after_a_longer_name_is_one_body(rules: Rules) -> None:
    result = classify(Article(title="Harborview, Tel Aviv Stock Exchanges sign cooperation agreement",
                              body=["The Harborview Stock Exchange and the Tel Aviv Stock Exchange "
                                    "signed a memorandum of understanding on Monday."]), rules)
    assert set(result.parties) == {"Tel Aviv Stock Exchange", "Harborview Stock Exchange"}


def test_a_person_with_the_family_name_in_capitals_is_no_party(rules: Rules) -> None:
    sentence = ("Representatives from Harbor University including Vice Presidents ZENG Xiaoqin and "
                "XUE Bo signed a strategic cooperation agreement with Lakeside University.")
    found = parties(rules, "Universities sign", sentence)
    assert "ZENG Xiaoqin" not in found and "XUE Bo" not in found


@pytest.mark.parametrize("title", ["HARBOR TOWN AND LAKESIDE COUNTY SIGN PAIRING PACT",
                                   "Harbor Town And Lakeside County Sign Pairing Pact"])
def test_names_of_a_headline_whose_case_was_guessed_give_way_to_the_storys(
        rules: Rules, title: str) -> None:
    found = parties(rules, title,
                    "The Eastgate Town government of Harbor District and the Lakeside County "
                    "People's Government signed a pairing agreement on Monday.",
                    "The town will help the county sell its tea in Shanghai.")
    assert sorted(found) == ["Eastgate Town government of Harbor District",
                             "Lakeside County People's Government"]


def test_a_headline_name_the_story_writes_the_same_way_is_kept(rules: Rules) -> None:
    found = parties(rules, "Harbor Therapeutics Signs MoU With Lakeside Group",
                    "Harbor Therapeutics Inc. said its unit, Harbor Biopharma Co., Ltd., has "
                    "signed a memorandum of understanding with Lakeside Group Co., Ltd.",
                    "Harbor Therapeutics is listed in Boston.")
    assert "Harbor Therapeutics" in found or "Harbor Therapeutics Inc" in found


@pytest.mark.parametrize("sentence, name", [
    ("The Eastland Times and the Chinese Service Center for Harbor Exchange signed a strategic "
     "cooperation agreement on Thursday.", "Chinese Service Center for Harbor Exchange"),
    ("The British Chamber of Commerce Harbor and Lakeside Chamber of Commerce signed a "
     "three-year MoU on Friday.", "British Chamber of Commerce Harbor"),
    ("Harbor Ocean University and the Norwegian University of Science and Technology signed "
     "an agreement to set up a joint institute.", "Norwegian University of Science and Technology"),
])
def test_a_nationality_before_a_bodys_name_is_part_of_it(rules: Rules, sentence: str,
                                                         name: str) -> None:
    assert name in parties(rules, "Two bodies sign agreement", sentence)


def test_a_nationality_before_an_office_opens_no_name(rules: Rules) -> None:
    found = parties(rules, "Harbor University signs agreement",
                    "Chinese Premier Li Ming witnessed Harbor University sign an agreement with "
                    "Lakeside Group on Monday.")
    assert not any(p.startswith("Chinese") for p in found)


def test_a_newspaper_is_a_party(rules: Rules) -> None:
    found = parties(rules, "Newspaper and centre sign agreement",
                    "The Global Times and the Harbor Exchange Center signed a three-year "
                    "cooperation agreement in Beijing on Thursday.")
    assert "Global Times" in found


def test_a_kind_of_body_in_the_plural_alone_is_no_party(rules: Rules) -> None:
    found = parties(rules, "Chambers sign MoU",
                    "The Harbor Chamber of Commerce and Lakeside Chamber of Commerce signed a "
                    "three-year MoU on Friday.")
    assert found == ["Harbor Chamber of Commerce", "Lakeside Chamber of Commerce"]


def test_a_person_named_after_an_office_elsewhere_is_no_party(rules: Rules) -> None:
    found = parties(rules, "Harbor Telecom signs 5G deal",
                    "Eastland President Ivan Petrov met Harbor leaders on Wednesday.",
                    "The agreement was signed on the sidelines of the meeting between Ivan Petrov "
                    "and Lakeside leaders, with Harbor Telecom working with Lakeside Mobile.")
    assert "Ivan Petrov" not in found and "Harbor Telecom" in found


@pytest.mark.parametrize("name", ["Harbor Railway No. 4 Engineering Group",
                                  "Harbor Railway NO.4 Engineering Group"])
def test_a_number_inside_a_company_name_is_part_of_it(rules: Rules, name: str) -> None:
    found = parties(rules, "City signs framework agreement",
                    f"On June 16, Lakeside Municipal Government signed a strategic cooperation "
                    f"framework agreement with {name}.")
    assert found == ["Lakeside Municipal Government", name]


def test_an_alliance_named_for_two_things_is_one_name(rules: Rules) -> None:
    result = classify(Article(title="Tourism alliance launched", body=[
        "A Hill and Lake Alliance was launched on April 15 as the Harbor National Tourist Resort "
        "signed agreements with neighboring Lakeside National Tourism Resort."]), rules)
    assert result.parties == ["Harbor National Tourist Resort", "Lakeside National Tourism Resort"]


def test_a_lower_case_plural_head_is_shared_by_the_names_before_it(rules: Rules) -> None:
    found = parties(rules, "Universities sign deal",
                    "Harbor and Lakeside universities signed an agreement with Eastland Group on "
                    "Monday.")
    assert sorted(found) == ["Eastland Group", "Harbor University", "Lakeside University"]


def test_a_list_goes_on_past_where_its_names_are(rules: Rules) -> None:
    result = classify(Article(title="Universities in sustainable development initiative", body=[
        "Five universities have set up an alliance to promote sustainable development.",
        "They are Harbor University and Lakeside University in Shanghai, Eastlake University in "
        "Jiangsu Province and the University of Westland in Anhui Province."]), rules)
    assert result.parties == ["Harbor University", "Lakeside University", "Eastlake University",
                              "University of Westland"]


def test_a_college_at_its_university_is_one_name(rules: Rules) -> None:
    found = parties(rules, "Universities launch joint programme",
                    "The International Education College at Harbor University of Traditional "
                    "Chinese Medicine signed a cooperation agreement with the Lakeside Institute "
                    "of Oriental Medicine on Monday.")
    assert found == ["International Education College at Harbor University of Traditional "
                     "Chinese Medicine", "Lakeside Institute of Oriental Medicine"]


def test_a_plural_possessive_before_a_name_is_where_it_is(rules: Rules) -> None:
    found = parties(rules, "Universities sign deal",
                    "Harbor University signed a cooperation agreement with the United States\u2019 "
                    "Atlantic Institute of Oriental Medicine on Monday.")
    assert found == ["Harbor University", "Atlantic Institute of Oriental Medicine"]


def test_a_name_that_only_describes_a_noun_is_no_party(rules: Rules) -> None:
    found = parties(rules, "China, BRI countries eye joint projects in health care",
                    "A China-Benin telemedicine center has been jointly launched by a Chinese "
                    "hospital and a Beninese hospital.")
    assert "BRI" not in found and "China-Benin" not in found


def test_a_preposition_opening_a_sentence_is_no_party(rules: Rules) -> None:
    found = parties(rules, "Chambers sign MoU",
                    "On 17 July, the Harbor Chamber of Commerce and Lakeside Chamber of Commerce "
                    "signed a three-year MoU.",
                    "Upon signing the MoU, both chambers will extend benefits to each other.")
    assert "Upon" not in found


def test_an_enumerated_name_with_of_and_and_stays_whole(rules: Rules) -> None:
    result = classify(Article(title="Universities in sustainable development initiative",
                              lede="An alliance with three founding members has been set up.",
                              body=["Three universities have set up an alliance.",
                                    "They are Harbor University and Lakeside University in "
                                    "Shanghai and the University of Science and Technology of "
                                    "Westland in Anhui Province."]),
                      rules)
    assert "University of Science and Technology of Westland" in result.parties


@pytest.mark.parametrize("sentence, expected", [
    ("Jiangsu, Zhejiang, Anhui and Shanghai signed a cooperation agreement on Monday.",
     ["Jiangsu", "Zhejiang", "Anhui", "Shanghai"]),
    ("Beijing, Tianjin and Hebei signed a cooperation agreement on Monday.",
     ["Tianjin", "Hebei", "Beijing"]),
    ("The governments of the municipalities of Beijing and Tianjin as well as Hebei province "
     "signed a cooperation agreement on Monday.", ["Tianjin", "Hebei province", "Beijing"]),
])
def test_a_bare_city_listed_beside_other_parties_is_one(rules: Rules, sentence: str,
                                                       expected: list[str]) -> None:
    assert parties(rules, "Regions sign pact", sentence) == expected


def test_a_city_that_only_says_where_a_listed_party_is_stays_out(rules: Rules) -> None:
    found = parties(rules, "Universities sign pact",
                    "Harbor University of Shanghai and Lakeside University of Beijing signed a "
                    "cooperation agreement on Monday.")
    assert found == ["Harbor University of Shanghai", "Lakeside University of Beijing"]


@pytest.mark.parametrize("title", ["Health pact signed", "Landmark deal inked"])
def test_a_headlines_first_word_before_its_noun_is_no_party(rules: Rules, title: str) -> None:
    found = parties(rules, title, "Harbor District and Lakeside University signed a cooperation "
                                  "agreement on medical services on Monday.")
    assert found == ["Harbor District", "Lakeside University"]


@pytest.mark.parametrize("story, expected", [
    ("Harbor Bank opened a branch in Lakeview. At the same time, the bank signed a strategic "
     "cooperation agreement with Eastlake University.", ["Harbor Bank", "Eastlake University"]),
    ("Harbor Robotics Co opened a plant in Lakeview. Eastlake University signed a cooperation "
     "agreement with the company on Monday.", ["Eastlake University", "Harbor Robotics Co"]),
])
def test_a_body_named_by_its_kind_is_the_one_named_before(rules: Rules, story: str,
                                                           expected: list[str]) -> None:
    assert parties(rules, "Branch opens", story) == expected


@pytest.mark.parametrize("full, acronym", [("Eastlake Coastal University", "ECU"),
                                           ("Zhengzhou University", "ZZU"),
                                           ("Henan University of Technology", "HNUT")])
def test_an_acronym_is_the_name_the_article_spells_out(rules: Rules, full: str,
                                                       acronym: str) -> None:
    found = parties(rules, "Campus opens", f"{full} opened a campus in Lakeview. {acronym} signed "
                                           "a cooperation agreement with Harbor Group on Monday.")
    assert found == [full, "Harbor Group"]


def test_two_pairs_each_after_between_are_all_parties(rules: Rules) -> None:
    found = parties(rules, "Zones sign contracts",
                    "Contracts were signed between Harbor Industrial Park and Lakeside Development "
                    "Zone and between Marsh Development Zone and Eastlake Development Zone.")
    assert found == ["Harbor Industrial Park", "Lakeside Development Zone",
                     "Marsh Development Zone", "Eastlake Development Zone"]


def test_a_description_between_dashes_does_not_end_a_list(rules: Rules) -> None:
    found = parties(rules, "Hospitals sign memorandum",
                    "Harbor University signed a memorandum of understanding with Lakeside "
                    "Hospital \u2014 a teaching hospital of Marsh Medical School \u2014 and the "
                    "Eastlake Institute of Ageing on Monday.")
    assert found == ["Harbor University", "Lakeside Hospital", "Eastlake Institute of Ageing"]


def test_an_alliance_s_members_listed_paragraphs_later_are_its_parties(rules: Rules) -> None:
    found = parties(rules, "Twelve universities form alliance",
                    "Twelve universities in Eastland and Upland Province set up a university "
                    "alliance in Harbor City on Monday.",
                    "The alliance aims to share laboratories and courses.",
                    "It will hold a forum every year.",
                    "Students will be able to take courses at member schools.",
                    "\"We will break down the walls between campuses,\" a founder said.",
                    "The alliance consists of 12 universities: Harbor University, Lakeside "
                    "University of Technology and Eastlake Normal University, among others.")
    assert found == ["Harbor University", "Lakeside University of Technology",
                     "Eastlake Normal University"]


def test_the_places_of_a_counted_group_of_bodies_are_no_parties(rules: Rules) -> None:
    result = classify(Article(title="Universities set up alliance", body=[
        "Twenty universities in Eastland and Upland Province established an alliance on "
        "Monday."]), rules)
    assert result.partnership and "Eastland" not in result.parties
    assert "Upland Province" not in result.parties and "Upland" not in result.parties


def test_a_dateline_in_parentheses_is_no_party(rules: Rules) -> None:
    found = parties(rules, "Memorandum signed",
                    "(Lakeview) \u2014 Harbor Group and Eastlake University held a memorandum of "
                    "understanding signing ceremony on Monday.")
    assert found == ["Harbor Group", "Eastlake University"]


def test_a_province_opens_the_second_of_two_coordinated_names(rules: Rules) -> None:
    found = parties(rules, "Memorandum signed",
                    "UC Harbor Health and Hebei Lakeside University signed a memorandum of "
                    "understanding on Monday.")
    assert found == ["UC Harbor Health", "Hebei Lakeside University"]


def test_a_school_named_by_its_university_s_acronym_is_the_university(rules: Rules) -> None:
    found = parties(rules, "HU Engineering signs memorandum with Lakeside University",
                    "Representatives of Harbor University and Lakeside University signed a "
                    "memorandum of understanding on Monday.")
    assert found == ["Harbor University", "Lakeside University"]


def test_a_design_and_research_institute_is_one_body(rules: Rules) -> None:
    found = parties(rules, "Deal signed",
                    "Harbor University and the Eastland Aircraft Corporation Harbor Aircraft "
                    "Design and Research Institute signed a cooperation agreement on Monday.")
    assert found == ["Harbor University",
                     "Eastland Aircraft Corporation Harbor Aircraft Design and Research Institute"]


def test_two_bare_places_joined_by_and_are_two_parties(rules: Rules) -> None:
    found = parties(rules, "Regions strengthen cooperation",
                    "Hong Kong and Yunnan signed 13 memoranda of understanding on Sunday.")
    assert found == ["Hong Kong", "Yunnan"]


@pytest.mark.parametrize("title", ["HARBOR JOINS HANDS WITH LU, HPDB ON FINTECH BASE",
                                   "Harbor Joins Hands with LU, HPDB on Fintech Base"])
def test_a_headline_acronym_the_story_spells_out_is_that_party(rules: Rules, title: str) -> None:
    found = parties(rules, title,
                    "Harbor District signed a strategic cooperation agreement on Wednesday with "
                    "Lakeside University (LU), alongside Harbor Pudong Development Bank, to build "
                    "a fintech base.", "The bank will open a branch in the base.")
    assert "Harbor Pudong Development Bank" in found and "hpdb" not in {p.lower() for p in found}


def test_a_headline_word_capitalised_only_inside_a_name_is_no_party(rules: Rules) -> None:
    found = parties(rules, "HARBOR JOINT VENTURE TO MAKE HYDROGEN TRUCKS REGISTERED",
                    "A joint venture between Lakeside Motor and a Harbor hydrogen firm was "
                    "registered this week.",
                    "The new company, Harbor Lakeside Hydrogen Truck Co, will build hydrogen "
                    "fuel-cell trucks.")
    assert "Hydrogen" not in found


@pytest.mark.parametrize("title", [
    "HARBOR'S EASTLAKE AND A NORWEGIAN UNIVERSITY LAUNCH JOINT LAB",
    "Harbor's Eastlake and a Norwegian University Launch Joint Lab"])
def test_a_headline_body_after_a_or_an_is_a_description(rules: Rules, title: str) -> None:
    found = parties(rules, title,
                    "A joint laboratory was unveiled in Eastlake District by Lakeside Ocean "
                    "University and the Norwegian University of Marine Technology.",
                    "The lab will study aquaculture.")
    assert "Norwegian University" not in found
    assert "Norwegian University of Marine Technology" in found
