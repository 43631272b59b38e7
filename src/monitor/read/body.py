"""The article body: the container holding the most paragraph text with the fewest links
(scored the way readability scores it), with the parts of a split body beside it, read back
block by block with boilerplate (share bars, related lists, comments, newsletter boxes,
captions, date lines) left out and photo credits, editor and source lines set aside.

Python walks only the chosen container; the whole tree is queried a few times, in C.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from selectolax.lexbor import LexborHTMLParser, LexborNode

from monitor.models import PageFields
from monitor.read.dates import DATE_PATTERNS
from monitor.read.metadata import unique
from monitor.read.normalize import clean_fast

__all__ = ["read_body"]

# Spans and fonts right inside a block hold the text of pages that write no <p>.
_HOLDERS = ("p, pre, td, div, section, article, main, div > span, div > font, td > span, "
            "section > span, article > span")
_INLINE_HOLDERS = frozenset({"span", "font"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_WHOLE_TEXT_HOLDERS = _INLINE_HOLDERS | {"p", "pre", "td"}
_HIDDEN = "[hidden], [style*='display:none'], [style*='display: none']"
# Never article text. The first list goes before scoring; the rest only inside the body found.
_JUNK_EARLY = ["script", "style", "noscript", "template", "nav", "aside", "footer", "header",
               "figure", "figcaption"]
_PRUNED_EARLY = ", ".join([*_JUNK_EARLY, _HIDDEN])
_JUNK_LATE = ("svg, iframe, object, embed, canvas, video, audio, button, select, textarea, input, "
              "dialog, map, picture, label, br")  # and <br>, which becomes _BREAK
_BLOCK_TAGS = frozenset({
    "p", "div", "section", "article", "main", "ul", "ol", "li", "dl", "dt", "dd", "h1", "h2",
    "h3", "h4", "h5", "h6", "pre", "blockquote", "table", "thead", "tbody", "tfoot", "tr",
    "td", "th", "form", "fieldset", "center", "address", "hr", "details", "summary", "caption"})
_BLOCKS_IN_ROW = _BLOCK_TAGS - {"td", "th"}
_SPLITTERS = _BLOCK_TAGS | {"br"}  # text split by these is paragraphs, not one paragraph
_LEAF_TAGS = frozenset({"p", "h2", "h3", "h4", "pre"})
_SKIP_TAGS = frozenset({"h1", "h5", "h6", "hr", "form", "fieldset", "summary", "caption"})
_LINK_LIMITS = {"ul": 0.5, "ol": 0.5, "dl": 0.5, "table": 0.65, "div": 0.65, "section": 0.65}
_TAG_SCORES = {"div": 5, "article": 8, "main": 5, "section": 3, "pre": 3, "td": 3,
               "blockquote": 3, "ol": -3, "ul": -3, "li": -3, "dl": -3, "form": -3, "th": -5,
               "body": -5}
_BREAK = "\u2029"  # stands in for <br> so a text run splits where the page broke its lines
# Class/id hints, matched against "class id" lower-cased (re.I is several times slower).
_BOILERPLATE_CLASS = re.compile(  # furniture even inside "article-…" or "post-…" names
    r"caption|credit|comment(?!ar)|share(?!d)|sharing|related|newsletter|cookie|sign-?up|outbrain|"
    r"taboola|recirc|more-?stories|recommend|sponsor|advert|promo|popup|modal|(?<!no-)(?<!has-)(?<!with-)sidebar|"
    r"breadcrumb|byline|dateline|author-?bio|toolbar|pagination|disqus|footer")
# Behaviour names that content containers carry too ("story-body js-read-more-container",
# "article-body subscriber-only"): furniture only when the name says nothing of content.
_BEHAVIOUR_CLASS = r"read-?more|subscri|paywall"
_NEGATIVE = re.compile(  # furniture unless the name also says it is content
    _BOILERPLATE_CLASS.pattern + "|" + _BEHAVIOUR_CLASS + r"|social|widget|\btags?\b|tag-?list|"
    r"keywords|\bmenu|masthead|banner|\bads?\b|-ad-|trending|(?<!overflow-)(?<!overflow-[xy]-)hidden|print-only|sr-only|skip-link|jump-link")
_POSITIVE = re.compile(r"article|body|content|entry|main|post|story|text|column|blog|embed|tweet")
# Features a story's own box is named for besides its content (share buttons, a toolbar).
_FEATURE_WORDS = re.compile(r"shar(e|ing)|social|widget|toolbar|print")
# Names of what holds other people's text: a block inside one is no candidate for the story
# (layout names such as "one-sidebar" on wrappers of the story itself are not among them).
_ASIDE_CLASS = re.compile(r"comment(?!ar)|related|recirc|outbrain|taboola|disqus|more-?stories|"
                          r"recommend|trending|popular|most-?read|\brespond\b|replies")
_ASIDE_HEADING = re.compile(
    r"(\d+\s+)?(comments?|responses?|replies|related|more (stories|news|from|on)|recommended"
    r"|you (may|might) (also )?like|read (next|more|also)|popular|trending|latest|most read"
    r"|评论|相关|推荐|热门)\b", re.I)
_CREDIT_CLASS = re.compile(r"credit|photographer|copyright")
_PLAIN_CLASS = re.compile(r"[\w -]*\w[\w -]*")
# Short lines that are page furniture, credits, or the editor/source notes closing a story.
_BOILERPLATE = re.compile(
    r"^(advert(isement)?|sponsored( content)?|read (more|next|also)\b.*|related( articles?|"
    r" stories)?:?.*|(also )?see also:?.*|share( this)?( article| story)?( on .*)?|click here.*"
    r"|sign up.*|subscribe.*|follow us.*|(also )?read:.*|more:.*|recommended.*|continue reading.*"
    r"|we use cookies.*|(all rights reserved|copyright).*|【?(打印本页|关闭窗口)】?.*|分享到.*"
    r"|扫一扫.*|相关(新闻|阅读|文章)[:：]?.*|(tags?|topics?|keywords?|filed under|标签|关键词)\s*[:：].*"
    r"|(follow|find|join|like) us (on|at)\b.*|(share|follow) (on|via) .*)$", re.I)
# What a date line may hold besides its date: "Published: Tue, Mar 25, 2025 14:00 UTC+8".
_DATE_LINE_WORDS = re.compile(
    r"\b(published|updated|posted|last|modified|created|on|at|date|time|utc|gmt|[ap]\.?m\.?|[a-z]{1,2}[sd]t"
    r"|(mon|tues?|wed(nes)?|thu(rs)?|fri|sat(ur)?|sun)(day)?)\b|发布时间|发布|更新|时间|日期|来源"
    r"|星期.|周.|[\W\d_]+")
_BYLINE_LINE = re.compile(r"^(By|BY) +[A-Z][\w.'’-]*( +(and +)?[A-Z][\w.'’-]*){0,5} *(\|.*)?$")
_AGENCIES = r"ti gong|imaginechina|xinhua|ic|afp|reuters|ap|getty images|cfp|cns"
_CREDIT_LINE = re.compile(
    rf"^((photo|image|picture|photograph|video|graphic)s?( by|:| courtesy of| credit:?)\s*.+"
    rf"|.{{1,40}}\s*/\s*(shine|{_AGENCIES})|{_AGENCIES}|courtesy of .{{1,40}}|©.{{1,60}}"
    rf"|[（(]?(图|图片|摄影)\s*[:：/].{{1,30}}|[（(]?.{{1,20}}\s?摄[）)]?)$", re.I)
_CAPTION_CREDIT = re.compile(  # "… (Photo: Li Qian)", "… Photo by Li Qian.", "… Li Qian / SHINE"
    r"(?:^|[.)]\s|\s\(|\s)\(?((?:photo|image|picture|photograph)s?(?: by|:| courtesy of| credit:?)"
    r"\s*[^()]{2,60}?|[^.()]{2,40}/\s*shine|ti gong|imaginechina|xinhua)\)?\.?$", re.I)
_EDITOR_LINE = re.compile(r"^(?:editor|edited by|责任编辑)\s*[:：]?\s*(.{2,40})$", re.I)
_SOURCE_LINE = re.compile(r"^(?:source|来源)\s*[:：]\s*(.{2,60})$", re.I)


def read_body(tree: LexborHTMLParser, fields: PageFields, captions: list[LexborNode]) -> None:
    credits = [credit for node in captions if (credit := _credit_of(node))]
    # One walk finds both, innermost first. Each is only taken out of the tree, not freed
    # node by node: freeing a header's or a script's whole subtree costs more than the walk.
    for node in reversed(tree.css(_PRUNED_EARLY)):
        node.decompose(recursive=False)
    paragraphs: list[str] = []
    for root in _content_roots(tree):
        for node in reversed(root.css(_JUNK_LATE)):  # innermost first, as above
            if node.tag == "br":
                node.replace_with(_BREAK)
            else:
                node.decompose()
        _emit(root, paragraphs, [], credits, 0)
    fields.body = _sort_lines(_drop_repeats(paragraphs), fields, credits)
    fields.photo_credits = unique(credits)


def _credit_of(node: LexborNode) -> str | None:
    text = node.text()
    if len(text) > 400:  # a wrapper named "…caption…", not a caption
        return None
    if _CREDIT_CLASS.search(node.attrs.sget("class").lower()):
        text = clean_fast(text)
        short = 0 < len(text) <= 80 and "rights reserved" not in text.lower()
        return text if short and _link_density(node) < 0.5 else None
    if any(part.is_element_node and _CREDIT_CLASS.search((part.attributes.get("class") or "").lower())
           for part in node.traverse()):
        return None  # the credit element inside speaks for it
    match = _CAPTION_CREDIT.search(clean_fast(text))
    return clean_fast(match.group(1)) if match else None


def _content_roots(tree: LexborHTMLParser) -> list[LexborNode]:
    """The node holding the article text, with the other parts of a split body; or nothing."""
    scores: dict[int, float] = {}
    nodes: dict[int, LexborNode] = {}
    for holder, text in _text_holders(tree):
        points = 1 + text.count(",") + text.count("，") + min(len(text) // 100, 3)
        node: LexborNode | None = holder
        for share in (1, 2, 6):  # the holder, its parent, its grandparent, as _ancestors walks
            if node is None or not node.is_element_node or (tag := node.tag) == "html":
                break
            key = node.mem_id
            if key not in nodes:
                nodes[key] = node
                scores[key] = _TAG_SCORES.get(tag or "", 0) + _judge(_hints(node))[0]
            scores[key] += points / share
            node = node.parent
    if not scores:  # no single run of text long enough to score: take the body if it says much
        body = tree.body
        return [body] if body is not None and len(body.text().strip()) >= 25 else []
    ranked = sorted(scores, key=scores.__getitem__, reverse=True)[:5]
    final = {k: scores[k] * (1 - _link_density(nodes[k])) * (0.2 if _within_aside(nodes[k]) else 1)
             for k in ranked}
    best = max(final, key=final.__getitem__)
    threshold = max(10.0, final[best] * 0.2)
    return (_same_class(tree, nodes[best], threshold, scores, nodes)
            or _with_siblings(nodes[best], threshold, scores))


def _text_holders(tree: LexborHTMLParser) -> Iterator[tuple[LexborNode, str]]:
    """(element whose score a run of text raises, the text) for every run of 25+ characters."""
    for node in tree.css(_HOLDERS):
        tag = node.tag
        if tag in _WHOLE_TEXT_HOLDERS:
            text = node.text().strip()
            if len(text) < (80 if tag in _INLINE_HOLDERS else 25):  # a span: as long as a <p>
                continue
            holder = node.parent
        else:  # text right inside a block is a paragraph itself unless the block holds blocks
            text = node.text(deep=False).strip()
            if len(text) < 25:
                continue
            holder = node if _holds_blocks(node, _SPLITTERS) else node.parent
        if holder is not None:
            yield holder, text


def _ancestors(node: LexborNode, count: int) -> Iterator[LexborNode]:
    current: LexborNode | None = node
    for _ in range(count):
        if current is None or not current.is_element_node or current.tag == "html":
            return
        yield current
        current = current.parent


def _holds_blocks(node: LexborNode, blocks: frozenset[str] = _BLOCK_TAGS) -> bool:
    """Whether a block element sits below ``node``. A walk in Python beats a CSS query here:
    lexbor parses the selector again on every call, ~20 µs for a list of all block tags."""
    walk = node.traverse()
    next(walk, None)  # the node itself
    return any(child.tag in blocks for child in walk)


def _hints(node: LexborNode) -> str:
    # node.id, not attrs.sget("id"): most nodes have none, and sget finds that out by raising.
    return f"{node.attrs.sget('class')} {node.id or ''}"


@lru_cache(maxsize=8192)
def _judge(hints: str) -> tuple[int, bool]:
    """(class weight, furniture?) for a "class id" string; pages repeat a few names a lot."""
    hints = hints.lower()
    positive, negative = _POSITIVE.search(hints), _NEGATIVE.search(hints)
    weight = (25 if positive else 0) - (25 if negative else 0)
    return weight, bool(_BOILERPLATE_CLASS.search(hints) or (negative and not positive))


def _link_density(node: LexborNode, total: int | None = None) -> float:
    total = len(node.text()) if total is None else total
    if not total:
        return 1.0
    # A short block has a few nodes: walking them in Python beats a CSS query, which parses
    # its selector and walks in C but costs more to set up than the walk itself.
    links = _links_in(node) if total <= 200 else node.css("a")
    return min(1.0, sum(len(a.text()) for a in links) / total)


def _links_in(node: LexborNode) -> Iterator[LexborNode]:
    """The <a> elements ``node.css("a")`` finds: those below ``node``, and ``node`` itself
    when it is one (a query matches the node it starts from too)."""
    return (child for child in node.traverse() if child.tag == "a")


def _same_class(
    tree: LexborHTMLParser, best: LexborNode, threshold: float, scores: dict[int, float],
    nodes: dict[int, LexborNode],
) -> list[LexborNode]:
    """The parts of a body split into blocks of one class (with figures between), in order."""
    css_class = best.attrs.sget("class")
    if not _PLAIN_CLASS.fullmatch(css_class):  # nothing a selector string could choke on
        return []
    if not _has_namesake(best, css_class, threshold, scores, nodes):
        return []  # the query below would find ``best`` alone: spare its walk of the tree
    parts: list[LexborNode] = []
    for node in tree.css(f'{best.tag}[class="{css_class}"]'):
        good = node.mem_id == best.mem_id or (
            scores.get(node.mem_id, 0) >= threshold and _link_density(node) < 0.3
            and not _is_aside(node, best))
        if good and not any(_contains(part, node) for part in parts):
            parts.append(node)
    return parts if len(parts) > 1 else []


def _has_namesake(best: LexborNode, css_class: str, threshold: float,
                  scores: dict[int, float], nodes: dict[int, LexborNode]) -> bool:
    """Whether another scored block might be a part of the same class: only a block scoring
    ``threshold`` can be one, and every block with a score is in ``nodes``. Tag and class are
    compared ignoring case, so this says yes wherever the selector could match."""
    tag, name = (best.tag or "").lower(), css_class.lower()
    return any(key != best.mem_id and score >= threshold and (nodes[key].tag or "").lower() == tag
               and nodes[key].attrs.sget("class").lower() == name
               for key, score in scores.items())


def _contains(outer: LexborNode, inner: LexborNode) -> bool:
    node = inner.parent
    while node is not None:
        if node.mem_id == outer.mem_id:
            return True
        node = node.parent
    return False


def _with_siblings(
    best: LexborNode, threshold: float, scores: dict[int, float]
) -> list[LexborNode]:
    """``best`` and the siblings that read like more of the same article: blocks scoring
    well anywhere under the same parent, and the smaller blocks right before or after it (a
    summary block holding the first paragraph, a last paragraph in a block of its own)."""
    parent = best.parent
    if parent is None or parent.tag in ("html", "body"):
        return [best]
    siblings = list(parent.iter())
    chosen = [s.mem_id == best.mem_id
              or (scores.get(s.mem_id, 0) >= threshold and _link_density(s) < 0.3
                  and not _is_aside(s, best))
              or (s.tag == "p" and len(s.text().strip()) > 80 and _link_density(s) < 0.25)
              for s in siblings]
    at = next(i for i, s in enumerate(siblings) if s.mem_id == best.mem_id)
    for step in (-1, 1):
        _extend_run(siblings, chosen, at, step, best, scores)
    return [s for s, keep in zip(siblings, chosen, strict=True) if keep]


def _extend_run(siblings: list[LexborNode], chosen: list[bool], at: int, step: int,
                best: LexborNode, scores: dict[int, float]) -> None:
    """Mark the blocks next to ``siblings[at]`` that continue the story, going ``step`` by
    step over short filler (an ad label, an empty box) and stopping at anything else."""
    index = at + step
    while 0 <= index < len(siblings):
        sibling = siblings[index]
        text = sibling.text().strip() if not chosen[index] else ""
        if chosen[index] or len(text) < 60:
            index += step
            continue
        if not (_reads_as_prose(sibling, text, scores) and not _is_aside(sibling, best)):
            return
        chosen[index] = True
        index += step


def _reads_as_prose(node: LexborNode, text: str, scores: dict[int, float]) -> bool:
    """Sentences, not a widget: a scored run of text, words rather than a URL or a counter,
    few links, and no form (a newsletter box, a poll)."""
    return (node.mem_id in scores and len(text) >= 80 and text.count(" ") >= 10
            and node.tag not in _HEADINGS and _link_density(node) < 0.25
            and node.css_first("form, input, button") is None)


def _is_aside(node: LexborNode, best: LexborNode) -> bool:
    """Whether a block that reads like text is another story's: comments, related posts.
    Said by a furniture name on it or on an ancestor below the one it shares with ``best``,
    or by a heading just before ("3 comments", "Related posts", "You may also like")."""
    current: LexborNode | None = node
    while current is not None and current.tag not in ("body", "html"):
        if _contains(current, best):
            break
        if _judge(_hints(current))[1] or _follows_aside_heading(current):
            return True
        current = current.parent
    return False


def _within_aside(node: LexborNode, levels: int = 3) -> bool:
    """Whether a close ancestor is named for comments or related posts, or the block's parent
    opens with a heading saying so: text there is not the page's own story."""
    if _follows_aside_heading(node):
        return True
    return any(_names_an_aside(_hints(a)) for a in _ancestors(node, levels + 1))


@lru_cache(maxsize=8192)
def _names_an_aside(hints: str) -> bool:
    """Whether a "class id" string names comments or related posts; pages repeat their names."""
    return _ASIDE_CLASS.search(hints.lower()) is not None


def _follows_aside_heading(node: LexborNode) -> bool:
    previous = node.prev
    while previous is not None and not previous.is_element_node:
        previous = previous.prev
    if previous is None or previous.tag not in ("h2", "h3", "h4"):
        return False
    heading = clean_fast(previous.text())  # a label is short: "Latest figures show…" is a subhead
    return len(heading) <= 30 and _ASIDE_HEADING.match(heading) is not None


def _emit(node: LexborNode, out: list[str], run: list[str], credits: list[str],
          depth: int) -> None:
    """Append the paragraphs under ``node`` to ``out``; ``run`` gathers a run of inline text."""
    for child in node.iter(include_text=True):
        tag = child.tag or ""
        if child.is_text_node:
            run.append(child.text_content or "")
        elif tag not in _BLOCK_TAGS and not _holds_blocks(child):
            run.append(child.text())
        else:
            _flush(run, out)
            _emit_block(child, tag, out, credits, depth + 1)
    _flush(run, out)


def _emit_block(node: LexborNode, tag: str, out: list[str], credits: list[str],
                depth: int) -> None:
    if tag in _SKIP_TAGS or _is_boilerplate_box(node, tag, credits):
        return
    if tag in _LEAF_TAGS or depth > 100:  # deeper than any real page: take the text whole
        text = node.text()
        if tag != "p" or len(text) > 200 or _link_density(node, len(text)) < 0.8:
            _flush([text], out)
    elif tag == "tr" and not _holds_blocks(node, _BLOCKS_IN_ROW):
        _flush([" ".join(cell.text() for cell in node.iter())], out)
    else:
        _emit(node, out, [], credits, depth)


def _is_boilerplate_box(node: LexborNode, tag: str, credits: list[str]) -> bool:
    hints = _hints(node)
    if _judge(hints)[1] and not _names_the_story(node, hints.lower()):
        if _CREDIT_CLASS.search(hints.lower()) and _is_credit(text := clean_fast(node.text())):
            credits.append(text)
        return True
    limit = _LINK_LIMITS.get(tag)
    size = len(node.text()) if limit else 0  # a long block is text however linked: no count
    return limit is not None and size < 3000 and _link_density(node, size) > limit


def _names_the_story(node: LexborNode, hints: str) -> bool:
    """Whether a box named for content and for a feature it carries ("post-content
    sharing-enabled", "entry-content social-buttons") holds the story: long prose with few
    links. A name that says sidebar, comments, footer… never does."""
    if not _POSITIVE.search(hints) or _judge(_FEATURE_WORDS.sub(" ", hints))[1]:
        return False
    size = len(node.text())
    return size >= 400 and _link_density(node, size) < 0.2


def _flush(run: list[str], out: list[str]) -> None:
    text = "".join(run)
    run.clear()
    if text and not text.isspace():
        out.extend(p for p in (clean_fast(s) for s in text.split(_BREAK)) if p)


def _drop_repeats(lines: list[str]) -> list[str]:
    """Drop a long paragraph repeated back to back (a block rendered twice); short lines such
    as "Serves 4", and paragraphs further apart, may rightly recur."""
    return [p for i, p in enumerate(lines) if not (i and lines[i - 1] == p and len(p) >= 80)]


def _is_credit(line: str) -> bool:
    return len(line) <= 80 and _CREDIT_LINE.match(line) is not None


def _sort_lines(paragraphs: list[str], fields: PageFields, credits: list[str]) -> list[str]:
    """Keep the article text; move credit, editor and source lines to their fields."""
    body = []
    for line in paragraphs:
        if len(line) > 100:
            body.append(line)
        elif _is_credit(line):
            credits.append(line)
        elif match := _EDITOR_LINE.match(line):
            fields.editor = fields.editor or match.group(1)
        elif match := _SOURCE_LINE.match(line):
            fields.source_credit = fields.source_credit or match.group(1)
        elif not (_BOILERPLATE.match(line) or _BYLINE_LINE.match(line) or line == fields.title
                  or _is_date_line(line)):
            body.append(line)
    return body


def _is_date_line(line: str) -> bool:
    """Whether a short line is a date and nothing else (a <time> element, "Updated: …"): the
    page's furniture, however close to the text it stands."""
    if "19" not in line and "20" not in line:  # every date pattern holds a year of 19xx or 20xx
        return False
    text = line.lower()
    found = next((m for m in (p.search(text) for p in DATE_PATTERNS) if m), None)
    if found is None:
        return False
    rest = text[:found.start()] + " " + text[found.end():]
    return not _DATE_LINE_WORDS.sub("", rest).strip()
