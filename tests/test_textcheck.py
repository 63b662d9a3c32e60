from __future__ import annotations

import itertools

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from mdsurvey.syntax.textcheck import Mojibake, find_mojibake, find_placeholders

CP1252_UNDEFINED = frozenset({0x81, 0x8D, 0x8F, 0x90, 0x9D})


def garble(text: str, encoding: str, times: int = 1) -> str:
    """UTF-8 bytes read back in ``encoding``, the way real mojibake is made.

    Windows and browsers pass cp1252's five undefined bytes through as C1
    controls instead of failing, so this does too.
    """
    for _ in range(times):
        data = text.encode("utf-8")
        if encoding == "cp1252":
            chars = [chr(b) if b in CP1252_UNDEFINED else bytes([b]).decode(encoding) for b in data]
            text = "".join(chars)
        else:
            text = data.decode(encoding)
    return text


def repaired(line: str, found: list[Mojibake]) -> str:
    for m in reversed(found):
        assert m.repair is not None, m
        line = line[: m.start] + m.repair + line[m.end :]
    return line


# --- mojibake: positives -------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "text", "repair", "encoding"),
    [
        ("\uf8ffüìö Contents", "\uf8ffüìö", "📚", "mac_roman"),
        ("## üìö Contents", "üìö", "📚", "mac_roman"),  # the U+F8FF lead byte was lost
        ("| üî• | News |", "üî•", "🔥", "mac_roman"),
        ("‚úÖ Done", "‚úÖ", "✅", "mac_roman"),
        ("caf√© au lait", "√©", "é", "mac_roman"),
        ("K√§se", "√§", "ä", "mac_roman"),
        ("√§", "√§", "ä", "mac_roman"),
        ("Schr√∂dinger", "√∂", "ö", "mac_roman"),
        ("don‚Äôt", "‚Äô", "’", "mac_roman"),
        ("‚Ä¢ item", "‚Ä¢", "•", "mac_roman"),
        ("ÈÉ®ÂàÜ", "ÈÉ®ÂàÜ", "部分", "mac_roman"),
        ("Ê†∑ÂºèÂÆö‰πâ", "Ê†∑ÂºèÂÆö‰πâ", "样式定义", "mac_roman"),
        ("Functional (¬ß3)", "¬ß", "§", "mac_roman"),
        ("[contact us](#Ô∏è-contact)", "Ô∏è", "\ufe0f", "mac_roman"),
        ("‚úâÔ∏è Contact", "‚úâÔ∏è", "✉️", "mac_roman"),
        ("Ã©", "Ã©", "é", "cp1252"),
        ("cafÃ©", "Ã©", "é", "cp1252"),
        ("donâ€™t", "â€™", "’", "cp1252"),
        ("â€œquoted", "â€œ", "“", "cp1252"),
        ("ðŸ”¥ News", "ðŸ”¥", "🔥", "cp1252"),
        ("ï»¿# Title", "ï»¿", "\ufeff", "cp1252"),
        ("25Â°C", "Â°", "°", "cp1252"),
        ("Î±-divergence", "Î±", "α", "cp1252"),
        ("WrocÅ‚aw", "Å‚", "ł", "cp1252"),
        ("AÃ‡ÃƒO", "Ã‡Ãƒ", "ÇÃ", "cp1252"),
        ("Tiáº¿ng", "áº¿", "ế", "cp1252"),
        ("éƒ¨åˆ†", "éƒ¨åˆ†", "部分", "cp1252"),
        ("DESCRIPCIÃ\x93N", "Ã\x93", "Ó", "latin-1"),
        ("operationsâ\x80\x94that", "â\x80\x94", "—", "latin-1"),
    ],
)
def test_mojibake_found_and_repaired(line: str, text: str, repair: str, encoding: str) -> None:
    found = find_mojibake(line)
    assert [(m.text, m.repair, m.encoding) for m in found] == [(text, repair, encoding)]
    (m,) = found
    assert line[m.start : m.end] == m.text


def test_repair_is_exact_re_decoding() -> None:
    for line in ["‚úÖ", "ÈÉ®ÂàÜ", "Ã©", "â€™", "√§"]:
        (m,) = find_mojibake(line)
        assert m.repair == m.text.encode(m.encoding).decode("utf-8")


def test_nested_mojibake_from_the_wild() -> None:
    line = "## ‚Äö√∫√ñ ‚Äö√Ñ√∫"
    found = find_mojibake(line)
    assert [m.text for m in found] == ["‚Äö√∫√ñ", "‚Äö√Ñ√∫"]
    # Two layers of Mac Roman: "‚Äö√∫√ñ" -> "‚úÖ" -> "✅".
    assert [m.repair for m in found] == ["✅", "“"]
    assert repaired(line, found) == "## ✅ “"


@pytest.mark.parametrize("encoding", ["mac_roman", "cp1252", "latin-1"])
@pytest.mark.parametrize("times", [1, 2, 3])
@pytest.mark.parametrize(
    "original",
    ["café", "📚 Contents", "✉️ Contact", "部分 样式定义", "Łódź", "👨‍💻 🇩🇪 1️⃣", "“quoted” — ok"],
)
def test_repeated_garbling_is_undone(original: str, encoding: str, times: int) -> None:
    line = garble(original, encoding, times)
    assert repaired(line, find_mojibake(line)) == original


def test_cjk_may_embed_latin_but_alphabets_do_not_mix() -> None:
    line = garble("Café（咖啡）", "mac_roman")
    assert repaired(line, find_mojibake(line)) == "Café（咖啡）"
    # "ééаа" (Latin then Cyrillic, no space) is not text anyone wrote.
    assert find_mojibake(garble("ééаа", "mac_roman")) == []


def test_ascii_separates_spans() -> None:
    # UTF-8 multi-byte sequences never contain ASCII bytes, so ASCII always
    # ends a garbled run, even between two garbled words.
    line = "ÈÉ®ÂàÜ ÈÉ®ÂàÜ"
    found = find_mojibake(line)
    assert [(m.start, m.end, m.repair) for m in found] == [(0, 6, "部分"), (7, 13, "部分")]


@pytest.mark.parametrize(
    ("line", "text"),
    [
        ("ï¸", "ï¸"),
        ("âœ‰ï¸ Contact", "ï¸"),  # cp1252 has no 0x8F, so U+FE0F lost its last byte
        ("â€œquotedâ€ here", "â€"),  # likewise U+201D and 0x9D
        ("ï¸\ufffd x", "ï¸\ufffd"),
    ],
)
def test_truncated_sequences_are_reported_without_repair(line: str, text: str) -> None:
    truncated = [m for m in find_mojibake(line) if m.repair is None]
    assert [(m.text, m.encoding) for m in truncated] == [(text, "cp1252")]
    assert line[truncated[0].start : truncated[0].end] == text


# --- mojibake: negatives -------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "José Müller, Łukasz Kaiser, Zürich, Gödel, Erdős, Dvořák",
        "naïve façade Ångström crème brûlée São Paulo Straße Fuß",
        "AÇÃO NÃO IRMÃ CAFÉ OLÉ PERÚ NOËL ÅRHUS",
        "a — b – c … d • e",
        "“quoted” ‘single’ „German“ «French» ‹x›",
        "“Über” —Über «élève» …é ’é ‘É",
        "«\u00a0élève\u00a0»",
        "CAFÉ” and Straß’ and NOËL”",
        "“IRMÃ”, “AMANHÔ, IRMÃ—2, IRMÃ·",  # Portuguese capitals, then a symbol
        "the letter “Å” and “Ä”, or (Å·)",
        "un café”¹ and l’été…” later",  # lone CJK glued to a Latin word
        "5 ‰¶† and ·ø° and ‚≥•",  # rare blocks: CJK Ext-A, Greek Ext, Coptic
        "🔥 News ✉️ Contact 📚 ✅ 👨‍💻",
        "部分 样式定义 日本語 한국어",
        "25 °C, 3×3, ±5, 5 µm, § 3, ¶ 2, © 2024, ® ™",
        "√π ≈ 3.14, [0–∞), 1–∞, x ≤ y ≥ z ≠ w",
        "Ελληνικά, Москва, Київ, שלום, عربي",
        "Việt Nam, Tiếng Việt, Brașov, İstanbul",
        "Bu üçüncü deneme; üçü de geldi",
        "üçüncü sütun",
        "Ñandú, España, niño, año",
        "ß” Ö» Ü– É…",
        "“∞–∞”",
        "José–∞–élève",
        "œè œuvre",
    ],
)
def test_clean_text_is_not_mojibake(line: str) -> None:
    assert find_mojibake(line) == []


# --- mojibake: properties ------------------------------------------------------

ACCENTED = "éèêëàâäáãåçñóòôöõúùûüíìîïýÿøæœßÉÈÀÇÑÖÜÅØÆłśźżćńęąőűčšžřěůğ"
WIDE = "部分样式定义日本語汉字中文検索한국어ー（）、。"
# No keycap emoji here: "1️⃣" starts with an ASCII digit, which would leave a
# lone accented letter before it, outside any word.
EMOJI = ["📚", "🔥", "✅", "✉️", "🚀", "👨‍💻", "⭐", "🎉", "🇩🇪"]

ascii_words = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJ", min_size=1, max_size=8)
non_ascii_runs = st.lists(
    st.one_of(st.sampled_from(list(ACCENTED + WIDE)), st.sampled_from(EMOJI)),
    min_size=2,
    max_size=5,
).map("".join)
accented_words = st.tuples(ascii_words, st.sampled_from(list(ACCENTED)), ascii_words).map("".join)
tokens = st.one_of(ascii_words, non_ascii_runs, accented_words)
clean_lines = st.lists(tokens, min_size=1, max_size=6).map(" ".join)


@given(clean_lines, st.sampled_from(["mac_roman", "cp1252", "latin-1"]))
@example("Zürich 部分", "mac_roman")
@example("Łódź 📚📚", "cp1252")
def test_garbled_text_is_found_and_repaired(original: str, encoding: str) -> None:
    assume(not original.isascii())
    # Text that itself reads as mojibake would be "repaired" one layer too deep.
    assume(find_mojibake(original) == [])
    line = garble(original, encoding)
    found = find_mojibake(line)
    assert found
    assert repaired(line, found) == original


REAL_WORDS = (
    "José Müller Łukasz Zürich café naïve façade Ångström Straße Fuß Schrödinger Erdős "
    "Dvořák España niño année élève être Noël über Äpfel Übersicht crème brûlée São AÇÃO "
    "NÃO CAFÉ PERÚ JOSÉ NOËL œuvre cœur Þór Ελληνικά λ-calculus Москва Київ 東京 部分 "
    "样式定义 한국어 日本語 α β γ θ λ μ π σ ω Δ Σ ∞ ≈ ≠ ≤ ≥ ± × ÷ √ ∑ ∫ ∂ ° µ § ¶ © ® ™ € £ ¥ "
    "Việt Tiếng Łódź Kraków Brașov İstanbul 🔥 📚 ✅ ✉️ 🚀 x² 5‰ ½"
).split()
SEPARATORS = [" ", " ", ", ", " — ", "–", ": ", "/", " (", ") ", "\u00a0", " · ", " … ", " • "]
GLUING = {"–", "/", "\u00a0"}


def _glueable(before: str, after: str) -> bool:
    return all(word.isalpha() and len(word) > 1 for word in (before, after))


@st.composite
def real_text(draw: st.DrawFn) -> str:
    words = draw(st.lists(st.sampled_from(REAL_WORDS), min_size=1, max_size=8))
    quotes = draw(st.sampled_from([("", ""), ("“", "”"), ("«", "»"), ("‘", "’"), ("„", "“")]))
    out = [words[0]]
    for before, after in itertools.pairwise(words):
        separator = draw(st.sampled_from(SEPARATORS))
        if separator in GLUING and not _glueable(before, after):
            # Nobody writes "–∞–∞" or "–π–µ": dashes and slashes glue words,
            # not symbols.
            separator = " "
        out += [separator, after]
    return quotes[0] + "".join(out) + quotes[1]


@given(real_text())
def test_real_text_is_never_flagged(line: str) -> None:
    assert find_mojibake(line) == []


# --- placeholders --------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("as shown in [?] and [??]", [("[?]", "unknown-ref"), ("[??]", "unknown-ref")]),
        ('A --> B["2D Image (§??)"]', [("§??", "section-ref")]),
        ("see §? and § ?", [("§?", "section-ref"), ("§ ?", "section-ref")]),
        ('B["Video (¬ß??)"]', [("¬ß??", "section-ref")]),  # § itself garbled
        ("TODO: add link", [("TODO", "todo")]),
        ("(TBD) and FIXME later; XXX", [("TBD", "todo"), ("FIXME", "todo"), ("XXX", "todo")]),
        ("**TODO**", [("TODO", "todo")]),
        ("arXiv:2512.99999", [("2512.99999", "fake-arxiv")]),
        ("https://arxiv.org/abs/2501.00000v2", [("2501.00000", "fake-arxiv")]),
        ("[paper](https://arxiv.org/pdf/1101.9999)", [("1101.9999", "fake-arxiv")]),
        ("arXiv 0704.0000", [("0704.0000", "fake-arxiv")]),
        ("arXiv:XXXX.XXXXX", [("XXXX.XXXXX", "fake-arxiv")]),
        ("arxiv.org/abs/2501.xxxxx", [("2501.xxxxx", "fake-arxiv")]),
    ],
)
def test_placeholders_found(line: str, expected: list[tuple[str, str]]) -> None:
    found = find_placeholders(line)
    assert [(p.text, p.kind) for p in found] == expected
    for p in found:
        assert line[p.start : p.end] == p.text


@pytest.mark.parametrize(
    "line",
    [
        "arXiv:2512.10324 and 2401.00001 and 0704.0001v3",
        "TODOs, todo, Todo, XXXL, TBDs, FIXMEs, MyTODO, TODO2",
        "§ 3, §3.2, ¬ß3 and [1], [a?], [ ? ]",
        "1024.0000 and 3.14159 and 2512.999999 and 12512.99999",
        "version 2012.0000.1",
    ],
)
def test_placeholders_not_found(line: str) -> None:
    assert find_placeholders(line) == []


@given(
    st.integers(15, 29),
    st.integers(1, 12),
    st.integers(1, 99998),
    st.sampled_from(["", "v1", "v12"]),
)
def test_real_arxiv_ids_are_not_placeholders(yy: int, mm: int, number: int, version: str) -> None:
    ident = f"{yy:02d}{mm:02d}.{number:05d}"
    assert find_placeholders(f"https://arxiv.org/abs/{ident}{version}") == []
    assert find_placeholders(f"arXiv:{ident}") == []
