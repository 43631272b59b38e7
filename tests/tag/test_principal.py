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


def test_a_capital_headline_head_after_words_the_story_never_writes_starts_a_name(
        rules: Rules) -> None:
    assert (title_block(rules, "HARBOR ROBOTICS GROUP AND JIADING SIGN DEAL", STORY, MORE)
            == "Harbor Robotics Group and Jiading sign deal")


def test_a_capital_headline_tail_the_story_writes_in_lower_case_stays_so(rules: Rules) -> None:
    story = "The Shanghai district and Eastlake County renewed their pairing pact on Monday."
    assert (title_block(rules, "SHANGHAI DISTRICT RENEWS PACT WITH EASTLAKE COUNTY", story)
            == "Shanghai district renews pact with Eastlake County")


def test_a_page_that_is_only_its_capital_headline_is_title_cased(rules: Rules) -> None:
    assert (title_block(rules, "EASTLAKE UNIVERSITY AND JIADING SIGN A DEAL")
            == "Eastlake University and Jiading Sign a Deal")


@pytest.mark.parametrize("title", ["Jiading and Eastlake University have signed a deal",
                                   "JIADING DEAL", "Eastlake and SJTU sign AI deal"])
def test_a_headline_not_in_capitals_or_too_short_is_left_as_written(rules: Rules, title: str) -> None:
    assert title_block(rules, title, STORY, MORE) == title


def test_a_capital_headline_adds_no_party_of_its_verbs(rules: Rules) -> None:
    found = parties(rules, "JIADING AND EASTLAKE UNIVERSITY HAVE SIGNED A COOPERATION AGREEMENT",
                    STORY, MORE)
    assert not any(name.lower().endswith(("have", "signed")) for name in found)
    assert "Eastlake University" in found
