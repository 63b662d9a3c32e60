from __future__ import annotations

from html.parser import HTMLParser

import cmarkgfm
import pytest
from cmarkgfm.cmark import Options
from hypothesis import given
from hypothesis import strategies as st

from mdsurvey.syntax.slugs import Slugger, anchor_candidates, heading_plain_text, slug

FE0F = "\ufe0f"


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        ("🔥 News", "-news"),
        ("📚 Contents", "-contents"),
        ("Published in Recent Conference/Journal", "published-in-recent-conferencejournal"),
        ("Recent Papers (Last 6 Months)", "recent-papers-last-6-months"),
        ("✉️ Contact", FE0F + "-contact"),
        ("C++ & Rust", "c--rust"),
        ("Ünïcödé Straße", "ünïcödé-straße"),
        ("  two  spaces ", "--two--spaces-"),
        ("heading with a - dash", "heading-with-a---dash"),
        ("heading with an _ underscore", "heading-with-an-_-underscore"),
        (
            "exchange.bind_headers(exchange, routing [, bindCallback])",
            "exchangebind_headersexchange-routing--bindcallback",
        ),
        ("apostrophe’s should be trimmed", "apostrophes-should-be-trimmed"),
        ("I ♥ unicode", "i--unicode"),
        ("en–dash and em—dash", "endash-and-emdash"),
        ("😄-😄 unicode emoji", "--unicode-emoji"),
        (":ok_hand: Single", "ok_hand-single"),
        ("Привет non-latin 你好", "привет-non-latin-你好"),
        ("2024.01 — Survey v2.0!", "202401--survey-v20"),
        ("Q&A: What's new?", "qa-whats-new"),
        ("Price $5 €4 £3", "price-5-4-3"),
        ("ΟΔΟΣ", "οδος"),
        ("", ""),
    ],
)
def test_slug_real_headings(heading: str, expected: str) -> None:
    assert slug(heading) == expected


@pytest.mark.parametrize(
    ("char", "kept"),
    [
        ("Ⓔ", True),  # So but Alphabetic: github-slugger subtracts Alphabetic
        ("🄺", True),  # squared Latin capital: So and Alphabetic
        ("🅊", False),  # squared "HV": plain So
        ("⒪", False),  # parenthesized letter: So, not Alphabetic
        ("Ⅱ", True),  # Nl
        ("¼", False),  # No
        ("²", False),  # No
        ("٣", True),  # Nd
        ("‿", True),  # Pc
        ("＿", True),  # Pc
        ("\u0301", True),  # Mn
        ("\u20dd", True),  # Me
        ("\u0903", True),  # Mc
        (FE0F, True),  # Mn: the disputed emoji selector
        ("ʰ", True),  # Lm
        ("\u00a0", False),  # Zs other than the ASCII space
        ("\u3000", False),  # Zs
        ("\u2028", False),  # Zl
        ("\u2029", False),  # Zp
        ("\t", False),  # Cc
        ("\u00ad", False),  # Cf
        ("\u200d", False),  # Cf (zero-width joiner)
        ("\ue000", False),  # Co
        ("\U000e01f0", False),  # Cn
        ("‐", False),  # Pd other than ASCII '-'
        ("«", False),  # Pi
        ("»", False),  # Pf
        ("^", False),  # Sk
        ("🏻", False),  # Sk (skin tone)
        ("+", False),  # Sm
    ],
)
def test_character_categories(char: str, kept: bool) -> None:
    result = slug(f"a{char}b")
    assert result == (f"a{char.lower()}b" if kept else "ab")


def test_fe0f_both_candidates() -> None:
    base = slug("✉️ Contact")
    assert base == "\ufe0f-contact"
    assert anchor_candidates(base) == {"\ufe0f-contact", "-contact"}
    assert anchor_candidates("-news") == {"-news"}
    assert anchor_candidates("a\ufe0fb\ufe0fc") == {"a\ufe0fb\ufe0fc", "abc"}


@pytest.mark.parametrize(
    ("headings", "expected"),
    [
        (["Echo", "Echo", "Echo 1"], ["echo", "echo-1", "echo-1-1"]),
        (
            ["echo", "echo", "echo 1", "echo-1", "echo"],
            ["echo", "echo-1", "echo-1-1", "echo-1-2", "echo-2"],
        ),
        (["foxtrot-1", "foxtrot", "foxtrot"], ["foxtrot-1", "foxtrot", "foxtrot-2"]),
        (["golf", "golf", "golf"], ["golf", "golf-1", "golf-2"]),
        ([" a ", "-a-"], ["-a-", "-a--1"]),
        (["🔥 News", "🚀 News"], ["-news", "-news-1"]),
        (["__proto__", "__proto__"], ["__proto__", "__proto__-1"]),
    ],
)
def test_slugger_repeats(headings: list[str], expected: list[str]) -> None:
    slugger = Slugger()
    assert [slugger.add(h) for h in headings] == expected


def test_slugger_reset_and_contains() -> None:
    slugger = Slugger()
    slugger.add("Echo")
    assert "echo" in slugger
    slugger.reset()
    assert "echo" not in slugger
    assert slugger.add("Echo") == "echo"


@given(st.lists(st.text(alphabet="ab1- ", max_size=5), max_size=30))
def test_slugger_unique_and_prefixed(headings: list[str]) -> None:
    slugger = Slugger()
    produced = [slugger.add(h) for h in headings]
    assert len(set(produced)) == len(produced)
    for heading, result in zip(headings, produced, strict=True):
        assert result.startswith(slug(heading))


@given(st.text())
def test_slug_never_keeps_removed_characters(text: str) -> None:
    result = slug(text)
    assert " " not in result
    assert result.count("-") == text.count(" ") + text.count("-")
    assert all(slug(ch) == ch for ch in result if ch != "-")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "🔥 [News](#x) **bold** `code` <img src=x> &amp;",
            "🔥 News bold code  &",
        ),
        ("A \\*literal\\* star", "A *literal* star"),
        ("![badge](https://img.shields.io/x.svg) Heading", " Heading"),
        ('<a name="top"></a>Top', "Top"),
        ("Entities &copy; &#169; &#x1F525;", "Entities © © 🔥"),
        ("`a*b*c` *emph* _under_ ~~strike~~", "a*b*c emph under strike"),
        (
            "[Link with **bold**](http://x) and <https://example.com>",
            "Link with bold and https://example.com",
        ),
        ("<sup>1</sup> note", "1 note"),
        ("[ref] stays literal", "[ref] stays literal"),
        ("&#x20;a&#x20;", " a "),
        ("  padded  ", "padded"),
    ],
)
def test_heading_plain_text(raw: str, expected: str) -> None:
    assert heading_plain_text(raw) == expected


def test_multi_line_heading_keeps_its_line_break() -> None:
    # The newline is in the heading's text content; as a control character it
    # then disappears from the slug instead of turning into a dash.
    assert heading_plain_text("Foo\nbar") == "Foo\nbar"
    assert slug(heading_plain_text("Foo\nbar")) == "foobar"


def test_reference_links_need_their_labels() -> None:
    assert heading_plain_text("[text][lbl] x") == "[text][lbl] x"
    assert heading_plain_text("[text][lbl] x", references=["LBL"]) == "text x"


class _TextContent(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "h1":
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "h1":
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.parts.append(data)


def _github_text(raw: str) -> str:
    # Setext form, so that multi-line heading content renders too.
    markdown = raw + "\n===\n"
    html = cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)
    parser = _TextContent()
    parser.feed(html)
    return "".join(parser.parts)


@pytest.mark.parametrize(
    "raw",
    [
        "🔥 [News](#x) **bold** `code` <img src=x> &amp;",
        "📚 Contents",
        "✉️ Contact",
        "A \\*literal\\* star and a \\_ too",
        "![badge](https://img.shields.io/x.svg) Heading",
        '<a name="top"></a>Top <b>bold</b>',
        "Entities &copy; &#169; &#x1F525; &nbsp;x",
        "`a*b*c` *emph* _under_ ~~strike~~ **_both_**",
        "[Link with **bold**](http://x) and <https://example.com>",
        "Recent Papers (Last 6 Months)",
        "[ref] stays literal [^1]",
        "Code with `` ` `` backtick",
        "Mixed [![img](x.png)](y) link",
        "snake_case_name and 2*3*4",
        "Setext heading\nover two lines",
        "hard break  \nin a heading",
        "hard break\\\nwith a backslash",
    ],
)
def test_heading_plain_text_matches_cmark_gfm(raw: str) -> None:
    # cmark-gfm is GitHub's renderer; its heading text content is what gets slugged.
    assert heading_plain_text(raw) == _github_text(raw)
    assert slug(heading_plain_text(raw)) == slug(_github_text(raw))
