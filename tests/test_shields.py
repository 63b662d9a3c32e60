"""shields.io badge URLs: parsing, colour comparison and same-style rebuilding."""

from __future__ import annotations

import string
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mdsurvey.syntax.shields import (
    BadgeSpec,
    build_static_url,
    effective_color,
    normalize_color,
    parse_badge_url,
    unescape_destination,
)

B = "https://img.shields.io/badge/"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (r"arXiv-2025\.08-red", "arXiv-2025.08-red"),
        (r"Training\-Free", "Training-Free"),
        (r"a\_b", "a_b"),
        (r"\a\1\ ", r"\a\1\ "),  # only ASCII punctuation can be escaped
        ("\\\\.", "\\."),  # an escaped backslash does not escape the dot after it
        ("x\\", "x\\"),
        (r"\(\)\[\]\<\>\~", "()[]<>~"),
        ("\\é", "\\é"),
    ],
)
def test_unescape_destination(raw: str, expected: str) -> None:
    assert unescape_destination(raw) == expected


STATIC_CASES: list[tuple[str, str | None, str, str | None, dict[str, str]]] = [
    (B + "PDF-blue", None, "PDF", "blue", {}),
    (B + "Conference-ICML'23-blue", "Conference", "ICML'23", "blue", {}),
    (B + r"arXiv-2025\.08-red", "arXiv", "2025.08", "red", {}),
    (B + "Image--LLM-purple", None, "Image-LLM", "purple", {}),
    (B + "Training--Free-yellow", None, "Training-Free", "yellow", {}),
    (
        B + "ECCV-2026-lightgrey?labelColor=fb8c00",
        "ECCV",
        "2026",
        "lightgrey",
        {"labelColor": "fb8c00"},
    ),
    (B + "Spotlight-2ea44f", None, "Spotlight", "2ea44f", {}),
    (
        B + "YouTube-%23FF0000.svg?style=for-the-badge&logo=YouTube&logoColor=white",
        None,
        "YouTube",
        "#FF0000",
        {"style": "for-the-badge", "logo": "YouTube", "logoColor": "white"},
    ),
    (B + "arXiv-2308.14383-b31b1b.svg", "arXiv", "2308.14383", "b31b1b", {}),
    (B + "%F0%9F%A4%97%20HF-Collections-green", "🤗 HF", "Collections", "green", {}),
    (B + "License-MIT-yellow.svg", "License", "MIT", "yellow", {}),
    (B + "Conference-CIS-RAM'24-blue", "Conference", "CIS-RAM'24", "blue", {}),
    (B + "a-b-c-d-e", "a", "b-c-d", "e", {}),
    (B + "any_text-you_like-blue", "any text", "you like", "blue", {}),
    (B + "snake__case-x__y-blue", "snake_case", "x_y", "blue", {}),
    (B + "treble___x-blue", None, "treble_ x", "blue", {}),  # as shields' escapeFormat
    (B + "_Head--Level-yellow", None, " Head-Level", "yellow", {}),
    (B + "Self--Draft:_multi--stream-green", None, "Self-Draft: multi-stream", "green", {}),
    (B + "just%20the%20message-8A2BE2", None, "just the message", "8A2BE2", {}),
    (B + "-WeChat@量子位-000000?logo=wechat", "", "WeChat@量子位", "000000", {"logo": "wechat"}),
    (B + "w/Quantization-39B0A9", None, "w/Quantization", "39B0A9", {}),
    (B + "ACL'24_(Findings)-blue", None, "ACL'24 (Findings)", "blue", {}),
    (B + "Adaptive_(model&length)-green", None, "Adaptive (model&length)", "green", {}),
    # shields' own route: lazy label, greedy message, colour may hold `--`
    (B + "EMNLP--blue", "EMNLP", "", "blue", {}),
    (B + "a---b-red", "a", "-b", "red", {}),
    (B + "a-b---red", "a", "b-", "red", {}),
    (B + "m---red", None, "m-", "red", {}),
    (B + "x----red", "x", "-", "red", {}),
    (B + "a--b--red", "a", "", "b--red", {}),
    (B + "--red", "", "", "red", {}),
    (B + "-red", None, "", "red", {}),
    # percent-decoding comes after splitting and `_`/`--` handling
    (B + "a%2Db-c%5Fd-red", "a-b", "c_d", "red", {}),
    (B + "a%2Db-c%5Fd-red-x", "a-b", "c_d-red", "x", {}),
    (B + "100%-done-green", "100%", "done", "green", {}),
    (B + "bad%FFbyte-red", None, "bad\ufffdbyte", "red", {}),
    # no colour: everything is the message
    (B + "NoColour", None, "NoColour", None, {}),
    (B + "v1.0", None, "v1.0", None, {}),
    (B + "abc-", None, "abc-", None, {}),
    (B, None, "", None, {}),
    # query handling
    (B + "foo-bar-red?label=Override", "Override", "bar", "red", {"label": "Override"}),
    (B + "bar-red?label=", "", "bar", "red", {"label": ""}),
    (B + "x-y-red?style=flat&amp;logo=git+hub", "x", "y", "red", {"style": "flat", "logo": "git hub"}),
    (B + "x-y-red#frag", "x", "y", "red", {}),
    # scheme, host and Markdown wrapping variants
    ("http://shields.io/badge/a-b-c", "a", "b", "c", {}),
    ("https://www.shields.io/badge/a-b-c", "a", "b", "c", {}),
    ("HTTPS://IMG.SHIELDS.IO/badge/a-b-c", "a", "b", "c", {}),
    ("https://img.shields.io:443/badge/a-b-c", "a", "b", "c", {}),
    ("  <https://img.shields.io/badge/a-b-c>  ", "a", "b", "c", {}),
    (r"https://img\.shields\.io/badge/a-b-c\.svg", "a", "b", "c", {}),
]


@pytest.mark.parametrize(("url", "label", "message", "color", "query"), STATIC_CASES)
def test_parse_static(
    url: str, label: str | None, message: str, color: str | None, query: dict[str, str]
) -> None:
    assert parse_badge_url(url) == BadgeSpec("static", label, message, color, query, None)


@pytest.mark.parametrize(
    ("url", "label", "color", "query", "repo"),
    [
        (
            "https://img.shields.io/github/stars/OWNER/REPO.svg?style=social&label=Star",
            "Star",
            None,
            {"style": "social", "label": "Star"},
            "OWNER/REPO",
        ),
        (
            "https://img.shields.io/github/stars/OWNER/REPO?style=social",
            "stars",
            None,
            {"style": "social"},
            "OWNER/REPO",
        ),
        (
            "https://img.shields.io/github/stars/showlab.github.io/FocusUI.svg",
            "stars",
            None,
            {},
            "showlab.github.io/FocusUI",
        ),
        (
            r"https://img.shields.io/github/stars/showlab\.github\.io/FocusUI\.svg",
            "stars",
            None,
            {},
            "showlab.github.io/FocusUI",
        ),
        (
            "https://img.shields.io/github/stars/a/b?color=yellow",
            "stars",
            "yellow",
            {"color": "yellow"},
            "a/b",
        ),
        ("https://img.shields.io/github/stars/a/.svg", "stars", None, {}, "a/.svg"),
    ],
)
def test_parse_github_stars(
    url: str, label: str, color: str | None, query: dict[str, str], repo: str
) -> None:
    assert parse_badge_url(url) == BadgeSpec("github-stars", label, "", color, query, repo)


@pytest.mark.parametrize(
    ("url", "label", "color"),
    [
        ("https://img.shields.io/github/last-commit/OWNER/REPO", None, None),
        (
            "https://img.shields.io/badge/dynamic/json?label=citation&query=citationCount"
            "&url=https%3A%2F%2Fapi.semanticscholar.org%2Fgraph",
            "citation",
            None,
        ),
        ("https://img.shields.io/youtube/views/abc?style=social&color=red", None, "red"),
        ("https://img.shields.io/github/stars/onlyowner", None, None),
        ("https://img.shields.io/static/v1?label=L&message=M&color=blue", "L", "blue"),
    ],
)
def test_parse_dynamic(url: str, label: str | None, color: str | None) -> None:
    spec = parse_badge_url(url)
    assert spec is not None
    assert (spec.kind, spec.label, spec.message, spec.color, spec.repo) == (
        "dynamic",
        label,
        "",
        color,
        None,
    )


def test_dynamic_query_is_decoded() -> None:
    spec = parse_badge_url(
        "https://img.shields.io/badge/dynamic/json?url=https%3A%2F%2Fx.org%2Fa%3Fb%3Dc&label=x"
    )
    assert spec is not None
    assert spec.query == {"url": "https://x.org/a?b=c", "label": "x"}


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/x.png",
        "https://example.com/shields.io/badge/a-b-c",
        "https://img.shields.io.evil.com/badge/a-b-c",
        "https://notshields.io/badge/a-b-c",
        "ftp://img.shields.io/badge/a-b-c",
        "//img.shields.io/badge/a-b-c",
        "img.shields.io/badge/a-b-c",
        "https://img.shields.io",
        "https://shields.io/",
        "",
        "shields",
    ],
)
def test_not_a_badge(url: str) -> None:
    assert parse_badge_url(url) is None


@given(st.text())
def test_parse_never_raises_on_text(text: str) -> None:
    parse_badge_url(text)


@given(
    st.sampled_from([B, "http://shields.io/github/stars/", "https://img.shields.io/badge/dynamic/", "<"]),
    st.text(alphabet=st.sampled_from("-_.%2Dfa\\?#&=/<> é") | st.characters()),
)
def test_parse_never_raises_on_badge_like_text(prefix: str, text: str) -> None:
    spec = parse_badge_url(prefix + text)
    if prefix == B:
        assert spec is not None and spec.kind in ("static", "dynamic")


def test_parse_is_linear_on_pathological_input() -> None:
    # Quadratic splitting (or a backtracking regex) would take minutes here.
    for content in ("-" * 400_001 + "a", "a-" * 200_000 + "b", "_" * 400_000, "%2" * 200_000):
        start = time.perf_counter()
        parse_badge_url(B + content)
        assert time.perf_counter() - start < 5


@pytest.mark.parametrize(
    ("color", "expected"),
    [
        ("gray", "grey"),
        ("GRAY", "grey"),
        ("lightgray", "lightgrey"),
        ("LightGray", "lightgrey"),
        ("critical", "red"),
        ("important", "orange"),
        ("success", "brightgreen"),
        ("informational", "blue"),
        ("inactive", "lightgrey"),
        ("#FF0000", "ff0000"),
        ("B31B1B", "b31b1b"),
        ("red", "red"),
        (" Blue ", "blue"),
    ],
)
def test_normalize_color(color: str, expected: str) -> None:
    assert normalize_color(color) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (B + "a-b-red", "red"),
        (B + "a-b-red?color=blue", "blue"),
        (B + "a-b-red?colorB=green", "green"),
        (B + "a-b-red?color=&colorB=green", "green"),
        (B + "YouTube-%23FF0000.svg", "#FF0000"),
        (B + "NoColour", None),
        ("https://img.shields.io/github/stars/a/b?color=yellow", "yellow"),
        ("https://img.shields.io/github/stars/a/b", None),
    ],
)
def test_effective_color(url: str, expected: str | None) -> None:
    spec = parse_badge_url(url)
    assert spec is not None
    assert effective_color(spec) == expected


# Templates whose rebuild from their own parse must be byte-identical.
ROUND_TRIP = [
    B + "PDF-blue",
    B + "Conference-ICML'23-blue",
    B + r"arXiv-2025\.08-red",
    B + "Image--LLM-purple",
    B + "ECCV-2026-lightgrey?labelColor=fb8c00",
    B + "YouTube-%23FF0000.svg?style=for-the-badge&logo=YouTube&logoColor=white",
    B + "arXiv-2308.14383-b31b1b.svg",
    B + "%F0%9F%A4%97%20HF-Collections-green",
    B + "%f0%9f%a4%97%20hf-x-green",
    B + "-WeChat@量子位-000000?logo=wechat&logoColor=07C160",
    B + "any_text-you_like-blue",
    B + "snake__case-x__y-blue",
    B + "treble___x-blue",
    B + "_Head--Level-yellow",
    B + "Self--Draft:_layer--skipping_&_mask--predict-green",
    B + "ACL'24_(Findings)-blue",
    B + "w/Quantization-39B0A9",
    B + "EMNLP--blue",
    B + "a---b-red",
    B + "a-b---red",
    B + "x----red",
    B + "a--b--red",
    B + "--red",
    B + "-red",
    B + "a%2Db-c%5Fd-red",
    B + "x%2D-y--z-red",  # `--` is the style; the %2D was forced
    B + "100%-done-green",
    B + "%25AB_100%-red",  # the first `%` had to be %25
    B + "%20__a_b-red",  # the first space had to be %20
    B + "a_%20_b-red",  # three spaces
    B + "bad%FFbyte-red",
    B + "--.--red",  # lenient parse: colour ".--red"
    B + "NoColour",
    B,
    B + r"a\_b-c\_\_d-red",
    B + "x_%20y-blue",
    B + "x-y-red#frag",
    "<http://shields.io/badge/a%20b-c-d.png>",
    r"https://img\.shields\.io/badge/v-1\.0-c\.svg",
]


@pytest.mark.parametrize("url", ROUND_TRIP)
def test_build_round_trips_byte_identical(url: str) -> None:
    spec = parse_badge_url(url)
    assert spec is not None
    assert build_static_url(url, label=spec.label, message=spec.message, color=spec.color) == url


@pytest.mark.parametrize(
    ("url", "rebuilt"),
    [
        # more than three parts: the extra separators come back as literal dashes
        (B + "Conference-CIS-RAM'24-blue", B + "Conference-CIS--RAM'24-blue"),
        # mixed spellings of one character: the first one wins
        (B + "a%20b-c_d-red", B + "a%20b-c%20d-red"),
        (B + "a.b-c\\.d-red", B + "a.b-c.d-red"),
        (B + "x%20_y-blue", B + "x%20%20y-blue"),
        # a query label goes into the path
        (B + "x-y-red?label=L", B + "L-y-red?label=L"),
    ],
)
def test_build_documented_non_identities(url: str, rebuilt: str) -> None:
    spec = parse_badge_url(url)
    assert spec is not None
    assert build_static_url(url, label=spec.label, message=spec.message, color=spec.color) == (rebuilt)


@pytest.mark.parametrize(
    ("template", "label", "message", "color", "expected"),
    [
        (B + r"arXiv-2025\.08-red", "arXiv", "2026.01", "red", B + r"arXiv-2026\.01-red"),
        (
            B + "arXiv-2308.14383-b31b1b.svg",
            "arXiv",
            "2401.00001",
            "b31b1b",
            B + "arXiv-2401.00001-b31b1b.svg",
        ),
        (B + "License-MIT-yellow.svg?style=flat", "Lic", "A.B", "blue", B + "Lic-A.B-blue.svg?style=flat"),
        (B + r"License-MIT-yellow\.svg", None, "v1.2", "red", B + r"v1\.2-red\.svg"),
        (B + "any_text-you_like-blue", "Open Source", "Yes", "green", B + "Open_Source-Yes-green"),
        (B + "just%20the%20message-8A2BE2", None, "a b", "red", B + "a%20b-red"),
        (B + "PDF-blue", None, "no style yet", "red", B + "no%20style%20yet-red"),
        (B + "PDF-blue", "Training-Free", "snake_case", "red", B + "Training--Free-snake__case-red"),
        (B + "any_text-you_like-blue", None, "two  spaces", "red", B + "two_%20spaces-red"),
        (B + "any_text-you_like-blue", None, "a _b", "red", B + "a%20__b-red"),
        (B + "any_text-you_like-blue", None, "a   b", "red", B + "a_%20_b-red"),
        (B + "any_text-you_like-blue", None, "a  _b", "red", B + "a_%20__b-red"),
        (B + "PDF-blue", "x-", "y", "red", B + "x%2D-y-red"),
        (B + "PDF-blue", "a-b", "", "red", B + "a%2Db--red"),
        (B + "PDF-blue", "a-b", "c", "red", B + "a--b-c-red"),
        (B + "PDF-blue", None, "-x-", "red", B + "--x---red"),
        (B + "PDF-blue", "", "", "red", B + "--red"),
        (B + "PDF-blue", None, "", "red", B + "-red"),
        (B + "PDF-blue", None, "Q?#/&(x)%\\", "red", B + "Q%3F%23%2F%26%28x%29%25%5C-red"),
        (B + "PDF-blue", None, "🤗", "#FF0000", B + "%F0%9F%A4%97-%23FF0000"),
        (B + "%f0%9f%a4%97-x-blue", None, "é", "#ff0000", B + "%c3%a9-%23ff0000"),
        (B + "-WeChat@量子位-000000", None, "知乎", "red", B + "知乎-red"),
        (B + "PDF-blue", None, "x", "b--c", B + "x-b--c"),
        (B + "PDF-blue", None, "x", "-b.c", B + "x-%2Db%2Ec"),
        (B + "PDF-blue", None, "a-b", None, "https://img.shields.io/badge/a%2Db"),
        (B + "PDF-blue.svg?x=1", None, "m", None, B + "m?x=1"),
        (B + "PDF-blue", None, "m", "", B + "m"),
        ("<" + B + "PDF-blue>", None, "m", "red", "<" + B + "m-red>"),
        (B + "100%-done-green", "9%", "%ab", "red", B + "9%-%25ab-red"),
        (B + "a b-red", None, "x ", None, B + "x%20"),
    ],
)
def test_build_in_template_style(
    template: str, label: str | None, message: str, color: str | None, expected: str
) -> None:
    built = build_static_url(template, label=label, message=message, color=color)
    assert built == expected
    spec = parse_badge_url(built)
    assert spec is not None
    assert (spec.label, spec.message, spec.color) == (label, message, color or None)


@pytest.mark.parametrize(
    "template",
    [
        "https://example.com/badge/a-b-c",
        "https://img.shields.io/github/stars/a/b",
        "https://img.shields.io/badge/dynamic/json?label=x",
        "not a url",
    ],
)
def test_build_rejects_non_static_templates(template: str) -> None:
    with pytest.raises(ValueError):
        build_static_url(template, label=None, message="m", color="red")


def test_build_without_colour_rejects_a_label() -> None:
    with pytest.raises(ValueError):
        build_static_url(B + "PDF-blue", label="L", message="m", color=None)


# --- properties ---------------------------------------------------------------------

TEMPLATES = [
    B + "PDF-blue",
    B + "any_text-you_like-blue.svg?style=flat",
    "http://shields.io/badge/a%20b-2025\\.08-blue",
    B + "a\\_b-c-red",
    B + "%f0%9f%a4%97%20x-y-green",
    B + "-WeChat@量子位-000000?logo=wechat",
    "<https://www.shields.io/badge/x-100%-red.png#f>",
]
NARROW = st.text(alphabet=string.ascii_letters + string.digits + " -_.", max_size=12)
COLORS = st.sampled_from(["red", "2ea44f", "#FF0000", "lightgrey", "B31B1B", "b--c"]) | st.text(
    alphabet=string.ascii_letters + string.digits + "#-_.", min_size=1, max_size=8
)
WIDE = st.text(alphabet=st.characters(codec="utf-8"), max_size=12)


@given(st.sampled_from(TEMPLATES), st.none() | NARROW, NARROW, COLORS)
def test_build_then_parse_round_trips(template: str, label: str | None, message: str, color: str) -> None:
    built = build_static_url(template, label=label, message=message, color=color)
    spec = parse_badge_url(built)
    assert spec is not None and spec.kind == "static"
    assert (spec.label, spec.message, spec.color) == (label, message, color)
    assert build_static_url(built, label=label, message=message, color=color) == built


@given(st.sampled_from(TEMPLATES), st.none() | WIDE, WIDE, COLORS | WIDE.filter(bool))
def test_build_then_parse_round_trips_any_text(
    template: str, label: str | None, message: str, color: str
) -> None:
    built = build_static_url(template, label=label, message=message, color=color)
    spec = parse_badge_url(built)
    assert spec is not None and spec.kind == "static"
    assert (spec.label, spec.message, spec.color) == (label, message, color)
    assert build_static_url(built, label=label, message=message, color=color) == built


@st.composite
def grammar_urls(draw: st.DrawFn) -> str:
    """A static badge URL written in one consistent style, straight from the grammar."""
    space = draw(st.sampled_from(["_", "%20"]))
    dot = draw(st.sampled_from([".", "\\."]))
    token = st.sampled_from([*"aZ09x'", "--", "__", space, dot, "%F0%9F%A4%97", "%C3%A9"])

    def text() -> str:
        return "".join(draw(st.lists(token, max_size=6)))

    parts = [text()] if draw(st.booleans()) else []
    parts += [text(), draw(st.sampled_from(["red", "2ea44f", "%23FF0000", "B31B1B"]))]
    ext = draw(st.sampled_from(["", ".svg", "\\.svg"]))
    query = draw(st.sampled_from(["", "?style=flat", "?logo=arxiv&labelColor=555"]))
    host = draw(st.sampled_from(["https://img.shields.io", "http://shields.io"]))
    return f"{host}/badge/{'-'.join(parts)}{ext}{query}"


@given(grammar_urls())
def test_grammar_templates_round_trip_byte_identical(url: str) -> None:
    spec = parse_badge_url(url)
    assert spec is not None and spec.kind == "static"
    assert build_static_url(url, label=spec.label, message=spec.message, color=spec.color) == url


RAW_TOKENS = st.characters(codec="utf-8") | st.sampled_from(
    [*"-_.% #?&=/<>(x'", "%20", "%2D", "%5F", "--", "__", "\\.", "\\_", "%F0%9F%A4%97", "%FF"]
)
RAW_CONTENT = st.lists(RAW_TOKENS, max_size=12).map("".join)
TAILS = st.sampled_from(["", ".svg", "?style=flat#x", "?label=Q"])


@given(RAW_CONTENT, TAILS)
def test_rebuild_from_own_parse_keeps_meaning(content: str, tail: str) -> None:
    url = B + content + tail
    spec = parse_badge_url(url)
    assert spec is not None
    if spec.kind != "static" or (spec.color is None and spec.label is not None):
        return
    rebuilt = build_static_url(url, label=spec.label, message=spec.message, color=spec.color)
    assert parse_badge_url(rebuilt) == spec


@given(RAW_CONTENT, st.none() | WIDE, WIDE, COLORS | WIDE.filter(bool))
def test_any_static_template_carries_any_text(
    content: str, label: str | None, message: str, color: str
) -> None:
    template = B + content + "?style=flat"
    spec = parse_badge_url(template)
    assert spec is not None
    if spec.kind != "static":
        return
    built = build_static_url(template, label=label, message=message, color=color)
    again = parse_badge_url(built)
    assert again is not None
    assert (again.label, again.message, again.color) == (label, message, color)
