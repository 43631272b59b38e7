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


def test_a_company_whose_legal_form_holds_a_comma_ends_a_subject(rules: Rules) -> None:
    sentence = ("Lakeside Hospital, the Eastlake Institute of Materials and Harbor Medical "
                "Technology Co., Ltd. on Monday unveiled a joint laboratory.")
    assert parties(rules, "Lab unveiled", sentence) == [
        "Lakeside Hospital", "Eastlake Institute of Materials", "Harbor Medical Technology Co"]
