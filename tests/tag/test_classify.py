"""Partnership classifier: one behaviour per test, on sentences written for these tests.

The organisations here (Eastlake University, Harbor Robotics Group, ...) are invented; the district
names come from the gazetteer. A corpus check runs only when ../shared is present.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from monitor.errors import ConfigError
from monitor.models import Article, Classification
from monitor.tag.classify import CODE_VERSION, Rules, classify, load_rules

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "config" / "rules" / "partnership.toml"
CORPUS = ROOT.parent / "shared" / "corpus" / "dev.jsonl"


@pytest.fixture(scope="module")
def rules() -> Rules:
    return load_rules(RULES)


def article(title: str, *body: str, lede: str | None = None) -> Article:
    return Article(title=title, lede=lede, body=list(body))


def verdict(rules: Rules, title: str, *body: str, lede: str | None = None) -> Classification:
    return classify(article(title, *body, lede=lede), rules)


def names(result: Classification) -> set[str]:
    return {party.lower() for party in result.parties}


FILLER = "The district has a population of about half a million people and many parks nearby."


# ---- concluded deals ---------------------------------------------------------------------------


@pytest.mark.parametrize("sentence", [
    "Eastlake University signed a strategic cooperation agreement with Harbor Robotics Group "
    "on Tuesday.",
    "Eastlake University and Harbor Robotics Group have inked a cooperation framework agreement.",
    "A cooperation agreement was signed by Eastlake University and Harbor Robotics Group.",
    "The agreement signing ceremony between Eastlake University and Harbor Robotics Group was "
    "held on Friday.",
])
def test_signed_agreement_is_an_agreement_between_both_parties(rules: Rules, sentence: str) -> None:
    result = verdict(rules, "Campus and industry join forces", sentence, FILLER)
    assert result.partnership and result.kind == "agreement"
    assert names(result) == {"eastlake university", "harbor robotics group"}
    assert sentence in result.evidence


@pytest.mark.parametrize("sentence", [
    "Songjiang District and Northfield University signed a memorandum of understanding on "
    "talent training.",
    "Northfield University signed an MoU with Songjiang District on Monday.",
])
def test_memorandum_is_an_mou(rules: Rules, sentence: str) -> None:
    result = verdict(rules, "New ties for the university", sentence)
    assert result.partnership and result.kind == "mou"
    assert names(result) == {"songjiang district", "northfield university"}


@pytest.mark.parametrize("sentence", [
    "A joint laboratory for quantum sensing was set up by Lakeside University and Meridian "
    "Instruments Co on Monday.",
    "Lakeside University and Meridian Instruments Co jointly set up a research institute for "
    "quantum sensing.",
    "Lakeside University set up a joint lab with Meridian Instruments Co to study quantum sensing.",
])
def test_entity_set_up_together_is_a_joint_entity(rules: Rules, sentence: str) -> None:
    result = verdict(rules, "Quantum research gets a new home", sentence)
    assert result.partnership and result.kind == "joint_entity"
    assert names(result) == {"lakeside university", "meridian instruments co"}


@pytest.mark.parametrize("sentence", [
    "Twelve projects were signed at the investment forum on Friday.",
    "Deals on 30 factory projects were inked at the trade fair.",
    "Investment contracts for the new plants were signed at the trade fair on Monday.",
])
def test_batch_of_projects_counts_without_named_parties(rules: Rules, sentence: str) -> None:
    result = verdict(rules, "Investment conference draws investors", sentence)
    assert result.partnership and result.kind == "project_batch"
    assert result.parties == []


def test_batch_names_the_host_place_and_the_companies(rules: Rules) -> None:
    result = verdict(rules, "Projects signed in Jiading",
                     "Fifteen projects were signed in Jiading District on Friday.",
                     "They include the headquarters of Blue River Motor Co and a plant of Harbor "
                     "Robotics Group.")
    assert names(result) == {"jiading district", "blue river motor co", "harbor robotics group"}


def test_two_counted_projects_are_an_investment_deal(rules: Rules) -> None:
    result = verdict(rules, "Fengxian District inked two overseas-funded projects on Monday.")
    assert result.partnership and result.kind == "investment_deal"


def test_two_counted_agreements_without_names_do_not_count(rules: Rules) -> None:
    result = verdict(rules, "Robot forum opens", "Two agreements were also signed at the forum.")
    assert not result.partnership


def test_renewal_counts(rules: Rules) -> None:
    result = verdict(rules, "Eastlake Museum renewed its partnership with the Harbor Art Group "
                            "until 2030.")
    assert result.partnership
    assert names(result) == {"eastlake museum", "harbor art group"}


# ---- not concluded ---------------------------------------------------------------------------------


@pytest.mark.parametrize("sentence", [
    "Qingpu District seeks to deepen cooperation with Eastlake University.",
    "Qingpu District will sign a cooperation agreement with Eastlake University next month.",
    "Qingpu District plans to set up a joint lab with Eastlake University.",
    "Qingpu District and Eastlake University are expected to sign an agreement soon.",
    "Qingpu District aims to jointly build an innovation center with Eastlake University.",
    "The agreement between Qingpu District and Eastlake University is expected to be signed "
    "in May.",
])
def test_aspiration_is_not_a_partnership(rules: Rules, sentence: str) -> None:
    result = verdict(rules, "District eyes closer ties", sentence)
    assert not result.partnership
    assert result.score < rules.spec.threshold


def test_negated_deal_is_not_a_partnership(rules: Rules) -> None:
    result = verdict(rules, "Talks continue",
                     "Qingpu District has not signed an agreement with Eastlake University.")
    assert not result.partnership
    assert any(rule.endswith(":negated") for rule in result.rules)


@pytest.mark.parametrize("title, sentence", [
    ("Delegation visits Yangpu", "A delegation from Eastlake University visited Yangpu District "
                                 "and discussed prospects for cooperation."),
    ("Robotics forum opens", "The Harbor Robotics Forum, co-hosted by Eastlake University and "
                             "Minhang District, opened on Monday with 300 guests."),
    ("Design exhibition comes to Xuhui", "An exhibition of industrial design opened at the West "
                                         "Bund on Saturday and runs until June."),
    ("New park opens", "Harbor Robotics Group opened a new industrial park in Baoshan District."),
])
def test_visit_forum_exhibition_or_opening_is_not_a_partnership(rules: Rules, title: str,
                                                                sentence: str) -> None:
    assert not verdict(rules, title, sentence).partnership


DEAL = "Eastlake University signed a cooperation agreement with Harbor Robotics Group."


def test_deal_in_first_paragraphs_counts(rules: Rules) -> None:
    assert verdict(rules, "A busy week in the district", DEAL, FILLER).partnership


def test_deal_only_in_paragraph_six_does_not_count(rules: Rules) -> None:
    paragraphs = ["A new metro station opened near the old town on Monday morning.",
                  "Residents planted three thousand trees along the river banks this spring.",
                  "The local library extended its opening hours for students before exams.",
                  "A marathon through the water town attracted runners from twelve countries.",
                  "Officials reviewed progress on road repairs and school construction."]
    result = verdict(rules, "A busy week in the district", *paragraphs, DEAL)
    assert not result.partnership


@pytest.mark.parametrize("caption", [
    "Photo: Eastlake University signed a cooperation agreement with Harbor Robotics Group.",
    "Eastlake University signed a cooperation agreement with Harbor Robotics Group. [Photo/IC]",
    "Eastlake University signed a cooperation agreement with Harbor Robotics Group (photo by Li).",
    "Eastlake University signed a cooperation agreement with Harbor Robotics Group, photo: Li.",
    "Source: Eastlake University signed a cooperation agreement with Harbor Robotics Group.",
])
def test_captions_are_not_paragraphs(rules: Rules, caption: str) -> None:
    assert not verdict(rules, "A busy week", caption).partnership


def test_classifying_twice_gives_the_same_verdict(rules: Rules) -> None:
    story = article("Deal", DEAL, FILLER)
    assert classify(story, rules) == classify(story, rules)


def test_bylines_captions_and_repeated_ledes_are_not_paragraphs(rules: Rules) -> None:
    lede = "The district reported a busy week of openings, visits and events across its towns."
    result = verdict(rules, "A busy week", "By Wang Lei (Staff Reporter)",
                     "A view of the riverside park. [Photo/district government]", lede,
                     FILLER, FILLER.replace("parks", "schools"), DEAL, lede=lede)
    assert result.partnership


# ---- parties -----------------------------------------------------------------------------------


def test_short_form_resolves_to_the_full_name(rules: Rules) -> None:
    result = verdict(rules, "Qingpu and Eastlake sign cooperation agreement",
                     "Qingpu District and Eastlake University signed a cooperation agreement to "
                     "build a science park.")
    assert names(result) == {"qingpu district", "eastlake university"}


def test_generic_district_government_resolves_to_the_district(rules: Rules) -> None:
    result = verdict(rules, "District Government Signs Cooperation Agreement with Eastlake "
                            "University",
                     "The agreement was signed in Fengxian District on Monday, officials said.")
    assert names(result) == {"fengxian district", "eastlake university"}


def test_pronoun_points_back_to_the_parties_named_before(rules: Rules) -> None:
    result = verdict(rules, "Jinshan District and Northfield University to build a campus",
                     "According to the agreement, they will build a campus and a science park.")
    assert result.partnership
    assert names(result) == {"jinshan district", "northfield university"}


def test_coordinated_list_is_split(rules: Rules) -> None:
    result = verdict(rules, "Three-way deal",
                     "Baoshan District, Northfield University and Harbor Robotics Group signed a "
                     "cooperation agreement on robotics.")
    assert names(result) == {"baoshan district", "northfield university", "harbor robotics group"}


def test_list_after_with_is_split_but_names_with_and_are_kept(rules: Rules) -> None:
    result = verdict(rules, "Universities join the district",
                     "Putuo District signed cooperation agreements with Northfield Normal "
                     "University and the University of Marine Science and Technology.")
    assert names(result) == {"putuo district", "northfield normal university",
                             "university of marine science and technology"}


def test_people_and_places_are_not_parties(rules: Rules) -> None:
    result = verdict(rules, "Deal for the robot park",
                     "Harbor Robotics Group signed an agreement with Eastlake University in "
                     "Minhang District on Monday.",
                     "Chen Ming and Li Hua signed the agreement on behalf of both sides.")
    assert names(result) == {"harbor robotics group", "eastlake university"}


def test_currency_prefix_is_not_a_party(rules: Rules) -> None:
    result = verdict(rules, "Robot deal", "Harbor Robotics Group signed a US$30 million contract "
                                          "with Eastlake University.")
    assert names(result) == {"harbor robotics group", "eastlake university"}


def test_a_spelled_out_number_is_never_a_party(rules: Rules) -> None:
    result = verdict(rules, "Sixty firms sign up",
                     "Sixty firms and Harbor Robotics Group signed cooperation agreements with "
                     "Eastlake University and Sixty Degrees Technology Co on Monday.")
    assert names(result) == {"harbor robotics group", "eastlake university",
                             "sixty degrees technology co"}


def test_district_town_in_lower_case_is_the_town_the_article_names(rules: Rules) -> None:
    result = verdict(rules, "Jinshan town signs MoU with paint maker",
                     lede="Lakeview Town in Jinshan District has signed a memorandum of "
                          "understanding with Harbor Paint Co to build a factory.")
    assert result.kind == "mou"
    assert names(result) == {"lakeview town", "harbor paint co"}


def test_acronym_merges_with_the_full_name(rules: Rules) -> None:
    result = verdict(rules, "ECU signs agreement with Harbor Robotics Group",
                     "Eastlake Coastal University (ECU) and Harbor Robotics Group signed a "
                     "cooperation agreement.")
    assert names(result) == {"eastlake coastal university", "harbor robotics group"}


# ---- sectors, districts, explanation, version --------------------------------------------------


def test_sectors_come_from_the_lexicon(rules: Rules) -> None:
    result = verdict(rules, "Chip and AI deal",
                     "Eastlake University signed a cooperation agreement with Harbor Robotics "
                     "Group on artificial intelligence and integrated circuits.")
    assert {"ai", "integrated circuits"} <= set(result.sectors)
    assert all(sector == sector.lower() for sector in result.sectors)


def test_districts_are_filled_from_the_gazetteer(rules: Rules) -> None:
    result = verdict(rules, "Deal in Lingang", "Harbor Robotics Group signed an agreement with the "
                                               "Lin-gang Special Area Administration.")
    assert result.districts == ["Pudong", "Lingang"]


def test_districts_found_by_parsing_are_the_ones_reported(rules: Rules) -> None:
    parsed = article("Deal in Lingang", "Harbor Robotics Group signed an agreement with the "
                                        "Lin-gang Special Area Administration.")
    parsed.districts = ["Fengxian"]  # what parsing found, with its own gazetteer
    assert classify(parsed, rules).districts == ["Fengxian"]


def test_result_names_the_rules_and_their_version(rules: Rules) -> None:
    result = verdict(rules, "Deal", DEAL)
    assert "signed_document" in result.rules
    assert result.version == rules.version
    assert "partnership-rules 11" in result.version and CODE_VERSION in result.version


def test_nothing_to_report_scores_zero(rules: Rules) -> None:
    result = verdict(rules, "Spring flowers bloom in Chongming", FILLER)
    assert (result.partnership, result.score, result.rules, result.evidence) == (False, 0.0, [], [])


# ---- the rules file ----------------------------------------------------------------------------


def broken(tmp_path: Path, old: str, new: str) -> Path:
    text = RULES.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "rules" / "partnership.toml"
    path.parent.mkdir()
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    for name in ("districts.toml", "institutions.toml"):
        (tmp_path / name).write_text((ROOT / "config" / name).read_text(encoding="utf-8"),
                                     encoding="utf-8")
    return path


@pytest.mark.parametrize("old, new, key", [
    ('id = "signed_document"\nrequires = ["sign", "document"]\nkind = "agreement"\nweight = 0.9',
     'id = "signed_document"\nrequires = ["sign", "document"]\nkind = "agreement"\nweight = "x"',
     "rule.0.weight"),
    ("threshold = 0.5", "threshold = 5", "threshold"),
    ("kind = \"agreement\"\n", "kind = \"handshake\"\n", "rule.0.kind"),
    ("pattern = '''\\b(?P<verb>{sign})", "pattern = '''\\b(?P<verb>{sing})", "rule.0.pattern"),
    ("pattern = '''\\b(?P<verb>{sign})", "pattern = '''(\\b(?P<verb>{sign})", "rule.0.pattern"),
    ("requires = [\"sign\", \"document\"]", "requires = [\"sign\", \"paper\"]", "rule.0.requires"),
    ("requires = [\"sign\", \"document\"]", "requires = [\"sign|paper\", \"document\"]",
     "rule.0.requires"),
    ("name = \"partnership-rules\"", "name = \"partnership-rules\"\ncolour = 1", "colour"),
])
def test_bad_rules_file_names_file_and_key(tmp_path: Path, old: str, new: str, key: str) -> None:
    path = broken(tmp_path, old, new)
    with pytest.raises(ConfigError) as caught:
        load_rules(path)
    assert caught.value.key == key
    assert str(path) in str(caught.value) and key in str(caught.value)


def test_a_rule_may_require_a_word_of_either_list(tmp_path: Path) -> None:
    path = broken(tmp_path, 'requires = ["sign", "document"]', 'requires = ["sign|signed", "document"]')
    rules = load_rules(path)
    result = classify(article("Deal", DEAL), rules)
    assert result.partnership and "signed_document" in result.rules


def test_unreadable_rules_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read rules"):
        load_rules(tmp_path / "missing.toml")


def test_rules_file_that_is_not_toml_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "partnership.toml"
    path.write_text("name = [unclosed", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_rules(path)


# ---- the labelled corpus, when it is present ---------------------------------------------------


@pytest.mark.shared
@pytest.mark.skipif(not CORPUS.exists(), reason="../shared/corpus is not present")
def test_corpus_precision_and_recall(rules: Rules) -> None:
    from monitor.read.seedformat import read_text

    rows = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line]
    pairs = [(row["partnership"], classify(read_text(row["text"]), rules).partnership)
             for row in rows if not row.get("ambiguous")]
    true_positives = sum(truth and guess for truth, guess in pairs)
    assert true_positives / sum(guess for _, guess in pairs) >= 0.95
    assert true_positives / sum(truth for truth, _ in pairs) >= 0.90


# ---- generalizing: deals told without a signing verb, names the capitals do not give ------------


@pytest.mark.parametrize("sentence, rule", [
    ("Eastlake University joined hands with Harbor Robotics Group on Monday to train engineers.",
     "joined_forces"),
    ("Harbor Robotics Group has teamed up with Eastlake University on service robots.",
     "joined_forces"),
    ("Eastlake University sealed strategic cooperation with Harbor Robotics Group on Friday.",
     "cooperation_concluded"),
    ("In cooperation with Eastlake University, Harbor Robotics Group will develop a robotics "
     "center in the district.", "in_cooperation_with"),
    ("Under an agreement unveiled at the expo, Eastlake University and Harbor Robotics Group will "
     "share their laboratories.", "deal_announced"),
])
def test_a_concluded_cooperation_without_a_signing_verb_counts(rules: Rules, sentence: str,
                                                               rule: str) -> None:
    result = verdict(rules, "Campus and industry", sentence, FILLER)
    assert result.partnership and rule in result.rules


def test_an_alliance_set_up_names_its_members_from_the_next_sentence(rules: Rules) -> None:
    result = verdict(rules, "Robot makers unite",
                     "An industrial robotics alliance was officially established on Tuesday. "
                     "Its members include Eastlake University, Harbor Robotics Group and "
                     "Blue River Motor Co.", FILLER)
    assert result.partnership and result.kind == "alliance"
    assert {"eastlake university", "harbor robotics group", "blue river motor co"} <= names(result)


@pytest.mark.parametrize("sentence", [
    "Eastlake University teamed up with Harbor Art Group to host a calligraphy show.",
    "The two sides reached consensus on deepening cooperation in robotics.",
    "The district has established cooperation with fifty universities over the past decade.",
    "The river towns tourism alliance, set up years ago, held its annual meeting in Qingpu.",
    "Harbor Robotics Group hopes to join hands with Eastlake University.",
    "Nine cities have set up 14 industrial alliances under the corridor initiative.",
])
def test_talk_of_cooperation_that_is_no_new_deal_does_not_count(rules: Rules,
                                                                sentence: str) -> None:
    assert not verdict(rules, "News from the district", sentence, FILLER).partnership


def test_a_deal_whose_names_cannot_be_read_counts_and_asks_for_a_check(rules: Rules) -> None:
    result = verdict(rules, "Deal signed", "A cooperation agreement was signed on Tuesday to "
                                           "build a smart port.", FILLER)
    assert result.partnership and "parties-unread" in result.check


def test_a_deal_with_both_parties_read_needs_no_check(rules: Rules) -> None:
    assert verdict(rules, "Deal", DEAL, FILLER).check == []


def test_a_verdict_barely_over_the_threshold_asks_for_a_check(rules: Rules) -> None:
    result = verdict(rules, "A week in the district", FILLER, FILLER.replace("parks", "schools"),
                     "Under the agreement, Eastlake University and Harbor Robotics Group will "
                     "share a laboratory.")
    assert result.partnership and "near-threshold" in result.check


def test_agreements_signed_also_at_an_event_without_names_do_not_count(rules: Rules) -> None:
    result = verdict(rules, "Robot forum opens", "The forum drew 300 guests from the industry. "
                     "A cooperation agreement was also signed at the forum.")
    assert not result.partnership


@pytest.mark.parametrize("sentence, parties", [
    ("Shanghai and Hong Kong signed a memorandum of understanding on green finance.",
     {"shanghai", "hong kong"}),
    ("qingpu district signed a cooperation agreement with fudan university on monday.",
     {"qingpu district", "fudan university"}),
    ("Qingpu District and the city of Jiaxing in Zhejiang Province signed an agreement on "
     "transport.", {"qingpu district", "jiaxing"}),
    ("The People's Government of Qingpu District signed an agreement with Harbor Robotics Group.",
     {"people's government of qingpu district", "harbor robotics group"}),
])
def test_names_the_capitals_do_not_give_are_read_from_the_gazetteers(rules: Rules, sentence: str,
                                                                     parties: set[str]) -> None:
    result = verdict(rules, "Cooperation news", sentence, FILLER)
    assert result.partnership and names(result) == parties


def test_a_place_that_only_says_where_is_not_a_party(rules: Rules) -> None:
    result = verdict(rules, "Deal", "Harbor Robotics Group signed a cooperation agreement in "
                                    "Shanghai on Monday.", FILLER)
    assert "shanghai" not in names(result)


def test_an_all_capital_headline_is_read_like_any_other(rules: Rules) -> None:
    result = verdict(rules, "EASTLAKE UNIVERSITY AND HARBOR ROBOTICS GROUP SIGN AI DEAL", FILLER,
                     "The AI lab opens next year.")
    assert result.partnership
    assert names(result) == {"eastlake university", "harbor robotics group"}


@pytest.mark.parametrize("sentence", [
    "More than 90 percent of households in the old neighbourhood have signed relocation "
    "agreements.",
    "Residents of the community signed family doctor service contracts on Saturday.",
    "Eastlake University signed labour contracts with 200 new teachers this month.",
    "Harbor Robotics Group signed contracts with 30 new clients in the first quarter.",
])
def test_documents_people_sign_for_themselves_are_not_partnerships(rules: Rules,
                                                                    sentence: str) -> None:
    result = verdict(rules, "News from the district", sentence, FILLER)
    assert not result.partnership and any(r.endswith(":private") for r in result.rules)


def test_an_idiom_of_cooperation_without_named_parties_does_not_count(rules: Rules) -> None:
    result = verdict(rules, "Art in the park", "Local artists teamed up with residents on a "
                                               "mural along the river.", FILLER)
    assert not result.partnership


def test_a_headline_comma_joins_the_parties(rules: Rules) -> None:
    result = verdict(rules, "Qingpu, Eastlake University sign AI deal", FILLER)
    assert result.partnership and names(result) == {"qingpu", "eastlake university"}


def test_parties_that_join_hands_together_count(rules: Rules) -> None:
    result = verdict(rules, "Eastlake University and Harbor Robotics Group join hands on robots",
                     FILLER)
    assert result.partnership and "joined_forces_together" in result.rules


def test_a_deal_dated_in_an_earlier_year_is_background(rules: Rules) -> None:
    from datetime import date

    story = Article(title="A busy week", date=date(2026, 6, 1), body=[
        "In 2019, Eastlake University signed a cooperation agreement with Harbor Robotics "
        "Group.", FILLER])
    result = classify(story, rules)
    assert not result.partnership and "signed_document:background" in result.rules


def test_last_decembers_deal_is_news_in_january(rules: Rules) -> None:
    from datetime import date

    story = Article(title="A busy week", date=date(2026, 1, 5), body=[
        "On December 30, 2025, Eastlake University signed a cooperation agreement with Harbor "
        "Robotics Group.", FILLER])
    assert classify(story, rules).partnership


def test_a_city_and_its_country_are_one_party(rules: Rules) -> None:
    result = verdict(rules, "Twin towns", "Qingpu District signed a friendship agreement with "
                                          "Lakeside, Japan.", FILLER)
    assert names(result) == {"qingpu district", "lakeside"}


def test_a_batch_with_unnamed_companies_needs_no_check_for_parties(rules: Rules) -> None:
    result = verdict(rules, "Investment fair", "Twelve projects were signed at the investment "
                                               "fair on Friday.", FILLER)
    assert result.partnership and "parties-unread" not in result.check


def test_a_deal_sentence_without_names_takes_the_parties_of_the_headline(rules: Rules) -> None:
    result = verdict(rules, "Qingpu, Eastlake University in cooperation pact",
                     "A cooperation agreement was signed on Monday to build a robotics center.",
                     FILLER)
    assert result.partnership and names(result) == {"qingpu", "eastlake university"}


@pytest.mark.parametrize("sentence", [
    "The agreement was signed by officials from Qingpu District and Eastlake University.",
    "Qingpu District signed cooperation agreements with two universities: Eastlake University "
    "and Northfield University.",
])
def test_parties_behind_their_officials_or_a_colon_are_read(rules: Rules, sentence: str) -> None:
    result = verdict(rules, "Cooperation news", sentence, FILLER)
    assert {"qingpu district", "eastlake university"} <= names(result)


@pytest.mark.parametrize("sentence, rule", [
    ("Qingpu District and Eastlake University held a signing ceremony on Friday.",
     "signing_ceremony"),
    ("The signing ceremony between Qingpu District and Eastlake University took place on Friday.",
     "signing_ceremony"),
    ("Harbor Robotics Group became Eastlake University's strategic partner on Monday.",
     "became_partners"),
])
def test_a_signing_ceremony_or_a_new_partner_counts(rules: Rules, sentence: str,
                                                    rule: str) -> None:
    result = verdict(rules, "Cooperation news", sentence, FILLER)
    assert result.partnership and rule in result.rules and len(result.parties) == 2


@pytest.mark.parametrize("sentence", [
    "Qingpu District and Eastlake University will hold a signing ceremony next week.",
    "The signing ceremony of Qingpu District and Eastlake University will be held next week.",
])
def test_a_signing_ceremony_to_come_does_not_count(rules: Rules, sentence: str) -> None:
    assert not verdict(rules, "Cooperation news", sentence, FILLER).partnership


def test_an_aside_about_a_party_does_not_hide_it(rules: Rules) -> None:
    result = verdict(rules, "Deal", "Yangpu District, home to a dozen universities, signed an "
                                    "agreement with Harbor Robotics Group.", FILLER)
    assert names(result) == {"yangpu district", "harbor robotics group"}


def test_joining_a_named_alliance_is_an_alliance_of_both(rules: Rules) -> None:
    result = verdict(rules, "Robot makers", "Harbor Robotics Group joined the Eastlake Robotics "
                                            "Industry Alliance on Monday.", FILLER)
    assert result.kind == "alliance"
    assert names(result) == {"harbor robotics group", "eastlake robotics industry alliance"}


def test_a_count_of_agreements_between_named_parties_is_their_agreement(rules: Rules) -> None:
    result = verdict(rules, "Ties deepen", "Shanghai and Hong Kong signed 12 cooperation "
                                           "agreements on Tuesday.", FILLER)
    assert result.kind == "agreement" and names(result) == {"shanghai", "hong kong"}


def test_a_nameless_deal_far_into_the_story_does_not_count(rules: Rules) -> None:
    result = verdict(rules, "A busy week", FILLER, FILLER.replace("parks", "schools"),
                     "Contracts were signed over the weekend to set up research centers.")
    assert not result.partnership and "document_signed:no-parties" in result.rules


def test_a_nameless_deal_in_the_first_paragraph_counts(rules: Rules) -> None:
    result = verdict(rules, "A busy week", "Contracts were signed over the weekend to set up "
                                           "research centers in the district.", FILLER)
    assert result.partnership and "parties-unread" in result.check


def test_cooperation_that_was_established_long_ago_is_no_new_deal(rules: Rules) -> None:
    result = verdict(rules, "Campus ties", "Eastlake University has established cooperation "
                                           "with Harbor Robotics Group.", FILLER)
    assert not result.partnership


# ---- joint entities in the passive ---------------------------------------------------------------


@pytest.mark.parametrize("lede", [
    "A joint laboratory for sleep medicine was unveiled in Jing'an District on Friday.",
    "A 500-million-yuan venture fund for marine technology was jointly set up on Friday.",
])
def test_a_joint_entity_unveiled_in_the_passive_counts(rules: Rules, lede: str) -> None:
    result = verdict(rules, "New lab for diagnosis", lede, FILLER)
    assert result.partnership and result.kind == "joint_entity"


def test_the_makers_of_a_joint_lab_named_next_are_its_parties(rules: Rules) -> None:
    result = verdict(rules, "New lab for diagnosis",
                     "A joint laboratory for sleep medicine was unveiled in Jing'an District on "
                     "Friday.",
                     "The lab was co-founded by Eastlake Hospital and Harbor Sleep Technology Co "
                     "Ltd, a start-up established in 2020 by three of the hospital's engineers.")
    assert {"eastlake hospital", "harbor sleep technology co ltd"} <= names(result)


def test_a_fund_set_up_on_a_day_by_named_parties_is_theirs(rules: Rules) -> None:
    result = verdict(rules, "Seed fund",
                     "A seed fund was set up on Tuesday by Eastlake University and Harbor "
                     "Investment Co.", FILLER)
    assert result.partnership
    assert names(result) == {"eastlake university", "harbor investment co"}


@pytest.mark.parametrize("lede", [
    "The joint laboratory was opened to the public on Saturday for a science day.",
    "A joint laboratory will be set up in the park next year, the district said.",
    "The joint venture was set up in 2010 and now employs 300 people.",
])
def test_a_joint_entity_opened_to_visitors_planned_or_old_does_not_count(rules: Rules,
                                                                         lede: str) -> None:
    story = Article(title="Science park news", date=date(2025, 6, 1), body=[lede, FILLER])
    assert not classify(story, rules).partnership


def test_parties_putting_their_names_to_an_agreement_signed_it(rules: Rules) -> None:
    result = verdict(rules, "Auto cluster",
                     "Eastlake District and Harbor City put their names to a framework agreement "
                     "on Monday.", FILLER)
    assert result.partnership and result.kind == "agreement"


@pytest.mark.parametrize("sentence", [
    "A plaque was unveiled on Monday for the Eastlake-Harbor Joint Innovation Center.",
    "Eastlake University and Harbor Group unveiled the plaque of the Eastlake Harbor Joint "
    "Laboratory for Robotics on Monday.",
    "A plaque-unveiling ceremony was held on Monday for the Eastlake-Harbor Joint Laboratory of "
    "Marine Science.",
])
def test_the_plaque_of_a_joint_entity_unveiled_is_a_joint_entity(rules: Rules, sentence: str) -> None:
    result = verdict(rules, "Innovation center", sentence, FILLER)
    assert result.partnership and result.kind == "joint_entity"


@pytest.mark.parametrize("sentence", [
    "A plaque was unveiled on Monday for the Eastlake District Service Center for Veterans.",
    "A plaque-unveiling ceremony was held on Monday for the Eastlake District Veterans Service "
    "Center.",
])
def test_the_plaque_of_one_bodys_center_is_no_joint_entity(rules: Rules, sentence: str) -> None:
    assert not verdict(rules, "Service center", sentence, FILLER).partnership


# ---- kinds ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("sentence", [
    "Eastlake District and Harbor, a port town in Portugal, signed a friendship-city agreement on "
    "Friday.",
    "Eastlake District and Harbor County renewed a pairing assistance agreement that funds rural "
    "clinics.",
    "Eastlake and Harbor County inked a pairing cooperation agreement on farm produce sales.",
])
def test_an_agreement_that_pairs_places_is_a_pairing(rules: Rules, sentence: str) -> None:
    result = verdict(rules, "Friends across the sea", sentence, FILLER)
    assert result.partnership and result.kind == "pairing"


def test_a_cooperation_agreement_between_places_stays_an_agreement(rules: Rules) -> None:
    result = verdict(rules, "Cross-border cluster",
                     "Eastlake District and Harbor City signed a cooperation agreement on Monday "
                     "to build an auto parts cluster.", FILLER)
    assert result.kind == "agreement"


@pytest.mark.parametrize("second", [
    "The laboratory, inaugurated at the same event, takes up two floors of the park's new tower.",
    "The institute, housed in the district's old library, was officially unveiled on Friday.",
])
def test_an_agreed_entity_that_now_exists_makes_a_joint_entity(rules: Rules, second: str) -> None:
    result = verdict(rules, "Hydrogen lab",
                     "Eastlake University and Harbor Zone Administration signed an agreement on "
                     "Friday to jointly build a battery safety laboratory.", second)
    assert result.partnership and result.kind == "joint_entity"


def test_an_agreed_entity_still_to_come_leaves_an_agreement(rules: Rules) -> None:
    result = verdict(rules, "Hydrogen lab",
                     "Eastlake University and Harbor Zone Administration signed an agreement on "
                     "Friday to jointly build a battery safety laboratory.",
                     "The laboratory will be unveiled next spring in the park's new tower.")
    assert result.partnership and result.kind == "agreement"


def test_an_entity_inaugurated_alone_tags_nothing(rules: Rules) -> None:
    result = verdict(rules, "Lab news",
                     "The laboratory was inaugurated at a ceremony on Friday, the district said.",
                     FILLER)
    assert not result.partnership


@pytest.mark.parametrize("sentence, kind", [
    ("Eastlake University and Harbor Group launched a strategic partnership on chips on Monday.",
     "agreement"),
    ("Sister-city ties were established between Eastlake District and Harbor City in France on "
     "Monday.", "pairing"),
    ("Eastlake District signed with Harbor Group a strategic cooperation agreement on Monday.",
     "agreement"),
    ("At the signing ceremony on Monday, Eastlake District and Harbor Group agreed to build a "
     "hydrogen hub together.", "agreement"),
])
def test_other_ways_of_reporting_a_concluded_deal_count(rules: Rules, sentence: str,
                                                        kind: str) -> None:
    result = verdict(rules, "Deal day", sentence, FILLER)
    assert result.partnership and result.kind == kind


@pytest.mark.parametrize("sentence", [
    "Eastlake and Harbor vowed to further deepen their sister-city ties during the visit.",
    "At the signing ceremony, which will be held next month, Eastlake District and Harbor Group "
    "will sign a hydrogen deal.",
    "Harbor Group signed with great care the guest book of the Eastlake museum.",
])
def test_near_misses_of_those_ways_do_not_count(rules: Rules, sentence: str) -> None:
    assert not verdict(rules, "Visit", sentence, FILLER).partnership


@pytest.mark.parametrize("sentence", [
    "The Eastlake University and Harbor Group strategic cooperation signing ceremony was held on "
    "Monday.",
    "Eastlake District and Harbor Group entered a strategic cooperation agreement on Monday.",
])
def test_a_signing_ceremony_held_or_an_agreement_entered_counts(rules: Rules, sentence: str) -> None:
    assert verdict(rules, "Deal day", sentence, FILLER).partnership


@pytest.mark.parametrize("sentence", [
    "A signing ceremony for the Eastlake University and Harbor Group project will be held next "
    "week.",
    "Eastlake District entered a new phase of growth after Harbor Group moved in.",
])
def test_a_ceremony_to_come_or_a_phase_entered_does_not_count(rules: Rules, sentence: str) -> None:
    assert not verdict(rules, "Deal day", sentence, FILLER).partnership


def test_an_event_that_saw_the_launch_of_an_alliance_reports_it(rules: Rules) -> None:
    result = verdict(rules, "AI forum",
                     "The forum also saw the launch of the Yangtze River Delta AI Industry "
                     "Alliance, with 40 founding members.", FILLER)
    assert result.partnership and result.kind == "alliance"


@pytest.mark.parametrize("sentence", [
    "Officials met ahead of the launch of the Yangtze River Delta AI Industry Alliance.",
    "The forum discussed the launch of a new alliance for AI companies next year.",
])
def test_an_alliance_launch_to_come_or_talked_of_does_not_count(rules: Rules, sentence: str) -> None:
    assert not verdict(rules, "AI forum", sentence, FILLER).partnership


def test_what_an_agreement_stipulates_is_no_joint_entity_yet(rules: Rules) -> None:
    result = verdict(rules, "Riverside renewal",
                     "Eastlake District and Harbor Group signed a strategic cooperation agreement "
                     "on Tuesday.",
                     "The agreement stipulates that the two parties jointly set up a development "
                     "company for the riverside.")
    assert result.partnership and result.kind == "agreement"


def test_a_counted_batch_with_an_aside_before_its_verb_counts(rules: Rules) -> None:
    result = verdict(rules, "Investment conference",
                     "Thirty-one projects, involving a total investment of 12 billion yuan, were "
                     "signed at the event.", FILLER)
    assert result.partnership and result.kind == "project_batch"


@pytest.mark.parametrize("count", ["Thirty-one", "Forty-five", "Twenty-three"])
def test_a_batch_counted_in_words_past_twenty_is_a_project_batch(rules: Rules, count: str) -> None:
    result = verdict(rules, "Investment conference",
                     f"{count} projects were signed at the Eastlake investment conference on Monday.")
    assert result.partnership and result.kind == "project_batch"


def test_one_project_among_others_is_no_batch(rules: Rules) -> None:
    result = verdict(rules, "Investment conference",
                     "Twenty-one days after the fair, one project was signed by a local firm.")
    assert result.kind != "project_batch"


def test_an_alliance_whose_founders_are_named_is_not_one_of_its_parties(rules: Rules) -> None:
    result = verdict(rules, "Cosmetics alliance",
                     "The Eastlake Cosmetics Innovation Alliance was officially established on "
                     "Tuesday.",
                     "Founding members include Harbor Cosmetics Co, Eastlake Institute of "
                     "Technology and Lakeside Testing Co.")
    assert result.kind == "alliance"
    assert "eastlake cosmetics innovation alliance" not in names(result)
    assert {"harbor cosmetics co", "lakeside testing co"} <= names(result)


SIDELINES = ("Eastlake's free trade zone is courting exhibitors as the spring trade fair enters its "
             "second day at the riverside halls.")


def test_two_parties_read_as_one_name_still_make_a_deal_further_down(rules: Rules) -> None:
    result = verdict(rules, "Trade zone woos exhibitors", SIDELINES,
                     "On Thursday the Administrative Committee of Eastlake Free Trade Zone and "
                     "Invest Harbor signed a memorandum of understanding at the fair.")
    assert result.partnership and result.kind == "mou"


def test_one_body_named_for_two_fields_does_not_make_a_deal_further_down(rules: Rules) -> None:
    result = verdict(rules, "Trade zone woos exhibitors", SIDELINES,
                     "On Thursday the Eastlake Culture and Tourism Bureau signed a memorandum of "
                     "understanding at the fair.")
    assert not result.partnership


def test_the_kind_word_just_before_a_document_signed_gives_its_kind(rules: Rules) -> None:
    result = verdict(rules, "New plant",
                     "Harbor Group will build a plant in Eastlake District under an investment "
                     "agreement signed with the district government on Monday.", FILLER)
    assert result.partnership and result.kind == "investment_deal"


def test_a_kind_word_in_a_name_before_the_document_gives_no_kind(rules: Rules) -> None:
    result = verdict(rules, "Robot deal",
                     "The Harbor Investment Group agreement with Eastlake University was signed on "
                     "Monday.", FILLER)
    assert result.partnership and result.kind == "agreement"


def test_a_signing_ceremony_for_an_alliance_is_an_alliance(rules: Rules) -> None:
    result = classify(Article(title="Hospitals join hands", body=[
        "A signing ceremony for an alliance between Harbor Hospital and the Lakeside Hospital "
        "of Eastland was held in Lakeview on Monday."]), rules)
    assert result.partnership and result.kind == "alliance"


def test_an_agreement_on_counterpart_assistance_is_a_pairing(rules: Rules) -> None:
    result = classify(Article(title="Harbor District and Upland County sign agreement", body=[
        "The Harbor District People's Government and the Upland County People's Government "
        "signed a framework agreement on counterpart assistance and cooperation on Monday."]),
        rules)
    assert result.partnership and result.kind == "pairing"
