"""Parse shields.io badge URLs from Markdown surveys, and rebuild static ones in place.

Static badges are ``/badge/CONTENT[.ext]``.  Grammar decisions, all of which follow
the shields.io route ``((?:[^-]|--)*?)-?((?:[^-]|--)*)-((?:[^-.]|--)+)`` (lazy label,
greedy message) but are computed in one linear pass instead of by backtracking:

* Dash runs of odd length hold a separator.  One such run: ``MESSAGE-COLOR``, the
  separator is the run's last dash (``a---red`` is message ``a-``).  Two: LABEL, MESSAGE,
  COLOR; the first separator is the first dash of its run (``a---b-red`` is label ``a``,
  message ``-b``).  None, but some ``--``: label before it, empty message, colour after
  (``x--red`` is label ``x``, message ``""``; shields renders it that way too).  Three or
  more (not a shields badge): first part label, last colour, and each extra separator
  stays in the message as a ``-``.  No non-empty colour: the whole content is the
  message, with ``label`` and ``color`` None.
* In label and message, ``--`` is ``-``, ``__`` is ``_``, a lone ``_`` is a space (an odd
  run of underscores ends in the space, as in shields' ``escapeFormat``); percent
  escapes are decoded *after* that, so ``%2D``/``%5F`` are a literal dash/underscore
  (the builder relies on this only where ``--`` cannot express the text at all).
* The colour gets no ``_``/``--`` processing (shields passes it through), only
  percent-decoding: ``%23FF0000`` is reported as ``#FF0000``; ``normalize_color``
  drops the ``#``.  The extension is everything from the first ``.`` after the
  last dash, so dots in label and message are kept.
* ``?label=`` overrides the path label in ``BadgeSpec.label`` (raw values stay in
  ``query``); ``&amp;`` counts as ``&`` because Markdown and HTML decode that entity.

``build_static_url`` copies the template's prefix, extension, query and fragment
verbatim and writes each character the way the template wrote it (``_`` vs ``%20``,
``\\.`` vs ``.``, raw vs percent-encoded Unicode, hex case); characters it never saw
get ``%20``, ``--``, ``__`` and percent-escapes.  Where that spelling would be misread
it deviates: ``%2D`` for label dashes that shields would hand to the message, ``%20``
for a ``_``-space next to another underscore, ``%25`` for a ``%`` before hex digits.
``parse(build(t, label=l, message=m, color=c))`` gives back ``(l, m, c)`` for any
text (without lone surrogates) and any non-empty colour.  ``build(t, parse(t))`` is byte-identical except when
the template mixes two spellings of one character (the first wins; ``x%20_y`` comes
back as ``x%20%20y``), has ``?label=`` (the query label goes into the path), three or
more parts, a degenerate ending (``abc-``), raw whitespace or a lone backslash in the
content, or two different invalid UTF-8 escapes (both read as U+FFFD).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote, unquote_plus

__all__ = [
    "BadgeSpec",
    "build_static_url",
    "effective_color",
    "normalize_color",
    "parse_badge_url",
    "unescape_destination",
]

_HOSTS = frozenset({"img.shields.io", "shields.io", "www.shields.io", "www.img.shields.io"})
# One escape is one backslash plus one char: no nesting, so no backtracking.
_MD_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_HEX = frozenset("0123456789abcdefABCDEF")
# Written raw by default; everything else (&, (, ), ?, #, /, \, %...) is percent-encoded so
# the URL survives both Markdown destinations and the shields router.
_SAFE_TEXT = frozenset(".~!$'*+,;:@=")
_SAFE_COLOR = frozenset("_~!$'*+,;:@=")
_STAR_EXTS = (".svg", ".png", ".json")
_COLOR_ALIASES = {
    "gray": "grey",
    "lightgray": "lightgrey",
    "critical": "red",
    "important": "orange",
    "success": "brightgreen",
    "informational": "blue",
    "inactive": "lightgrey",
}


@dataclass(frozen=True)
class BadgeSpec:
    """A parsed badge.  ``kind`` is "static", "github-stars" or "dynamic"."""

    kind: str
    label: str | None
    message: str
    color: str | None
    query: dict[str, str]
    repo: str | None


def unescape_destination(url: str) -> str:
    """Resolve CommonMark backslash escapes (``\\.`` -> ``.``); other backslashes stay."""
    return _MD_ESCAPE.sub(r"\1", url)


def normalize_color(c: str) -> str:
    """Canonical spelling of a colour, for comparisons only (never written back)."""
    key = c.strip().lower()
    if key.startswith("#"):
        key = key[1:]
    return _COLOR_ALIASES.get(key, key)


def effective_color(spec: BadgeSpec) -> str | None:
    """The colour shields renders, as written: ``?color=`` (or legacy ``colorB``) wins."""
    for key in ("color", "colorB"):
        value = spec.query.get(key)
        if value:
            return value
    return spec.color


def parse_badge_url(url: str) -> BadgeSpec | None:
    """Describe a shields.io badge URL; None for anything else.  Never raises."""
    # Cheap reject first: most link destinations in a survey are not badges.
    if "shields" not in url.lower():
        return None
    i, j = _bounds(url)
    s = unescape_destination(url[i:j])
    loc = _locate(s)
    if loc is None:
        return None
    path_start, path_end, query_text = loc
    query = _parse_query(query_text)
    path = s[path_start:path_end]
    if _is_static(path):
        c = _parse_content(s, path_start + len("/badge/"), path_end, None, None)
        label = query["label"] if "label" in query else c.label
        return BadgeSpec("static", label, c.message, c.color, query, None)
    segs = path.split("/", 5)
    if len(segs) >= 5 and segs[1] == "github" and segs[2] == "stars" and segs[3] and segs[4]:
        name = segs[4]
        for ext in _STAR_EXTS:
            if name.endswith(ext) and len(name) > len(ext):
                name = name[: -len(ext)]
                break
        repo = f"{unquote(segs[3])}/{unquote(name)}"
        return BadgeSpec("github-stars", query.get("label", "stars"), "", query.get("color"), query, repo)
    if path in ("", "/"):
        return None
    return BadgeSpec("dynamic", query.get("label"), "", query.get("color"), query, None)


def build_static_url(template: str, *, label: str | None, message: str, color: str | None) -> str:
    """Rebuild a static badge URL in the style of ``template`` (see the module docstring).

    ``color`` None (or "") writes a colourless, single-part badge, which shields itself
    would not serve; it cannot carry a label and drops the template's extension.
    Raises ValueError if ``template`` is not a static shields.io badge.
    """
    i, j = _bounds(template)
    s, starts = _unescape_with_map(template[i:j])
    loc = _locate(s)
    if loc is None or not _is_static(s[loc[0] : loc[1]]):
        raise ValueError(f"not a static shields.io badge: {template!r}")
    path_start, path_end, _ = loc
    a = path_start + len("/badge/")
    text_forms: dict[str, str] = {}
    color_forms: dict[str, str] = {}
    c = _parse_content(s, a, path_end, text_forms, color_forms)
    region = s[a : c.ext_start]
    style = _Style(
        lower_hex=_lower_hex(region),
        raw_unicode=not region.isascii(),
        text_forms=text_forms,
        color_forms=color_forms,
    )
    if color:
        content = _encode_content(label, message, color, style)
        tail = template[i + starts[c.ext_start] :]
    elif label is not None:
        raise ValueError("a badge without a colour cannot carry a label")
    else:
        # Every dash as %2D: with no colour any `--` would be read as LABEL--COLOR.
        content = _join(_encode_text(message, style, force_pct_dash=len(message)))
        tail = template[i + starts[path_end] :]
    escaped = _escaped_chars(s, starts, a, c.ext_start)
    if escaped:
        content = "".join("\\" + ch if ch in escaped else ch for ch in content)
    return template[: i + starts[a]] + content + tail


# --- locating the parts -------------------------------------------------------------


@dataclass(frozen=True)
class _Content:
    label: str | None
    message: str
    color: str | None
    ext_start: int


def _bounds(url: str) -> tuple[int, int]:
    """Span of the destination proper, inside whitespace and Markdown's ``<...>``."""
    i, j = 0, len(url)
    while i < j and url[i].isspace():
        i += 1
    while j > i and url[j - 1].isspace():
        j -= 1
    if j - i >= 2 and url[i] == "<" and url[j - 1] == ">":
        i, j = i + 1, j - 1
    return i, j


def _find_any(s: str, chars: str, start: int) -> int:
    end = len(s)
    for ch in chars:
        k = s.find(ch, start, end)
        if k != -1:
            end = k
    return end


def _locate(s: str) -> tuple[int, int, str] | None:
    """(path start, path end, raw query) of a shields URL, else None."""
    head = s[:8].lower()
    if head.startswith("https://"):
        k = 8
    elif head.startswith("http://"):
        k = 7
    else:
        return None
    auth_end = _find_any(s, "/?#", k)
    host = s[k:auth_end].rpartition("@")[2].partition(":")[0].lower()
    if host not in _HOSTS:
        return None
    path_end = _find_any(s, "?#", auth_end)
    query = ""
    if path_end < len(s) and s[path_end] == "?":
        query = s[path_end + 1 : _find_any(s, "#", path_end)]
    return auth_end, path_end, query


def _is_static(path: str) -> bool:
    # shields' static route accepts `/` inside the content (`w/Quantization-39B0A9`).
    return path.startswith("/badge/") and not path.startswith("/badge/dynamic/")


def _parse_query(q: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for part in q.split("&"):
        if part.startswith("amp;"):
            part = part[4:]
        if not part:
            continue
        key, _, value = part.partition("=")
        out[unquote_plus(key)] = unquote_plus(value)
    return out


def _parse_content(
    s: str, a: int, b: int, text_forms: dict[str, str] | None, color_forms: dict[str, str] | None
) -> _Content:
    """Split ``s[a:b]`` into label/message/colour; optionally record how chars were spelled."""
    last_dash = s.rfind("-", a, b)
    e = b
    if last_dash != -1:
        dot = s.find(".", last_dash, b)
        if dot != -1:
            e = dot
    first_run: tuple[int, int] | None = None
    first_odd: tuple[int, int] | None = None
    last_odd: tuple[int, int] | None = None
    n_odd = 0
    k = s.find("-", a, e)
    while k != -1:
        m = k + 1
        while m < e and s[m] == "-":
            m += 1
        if first_run is None:
            first_run = (k, m)
        if (m - k) % 2:
            n_odd += 1
            if first_odd is None:
                first_odd = (k, m)
            last_odd = (k, m)
        k = s.find("-", m, e)

    label_span: tuple[int, int] | None = None
    if n_odd == 0 and first_run is not None:
        label_span = (a, first_run[0])
        msg_span = (first_run[0] + 1, first_run[1] - 1)
        color_start = first_run[1]
    elif n_odd == 1 and last_odd is not None:
        msg_span = (a, last_odd[1] - 1)
        color_start = last_odd[1]
    elif first_odd is not None and last_odd is not None:
        label_span = (a, first_odd[0])
        msg_span = (first_odd[0] + 1, last_odd[1] - 1)
        color_start = last_odd[1]
    else:
        color_start = e

    if color_start >= e:
        return _Content(None, _decode(s, a, b, text_forms, True), None, b)
    label = None if label_span is None else _decode(s, *label_span, text_forms, True)
    message = _decode(s, *msg_span, text_forms, True)
    color = _decode(s, color_start, e, color_forms, False)
    return _Content(label, message, color, e)


def _decode(s: str, i: int, j: int, forms: dict[str, str] | None, escape_format: bool) -> str:
    """Decode ``s[i:j]``; ``forms`` learns each char's first spelling, for the builder."""
    out: list[str] = []
    k = i
    while k < j:
        ch = s[k]
        if escape_format and (ch == "-" or ch == "_"):
            m = k + 1
            while m < j and s[m] == ch:
                m += 1
            n = m - k
            if ch == "-":
                # An odd run only survives here as a lenient extra separator: keep it as "-".
                out.append("-" * ((n + 1) // 2))
                if n > 1 and forms is not None:
                    # Beats an earlier %2D, which the builder itself emits where `--` fails.
                    forms["-"] = "--"
            else:
                out.append("_" * (n // 2))
                if n % 2:
                    out.append(" ")
                if forms is not None:
                    if n > 1:
                        forms.setdefault("_", "__")
                    if n % 2:
                        forms.setdefault(" ", "_")
            k = m
        elif ch == "%" and _hex_pair_at(s, k + 1, j):
            m = k
            while m < j and s[m] == "%" and _hex_pair_at(s, m + 1, j):
                m += 3
            _decode_bytes(s, k, m, out, forms)
            k = m
        else:
            out.append(ch)
            # A raw space or control char is no style to copy: at the end it would be stripped.
            if forms is not None and ch.isprintable() and not ch.isspace():
                forms.setdefault(ch, ch)
            k += 1
    return "".join(out)


def _hex_pair_at(s: str, k: int, end: int) -> bool:
    return k + 2 <= end and s[k] in _HEX and s[k + 1] in _HEX


def _decode_bytes(s: str, k: int, m: int, out: list[str], forms: dict[str, str] | None) -> None:
    """UTF-8-decode the escapes ``s[k:m]`` char by char, so each char keeps its spelling."""
    data = bytes(int(s[x + 1 : x + 3], 16) for x in range(k, m, 3))
    x = 0
    while x < len(data):
        b0 = data[x]
        if b0 < 0x80:
            size = 1
        elif 0xC2 <= b0 <= 0xDF:
            size = 2
        elif 0xE0 <= b0 <= 0xEF:
            size = 3
        elif 0xF0 <= b0 <= 0xF4:
            size = 4
        else:
            size = 1
        try:
            ch = data[x : x + size].decode("utf-8")
        except UnicodeDecodeError:
            ch, size = "\ufffd", 1
        out.append(ch)
        end = k + 3 * (x + size)
        # `%20` before `__` and `%25` before hex digits are forced spellings, not a style.
        forced = (ch == " " and s.startswith("__", end)) or (ch == "%" and _hex_pair_at(s, end, len(s)))
        if forms is not None and not forced:
            forms.setdefault(ch, s[k + 3 * x : end])
        x += size


# --- building -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Style:
    lower_hex: bool
    raw_unicode: bool
    text_forms: dict[str, str]
    color_forms: dict[str, str]

    def pct(self, ch: str) -> str:
        """`ch` percent-encoded as UTF-8 bytes, in this URL's hex case."""
        fmt = "%{:02x}" if self.lower_hex else "%{:02X}"
        return "".join(fmt.format(b) for b in ch.encode("utf-8", "surrogatepass"))


def _unescape_with_map(raw: str) -> tuple[str, list[int]]:
    """Unescaped text plus, per char, its start offset in ``raw`` (and a final sentinel)."""
    parts: list[str] = []
    starts: list[int] = []
    last = 0
    for m in _MD_ESCAPE.finditer(raw):
        parts.append(raw[last : m.start()])
        starts.extend(range(last, m.start()))
        parts.append(m.group(1))
        starts.append(m.start())
        last = m.end()
    parts.append(raw[last:])
    starts.extend(range(last, len(raw)))
    starts.append(len(raw))
    return "".join(parts), starts


def _escaped_chars(s: str, starts: list[int], a: int, e: int) -> frozenset[str]:
    """Punctuation to backslash-escape: as in the content, else as anywhere in the URL."""
    decided: dict[str, bool] = {}
    for k in range(a, e):
        ch = s[k]
        if ch in _PUNCT and ch not in decided:
            decided[ch] = starts[k + 1] - starts[k] == 2
    out = {ch for ch, esc in decided.items() if esc}
    for k, ch in enumerate(s):
        if ch in _PUNCT and ch not in decided and starts[k + 1] - starts[k] == 2:
            out.add(ch)
    out.discard("\\")
    return frozenset(out)


def _lower_hex(region: str) -> bool:
    k = region.find("%")
    while k != -1:
        pair = region[k + 1 : k + 3]
        if len(pair) == 2 and all(c in _HEX for c in pair) and not pair.isdigit():
            return pair.lower() == pair
        k = region.find("%", k + 1)
    return False


def _encode_text(text: str, style: _Style, force_pct_dash: int = 0) -> list[str]:
    """One piece per char; the last ``force_pct_dash`` chars write ``-`` as ``%2D``."""
    forms = style.text_forms
    pieces: list[str] = []
    cut = len(text) - force_pct_dash
    for idx, ch in enumerate(text):
        if ch == "-" and idx >= cut:
            pieces.append(style.pct(ch))
        elif ch == "\\":
            pieces.append(style.pct(ch))
        elif ch in forms:
            pieces.append(forms[ch])
        elif ch == " ":
            pieces.append("%20")
        elif ch == "-":
            pieces.append("--")
        elif ch == "_":
            pieces.append("__")
        elif ch.isascii():
            pieces.append(ch if ch.isalnum() or ch in _SAFE_TEXT else style.pct(ch))
        else:
            pieces.append(ch if style.raw_unicode and ch.isprintable() else style.pct(ch))
    return pieces


def _encode_color(color: str, style: _Style) -> list[str]:
    # Dashes may stay raw only in `--` pairs not at the start, else they would move a separator.
    raw_dash = not color.startswith("-") and _dash_runs_even(color)
    # A dot is only read as the extension when no dash follows it.
    last_raw_dash = color.rfind("-") if raw_dash else -1
    pieces: list[str] = []
    for idx, ch in enumerate(color):
        if ch == "-":
            pieces.append("-" if raw_dash else style.pct(ch))
        elif ch == "." and idx < last_raw_dash:
            pieces.append(ch)
        elif ch in ".\\":
            pieces.append(style.pct(ch))
        elif ch in style.color_forms:
            pieces.append(style.color_forms[ch])
        elif ch.isascii():
            pieces.append(ch if ch.isalnum() or ch in _SAFE_COLOR else style.pct(ch))
        else:
            pieces.append(ch if style.raw_unicode and ch.isprintable() else style.pct(ch))
    return pieces


def _dash_runs_even(text: str) -> bool:
    k = text.find("-")
    while k != -1:
        m = k + 1
        while m < len(text) and text[m] == "-":
            m += 1
        if (m - k) % 2:
            return False
        k = text.find("-", m)
    return True


def _encode_content(label: str | None, message: str, color: str, style: _Style) -> str:
    msg = _join(_encode_text(message, style))
    col = _join(_encode_color(color, style), text=False)
    if label is None:
        return f"{msg}-{col}"
    # shields gives the label the fewest dashes it can, so label dashes written `--` would
    # migrate to the message: at the label's end always, and anywhere when the message is
    # only dashes (both separators then share one even run).  %2D pins them.
    if message.strip("-"):
        trailing = len(label) - len(label.rstrip("-"))
    else:
        trailing = len(label)
    return f"{_join(_encode_text(label, style, trailing))}-{msg}-{col}"


def _join(pieces: list[str], text: bool = True) -> str:
    """Concatenate, fixing spellings that would merge with their neighbour."""
    out = list(pieces)
    for k, piece in enumerate(out):
        nxt = out[k + 1] if k + 1 < len(out) else ""
        two = (nxt + "".join(out[k + 2 : k + 3]))[:2]
        if piece == "%" and _hex_pair_at(two, 0, len(two)):
            out[k] = "%25"
        elif not text or piece != "_":
            continue  # colours have no `_` escapes
        elif nxt == "_":
            # Two `_` spaces would read back as one underscore.
            out[k + 1] = "%20"
        elif nxt.startswith("_"):
            # `_` then `__` would read back as `_ `.
            out[k] = "%20"
    return "".join(out)
