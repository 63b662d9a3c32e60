"""Every rule, listed once in code order; one module per rule (`ms101_unclosed_fence.py` ...).

The list is explicit: importing a rule module registers nothing, and adding a rule means
adding its module here.
"""

from __future__ import annotations

from collections.abc import Iterable

from mdsurvey.lint.registry import Rule, UnknownCodeError, select_codes
from mdsurvey.lint.registry import unknown_codes as _unknown_in
from mdsurvey.lint.rules import (
    ms101_unclosed_fence,
    ms102_summary_needs_blank_line,
    ms103_unbalanced_details,
    ms104_details_without_summary,
    ms105_delimiter_mismatch,
    ms106_row_cell_count,
    ms107_unescaped_pipe,
    ms108_too_large_to_render,
    ms109_merge_conflict,
    ms110_repeated_header_row,
    ms201_date_arxiv_mismatch,
    ms202_malformed_date,
    ms203_malformed_arxiv_link,
    ms204_badge_color,
    ms205_vocabulary,
    ms206_missing_title,
    ms207_missing_link,
    ms208_missing_authors,
    ms209_paper_link_mismatch,
    ms210_stars_repo_mismatch,
    ms211_empty_link,
    ms212_non_canonical_arxiv_link,
    ms301_broken_anchor,
    ms302_missing_file,
    ms303_broken_file_anchor,
    ms304_malformed_url,
    ms305_empty_link_outside_rows,
    ms401_duplicate_in_section,
    ms402_inconsistent_copies,
    ms403_row_order,
    ms404_stale_recent,
    ms405_missing_from_area_page,
    ms406_copy_differs_from_area_page,
    ms407_pasted_rows,
    ms408_area_contradicts_section,
    ms501_mojibake,
    ms502_placeholder,
    ms503_escaped_utf8_bytes,
    ms601_stale_generated_view,
    ms701_dead_link,
    ms702_moved_link,
    ms703_arxiv_id_missing,
    ms704_arxiv_title_differs,
    ms705_repository_gone,
    ms706_repository_renamed,
    ms707_repository_archived,
    ms708_date_first_version,
)

RULES: tuple[Rule, ...] = (
    ms101_unclosed_fence.RULE,
    ms102_summary_needs_blank_line.RULE,
    ms103_unbalanced_details.RULE,
    ms104_details_without_summary.RULE,
    ms105_delimiter_mismatch.RULE,
    ms106_row_cell_count.RULE,
    ms107_unescaped_pipe.RULE,
    ms108_too_large_to_render.RULE,
    ms109_merge_conflict.RULE,
    ms110_repeated_header_row.RULE,
    ms201_date_arxiv_mismatch.RULE,
    ms202_malformed_date.RULE,
    ms203_malformed_arxiv_link.RULE,
    ms204_badge_color.RULE,
    ms205_vocabulary.RULE,
    ms206_missing_title.RULE,
    ms207_missing_link.RULE,
    ms208_missing_authors.RULE,
    ms209_paper_link_mismatch.RULE,
    ms210_stars_repo_mismatch.RULE,
    ms211_empty_link.RULE,
    ms212_non_canonical_arxiv_link.RULE,
    ms301_broken_anchor.RULE,
    ms302_missing_file.RULE,
    ms303_broken_file_anchor.RULE,
    ms304_malformed_url.RULE,
    ms305_empty_link_outside_rows.RULE,
    ms401_duplicate_in_section.RULE,
    ms402_inconsistent_copies.RULE,
    ms403_row_order.RULE,
    ms404_stale_recent.RULE,
    ms405_missing_from_area_page.RULE,
    ms406_copy_differs_from_area_page.RULE,
    ms407_pasted_rows.RULE,
    ms408_area_contradicts_section.RULE,
    ms501_mojibake.RULE,
    ms502_placeholder.RULE,
    ms503_escaped_utf8_bytes.RULE,
    ms601_stale_generated_view.RULE,
    ms701_dead_link.RULE,
    ms702_moved_link.RULE,
    ms703_arxiv_id_missing.RULE,
    ms704_arxiv_title_differs.RULE,
    ms705_repository_gone.RULE,
    ms706_repository_renamed.RULE,
    ms707_repository_archived.RULE,
    ms708_date_first_version.RULE,
)

REGISTRY: dict[str, Rule] = {r.code: r for r in RULES}


def all_rules() -> list[Rule]:
    """Every rule, in code order."""
    return list(RULES)


def unknown_codes(prefixes: Iterable[str], codes: Iterable[str] | None = None) -> list[str]:
    """The prefixes (case-insensitive) that match none of `codes` (default: every rule's code)."""
    return _unknown_in(prefixes, REGISTRY if codes is None else codes)


def selected(codes: Iterable[str], select: list[str], ignore: list[str]) -> list[str]:
    """Codes chosen by prefix: `MS4` selects every MS4xx rule; longer prefixes win. An opt-in
    rule (default=False) is chosen only when `select` names its full code.

    A prefix that matches no code raises UnknownCodeError: a typo must not select nothing."""
    return select_codes(RULES, codes, select, ignore)


__all__ = ["REGISTRY", "RULES", "Rule", "UnknownCodeError", "all_rules", "selected", "unknown_codes"]
