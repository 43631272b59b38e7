"""Restoring the case of a page written without capitals, on sentences and articles written for
these tests (the gazetteer entries are the shipped file's real places and institutions; every
other name is invented)."""

from __future__ import annotations

import pytest

from conftest import tagged_parties as parties
from monitor.models import Article, Classification
from monitor.tag.classify import Rules, classify
from monitor.tag.truecase import as_written, has_no_capitals, truecase, truecased_article


def cased(rules: Rules, text: str) -> str:
    return truecase(text, rules.institutions, rules.lexicon)


@pytest.mark.parametrize("text, expected", [
    ("eastlake signed a deal.", True),
    ("Eastlake signed a deal.", False),
    ("eastlake signed a deal with SJTU.", False),
    ("2024-05-03 | 12:30", False),  # no letters: nothing to restore
])
def test_a_text_without_capitals_is_one_with_letters_and_none_upper(text: str,
                                                                    expected: bool) -> None:
    assert has_no_capitals(text) is expected


@pytest.mark.parametrize("text", [
    "qingpu district and fudan university signed a deal on monday.",
    "harbor robotics (shanghai) co., ltd. and the eastlake municipal people's government agreed.",
    "straße, ǆ and ﬁ: letters whose capitals are not one letter stay as they are.",
])
def test_restoring_changes_only_the_case_of_letters(rules: Rules, text: str) -> None:
    assert cased(rules, text).lower() == text


def test_gazetteer_names_get_the_capitals_the_file_writes(rules: Rules) -> None:
    assert "SJTU and Fudan University" in cased(rules, "the deal of sjtu and fudan university.")


@pytest.mark.parametrize("text, name", [
    ("the deal with eastlake university was signed.", "Eastlake University"),
    ("the deal with harbor robotics co was signed.", "Harbor Robotics Co"),
    ("the deal with menglian county people's government was signed.",
     "Menglian County People's Government"),
    ("a deal with harbor robotics (lakeview) co., ltd. was signed.",
     "Harbor Robotics (Lakeview) Co., Ltd."),
    ("the deal with the lakeview economic and technological development zone was signed.",
     "Lakeview Economic and Technological Development Zone"),
])
def test_a_run_of_words_ending_on_an_organisation_head_is_a_name(rules: Rules, text: str,
                                                                 name: str) -> None:
    assert name in cased(rules, text)


@pytest.mark.parametrize("text, words", [
    ("they will open a new university in the town.", "new university"),
    ("eastlake will set up an industry college.", "industry college"),
    ("the company's research institute will help.", "research institute"),
    ("the city's biggest food group joined.", "food group"),
    ("a german university joined.", "german university"),
    ("eastlake university students joined.", "university students"),
])
def test_a_run_that_describes_a_body_stays_lower_case(rules: Rules, text: str,
                                                      words: str) -> None:
    assert words in cased(rules, text)


@pytest.mark.parametrize("text, name", [
    ("the menglian county government signed.", "Menglian County"),  # a Chinese place: Pinyin
    ("the deal with china mobile communications group shanghai co was signed.",
     "China Mobile Communications Group Shanghai Co"),  # up to its last legal form
    ("a deal with the harbor daily was signed.", "Harbor Daily"),
    ("wujiang district of suzhou signed.", "Wujiang District of Suzhou"),  # an official title
    ("china three gorges renewables co signed.", "China Three Gorges Renewables Co"),
    ("the harbor state-owned assets investment co signed.",
     "Harbor State-owned Assets Investment Co"),
    ("it signed with the japan external trade organization.", "Japan External Trade Organization"),
    ("and lakeview provincial hospital serving as a member.", "Lakeview Provincial Hospital serving"),
    ("it signed with shanghai lanjing robotics co.", "Shanghai Lanjing Robotics Co"),  # Pinyin
    ("it signed with shanghai state-owned capital co.", "Shanghai State-owned Capital Co"),
    ("the district's shanghai harbor investment co signed.", "Shanghai Harbor Investment Co"),
])
def test_more_runs_that_are_names(rules: Rules, text: str, name: str) -> None:
    assert name in cased(rules, text)


@pytest.mark.parametrize("text, words", [
    ("the island district and the group signed.", "island district"),  # an English word
    ("the state-owned food group signed.", "food group"),
])
def test_more_runs_that_describe(rules: Rules, text: str, words: str) -> None:
    assert words in cased(rules, text)


def test_a_name_before_more_words_is_one_where_the_page_writes_it_alone(rules: Rules) -> None:
    text = cased(rules, "eastlake university signed. eastlake university students joined.")
    assert "Eastlake University students joined" in text


def test_countries_and_regions_take_their_capitals(rules: Rules) -> None:
    assert "east China's Zhejiang Province and the UK" in cased(
        rules, "a firm from east china's zhejiang province and the uk joined.")


def test_us_the_pronoun_stays_lower_case(rules: Rules) -> None:
    assert "with us." in cased(rules, "they signed a deal with us.")


def test_and_after_a_listed_name_joins_two_names(rules: Rules) -> None:
    text = cased(rules, "a deal between shanghai and menglian county was signed.")
    assert "Shanghai and Menglian County" in text


def test_and_after_a_head_joins_two_names(rules: Rules) -> None:
    text = cased(rules, "the eastlake university and harbor robotics co signed.")
    assert "Eastlake University and Harbor Robotics Co signed" in text


def test_an_of_phrase_after_a_head_belongs_to_the_name(rules: Rules) -> None:
    assert "Technical University of Lakeview" in cased(
        rules, "with the technical university of lakeview, it built a lab.")


@pytest.mark.parametrize("text, after", [
    ("the technical university of lakeview inaugurated a lab.", "of Lakeview inaugurated"),
    ("the technical university of lakeview officially joined.", "of Lakeview officially"),
])
def test_a_verb_or_adverb_after_an_of_phrase_is_not_part_of_the_name(rules: Rules, text: str,
                                                                     after: str) -> None:
    assert after in cased(rules, text)


def test_a_lone_head_before_its_of_phrase_is_the_name(rules: Rules) -> None:
    assert "the School of Marine Biology" in cased(
        rules, "novel firm and the school of marine biology will set up a lab.")


def test_the_end_of_a_longer_name_on_the_page_is_no_name_of_its_own(rules: Rules) -> None:
    text = cased(rules, "the lakeview sports federation signed. the sports federation said so.")
    assert "sports federation said" in text


def test_a_sentence_starts_with_a_capital(rules: Rules) -> None:
    assert cased(rules, "the deal was signed. it runs for five years.").startswith(
        "The deal was signed. It runs")


def test_a_full_stop_after_a_legal_form_does_not_start_a_sentence(rules: Rules) -> None:
    assert "Co., Ltd. and" in cased(rules, "harbor robotics co., ltd. and eastlake signed.")


def article(title: str, *body: str) -> Article:
    return Article(title=title, body=list(body))


# A second paragraph: a page is more than a sentence or two.
MORE = ("The two sides will meet again next year to review the work, and more projects in "
        "research, training and health care are expected to follow in the coming months, "
        "officials from both sides said at the ceremony, which about 200 guests attended.")


def test_a_page_with_a_capital_in_its_lede_or_first_paragraphs_is_read_as_written(
        rules: Rules) -> None:
    page = article("eastlake university and qingpu sign deal", "the deal was signed on monday.",
                   "It runs for five years.")
    assert truecased_article(page, rules.institutions, rules.lexicon) is None


def test_a_headline_in_capitals_above_a_page_without_any_is_read_as_such(rules: Rules) -> None:
    page = article("Eastlake University and Qingpu sign deal", "the deal was signed on monday.",
                   MORE.lower())
    restored = truecased_article(page, rules.institutions, rules.lexicon)
    assert restored is not None and restored.title == page.title


def test_a_cased_page_with_a_short_lower_case_line_is_read_as_written(rules: Rules) -> None:
    page = article("Eastlake University and Qingpu sign deal", "more details to come.")
    assert truecased_article(page, rules.institutions, rules.lexicon) is None


def test_only_the_fields_without_capitals_are_restored(rules: Rules) -> None:
    page = article("eastlake university and qingpu sign deal", "the deal was signed.",
                   "it runs for five years.", MORE.lower(), "More in the Harbor Daily.")
    restored = truecased_article(page, rules.institutions, rules.lexicon)
    assert restored is not None
    assert (restored.title, restored.body[3]) == ("Eastlake University and Qingpu sign deal",
                                                  "More in the Harbor Daily.")


def test_a_verdict_on_a_restored_page_is_told_in_its_own_words(rules: Rules) -> None:
    sentence = "eastlake university and qingpu district signed a strategic cooperation agreement."
    verdict = classify(article("eastlake and qingpu sign deal", sentence), rules)
    assert sentence in verdict.evidence


def told(rules: Rules, page: Article) -> Classification:
    restored = truecased_article(page, rules.institutions, rules.lexicon)
    assert restored is not None
    return as_written(classify(restored, rules), restored, page)


BODY = ("eastlake university and qingpu district signed a strategic cooperation agreement.",
        MORE.lower())


def test_parties_are_told_as_the_page_writes_them(rules: Rules) -> None:
    assert told(rules, article("deal signed", *BODY)).parties == ["eastlake university",
                                                                 "qingpu district"]


def test_a_party_a_cased_headline_names_keeps_its_capitals(rules: Rules) -> None:
    assert "Eastlake University" in told(rules, article("Eastlake University signs deal",
                                                        *BODY)).parties


def test_a_party_the_reader_put_together_is_given_in_lower_case(rules: Rules) -> None:
    page = article("deal", "harbor signed.")
    restored = page.model_copy(update={"title": "Deal", "body": ["Harbor signed."]})
    verdict = Classification(partnership=True, score=1.0, parties=["Harbor District"],
                             version="test")
    assert as_written(verdict, restored, page).parties == ["harbor district"]


# ---- whole verdicts: the same article, with capitals and without -------------------------------

ARTICLES = [
    ("Qingpu, Eastlake University in cooperation pact",
     "Qingpu District and Eastlake University signed a strategic cooperation agreement on "
     "Monday to build a joint lab."),
    ("Harbor Robotics opens lab with Technical University of Lakeview",
     "Harbor Robotics (Shanghai) Co., Ltd. and the Technical University of Lakeview signed an "
     "agreement on Tuesday to set up a joint research center in Jiading District."),
    ("Minhang pairs up with Menglian",
     "The Minhang District People's Government and the Menglian County People's Government "
     "signed a paired assistance agreement on Friday."),
    ("Songjiang zone and Donghua University launch textile center",
     "Donghua University and the Songjiang Economic and Technological Development Zone "
     "launched a jointly built smart textile innovation center on Monday."),
    ("Harbor district to boom with new intelligent projects",  # ordinary words are no names
     "The district will build an intelligent network with information technology, and a "
     "cooperation agreement was signed on Monday."),
]


@pytest.mark.parametrize("title, body", ARTICLES)
def test_a_page_without_capitals_names_the_parties_of_the_same_page_with_them(
        rules: Rules, title: str, body: str) -> None:
    found = parties(rules, title.lower(), body.lower(), MORE.lower())
    assert found == [party.lower() for party in parties(rules, title, body, MORE)]


NOT_DEALS = [
    ("Eastlake University opens new campus",
     "Eastlake University opened a new campus in Qingpu District on Monday, with room for "
     "12,000 students."),
    ("Harbor sports week kicks off",
     "The Harbor sports week opened on Saturday, with runners from Qingpu District and the "
     "Lakeview Sports Federation."),
]


@pytest.mark.parametrize("title, body", NOT_DEALS)
def test_a_page_without_capitals_is_no_deal_where_the_same_page_with_them_is_none(
        rules: Rules, title: str, body: str) -> None:
    assert not classify(article(title, body, MORE), rules).partnership
    assert not classify(article(title.lower(), body.lower(), MORE.lower()), rules).partnership


def test_a_cased_page_with_a_lower_case_sentence_keeps_its_verdict(rules: Rules) -> None:
    title = "Qingpu, Eastlake University in cooperation pact"
    body = ("Qingpu District and Eastlake University signed a strategic cooperation agreement "
            "on Monday.")
    quiet = "the two sides will meet again next year."
    with_it = classify(article(title, body, quiet), rules)
    assert with_it.parties == classify(article(title, body), rules).parties
