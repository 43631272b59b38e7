"""Plain page text written without capitals is read as the same text with them: the section
line and the SHINE time line are recognised in any case (pages written for these tests)."""

from __future__ import annotations

import pytest

from monitor.read.seedformat import read_text

PAGE = """Feature / District

Harbor and Lakeview sign a deal

  09:30 UTC+8, 2024-11-05       2
Harbor District and Lakeview City signed a strategic cooperation agreement on Monday.

The two sides will meet again next year."""


@pytest.mark.parametrize("text", [PAGE, PAGE.lower()], ids=["cased", "lower-case"])
def test_the_section_line_is_not_the_title_in_any_case(text: str) -> None:
    assert read_text(text).title.lower() == "harbor and lakeview sign a deal"


@pytest.mark.parametrize("text", [PAGE, PAGE.lower()], ids=["cased", "lower-case"])
def test_the_story_starts_after_the_time_line_in_any_case(text: str) -> None:
    lede = read_text(text).lede or ""
    assert lede.lower().startswith("harbor district and lakeview city signed")
