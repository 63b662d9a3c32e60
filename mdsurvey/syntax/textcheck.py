"""Line-level text checks: mojibake and leftover placeholders.

Mojibake here means UTF-8 bytes that were decoded as Mac Roman, cp1252 or
Latin-1 and saved again as UTF-8 ("cafÃ©", "K√§se", "‚úÖ", "ÈÉ®ÂàÜ").  Every
byte of a UTF-8 multi-byte sequence is >= 0x80, so mojibake is always a run
of non-ASCII characters whose bytes in the wrong encoding form *valid*
multi-byte UTF-8.  Ordinary text almost never does: its accented letters are
isolated continuation or lead bytes, and emoji, CJK, Polish or Vietnamese
letters are not even encodable in those code pages.  The remaining
coincidences (a curly quote or dash glued to an accented letter, a word ending
in an uppercase accented letter before a closing quote, "√π" in a formula)
are two-character pairs, so pairs are held to a much stricter standard than
longer runs: false positives cost more than misses.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from typing import NamedTuple

__all__ = [
    "ENCODINGS",
    "Mojibake",
    "Placeholder",
    "find_mojibake",
    "find_placeholders",
]

# Reporting priority when two encodings explain the same span identically.
ENCODINGS = ("cp1252", "latin-1", "mac_roman")

_MAX_ROUNDS = 3


@dataclass(frozen=True)
class Mojibake:
    """A run of text that is UTF-8 read as Latin-1/cp1252, with its repair when the bytes allow one."""
    start: int
    end: int
    text: str
    # Exact original text, or None when a byte was lost and several originals fit.
    repair: str | None
    encoding: str


@dataclass(frozen=True)
class Placeholder:
    """A placeholder left in the text: `[?]`, `§??`, TODO/TBD/FIXME/XXX or a made-up arXiv id."""
    start: int
    end: int
    text: str
    kind: str


def _build_table(encoding: str) -> dict[str, int]:
    table: dict[str, int] = {}
    for byte in range(0x80, 0x100):
        try:
            ch = bytes([byte]).decode(encoding)
        except UnicodeDecodeError:
            # Python leaves five cp1252 bytes undefined; Windows and browsers
            # pass them through as the C1 control of the same number, which is
            # how they end up in real mojibake (the last byte of U+201D, U+FE0F).
            ch = chr(byte)
        table[ch] = byte
    return table


_TABLES = {enc: _build_table(enc) for enc in ENCODINGS}

# Mac Roman byte 0xF0 is U+F8FF (the Apple logo), which many pipelines drop, so
# emoji mojibake is often seen without it: "üìö" for U+1F4DA.
_APPLE_LOGO = "\uf8ff"
_ORPHAN_TRIGGER = "ü"  # Mac Roman 0x9F, the second byte of every U+1Fxxx emoji

# cp1252 prefixes whose third byte was undefined and got lost: U+2000-U+203F
# ("â€") and U+FE00-U+FE3F ("ï¸", the emoji variation selector).  Nothing
# legitimate starts with them, but the missing byte cannot be recovered.
_TRUNCATED_PREFIXES = ("â€", "ï¸")


def _char_class(encoding: str, low: int, high: int) -> str:
    chars = sorted(ch for ch, byte in _TABLES[encoding].items() if low <= byte <= high)
    return "[" + "".join(re.escape(ch) for ch in chars) + "]"


class _Patterns(NamedTuple):
    run: re.Pattern[str]
    seq: re.Pattern[str]
    orphan: re.Pattern[str] | None
    truncated: re.Pattern[str] | None
    to_bytes: dict[int, int]


def _patterns(encoding: str) -> _Patterns:
    lead2 = _char_class(encoding, 0xC2, 0xDF)
    lead3 = _char_class(encoding, 0xE0, 0xEF)
    lead4 = _char_class(encoding, 0xF0, 0xF4)
    cont = _char_class(encoding, 0x80, 0xBF)
    seq = f"{lead2}{cont}|{lead3}{cont}{{2}}|{lead4}{cont}{{3}}"
    truncated = "(?:" + "|".join(_TRUNCATED_PREFIXES) + ")\ufffd?"
    # Leads and continuations are disjoint classes and each alternative is
    # chosen by its first character, so the repetition cannot backtrack.
    return _Patterns(
        run=re.compile(f"(?:{seq})+"),
        seq=re.compile(seq),
        orphan=re.compile(f"{_ORPHAN_TRIGGER}{cont}{{2}}") if encoding == "mac_roman" else None,
        truncated=re.compile(truncated) if encoding == "cp1252" else None,
        to_bytes={ord(ch): byte for ch, byte in _TABLES[encoding].items()},
    )


_PATTERNS = {enc: _patterns(enc) for enc in ENCODINGS}

# Format characters that do occur inside real text (and so inside mojibake):
# soft hyphen, zero-width space/joiners, direction marks, word joiner, BOM.
_ALLOWED_FORMAT = frozenset("\u00ad\u200b\u200c\u200d\u200e\u200f\u2060\ufeff")

# Mac Roman maps these math signs to continuation bytes, and its lead bytes
# ¬ √ ƒ ≈ are math signs too, so "√π" or "≈±" in a formula would read as a
# letter.  Such a pair counts only next to a letter ("Schr√∂dinger").
_MATH_LEADS = frozenset("¬√ƒ≈")
_MATHY_CONTINUATIONS = frozenset("°≠∞±≤≥µ∂∑∏π∫Ω")


class _Seq(NamedTuple):
    start: int
    end: int
    decoded: str | None  # None: truncated, the original is ambiguous


class _Span(NamedTuple):
    start: int
    end: int
    repair: str | None
    encoding: str


def _char_ok(ch: str) -> bool:
    cat = unicodedata.category(ch)
    if cat in ("Cc", "Cs", "Co", "Cn"):
        return False
    if cat == "Cf":
        return ch in _ALLOWED_FORMAT or 0xE0020 <= ord(ch) <= 0xE007F  # emoji tag chars
    return True


def _to_bytes(text: str, patterns: _Patterns) -> bytes:
    # Every character is in the table, so translating to code points < 256 and
    # encoding as Latin-1 yields exactly the bytes of the wrong encoding.
    return text.translate(patterns.to_bytes).encode("latin-1")


def _decode_run(line: str, start: int, end: int, patterns: _Patterns) -> list[_Seq]:
    try:
        # The strict decoder also rejects overlong forms and surrogates.
        return [_Seq(start, end, _to_bytes(line[start:end], patterns).decode("utf-8"))]
    except UnicodeDecodeError:
        pass
    units: list[_Seq] = []
    for match in patterns.seq.finditer(line, start, end):
        try:
            decoded = _to_bytes(match.group(), patterns).decode("utf-8")
        except UnicodeDecodeError:
            continue
        if units and units[-1].end == match.start():
            last = units.pop()
            units.append(_Seq(last.start, match.end(), (last.decoded or "") + decoded))
        else:
            units.append(_Seq(match.start(), match.end(), decoded))
    return units


def _decode_orphan(text: str, patterns: _Patterns) -> str | None:
    try:
        decoded = (b"\xf0" + _to_bytes(text, patterns)).decode("utf-8")
    except UnicodeDecodeError:
        return None
    # With second byte 0x9F only lead 0xF0 yields an assigned code point (the
    # 0xF1-0xF3 planes are empty), so the repair is still exact; demand an
    # actual emoji-block symbol to keep legitimate "ü" + two letters out.
    if 0x1F000 <= ord(decoded) <= 0x1FAFF and unicodedata.category(decoded) in ("So", "Sk"):
        return decoded
    return None


def _sequences(line: str, encoding: str) -> list[_Seq]:
    """Decodable pieces of the line, in order; adjacent pieces form one span."""
    patterns = _PATTERNS[encoding]
    units: list[_Seq] = []
    for match in patterns.run.finditer(line):
        units.extend(_decode_run(line, match.start(), match.end(), patterns))
    extra: list[_Seq] = []
    # Units come out of finditer sorted and disjoint, so bisect finds overlaps.
    starts = [unit.start for unit in units]
    if patterns.orphan is not None and _ORPHAN_TRIGGER in line:
        ends = {unit.end for unit in units}
        for match in patterns.orphan.finditer(line):
            i = match.start()
            if _covered(units, starts, i):
                continue
            if i not in ends and not _leads_its_cell(line, i, match.end()):
                continue
            decoded = _decode_orphan(match.group(), patterns)
            if decoded is not None:
                extra.append(_Seq(i, match.end(), decoded))
                ends.add(match.end())
    if patterns.truncated is not None:
        for match in patterns.truncated.finditer(line):
            if not _covered(units, starts, match.start()):
                extra.append(_Seq(match.start(), match.end(), None))
    if extra:
        units = sorted(units + extra)
    return units


def _leads_its_cell(line: str, start: int, end: int) -> bool:
    """Whether ``line[start:end]`` stands first in its line or table cell.

    "ü" plus two Mac Roman letters is also plain Turkish ("üçüncü" reads as
    U+1F35F), so a lead-less emoji is believed only where READMEs put emoji:
    first in a heading, list item, link text or table cell, not run into a
    word, or else glued to other mojibake.
    """
    following = line[end : end + 1]
    if following.isascii() and following.isalpha():
        return False
    cell = line[line.rfind("|", 0, start) + 1 : start]
    return not any(ch.isalpha() for ch in cell)


def _covered(units: list[_Seq], starts: list[int], i: int) -> bool:
    k = bisect.bisect_right(starts, i) - 1
    return k >= 0 and i < units[k].end


def _pair_ok(line: str, start: int, end: int, decoded: str, context: bool) -> bool:
    """Whether a lone two-character sequence is believable as mojibake.

    Without ``context`` (an inner layer of double encoding) only the code
    point ranges are checked: the neighbours seen are not the original ones.
    """
    cp = ord(decoded)
    if 0x386 <= cp <= 0x3CE:
        # Greek letters (alpha, lambda, ...) are common in ML paper titles.
        return decoded.isalpha()
    if not 0xA0 <= cp <= 0x17F:
        # Other targets (IPA, Cyrillic singletons, Hebrew, NKo...) are what
        # curly quotes or dashes glued to accented letters decode to.
        return False
    if not context:
        return True
    lead, cont = line[start], line[start + 1]
    before = line[start - 1] if start > 0 else ""
    after = line[end] if end < len(line) else ""
    in_word = before.isalpha() or after.isalpha()
    if decoded.isalpha() and not in_word:
        if lead in _MATH_LEADS and cont in _MATHY_CONTINUATIONS:
            # "√π" in a formula.
            return False
        if lead in _WORD_LEADS and not cont.isalpha():
            # "Å" is a word on its own (a place name, a unit), "Ä" nearly so.
            return False
    if not cont.isalpha() and before.isupper() and not after.isalpha():
        # "IRMÃ”" is IRMÃ before a closing quote: an uppercase word ending in
        # an accented capital, then a symbol.
        return False
    return True


# Lead characters that are whole words in some language.
_WORD_LEADS = frozenset("ÅÄ")

# Blocks a lone three- or four-byte sequence may decode to.  Mojibake of
# everyday text lands here (quotes, dashes, arrows, check marks, CJK, kana,
# Hangul, Vietnamese, fullwidth forms, emoji); rarer blocks (CJK extension A,
# Coptic, Gujarati...) are what coincidences like "‰¶†" decode to.
_SINGLE_CHAR_BLOCKS = (
    (0x1E00, 0x1EFF),
    (0x2000, 0x2BFF),
    (0x3000, 0x30FF),
    (0x4E00, 0x9FFF),
    (0xAC00, 0xD7A3),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFF00, 0xFFEF),
    (0x1D400, 0x1D7FF),
    (0x1F000, 0x1FAFF),
)


def _single_ok(line: str, start: int, decoded: str, context: bool) -> bool:
    """Whether one three- or four-byte sequence on its own is believable."""
    cp = ord(decoded)
    if not any(lo <= cp <= hi for lo, hi in _SINGLE_CHAR_BLOCKS):
        return False
    category = unicodedata.category(decoded)
    if category in ("Mn", "Me"):
        # A lone combining mark is only believable as an emoji selector.
        return decoded in "\ufe0e\ufe0f"
    if category == "Lo" and context and start > 0:
        # One CJK/kana/Hangul character glued to the end of a Latin word is
        # "café”¹", not Chinese: real CJK mojibake comes in words.
        before = line[start - 1]
        return not (before.isalpha() and ord(before) < 0x250)
    return _char_ok(decoded)


# Script groups for the letters of a multi-character repair.  A garbled run is
# a stretch of original text with no ASCII in it, so in practice one word of
# one script plus symbols; letters from blocks not listed here (IPA,
# Armenian, Syriac, NKo...) or from two alphabets at once mean coincidence.
_SCRIPT_BLOCKS = (
    (0x00A0, 0x024F, "latin"),
    (0x0300, 0x036F, ""),
    (0x0370, 0x03FF, "greek"),
    (0x0400, 0x052F, "cyrillic"),
    (0x0590, 0x05FF, "hebrew"),
    (0x0600, 0x06FF, "arabic"),
    (0x0900, 0x0DFF, "indic"),
    (0x0E00, 0x0EFF, "thai"),
    (0x1100, 0x11FF, "cjk"),
    (0x1E00, 0x1EFF, "latin"),
    (0x1F00, 0x1FFF, "greek"),
    (0x2000, 0x2BFF, ""),
    (0x2E80, 0x2FDF, "cjk"),
    (0x3000, 0x4DBF, "cjk"),
    (0x4E00, 0x9FFF, "cjk"),
    (0xAC00, 0xD7AF, "cjk"),
    (0xF900, 0xFAFF, "cjk"),
    (0xFE00, 0xFE6F, ""),
    (0xFEFF, 0xFEFF, ""),
    (0xFF00, 0xFFEF, "cjk"),
    (0x1D400, 0x1D7FF, ""),
    (0x1F000, 0x1FAFF, ""),
    (0x20000, 0x3134F, "cjk"),
    (0xE0020, 0xE007F, ""),
    (0xE0100, 0xE01EF, ""),
)


def _script(ch: str) -> str | None:
    """The script group of a character in the repair, or None if implausible."""
    cp = ord(ch)
    for lo, hi, group in _SCRIPT_BLOCKS:
        if cp < lo:
            return None
        if cp <= hi:
            # Only letters carry a script; digits, marks and symbols go anywhere.
            return group if ch.isalpha() else ""
    return None


def _run_ok(decoded: str) -> bool:
    scripts: set[str] = set()
    for ch in decoded:
        if not _char_ok(ch):
            return False
        group = _script(ch)
        if group is None:
            return False
        if group:
            scripts.add(group)
    # East Asian text routinely embeds accented Latin or Greek letters without
    # a space ("Café（咖啡）", "α值"); other script mixtures do not occur.
    scripts.discard("cjk")
    return len(scripts) <= 1


# Letters a run of just two two-byte sequences may decode to: the everyday
# letters of Latin-1/Latin Extended-A, Greek, and Russian/Ukrainian Cyrillic.
# Two glued pairs still happen by chance in Mac Roman, whose dashes are
# Cyrillic lead bytes ("“∞–∞" reads as "Ұа", "–∞–é" as "аЎ").
_COMMON_PAIR_LETTERS = (
    (0x00AA, 0x017F),
    (0x0386, 0x03CE),
    (0x0401, 0x0401),
    (0x0404, 0x0404),
    (0x0406, 0x0407),
    (0x0410, 0x044F),
    (0x0451, 0x0451),
    (0x0454, 0x0454),
    (0x0456, 0x0457),
)


def _plausible(line: str, start: int, end: int, decoded: str, context: bool) -> bool:
    if len(decoded) == 1:
        # Checked first: coincidental pairs are by far the most frequent.
        if end - start == 2:
            return _pair_ok(line, start, end, decoded, context)
        return _single_ok(line, start, decoded, context)
    if len(decoded) == 2 and end - start == 4:
        for ch in decoded:
            cp = ord(ch)
            if ch.isalpha() and not any(lo <= cp <= hi for lo, hi in _COMMON_PAIR_LETTERS):
                return False
    return _run_ok(decoded)


def _spans(line: str, encoding: str, rounds: int, nested: bool = False) -> list[_Span]:
    """Plausible garbled spans of ``line`` under one encoding.

    ``nested`` marks text that is itself the repair of an outer layer: the
    word context the pair heuristics look at is not the original one there, so
    only the code point checks apply.
    """
    spans: list[_Span] = []
    group: list[_Seq] = []

    def flush() -> None:
        if group:
            start, end = group[0].start, group[-1].end
            if len(group) == 1:
                decoded = group[0].decoded or ""
            else:
                decoded = "".join(seq.decoded or "" for seq in group)
            # Double encoding first: its intermediate text may legitimately
            # hold private-use or C1 characters that the plain checks reject,
            # and two layers of valid UTF-8 are strong evidence on their own.
            # One character is one byte in the wrong encoding, never UTF-8.
            deeper = None
            if rounds > 1 and len(decoded) > 1:
                deeper = _repair_whole(decoded, encoding, rounds - 1)
            if deeper is not None and _run_ok(deeper):
                spans.append(_Span(start, end, deeper, encoding))
            elif _plausible(line, start, end, decoded, not nested):
                spans.append(_Span(start, end, decoded, encoding))
        group.clear()

    for seq in _sequences(line, encoding):
        if seq.decoded is None:
            flush()
            spans.append(_Span(seq.start, seq.end, None, encoding))
            continue
        if group and group[-1].end != seq.start:
            flush()
        group.append(seq)
    flush()
    return spans


def _repair_whole(text: str, encoding: str, rounds: int) -> str | None:
    """Repair of ``text`` if *all* its non-ASCII characters are mojibake."""
    if text.isascii():
        return None
    spans = _spans(text, encoding, rounds, nested=True)
    if not spans or any(span.repair is None for span in spans):
        return None
    covered = 0
    out: list[str] = []
    for span in spans:
        if not text[covered : span.start].isascii():
            return None
        out.append(text[covered : span.start])
        out.append(span.repair or "")
        covered = span.end
    if not text[covered:].isascii():
        return None
    out.append(text[covered:])
    return "".join(out)


def find_mojibake(line: str) -> list[Mojibake]:
    """Garbled runs in one line, left to right, with exact repairs where possible.

    Text garbled up to three times over (by the same encoding) is repaired all
    the way back in one step.
    """
    if line.isascii():
        return []
    candidates: list[tuple[int, int, int, _Span]] = []
    for priority, encoding in enumerate(ENCODINGS):
        for span in _spans(line, encoding, _MAX_ROUNDS):
            candidates.append((span.start, span.start - span.end, priority, span))
    candidates.sort()
    found: list[Mojibake] = []
    taken_until = 0
    for start, _neg_len, _prio, span in candidates:
        if start < taken_until:
            continue
        text = line[span.start : span.end]
        found.append(Mojibake(span.start, span.end, text, span.repair, span.encoding))
        taken_until = span.end
    return found


_PLACEHOLDER_RE = re.compile(
    r"(?P<unknown>\[\?+\])"
    # "¬ß" and "Â§" are § itself garbled as Mac Roman / cp1252 mojibake.
    r"|(?P<section>(?:§|¬ß|Â§)[ \u00a0]?\?+)"
    r"|(?<![A-Za-z0-9])(?P<todo>TODO|TBD|FIXME|XXX)(?![A-Za-z0-9])"
    r"|(?<![\w.])(?P<arxiv>[0-9]{4}\.[0-9]{4,5}|(?:[0-9]{4}|[Xx]{4})\.[Xx]{4,5})"
    r"(?:v[0-9]+)?(?!\w|\.[0-9])"
)

_KINDS = {"unknown": "unknown-ref", "section": "section-ref", "todo": "todo", "arxiv": "fake-arxiv"}


def _fake_arxiv(ident: str) -> bool:
    month, number = ident[2:4], ident[5:]
    if not number.isdigit():
        return True  # "2501.XXXXX" / "XXXX.XXXXX" templates
    if not month.isdigit() or not 1 <= int(month) <= 12:
        # Not an arXiv id at all (e.g. the float 1024.0000).
        return False
    return number in ("0000", "9999", "00000", "99999")


def find_placeholders(line: str) -> list[Placeholder]:
    """`[?]`, `§??`, TODO/TBD/FIXME/XXX and made-up arXiv ids in one line."""
    found: list[Placeholder] = []
    for match in _PLACEHOLDER_RE.finditer(line):
        group = match.lastgroup
        if group is None:
            continue
        start, end = match.span(group)
        text = line[start:end]
        if group == "arxiv" and not _fake_arxiv(text):
            continue
        found.append(Placeholder(start, end, text, _KINDS[group]))
    return found
