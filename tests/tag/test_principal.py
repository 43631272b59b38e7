"""The principal part of an article: how its blocks are chosen and read, whatever the page's form."""

from __future__ import annotations

import pytest

from conftest import tagged_parties as parties
from monitor.models import Article
from monitor.tag.classify import Rules
from monitor.tag.principal import lead_blocks

STORY = ("Eastlake University and the Jiading government have signed a cooperation agreement to "
         "build a joint AI lab, the university said on Monday.")
MORE = "The laboratory will open next spring with 40 researchers from both sides."


def title_block(rules: Rules, title: str, *body: str) -> str:
    return lead_blocks(Article(title=title, body=list(body)), rules)[0].text


@pytest.mark.parametrize(("title", "cased"), [
    ("JIADING AND EASTLAKE UNIVERSITY HAVE SIGNED A DEAL",
     "Jiading and Eastlake University have signed a deal"),
    ("EASTLAKE UNIVERSITY TO BUILD AI LAB IN JIADING", "Eastlake University to build AI lab in Jiading"),
    ("SIGNED: JIADING'S AI LAB WITH EASTLAKE", "Signed: Jiading's AI lab with Eastlake"),
])
def test_a_capital_headline_takes_each_word_as_the_story_writes_it(rules: Rules, title: str,
                                                                   cased: str) -> None:
    assert title_block(rules, title, STORY, MORE) == cased


@pytest.mark.parametrize(("title", "cased"), [
    ("Jiading and Eastlake University Have Signed a Deal", "Jiading and Eastlake University have signed a deal"),
    ("Eastlake University To Build AI Lab In Jiading", "Eastlake University to build AI lab in Jiading"),
])
def test_a_headline_style_headline_takes_each_word_as_the_story_writes_it(rules: Rules, title: str,
                                                                          cased: str) -> None:
    assert title_block(rules, title, STORY, MORE) == cased


def test_a_capital_headline_head_after_words_the_story_never_writes_starts_a_name(
        rules: Rules) -> None:
    assert (title_block(rules, "HARBOR ROBOTICS GROUP AND JIADING SIGN DEAL", STORY, MORE)
            == "Harbor Robotics Group and Jiading sign deal")


def test_a_capital_headline_tail_the_story_writes_in_lower_case_stays_so(rules: Rules) -> None:
    story = "The Shanghai district and Eastlake County renewed their pairing pact on Monday."
    assert (title_block(rules, "SHANGHAI DISTRICT RENEWS PACT WITH EASTLAKE COUNTY", story)
            == "Shanghai district renews pact with Eastlake County")


@pytest.mark.parametrize(("title", "cased"), [
    ("EASTLAKE UNIVERSITY AND JIADING SIGN A DEAL", "Eastlake University and Jiading Sign a Deal"),
    ("EASTLAKE HAS SIGNED A DEAL WITH ITS DISTRICT", "Eastlake has Signed a Deal with its District"),
])
def test_a_page_that_is_only_its_capital_headline_is_title_cased_but_closed_words(
        rules: Rules, title: str, cased: str) -> None:
    assert title_block(rules, title) == cased


def test_a_capital_headline_event_after_a_name_keeps_its_capitals(rules: Rules) -> None:
    story = "Eastlake University signed the deal at the expo, the university said on Monday."
    assert (title_block(rules, "DEAL SIGNED AT EASTLAKE TRADE EXPO", story)
            == "Deal signed at Eastlake Trade Expo")


@pytest.mark.parametrize("title", ["Jiading and Eastlake University have signed a deal",
                                   "JIADING DEAL", "Eastlake and SJTU sign AI deal", "Eastlake Signs Deal"])
def test_a_headline_in_ordinary_case_or_too_short_is_left_as_written(rules: Rules, title: str) -> None:
    assert title_block(rules, title, STORY, MORE) == title


def test_a_capital_headline_adds_no_party_of_its_verbs(rules: Rules) -> None:
    found = parties(rules, "JIADING AND EASTLAKE UNIVERSITY HAVE SIGNED A COOPERATION AGREEMENT",
                    STORY, MORE)
    assert not any(name.lower().endswith(("have", "signed")) for name in found)
    assert "Eastlake University" in found


LEDE = "The Eastlake government signs cooperation agreements with 22 firms to build its new city."
FIRST = "More than 40 projects worth 10 billion yuan were signed in Eastlake New City on Friday."
SECOND = "Among the projects, ten involve the digital economy and six smart logistics."


def story_blocks(rules: Rules, *body: str, lede: str = LEDE) -> list[str]:
    article = Article(title="Projects for Eastlake New City", lede=lede, body=list(body))
    return [block.text for block in lead_blocks(article, rules) if block.where.startswith("p")]


def test_a_restated_lede_without_new_names_is_a_repeat(rules: Rules) -> None:
    restated = "The Eastlake government signed cooperation agreements with 22 firms to build the new city."
    assert story_blocks(rules, restated, FIRST) == [FIRST]


def test_a_dateline_does_not_make_a_restated_lede_news(rules: Rules) -> None:
    restated = "SHANGHAI, Jan. 5 -- " + LEDE.replace("signs", "signed")
    assert story_blocks(rules, restated, FIRST) == [FIRST]


@pytest.mark.parametrize(("paragraph", "read"), [
    ("SHANGHAI, Jan. 5 -- SHANGHAI, Nov. 6 (Xinhua) -- " + FIRST,
     "SHANGHAI, Nov. 6 (Xinhua) -- " + FIRST),
    ("SHANGHAI, Jan. 5 -- SHANGHAI -- " + FIRST, "SHANGHAI -- " + FIRST),
])
def test_a_paragraph_keeps_only_its_last_dateline(rules: Rules, paragraph: str, read: str) -> None:
    assert story_blocks(rules, paragraph)[0] == read


@pytest.mark.parametrize("paragraph", ["BEIJING, Dec 1 (Xinhua) -- " + FIRST,
                                       "SAIC -- the carmaker -- signed 40 projects worth 10 billion "
                                       "yuan in Eastlake New City on Friday."])
def test_a_paragraph_with_one_dateline_or_none_is_read_as_written(rules: Rules, paragraph: str) -> None:
    assert story_blocks(rules, paragraph)[0] == paragraph


RUNNING_TOTAL = ("So far this year, 132 industrial projects have been signed in Eastlake District, "
                 "with a total planned investment of 61.5 billion yuan, officials said on Thursday.")


@pytest.mark.parametrize("dateline", ["", "SHANGHAI, Jan. 5 -- "])
def test_a_running_total_after_a_dateline_is_still_a_running_total(rules: Rules, dateline: str) -> None:
    from monitor.tag.classify import classify

    article = Article(title="Eastlake reviews its investment work", body=[dateline + RUNNING_TOTAL])
    assert not classify(article, rules).partnership


def test_a_deal_sentence_after_a_dateline_is_evidence_without_it(rules: Rules) -> None:
    from monitor.tag.classify import classify

    deal = ("Eastlake University and Harbor Robotics Group signed a cooperation agreement on "
            "Monday to build a joint laboratory.")
    result = classify(Article(title="Lab deal", body=["BEIJING, Dec 1 (Xinhua) -- " + deal]), rules)
    assert result.partnership and result.evidence == [deal]


def test_a_company_named_first_after_a_dateline_is_a_party(rules: Rules) -> None:
    found = parties(rules, "Enzyme maker to build plant in Eastlake",
                    "BEIJING, Dec 1 (Xinhua) -- Nordvik Biosolutions A/S, an enzyme maker from "
                    "Denmark, signed an investment agreement with the Eastlake District government "
                    "on Monday to build a plant.")
    assert "Nordvik Biosolutions A/S" in found


def test_a_byline_where_the_lede_goes_is_no_lede(rules: Rules) -> None:
    blocks = lead_blocks(Article(title="AI lab for Jiading", lede="By Wang Ming", body=[STORY]),
                         rules)
    assert [block.where for block in blocks] == ["title", "p1"]


def test_a_short_lede_that_is_no_byline_stays_the_lede(rules: Rules) -> None:
    blocks = lead_blocks(Article(title="AI lab for Jiading", lede="By the river, a lab opens.",
                                 body=[STORY]), rules)
    assert [block.where for block in blocks] == ["title", "lede", "p1"]


@pytest.mark.parametrize("caption", [
    "Officials and company representatives pose for a photo after signing deals on Thursday.",
    "Customers wait at a stylish cafe on Yuyuan Road in the downtown district.",
    "Guests at the investment promotion conference in Eastlake New City on Friday.",
])
def test_a_caption_under_a_photo_credit_is_no_paragraph(rules: Rules, caption: str) -> None:
    article = Article(title="Projects for Eastlake New City", lede=LEDE, photo_credits=["Ti Gong"],
                      body=[caption, FIRST, SECOND])
    assert [b.text for b in lead_blocks(article, rules) if b.where.startswith("p")] == [FIRST, SECOND]


@pytest.mark.parametrize("paragraph", [
    FIRST,
    "The Eastlake government opened a service center for investors in the new city on Friday.",
    "Eastlake New City will host 40 new projects this year, according to the district.",
])
def test_a_story_paragraph_under_a_photo_credit_still_counts(rules: Rules, paragraph: str) -> None:
    article = Article(title="Projects for Eastlake New City", lede=LEDE, photo_credits=["Ti Gong"],
                      body=[paragraph, SECOND])
    assert next(b.text for b in lead_blocks(article, rules) if b.where.startswith("p")) == paragraph


def test_a_caption_under_a_credit_line_inside_the_story_is_no_paragraph(rules: Rules) -> None:
    caption = "Officials attend the signing ceremony in Eastlake on Friday."
    blocks = story_blocks(rules, FIRST, "Jiang Xiaowei / SHINE", caption, SECOND)
    assert blocks == [FIRST, SECOND]


def test_a_story_sentence_in_the_past_under_a_photo_credit_still_counts(rules: Rules) -> None:
    paragraph = ("At a gathering earlier this month, Harbor Chairman Li Ming and Eastlake Party "
                 "Secretary Wang Lei delivered speeches at the signing ceremony.")
    article = Article(title="Projects for Eastlake New City", lede=LEDE, photo_credits=["Ti Gong"],
                      body=[paragraph, SECOND])
    assert next(b.text for b in lead_blocks(article, rules) if b.where.startswith("p")) == paragraph


def test_a_fuller_restatement_of_a_cut_short_lede_becomes_the_lede(rules: Rules) -> None:
    lede = "Harbor School and Lakeside High School to build a community for basic education."
    fuller = ("The Harbor School and Lakeside High School have signed an agreement to build a "
              "community for basic education.")
    article = Article(title="Schools to work together", lede=lede, body=[fuller, FIRST])
    blocks = [(block.where, block.text) for block in lead_blocks(article, rules)]
    assert blocks[1:] == [("lede", fuller), ("p1", FIRST)]
