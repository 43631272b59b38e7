"""The plain-text article format of the seed documents, read in all its variants and written back.

Normalized ("seed") form, exactly::

    ␠date YYYY-MM-DD <lede, or the title when there is no lede>
    <blank line>
    <photo credit shown at the top, if any>
    <blank line>
    <body paragraph>            (paragraphs separated by one blank line, no trailing newline)

Readers also accept two looser forms that stored copies of pages come in:

* ``raw``: the text of a SHINE page — share bar "|", breadcrumb ("Feature / District"), title,
  bylines, a time line "14:00 UTC+8, 2025-03-25" with a comment count, the lede, the body,
  "Source: SHINE   Editor: NAME", then one tag per line;
* ``plain``: any other page text (a title, a date somewhere near the top, paragraphs).

Reading is pure: text in, Article out. Writing gives the normalized form whatever was read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import pairwise
from typing import Literal
from zoneinfo import ZoneInfo

from monitor.errors import ParseError
from monitor.models import Article
from monitor.text import clean, is_blank

__all__ = ["Variant", "detect_variant", "is_photo_credit", "looks_like_seed_text", "read_text", "write_seed"]

Variant = Literal["seed", "raw", "plain"]

SHANGHAI = ZoneInfo("Asia/Shanghai")
# The head line's word in any case: a page written all in capitals keeps its head readable.
_HEAD = re.compile(r"^ (?i:date) (\d{4}-\d{2}-\d{2})(?: (.*))?$")
# Any white space between the parts (stored copies put a no-break space after the comma), and
# any case (a page written all in lower case keeps its time line and section).
_SHINE_TIME = re.compile(r"(\d{1,2}):(\d{2})\s*UTC([+-]\d{1,2}),\s*(\d{4})-(\d{2})-(\d{2})", re.I)
_SECTION = re.compile(r"^[A-Z][\w&' -]{1,30}( / [A-Z][\w&' -]{1,30})+$", re.I)
_CREDIT_LINE = re.compile(r"^(Source|Editor)\s*:", re.IGNORECASE)
_KNOWN_CREDITS = frozenset(
    {"ti gong", "imaginechina", "xinhua", "ic", "ic photo", "vcg", "cfp", "reuters", "afp", "ap",
     "getty images", "shine", "china daily", "courtesy", "file photo"}
)
_CREDIT_SHAPE = re.compile(r"^(?:(?:photo|photos|photo by|courtesy of)\s*:?\s*)?[A-Z][\w.'-]*"
                           r"(?: [A-Z][\w.'-]*){0,3}(?: / [A-Z][\w.' -]*)?$")
_MAX_CREDIT_CHARS = 48
# A byline on a line of its own ("By Wang Ming", "BY LI QIAN AND HU MIN", "By: Lu Wen | Zhang
# Liu"): no title, no paragraph and no standfirst, wherever the page puts it in its header.
_BYLINE = re.compile(r"^(?:By|BY|by)(?: *:)? +[A-Z][\w.'’-]*(?: +(?:and +|AND +|& +)?[A-Z][\w.'’-]*){0,5}"
                     r" *(?:[|,] *[^.!?]{0,60})?$")
# The same on a page printed in lower case ("by chen xi (china daily shanghai bureau)"): two to
# four words, none of them one a phrase opening with "by" goes on with ("by the end of ...").
_LOWER_BYLINE = re.compile(r"^by +([a-z][\w'’-]*(?: +[a-z][\w'’-]*){1,3})(?: *\([^()]{2,60}\))?$")
_NO_NAME_WORDS = frozenset({"the", "a", "an", "of", "to", "in", "on", "and", "or", "far", "then",
                            "now", "contrast", "comparison", "default", "way", "end", "law"})


def looks_like_seed_text(text: str) -> bool:
    """True for text in the seed format or its raw variant (first line ``␠date YYYY-MM-DD``)."""
    return _HEAD.match(text.split("\n", 1)[0].rstrip("\r")) is not None


def detect_variant(text: str) -> Variant:
    first, _, rest = text.partition("\n")
    head = _HEAD.match(first.rstrip("\r"))
    early = "\n".join(rest.split("\n")[:12])
    head_text = clean((head.group(2) or "").replace("|", " ")) if head else ""
    if _SHINE_TIME.search(early) or (head and (not head_text or _SECTION.match(head_text))):
        return "raw"
    return "seed" if head else "plain"


def read_text(text: str, *, path: str = "<text>", url: str | None = None) -> Article:
    """Read one article from seed-format text (any variant); ParseError names ``path`` if none."""
    text = _from_head(text.replace("\r\n", "\n").lstrip("\ufeff"))
    if is_blank(text):
        raise ParseError(path, "empty file: no article text")
    variant = detect_variant(text)
    reader = {"seed": _read_seed, "raw": _read_raw, "plain": _read_plain}[variant]
    fields = reader(text)
    if not fields.title:
        raise ParseError(path, f"no title or lede found in {variant}-format text")
    return fields.to_article(url=url, extractor=f"text:{variant}")


_MAX_LINES_ABOVE_HEAD = 8


def _from_head(text: str) -> str:
    """The text from its seed head line on, when a copy kept page furniture above it ("Home >
    News", "Share", "Print | Email"): that is no part of the article."""
    if text.startswith(" ") or " date " not in text[:2000].lower():  # (most texts: said at once)
        return text
    lines = text.split("\n", _MAX_LINES_ABOVE_HEAD)
    for index, line in enumerate(lines[:_MAX_LINES_ABOVE_HEAD]):
        if _HEAD.match(line):
            return "\n".join(lines[index:]) if index else text
        if not (is_blank(line) or _is_furniture(clean(line))):
            break
    return text


def write_seed(article: Article) -> str:
    """The normalized seed form of an article; it needs a date, as the format has no other way."""
    if article.date is None:
        raise ParseError(article.url or article.title, "no publication date: the seed format needs one")
    head = f" date {article.date.isoformat()} {article.lede or article.title}"
    top_credit = article.photo_credits[:1]
    return "\n\n".join([head, *top_credit, *article.body])


@dataclass
class _Fields:
    title: str = ""
    lede: str | None = None
    day: date | None = None
    published: datetime | None = None
    section: str | None = None
    credits: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)
    source_credit: str | None = None
    editor: str | None = None
    tags: list[str] = field(default_factory=list)
    byline: list[str] = field(default_factory=list)

    def to_article(self, *, url: str | None, extractor: str) -> Article:
        day = self.published.date() if self.published else self.day
        return Article(
            url=url, title=self.title, lede=self.lede, published=self.published, date=day,
            section=self.section, photo_credits=self.credits, body=self.body,
            source_credit=self.source_credit, editor=self.editor, tags=self.tags,
            extractor=extractor,
        )


def _paragraphs(text: str) -> list[str]:
    """Blocks separated by lines that are blank or only white space; the lines of a block are
    joined, unless each reads as a paragraph of its own (see ``_lines_are_paragraphs``)."""
    blocks: list[list[str]] = [[]]
    for line in text.split("\n"):
        if is_blank(line):
            blocks.append([])
        else:
            blocks[-1].append(line)
    paragraphs: list[str] = []
    for block in blocks:
        if len(block) == 1:
            paragraphs.append(clean(block[0]))
        elif block:
            lines = [clean(line) for line in block]
            paragraphs += lines if _lines_are_paragraphs(lines) else [" ".join(lines)]
    return paragraphs


# A line this long is no hard-wrapped line of prose (those wrap at 72 to 100 characters).
_LONG_LINE = 160
# A line this short between such long ones is a heading.
_HEADING_WORDS = 8
# How a line that closes a sentence ends: its mark, then maybe a closing quote or bracket.
_SENTENCE_CLOSE = re.compile(r"[.!?:;。！？…][\"'”’)\]]*$")


def _lines_are_paragraphs(lines: list[str]) -> bool:
    """Whether the lines of one block are paragraphs written one a line (government pages'
    plain text, stored copies that lost their blank lines), not prose wrapped at a width: at
    least half the lines before the last close a sentence, or are longer than a wrapped line
    could be, and no line stops mid-sentence before a line that goes on in lower case."""
    if len(lines) < 2:
        return False
    if any(len(line) > _LONG_LINE for line in lines) and all(
            len(line) > _LONG_LINE or len(line.split()) <= _HEADING_WORDS for line in lines):
        return True  # headings above paragraphs, one a line ("Book house opens" / its story)
    ends = [_closes(line) for line in lines[:-1]]
    if any(not end and later[:1].islower() for end, later in zip(ends, lines[1:], strict=True)):
        return False
    return 2 * sum(ends) >= len(ends)


def _closes(line: str) -> bool:
    return len(line) > _LONG_LINE or _SENTENCE_CLOSE.search(line) is not None or _is_credit(line)


def _drop_repeats(paragraphs: list[str], lede: str | None) -> list[str]:
    """Pages print the lede again, or one paragraph twice; a repeat is not a paragraph."""
    kept: list[str] = []
    for paragraph in paragraphs:
        if paragraph != lede and (not kept or paragraph != kept[-1]):
            kept.append(paragraph)
    return kept


def _is_credit(paragraph: str) -> bool:
    """A photo credit: a short name-like line ("Ti Gong", "Jiang Xiaowei / SHINE"), no sentence."""
    if len(paragraph) > _MAX_CREDIT_CHARS or paragraph.endswith((".", "!", "?", ":", ",")):
        return False
    if paragraph.lower() in _KNOWN_CREDITS or " / " in paragraph:
        return True
    return _CREDIT_SHAPE.match(paragraph) is not None and paragraph.split()[-1].lower() in _KNOWN_CREDITS


def _is_byline(line: str) -> bool:
    if _BYLINE.match(line):
        return True
    lower = _LOWER_BYLINE.match(line)
    return lower is not None and not _NO_NAME_WORDS.intersection(lower.group(1).split())


def is_photo_credit(paragraph: str) -> bool:
    """A photo credit ("Ti Gong", "Jiang Xiaowei / SHINE"): what follows one is its caption."""
    return _is_credit(paragraph)


def _split_credits(paragraphs: list[str]) -> tuple[list[str], list[str]]:
    """The photo credits before the story, and the story; a byline among them is neither."""
    credits: list[str] = []
    index = 0
    while index < len(paragraphs):
        paragraph = paragraphs[index]
        if _is_byline(paragraph):
            pass
        elif _is_credit(paragraph):
            credits.append(paragraph)
        else:
            break
        index += 1
    return credits, paragraphs[index:]


def _read_seed(text: str) -> _Fields:
    first, _, rest = text.partition("\n")
    head = _HEAD.match(first)
    assert head is not None  # detect_variant only says "seed" for a matching first line
    lede = clean(head.group(2) or "")
    # a stored copy's banner lines ("• TRUSTED", "DONATE SUBSCRIBE") are no paragraph
    rest = "\n".join("" if line.strip() and _is_chrome(clean(line)) else line
                      for line in rest.split("\n"))
    credits, body = _split_credits(_paragraphs(rest))
    return _Fields(title=lede, lede=lede, day=date.fromisoformat(head.group(1)), credits=credits,
                   body=_drop_repeats(body, lede))


def _shine_time(line: str) -> datetime | None:
    match = _SHINE_TIME.search(line)
    if not match:
        return None
    hour, minute, offset, year, month, day = (int(g) for g in match.groups())
    local = datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)
    return local if offset == 8 else local.replace(tzinfo=None).astimezone(SHANGHAI)


def _read_raw(text: str) -> _Fields:
    """Walk a SHINE page dump: header lines up to the time line, lede, body, credits, tags."""
    lines = [clean(line) for line in text.split("\n")]
    fields = _Fields()
    head = _HEAD.match(text.split("\n", 1)[0])
    if head:
        fields.day = date.fromisoformat(head.group(1))
        lines[0] = clean((head.group(2) or "").replace("|", " "))
    time_at = next((i for i, line in enumerate(lines[:40]) if _SHINE_TIME.search(line)), None)
    if time_at is None:
        # No time line: the header is the breadcrumb (if any) and the title; the story follows.
        title_at = next((i for i, line in enumerate(lines)
                         if line and not _SECTION.match(line) and not _is_furniture(line)), None)
        if title_at is None:
            return fields
        _read_raw_header(lines[: title_at + 1], fields)
        _read_raw_story(text.split("\n")[title_at + 1 :], fields)
        return fields
    _read_raw_header(lines[:time_at], fields)
    fields.published = _shine_time(lines[time_at])
    _read_raw_story(text.split("\n")[time_at + 1 :], fields)
    return fields


def _read_raw_header(lines: list[str], fields: _Fields) -> None:
    """Section, title and bylines; furniture above the title is skipped, unless the header has
    nothing else to be the title."""
    furniture: list[str] = []
    for line in lines:
        if not line or line in ("|", fields.section):
            continue  # (a breadcrumb printed twice is still no title)
        if not fields.title and _is_furniture(line):
            furniture.append(line)
        elif fields.section is None and not fields.title and _SECTION.match(line):
            fields.section = line
        elif not fields.title:
            fields.title = line
        else:
            fields.byline.append(line)
    if not fields.title and furniture:
        fields.title = furniture[0]


def _is_furniture(line: str) -> bool:
    """A line above a page's title that is not it: a menu or location bar ("Home > News"), a
    button bar ("Print | Email"), a share button, a photo credit ("Ti Gong"), the head line
    printed again."""
    return not _SECTION.match(line) and (_is_chrome(line) or _is_menu_line(line) or _is_credit(line)
                                         or _is_byline(line)
                                         or _HEAD.match(f" {line}") is not None)


def _read_raw_story(raw_lines: list[str], fields: _Fields) -> None:
    """After the time line: the lede on the next line, then paragraphs, then source, then tags."""
    seen_header = {fields.title, *fields.byline}
    story: list[str] = []
    tail: list[str] = []
    started = False  # a story line with words has been kept
    for line in raw_lines:
        cleaned = clean(line)
        if tail or _CREDIT_LINE.match(cleaned):
            tail.append(cleaned)
        elif cleaned in seen_header or (_SHINE_TIME.search(cleaned) and len(cleaned) < 60):
            continue  # pages repeat their header block (byline, time, title) under the lede
        elif not started and ((byline := _is_byline(cleaned)) or _is_chrome(cleaned)):
            if byline:  # a byline or share bar under the time line is no lede
                fields.byline.append(cleaned)
        else:
            story.append(line)
            started = started or not is_blank(line)
    story = _credits_apart(story)
    first_line = next((clean(line) for line in story if not is_blank(line)), None)
    paragraphs = _paragraphs("\n".join(story))
    if first_line and paragraphs and paragraphs[0].startswith(first_line):
        # The lede is the first line, unless that line stops mid-sentence: a lede wrapped at a
        # width is its whole first paragraph.
        fields.lede = first_line if _closes(first_line) else paragraphs[0]
        paragraphs[0] = clean(paragraphs[0][len(fields.lede) :])
    fields.credits, body = _split_credits([p for p in paragraphs if p])
    fields.body = _drop_repeats(body, fields.lede)
    _read_tail(tail, fields)


def _credits_apart(lines: list[str]) -> list[str]:
    """A photo credit on a line of its own ("Ti Gong" between the lede and the next paragraph,
    no blank line around it) is its own block, not the first words of the paragraph below."""
    apart: list[str] = []
    for line in lines:
        if not is_blank(line) and _is_credit(clean(line)):
            apart += ["", line, ""]
        else:
            apart.append(line)
    return apart


def _read_tail(tail: list[str], fields: _Fields) -> None:
    for line in tail:
        source = re.search(r"Source\s*:\s*(.+?)(?=\s*Editor\s*:|$)", line, re.IGNORECASE)
        editor = re.search(r"Editor\s*:\s*(.+)$", line, re.IGNORECASE)
        if source or editor:
            fields.source_credit = clean(source.group(1)) if source else fields.source_credit
            fields.editor = clean(editor.group(1)) if editor else fields.editor
        elif line:
            fields.tags.append(line)


# Dates as government and news sites print them near the top of a page.
_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}
_ISO_DAY = re.compile(r"(?<!\d)(\d{4})(?:-|年)(\d{1,2})(?:-|月)(\d{1,2})(?!\d)")
_TRAILING_DATE = re.compile(r"\s*(?:time|date|updated|public time)\s*:\s*\d{4}-\d{1,2}-\d{1,2}[\d: ]*$",
                            re.IGNORECASE)
# Lines of page furniture that stored copies keep between paragraphs: font-size and print
# buttons, empty brackets, counters, image file names, section menus.
_CHROME_WORDS = frozenset({"print", "mail", "email", "large", "medium", "small", "share", "lms",
                           "l", "m", "s", "font", "size", "a", "a+", "a-", "close", "more",
                           "wechat", "weibo", "facebook", "twitter", "x", "linkedin", "whatsapp",
                           "donate", "subscribe", "login", "register", "menu", "•", ""})
_CHROME_LINE = re.compile(r"^(\(\s*\)|\d+|[\w-]+\.(jpe?g|png|gif|webp)|news center|hot topics?"
                          r"|news & events|view project|chinese english|中文|english)$", re.IGNORECASE)
_NAMED_DAY = re.compile(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? "
                        r"(\d{1,2}),? (\d{4})\b", re.IGNORECASE)
# The day first, as European and British sites write it: "Published on 4 September 2017".
_DAY_NAMED = re.compile(r"(?<![\w-])(\d{1,2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)"
                        r"[a-z]*\.?,? (\d{4})\b", re.IGNORECASE)
_NAV_LINE = re.compile(r"(^(today is|you are here|your (current )?location|home|skip to content"
                       r"|the story appears on|get this page|free for subscribers|view shopping cart"
                       r"|related news|get more with|a personali[sz]ed news feed|learn more$)\b)"
                       r"|>>?|»|\|", re.IGNORECASE)


def _find_date(line: str) -> date | None:
    for match in (_ISO_DAY.search(line), _NAMED_DAY.search(line), _DAY_NAMED.search(line)):
        if not match:
            continue
        try:
            if match.re is _ISO_DAY:
                return date(int(match[1]), int(match[2]), int(match[3]))
            if match.re is _DAY_NAMED:
                return date(int(match[3]), _MONTHS[match[2][:3].lower()], int(match[1]))
            return date(int(match[3]), _MONTHS[match[1][:3].lower()], int(match[2]))
        except ValueError:
            continue
    return None


def _is_chrome(line: str) -> bool:
    words = [word.strip(":|,") for word in line.lower().split()]
    return bool(_CHROME_LINE.match(line)) or _is_badge(line) or (
        bool(words) and all(w in _CHROME_WORDS or w.isdigit() for w in words))


def _is_badge(line: str) -> bool:
    """A bulleted word or two in capitals ("• TRUSTED"): a site's banner, not a story's list."""
    item = line.strip()
    return item.startswith("•") and item[1:].strip().isupper() and len(item.split()) <= 3


def _unwrap(lines: list[str]) -> list[str]:
    """Join hard-wrapped words ("Chong-" + "ming County.") back together."""
    joined: list[str] = []
    for line in lines:
        if joined and joined[-1].endswith("-") and line[:1].islower():
            joined[-1] = joined[-1][:-1] + line
        else:
            joined.append(line)
    return joined


# Lines before the real title that are not it: captions, bylines, CJK edition menus (a press
# release's title may end "(with photos)").
_CAPTION_LINE = re.compile(r"(?<!\bwith\s)\bPhotos?\b|\[Photo|©|\.(?:jpe?g|png|gif)\b|^By\s+[A-Z]"
                           r"|\bPage\s*[A-Z]?\d", re.IGNORECASE)
_CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")
# A link to another story ("Related: ...", "Read more: ..."): its headline is not this article's.
_LINK_LINE = re.compile(r"^(?:related|read\s+more|see\s+also|previous|next|recommended|also\s+read)"
                        r"(?:\s+(?:stories|articles|news|reading|post))?\s*[:>|]", re.IGNORECASE)
# A location bar ("You are here: Home > News") under a line means that line was the site's name.
_LOCATION_BAR = re.compile(r"^(you are here|(your )?(current )?location)\b|^home\s*>", re.IGNORECASE)
_STORY_WORDS = 12
_HEADLINE_WORDS = 30
_MENU_WORDS = 16
# A line of facts about the page, under its title: "Date: 2024-05-17  Source: X Office  Font
# size: L M S", "Published: 2024-11-06  Author: NAME  Views: 1326". It dates the page and is not
# a paragraph, however long.
_META_LINE = re.compile(r"^(?:date|published|posted|release(?:d|\s+(?:time|date))?|time"
                        r"|updated|source|author|views|editor)\s*[:\uff1a]", re.IGNORECASE)
_META_MAX_CHARS = 200


def _is_title(line: str) -> bool:
    """Whether a line of loose page text can be an article's title."""
    return not (_NAV_LINE.search(line) or len(line.split()) < 3 or _CJK.search(line)
                or _LINK_LINE.search(line)
                or _CAPTION_LINE.search(line) or (len(line) < 80 and _find_date(line)
                                                  and not _TRAILING_DATE.search(line)))


def _is_menu(line: str) -> bool:
    """A menu or location bar ("Home | News | Services", "Home > News"), not a dateline
    ("Jun 8, 2024 | 10:20")."""
    return bool(_LOCATION_BAR.search(line) or _NAV_LINE.search(line)) and not _find_date(line)


def _is_headline(line: str) -> bool:
    """A line shaped like a headline: not many words, and not a sentence ending in a full stop."""
    return len(line.split()) < _HEADLINE_WORDS and not line.endswith(".")


def _is_story(line: str) -> bool:
    return len(line.split()) >= _STORY_WORDS and not _NAV_LINE.search(line)


def _title_at(lines: list[str]) -> int | None:
    """The index of the title: the first line that can be one, unless a menu or location bar
    follows it before the story starts (then it was the site's name, and the title is the
    headline after the bar)."""
    at = next((i for i, line in enumerate(lines) if _is_title(line)), None)
    while at is not None:
        for later in range(at + 1, min(at + 5, len(lines))):
            if _is_story(lines[later]):
                return at
            if _is_menu(lines[later]):
                after = next((i for i in range(later + 1, len(lines)) if _is_title(lines[i])), None)
                if after is None or not _is_headline(lines[after]):
                    return at  # no headline after the bar: the first line was the title
                at = after
                break
        else:
            return at
    return None


def _is_menu_line(line: str) -> bool:
    """A short menu, location or button bar ("Print | Close", "Home > News"): no paragraph."""
    return len(line.split()) < _MENU_WORDS and _is_menu(line) and not line.endswith((".", "?", "!"))


def _is_meta(line: str) -> bool:
    return len(line) < _META_MAX_CHARS and _META_LINE.match(line) is not None


# Lines of prose wrapped at a width: each but the last this long at least, and within this many
# characters of one another.
_WRAPPED_MIN_CHARS = 40
_WRAPPED_SPREAD = 30


# How a line that stops mid-sentence may end: a comma, or a word no sentence ends on.
_GOES_ON = re.compile(r"(?:,|\b(?:a|an|and|as|at|by|for|from|in|into|of|on|or|the|to|with))$")


def _joined_wrapped(lines: list[str]) -> list[str]:
    """Page text keeps one line a paragraph, except prose wrapped at a width: the lines of a block
    (between blank lines) of similar length, one of which stops mid-sentence (before a word in
    lower case, or on a comma or a word such as "the"), are one paragraph."""
    joined: list[str] = []
    block: list[str] = []
    for line in [*lines, ""]:
        if line:
            block.append(line)
            continue
        joined += [" ".join(block)] if _is_wrapped(block) else block
        joined.append(line)
        block = []
    return joined[:-1]


def _is_wrapped(lines: list[str]) -> bool:
    """(The last line of wrapped prose is no longer than the width; a line printed twice, as a
    title often is, is no wrapping.)"""
    if len(lines) < 2 or len(set(lines)) < len(lines):
        return False
    sizes = [len(line) for line in lines[:-1]]
    widest = max(sizes)
    if min(sizes) < _WRAPPED_MIN_CHARS or widest > _LONG_LINE or widest - min(sizes) > _WRAPPED_SPREAD \
            or len(lines[-1]) > widest + _WRAPPED_SPREAD // 6:
        return False
    return any(not _closes(line) and (later[:1].islower() or _GOES_ON.search(line) is not None)
               for line, later in pairwise(lines))


def _read_plain(text: str) -> _Fields:
    """Best effort for page text of unknown shape: the first line that can be a title is the title."""
    fields = _Fields()
    cleaned = [clean(raw) if raw.strip() else "" for raw in text.split("\n")]
    # a banner's lines ("• TRUSTED") are no wrapped paragraph: they break the text, not join it
    lines = [line for line in _unwrap(_joined_wrapped(["" if _is_badge(line) else line
                                                       for line in cleaned]))
             if line and not _is_chrome(line)]
    title_at = _title_at(lines)
    paragraphs: list[str] = []
    for index, line in enumerate(lines):
        if index == title_at:
            fields.day = fields.day or _find_date(line) if _TRAILING_DATE.search(line) else fields.day
            fields.title = _TRAILING_DATE.sub("", line)
        elif fields.day is None and (len(line) < 80 or _is_meta(line)) and (found := _find_date(line)):
            fields.day = found
        elif (title_at is not None and index > title_at and not _is_meta(line)
              and not _is_menu_line(line)):
            paragraphs.append(line)
    # A photo credit under the title ("Ti Gong") is a credit, as in the other variants.
    fields.credits, body = _split_credits([p for p in paragraphs if p != fields.title])
    fields.body = _drop_repeats(body, None)
    return fields
