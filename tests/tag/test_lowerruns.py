"""Runs of lower-case words that end on a head, and what each one is, on sentences written for
these tests (every name in them is invented)."""

from __future__ import annotations

import pytest

from monitor.tag.classify import Rules
from monitor.tag.lowerruns import name_runs, run_words


def runs(rules: Rules, text: str) -> list[tuple[str, str, str]]:
    """(the run's words, its kind, its "of" phrase) of each run in ``text``."""
    return [(" ".join(run_words(text, run.start, run.end)), run.kind, text[run.end : run.of_end])
            for run in name_runs(text, rules.lexicon, {})]


@pytest.mark.parametrize("text, found", [
    ("eastlake university signed.", ("eastlake university", "name", "")),
    ("they join an industry college.", ("industry college", "description", "")),
    ("eastlake university students joined.", ("eastlake university", "attributive", "")),
    ("the technical university of lakeview signed.",
     ("technical university", "name", " of lakeview")),
    ("the school of marine biology signed.", ("school", "head-of", " of marine biology")),
    ("the city of lakeview signed.", ("city", "of", " of lakeview")),
])
def test_each_run_is_read_as_a_name_a_description_or_the_head_of_an_of_phrase(
        rules: Rules, text: str, found: tuple[str, str, str]) -> None:
    assert runs(rules, text) == [found]


def test_a_sentence_without_a_head_has_no_run(rules: Rules) -> None:
    assert runs(rules, "the two sides signed a deal on monday.") == []


LAKEVIEW = {len("the lakeview"): len("the ")}  # "lakeview" as a gazetteer mention


@pytest.mark.parametrize("text, kind", [
    ("the lakeview town signed.", "description"),  # the gazetteer's place, in other words
    ("the lakeview town government signed.", "name"),
])
def test_a_gazetteer_place_and_a_place_head_alone_is_that_place(rules: Rules, text: str,
                                                                kind: str) -> None:
    assert [run.kind for run in name_runs(text, rules.lexicon, LAKEVIEW)] == [kind]
