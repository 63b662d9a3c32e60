"""MS702 moved-link: a web link is permanently redirected (online: only with `check --online`)."""

from __future__ import annotations

from collections.abc import Iterator

from mdsurvey.lint.context import Context
from mdsurvey.lint.findings import Applicability, Finding
from mdsurvey.lint.onlinefacts import FileResults, Spot, url_fix
from mdsurvey.lint.registry import rule


def moved_link(ctx: Context) -> Iterator[Finding]:
    """With `check --online`: finds a web link answered with a permanent redirect (301/308) to a page that is
    there, and names where it now points. Offline it finds nothing."""
    return iter(())


def online_findings(ctx: Context, res: FileResults) -> Iterator[Finding]:
    """The MS702 findings of one file, from what the network said."""
    from mdsurvey.online import MOVED  # loaded only by a run that goes online

    moved = [(s, x) for s, x in res.links if x.kind == "web" and x.state == MOVED and x.new_url]
    # one fix for every place of a URL on a line (a badge and the title linking one paper): two
    # fixes of one line would wait for each other
    places: dict[tuple[int, str], list[Spot]] = {}
    for spot, link in moved:
        places.setdefault((spot.line, link.url), []).append(spot)
    for spot, link in moved:
        new_url = link.new_url
        assert new_url is not None
        what = " (only the scheme, www. or a slash)" if link.scheme_only else ""
        # the same page at a new scheme, www. or slash is safe; any other redirect may land on
        # a login or home page: a person looks first (--unsafe-fixes); https -> http never
        downgrade = link.url.lower().startswith("https:") and not new_url.lower().startswith("https:")
        safety = Applicability.SAFE if link.scheme_only and not downgrade else Applicability.UNSAFE
        same = places[(spot.line, link.url)]
        fix = None
        if same[0] is spot:
            move = [(s, link.url, new_url) for s in same]
            fix = url_fix(ctx, res, "MS702", f"{link.url} -> {new_url}", spot.line, move, safety)
        yield ctx.finding(
            "MS702",
            spot.line,
            spot.column,
            f"{link.url} is permanently redirected to {new_url}{what}: point the link there",
            end_column=spot.end_column,
            fix=fix,
        )

RULE = rule(
    "MS702",
    "moved-link",
    "warning",
    "A link is permanently redirected (check --online)",
    why=(
        "A permanent redirect says the page has moved for good; old addresses break when the redirect is "
        "dropped."
    ),
    example="[Project](http://pebble-lab.example/tokens)  (301 to https://pebble.example/tokens)",
    fix=(
        "safe with `fix --online` when only the scheme, www. or a trailing slash changes; unsafe otherwise "
        "(a redirect can land on a login or home page: --unsafe-fixes)"
    ),
    applicability=(Applicability.SAFE, Applicability.UNSAFE),
    check=moved_link,
)
