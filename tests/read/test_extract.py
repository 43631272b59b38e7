"""monitor.read.extract: the generic extractor, on whole pages we wrote and on small cases.

Every fixture in fixtures/pages/generic/ is an invented story on a whole page that reproduces
one structure real sites use; NAME.expected.json lists what extract() must read from it
(``input_url`` is the URL the page is fetched from, not an output).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborNode

from monitor.models import PageFields
from monitor.read.extract import extract
from monitor.read.normalize import clean_fast
from monitor.read.tree import MAX_DEPTH, bound_nesting, parse_tree
from monitor.text import clean

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures" / "pages" / "generic"
BENCHMARK = ROOT.parent / "shared" / "extraction-benchmark"
PAGES = sorted(path.name.removesuffix(".expected.json")
               for path in FIXTURES.glob("*.expected.json"))
FIELDS = ["title", "lede", "published", "body", "photo_credits", "tags", "canonical_url",
          "section", "language", "byline", "editor", "source_credit"]


def _expected(page: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / f"{page}.expected.json").read_text("utf-8"))
    return data


CASES = [(page, field) for page in PAGES for field in FIELDS if field in _expected(page)]


@cache
def _extracted(page: str) -> PageFields:
    html = (FIXTURES / f"{page}.html").read_bytes()
    return extract(html, _expected(page).get("input_url"))


def _page(body: str, head: str = "") -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


ARTICLE = "<article><p>" + "Jiading opened a new library branch near the metro station. " * 3 \
    + "</p></article>"


# --- the fixture pages -----------------------------------------------------------------------

def test_there_are_enough_fixture_pages() -> None:
    assert 5 <= len(PAGES) <= 16
    assert all((FIXTURES / f"{page}.html").is_file() for page in PAGES)


@pytest.mark.parametrize(("page", "field"), CASES)
def test_fixture_field(page: str, field: str) -> None:
    expected = _expected(page)[field]
    got = getattr(_extracted(page), field)
    if field == "published":
        assert got is not None and expected is not None, (got, expected)
        wanted = datetime.fromisoformat(expected)
        assert (got, got.utcoffset()) == (wanted, wanted.utcoffset())
    else:
        assert got == expected


@pytest.mark.parametrize("page", PAGES)
def test_fixture_published_is_aware(page: str) -> None:
    published = _extracted(page).published
    assert published is not None and published.utcoffset() is not None


@pytest.mark.parametrize("page", PAGES)
def test_fixture_body_strings_are_clean(page: str) -> None:
    for paragraph in _extracted(page).body:
        assert paragraph == " ".join(paragraph.split()) and "\u00a0" not in paragraph


def test_comments_stay_out_of_the_body() -> None:
    body = " ".join(_extracted("jsonld_graph_with_comments").body)
    assert "internships" not in body and "ribbon cutting" not in body


def test_newsletter_box_and_read_more_line_stay_out() -> None:
    body = " ".join(_extracted("opengraph_share_bar_newsletter").body)
    assert "newsletter" not in body and "Read more" not in body and "Share on" not in body


# One failure class of real pages per fixture: each test names what the page must not lose or
# must not let in.

def test_paragraphs_written_as_spans_are_the_body() -> None:
    body = _extracted("span_paragraphs_no_p").body
    assert len(body) == 3 and "Weather" not in " ".join(body)


@pytest.mark.parametrize("names", ["article-body subscriber-only", "story-text paywall-fade",
                                   "post-content js-read-more"])
def test_a_body_box_named_for_a_paywall_or_read_more_is_read(names: str) -> None:
    story = "".join(f"<p>{n}. Xuhui opens a riverside library with a rooftop reading garden.</p>"
                    for n in range(4))
    html = f'<article><h1>Library</h1><div class="{names}">{story}</div></article>'
    assert len(extract(html).body) == 4


def test_body_whose_class_also_says_read_more_is_read() -> None:
    body = _extracted("read_more_class_on_body").body
    assert len(body) == 3 and not any("Read more" in p for p in body)


def test_body_whose_class_also_says_sharing_is_read_without_its_share_bar() -> None:
    body = _extracted("body_class_names_sharing").body
    assert len(body) == 3 and "WeChat" not in " ".join(body)


def test_comments_after_a_body_named_for_sharing_stay_out() -> None:
    assert "favourite place" not in " ".join(_extracted("body_class_names_sharing").body)


def test_a_commentary_is_read_as_the_story_it_is() -> None:
    story = "".join(f"<p>{n}. Why Jiading's car parks should become parks, by a resident.</p>"
                    for n in range(4))
    intro = "<p>Opinion: the district has more parking than it needs, and less shade.</p>"
    html = f'<article class="post">{intro}<div class="commentary-text">{story}</div></article>'
    assert len(extract(html).body) == 5


@pytest.mark.parametrize("names", ["shared-article-body", "prose overflow-hidden",
                                   "content-area no-sidebar", "wrap has-sidebar"])
def test_utility_and_component_names_on_the_body_box_are_no_furniture(names: str) -> None:
    story = "".join(f"<p>{n}. Songjiang adds night buses to its university town, every 20 minutes.</p>"
                    for n in range(4))
    intro = "<p>Transport: the district answers students who asked for later buses.</p>"
    html = f'<article class="post">{intro}<div class="{names}">{story}</div></article>'
    assert len(extract(html).body) == 5


def test_a_correspondent_box_around_the_story_is_no_comments_form() -> None:
    story = "".join(f"<p>{n}. Putuo opens a riverside market hall with forty food stalls, a stage.</p>"
                    for n in range(5))
    notes = "".join(f"<p>{n}. Hours, parking and bus routes, as the district site lists them.</p>"
                    for n in range(3))
    html = (f'<div class="correspondent-report"><div class="story">{story}</div></div>'
            f'<div class="notes">{notes}</div>')
    assert extract(html).body[0].startswith("0. Putuo")


def test_a_box_named_sidebar_content_stays_out_however_long() -> None:
    story = "".join(f"<p>{n}. Minhang opens a robot museum with twelve halls, a lab and a cafe.</p>"
                    for n in range(6))
    about = "<p>" + "Minhang Post is the district paper, founded in 1990, printed weekly. " * 8
    html = f'<article class="story">{story}<div class="sidebar-content">{about}</p></div></article>'
    assert "district paper" not in " ".join(extract(html).body)


def test_blocks_of_the_body_class_under_comments_and_related_stay_out() -> None:
    body = " ".join(_extracted("same_class_comments_block").body)
    assert "letterpress demonstration was wonderful" not in body  # a comment
    assert "Suzhou Creek warehouses" not in body  # a related post
    assert "posters printed on the site" in body  # the second part of the story


def test_a_subheading_that_opens_like_a_label_does_not_cut_the_body() -> None:
    part = "<p>" + "Jinshan opened a seaside park with a cycling path along the coast. " * 3
    html = (f'<div class="story"><div class="text">{part}</p></div>'
            "<h2>Latest figures show visitors doubled after the opening</h2>"
            f'<div class="text">{part.replace("Jinshan", "Fengxian")}</p></div></div>')
    assert any(p.startswith("Fengxian") for p in extract(html).body)


def test_summary_block_and_later_blocks_join_the_body() -> None:
    body = _extracted("summary_block_then_body").body
    assert body[0].startswith("Pudong New Area signed") and body[-1].startswith("The district expects")


def test_first_and_last_paragraphs_in_blocks_of_their_own_join_the_body() -> None:
    body = _extracted("body_split_across_unnamed_blocks").body
    assert body[0].startswith("Yangpu District opened") and body[-1].startswith("Applications")


def test_an_author_card_after_the_body_stays_out() -> None:
    assert "writes about jobs" not in " ".join(_extracted("body_split_across_unnamed_blocks").body)


@pytest.mark.parametrize("furniture", ["dataLayer", "enable JavaScript", "inline-promo",
                                       "Loading the comments", "Updated:", "Tags:", "Follow us",
                                       "March 12, 2025"])
def test_in_body_furniture_stays_out(furniture: str) -> None:
    assert furniture not in " ".join(_extracted("in_body_furniture").body)


def test_time_element_is_the_date_not_the_first_paragraph() -> None:
    fields = _extracted("in_body_furniture")
    assert fields.published is not None and fields.published.date().isoformat() == "2025-03-12"
    assert fields.body[0].startswith("Changning District planted")


@pytest.mark.parametrize("line", ["March 12, 2025", "Updated: Mar 12, 2025 18:05",
                                  "发布时间：2025-03-12 08:00", "Posted on Tuesday, 12 March 2025",
                                  "14:00 UTC+8, 2025-03-25", "2025年3月12日"])
def test_a_bare_date_line_is_no_paragraph(line: str) -> None:
    html = f"<article><p>{line}</p>{ARTICLE[9:]}"
    assert extract(html).body == [clean(ARTICLE[12:-14])]


def test_a_sentence_that_opens_with_a_date_is_kept() -> None:
    line = "On March 12, 2025 the district opened its first night bus route."
    assert extract(f"<article><p>{line}</p>{ARTICLE[9:]}").body[0] == line


def test_valid_utf8_wins_over_a_meta_charset_that_says_otherwise() -> None:
    body = _extracted("utf8_page_with_lying_meta_charset").body
    assert body[0].startswith("7月1日，徐汇区与上海交通大学签署“人工智能创新”合作协议")


def test_byline_and_credit_lines_leave_the_body() -> None:
    html = ("<article><p>By Li Qian</p><p>张伟 摄</p><p>Imaginechina</p>"
            "<p>By the end of the year Jinshan will open five parks along the coast.</p>"
            "<p>【打印本页】【关闭窗口】</p></article>")
    fields = extract(html)
    assert fields.body == ["By the end of the year Jinshan will open five parks along the coast."]
    assert fields.photo_credits == ["张伟 摄", "Imaginechina"]


# --- dates -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("url", "day"), [
    ("https://news.example.cn/feature/district/2503258689/", (2025, 3, 25)),
    ("https://news.example.cn/news/2024/11/05/park-opens/", (2024, 11, 5)),
    ("https://news.example.cn/a/20240106/lab.html", (2024, 1, 6)),
])
def test_date_from_url(url: str, day: tuple[int, int, int]) -> None:
    published = extract(_page(ARTICLE), url).published
    assert published == datetime(*day, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_url_digits_that_are_no_date_give_nothing() -> None:
    assert extract(_page(ARTICLE), "https://news.example.cn/feature/9913458689/").published is None


@pytest.mark.parametrize(("text", "expected"), [
    ("14:00 UTC+8, 2025-03-25", datetime(2025, 3, 25, 14, tzinfo=timezone(timedelta(hours=8)))),
    ("Updated 09:30 GMT-5, 2024-12-01", datetime(2024, 12, 1, 9, 30,
                                                 tzinfo=timezone(timedelta(hours=-5)))),
    ("Mar 25, 2025", datetime(2025, 3, 25, tzinfo=ZoneInfo("Asia/Shanghai"))),
    ("25 March 2025, 3:05 pm", datetime(2025, 3, 25, 15, 5, tzinfo=ZoneInfo("Asia/Shanghai"))),
    ("2025-03-25 14:00", datetime(2025, 3, 25, 14, tzinfo=ZoneInfo("Asia/Shanghai"))),
    ("2025年3月25日 08:15", datetime(2025, 3, 25, 8, 15, tzinfo=ZoneInfo("Asia/Shanghai"))),
])
def test_visible_date(text: str, expected: datetime) -> None:
    published = extract(_page(f'<div class="date">{text}</div>{ARTICLE}')).published
    assert published is not None
    assert (published, published.utcoffset()) == (expected, expected.utcoffset())


def test_naive_metadata_time_takes_the_default_zone() -> None:
    head = '<meta property="article:published_time" content="2025-03-25T14:00:00">'
    published = extract(_page(ARTICLE, head), default_tz=ZoneInfo("Europe/London")).published
    assert published == datetime(2025, 3, 25, 14, tzinfo=ZoneInfo("Europe/London"))
    assert published is not None and published.utcoffset() == timedelta(0)


def test_metadata_offset_is_kept() -> None:
    head = '<meta property="article:published_time" content="2025-03-25T14:00:00-04:00">'
    published = extract(_page(ARTICLE, head)).published
    assert published is not None and published.utcoffset() == timedelta(hours=-4)


def test_metadata_date_wins_over_the_url() -> None:
    head = '<meta name="DC.date" content="2025-01-02">'
    published = extract(_page(ARTICLE, head), "https://x.example/2024/11/05/a/").published
    assert published is not None and published.date().isoformat() == "2025-01-02"


def test_page_without_any_date_has_none() -> None:
    assert extract(_page(ARTICLE)).published is None


# --- lede, title ------------------------------------------------------------------------------

FIRST = "Changning opened a children's science museum in a former bus depot on Saturday."
SECOND = "The museum has twelve galleries and a rooftop garden where classes are held in summer."


def _story(description: str) -> PageFields:
    head = f'<meta name="description" content="{description}">'
    return extract(_page(f"<article><p>{FIRST}</p><p>{SECOND}</p></article>", head))


def test_lede_repeated_as_first_paragraph_leaves_the_body() -> None:
    fields = _story(FIRST)
    assert (fields.lede, fields.body) == (FIRST, [SECOND])


def test_description_that_cuts_the_first_paragraph_short_is_no_lede() -> None:
    fields = _story(FIRST[:40] + "...")
    assert (fields.lede, fields.body) == (None, [FIRST, SECOND])


def test_standfirst_is_the_lede() -> None:
    fields = _story("A depot for 80 buses becomes a museum for children.")
    assert (fields.lede, fields.body) == ("A depot for 80 buses becomes a museum for children.",
                                          [FIRST, SECOND])


@pytest.mark.parametrize(("title", "expected"), [
    ("Park opens in Pudong | SHINE News", "Park opens in Pudong"),
    ("Park opens in Pudong - Site", "Park opens in Pudong"),
    ("徐汇区新建公园开放_区县新闻_上海城区网", "徐汇区新建公园开放"),
    ("Snake_case names in Python", "Snake_case names in Python"),
    ("Minhang - the district that builds robots", "Minhang - the district that builds robots"),
])
def test_site_name_is_stripped_from_the_title(title: str, expected: str) -> None:
    head = f'<title>{title}</title><meta property="og:site_name" content="Site">'
    assert extract(_page(ARTICLE, head)).title == expected


# --- bad input ---------------------------------------------------------------------------------

@pytest.mark.parametrize("html", [
    "", b"", "   ", "<", "<<<>>>", "</p></div></html>", "<html><body></body></html>",
    "<script>var a = '<p>' + x;</script>", b"\xff\xfe\x00\x00garbage", "\x00" * 10,
    '<script type="application/ld+json">{"@type": "NewsArticle", "headline": [</script>',
])
def test_input_without_an_article_gives_an_empty_body(html: str | bytes) -> None:
    fields = extract(html)
    assert fields.body == [] and fields.published is None


def test_comment_inside_a_caption_does_not_raise() -> None:
    html = ("<figure><img src=a.jpg><figcaption><!-- credit --> Photo: Zhou Min</figcaption>"
            f"</figure>{ARTICLE}")
    assert extract(html).photo_credits == ["Photo: Zhou Min"]


def test_odd_class_names_on_the_body_do_not_raise() -> None:
    part = "<p>" + "Chongming adds 20 km of bike lanes, with shade trees, benches. " * 3 + "</p>"
    html = f'<div class="x\n&quot;y]">{part}</div><div class="x\n&quot;y]">{part}</div>'
    assert len(extract(html).body) >= 1


def test_unclosed_markup_still_gives_the_text() -> None:
    html = "<html><body><div class='content'><p>" + "Fengxian planted cherry trees. " * 4 + \
        "<p>" + "The park opens in April. " * 4
    assert len(extract(html).body) == 2


def test_deeply_nested_markup_does_not_raise() -> None:
    html = "<div>" * 3000 + "<p>" + "Qingpu water town reopens. " * 5 + "</p>" + "</div>" * 3000
    assert "Qingpu water town reopens." in " ".join(extract(html).body)


def test_nesting_past_the_limit_is_flattened_before_parsing() -> None:
    html = "<html><body>" + "<div>" * 35_000 + "<p>Songjiang.</p>" + "</div>" * 35_000
    tree = parse_tree(html)
    deepest = max(sum(1 for _ in _ancestors_of(node)) for node in tree.css("p"))
    assert deepest <= MAX_DEPTH + 3  # the divs kept, then body and html


def test_flattened_nesting_keeps_the_text() -> None:
    story = "<p>" + "Qingpu water town reopens after two years of works on its canals. " * 3
    html = "<html><body>" + "<div>" * 35_000 + story + "</p>" + "</div>" * 35_000
    assert extract(html).body == [clean(story[3:])]


def test_page_within_the_nesting_limit_is_parsed_as_written() -> None:
    html = b"<div>" * 600 + b"x" + b"</div>" * 600
    assert bound_nesting(html, max_depth=600) == html


def _ancestors_of(node: LexborNode) -> Iterator[LexborNode]:
    parent = node.parent
    while parent is not None and parent.is_element_node:
        yield parent
        parent = parent.parent


def test_bytes_are_decoded_by_their_meta_charset() -> None:
    text = "嘉定区与上海大学签署合作协议，共建智能制造学院，首批招收三百名学生。"
    html = f'<html><head><meta charset="gbk"></head><body><p>{text}</p></body></html>'
    assert extract(html.encode("gbk")).body == [text]


def test_bytes_are_decoded_by_an_http_equiv_charset() -> None:
    text = "Café owners on Wukang Road welcome the new pedestrian zone on weekends."
    html = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
            f"</head><body><p>{text}</p></body></html>")
    assert extract(html.encode("latin-1")).body == [text]


def test_bytes_without_a_charset_are_utf8_with_bad_bytes_replaced() -> None:
    html = b"<p>Putuo opens a riverside library and reading room for residents.</p>"
    body = extract(html[:-4] + b"\xff</p>").body
    assert body == ["Putuo opens a riverside library and reading room for residents.\ufffd"]


def test_unknown_charset_falls_back_to_utf8() -> None:
    html = '<meta charset="no-such-charset"><p>Baoshan adds 40 bus stops to its routes.</p>'
    assert extract(html.encode()).body == ["Baoshan adds 40 bus stops to its routes."]


_TAGS = st.sampled_from(["<p>", "</p>", "<div class='content'>", "</div>", "<br>", "<a href=x>",
                         "</a>", "<figure><figcaption>", "<ul><li>", "<table><tr><td>",
                         '<script type="application/ld+json">{"@graph": [', "<time datetime='",
                         "<meta property='article:published_time' content='", "'>", "2025-03-25",
                         " 14:00 UTC+8, ", "Photo: X", "Minhang news, ", "\u00a0", "<!--", "&amp;"])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(_TAGS, st.text(max_size=30)), max_size=40))
def test_any_markup_gives_page_fields(pieces: list[str]) -> None:
    fields = extract("".join(pieces))
    assert isinstance(fields, PageFields)
    assert fields.published is None or fields.published.utcoffset() is not None
    assert all(paragraph.strip() == paragraph and paragraph for paragraph in fields.body)


_SPACES_AND_TEXT = st.text(alphabet=st.sampled_from(
    [" ", "\t", "\n", "\u00a0", "\u1680", "\u2005", "\u200b", "\u202f", "\u3000", "\ufeff",
     "\x1c", "\x85", "\u2028", "a", "青", "e", "\u0301"]), max_size=12)


@settings(max_examples=300, deadline=None)
@given(_SPACES_AND_TEXT)
def test_fast_paragraph_cleaning_equals_clean(text: str) -> None:
    assert clean_fast(text) == clean(text)


# --- the shared benchmark (skipped when ../shared is absent) -----------------------------------

@pytest.mark.shared
@pytest.mark.skipif(not (BENCHMARK / "ground-truth.json").is_file(),
                    reason=f"{BENCHMARK} is absent")
def test_benchmark_body_f1() -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    from _score import score_page, summarize

    truth = json.loads((BENCHMARK / "ground-truth.json").read_text("utf-8"))
    scores = [score_page("\n".join(extract((BENCHMARK / "html" / f"{key}.html").read_bytes())
                                   .body), value["articleBody"]) for key, value in truth.items()]
    assert summarize(scores).f1 >= 0.94


@pytest.mark.parametrize("page", PAGES)
def test_links_in_a_short_block_are_the_ones_a_css_query_finds(page: str) -> None:
    from monitor.read.body import _links_in

    tree = parse_tree((FIXTURES / f"{page}.html").read_bytes())
    blocks = [node for node in tree.css("body *") if len(node.text()) <= 200]
    walked = [sorted(a.mem_id for a in _links_in(node)) for node in blocks]
    assert walked == [sorted(a.mem_id for a in node.css("a")) for node in blocks]
