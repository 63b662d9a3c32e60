"""MS701 dead-link: a web link is dead (online: only with `check --online`)."""

from __future__ import annotations

from collections.abc import Iterator

from mdsurvey.lint.context import Context
from mdsurvey.lint.findings import Finding
from mdsurvey.lint.onlinefacts import FileResults
from mdsurvey.lint.registry import rule


def dead_link(ctx: Context) -> Iterator[Finding]:
    """With `check --online`: finds a web link that answers 404 or 410, or whose host name does not exist
    (arXiv links are MS703's, GitHub repositories MS705's); a network that is down is one warning, never dead
    links. Offline it finds nothing."""
    return iter(())


def online_findings(ctx: Context, res: FileResults) -> Iterator[Finding]:
    """The MS701 findings of one file, from what the network said."""
    from mdsurvey.online import DEAD  # loaded only by a run that goes online

    for spot, link in res.links:
        if link.kind == "web" and link.state == DEAD:
            yield ctx.finding(
                "MS701",
                spot.line,
                spot.column,
                f"dead link {link.url}: {link.reason}",
                end_column=spot.end_column,
            )


RULE = rule(
    "MS701",
    "dead-link",
    "error",
    "A link is dead (404/410, or no such host) (check --online)",
    why="A dead link is a paper, project page or dataset readers can no longer reach.",
    example="[Project](https://pebble-lab.example/tokens)  (answers 404)",
    fix=None,
    check=dead_link,
)
