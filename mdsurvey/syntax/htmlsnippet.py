"""Small HTML snippets: one tag's attributes, the text of a `<summary>`.

These run on every `<details>` line and every `<img>` badge of files with
thousands of rows. beautifulsoup4 alone takes longer to import than a whole
`check` of a small README, so snippets this small are read with a linear
attribute scanner and `html.unescape`; whole HTML tables go through bs4.
"""

from __future__ import annotations

import html
import re

_ATTR = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?""")
_TAG = re.compile(r"<[^<>]*>")
_SPACE = re.compile(r"\s+")
_TAG_NAME = re.compile(r"<\s*(/?\s*[A-Za-z][A-Za-z0-9-]*)")
_START_NAME = re.compile(r"\s*/?\s*[A-Za-z][A-Za-z0-9-]*")


def tag_name(tag: str) -> str:
    """`<img src=…>` -> "img", `</a>` -> "/a"."""
    m = _TAG_NAME.match(tag)
    return m.group(1).replace(" ", "").lower() if m else ""


def attributes(tag: str) -> dict[str, str]:
    """Attributes of one start tag, names lowercased, values unescaped."""
    body = tag[1:-1] if tag.endswith(">") else tag[1:]
    m = _START_NAME.match(body)
    if not m:
        return {}
    attrs: dict[str, str] = {}
    for am in _ATTR.finditer(body, m.end()):
        name = am.group(1).lower()
        value = am.group(2)
        if value is None:
            attrs.setdefault(name, "")
            continue
        if value[:1] in "\"'":
            value = value[1:-1]
        attrs.setdefault(name, html.unescape(value))
    return attrs


def plain_text(fragment: str) -> str:
    """Text a reader sees in an inline HTML/Markdown fragment: tags removed, entities decoded."""
    text = _TAG.sub("", fragment) if "<" in fragment else fragment
    text = text.replace("**", "").replace("__", "")
    # blanks collapsed by split/join: the same Unicode whitespace as `\s+` and strip(), in C
    return " ".join(html.unescape(text).split())
