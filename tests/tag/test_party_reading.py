"""The parties of whole verdicts (monitor.tag.classify with monitor.tag.parties): the forms of
names that real district news writes, each read end to end.

Sentences are written for these tests; the organisations are invented.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.models import Article
from monitor.tag.classify import Rules, classify, load_rules

RULES = Path(__file__).resolve().parents[2] / "config" / "rules" / "partnership.toml"


@pytest.fixture(scope="module")
def rules() -> Rules:
    return load_rules(RULES)


def parties(rules: Rules, title: str, *body: str) -> list[str]:
    result = classify(Article(title=title, body=list(body)), rules)
    assert result.partnership
    return result.parties


@pytest.mark.parametrize("sentence", [
    "Harbor Robotics Co., Ltd. and Lakeside University on Monday unveiled a joint laboratory.",
    "Harbor Robotics Co., Ltd. and Lakeside University signed a cooperation agreement on Monday.",
    "Lakeside University and Harbor Robotics Co., Ltd. signed a cooperation agreement on Monday.",
])
def test_a_company_whose_legal_form_holds_a_comma_is_read_as_a_party(rules: Rules,
                                                                     sentence: str) -> None:
    assert sorted(parties(rules, "Robotics lab for Lakeside", sentence)) == [
        "Harbor Robotics Co", "Lakeside University"]
