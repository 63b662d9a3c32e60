"""`add --arxiv/--doi` and `check --online` end to end, against a local HTTP server on 127.0.0.1
(never the real network: every test runs with `socket.connect` refusing any other address).
Every paper, author and repository here is invented."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import CORPUS, FIXTURES, needs_shared
from test_online import Reply, Req, Server, atom_entry, atom_feed, closed_port, server

from mdsurvey.cli.app import main

__all__ = ["server"]  # the fixture, imported for the tests below

SECTION = "Image"

PAPERS = {
    "2608.04444": atom_entry(
        "2608.04444",
        "Pebble Tokens: Sparse Patches\n   for Drone Footage",
        published="2026-08-14T17:59:01Z",
        comment="Accepted at CVPR 2026. Code: https://github.com/pebble-lab/pebble-tokens.",
        authors=("Ines Varga", "Tobi Adeyemi"),
    ),
    "2610.04567": atom_entry(
        "2610.04567",
        "Moth Lamps: Saliency Priors for Night-Time Image Tokens",
        published="2026-10-02T09:00:00Z",
        comment="12 pages; submitted to NeurIPS 2026",
    ),
}

# what `add` is given by hand for 2608.04444: the fetched row must be exactly this one
BY_HAND = [
    "--title",
    "Pebble Tokens: Sparse Patches for Drone Footage",
    "--url",
    "https://arxiv.org/abs/2608.04444",
    "--authors",
    "Ines Varga, Tobi Adeyemi",
    "--date",
    "2026-08",
    "--venue",
    "CVPR 2026",
    "--code",
    "https://github.com/pebble-lab/pebble-tokens",
]


def arxiv_route(srv: Server, papers: dict[str, str]) -> None:
    """The arXiv API: the entries for the ids asked for that exist."""

    def answer(req: Req) -> Reply:
        ids = req.query.get("id_list", "").split(",")
        return (
            200,
            {"Content-Type": "application/atom+xml"},
            atom_feed(*(papers[i] for i in ids if i in papers)),
        )

    srv.routes["/arxiv/query"] = answer


@pytest.fixture(autouse=True)
def local_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[object, ...]]]:
    """Every connection this process opens, recorded; any to a host but 127.0.0.1 fails the test."""
    real = socket.socket.connect
    opened: list[tuple[object, ...]] = []

    def connect(self: socket.socket, address: object) -> None:
        addr = tuple(address) if isinstance(address, tuple) else (address,)
        opened.append(addr)
        assert addr[0] == "127.0.0.1", f"a test tried the network: {address}"
        real(self, address)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", connect)
    yield opened


@pytest.fixture
def no_waits(monkeypatch: pytest.MonkeyPatch) -> None:
    """Retries without backoff and the arXiv API without its 3 s interval: a down network is then
    found out without sleeping real seconds (what is asked is unchanged)."""
    import dataclasses

    from mdsurvey.online.http import HostPolicy, Settings

    real = Settings.from_env

    def from_env(env: object = None) -> Settings:
        s = real(env)  # type: ignore[arg-type]
        fast = {k: HostPolicy(0.0, v.parallel) for k, v in s.policies.items()}
        return dataclasses.replace(s, backoff=0.0, policies=fast)

    monkeypatch.setattr(Settings, "from_env", staticmethod(from_env))


def point_at(monkeypatch: pytest.MonkeyPatch, base: str, cache: Path) -> None:
    """Every online service at `base`, the cache in `cache`, no token."""
    monkeypatch.setenv("MDSURVEY_ARXIV_API", f"{base}/arxiv/query")
    monkeypatch.setenv("MDSURVEY_GITHUB_API", f"{base}/gh")
    monkeypatch.setenv("MDSURVEY_GITHUB_WEB", f"{base}/web")
    monkeypatch.setenv("MDSURVEY_DOI_URL", f"{base}/doi")
    monkeypatch.setenv("MDSURVEY_CACHE_DIR", str(cache))
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)


@pytest.fixture
def survey(tmp_path: Path) -> Path:
    """A copy of the fixture survey in a directory of its own."""
    target = tmp_path / "README.md"
    shutil.copyfile(FIXTURES / "survey.md", target)
    return target


@pytest.fixture
def arxiv(server: Server, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Server:
    """The local server answering as the arXiv API, with the environment pointed at it."""
    arxiv_route(server, PAPERS)
    point_at(monkeypatch, server.base, tmp_path / "cache")
    return server


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of one in-process `mdsurvey` run."""
    code = main(list(argv))
    got = capsys.readouterr()
    return code, got.out, got.err


# ---------------------------------------------------------------- add --arxiv / --doi


@pytest.mark.parametrize(
    "given",
    [
        "2608.04444",
        "2608.04444v2",
        "arXiv:2608.04444",
        "https://arxiv.org/abs/2608.04444v1",
        "https://arxiv.org/pdf/2608.04444v2.pdf",
    ],
)
def test_add_arxiv_dry_run_is_the_row_add_writes_by_hand(
    arxiv: Server, survey: Path, capsys: pytest.CaptureFixture[str], given: str
) -> None:
    before = survey.read_bytes()
    code, fetched, err = run(capsys, "add", str(survey), "--section", SECTION, "--arxiv", given, "--dry-run")
    assert code == 0, err
    assert survey.read_bytes() == before  # a dry run writes nothing
    code, by_hand, _ = run(capsys, "add", str(survey), "--section", SECTION, *BY_HAND, "--dry-run")
    assert code == 0
    assert fetched == by_hand
    added = [x for x in fetched.splitlines() if x.startswith("+|")]
    assert len(added) == 1 and "Pebble Tokens: Sparse Patches for Drone Footage" in added[0]
    assert "CVPR-2026" in added[0] and "pebble-lab/pebble-tokens" in added[0]
    assert arxiv.count("/arxiv/query") == 1


def test_add_arxiv_writes_and_a_second_run_is_served_from_the_cache(
    arxiv: Server, survey: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    other = tmp_path / "other.md"
    shutil.copyfile(survey, other)
    code, _, err = run(capsys, "add", str(survey), "--section", SECTION, "--arxiv", "2608.04444")
    assert code == 0 and "added 'Pebble Tokens: Sparse Patches for Drone Footage'" in err
    code, _, _ = run(capsys, "add", str(other), "--section", SECTION, *BY_HAND)
    assert code == 0
    assert survey.read_bytes() == other.read_bytes()
    shutil.copyfile(FIXTURES / "survey.md", other)
    assert run(capsys, "add", str(other), "--section", SECTION, "--arxiv", "2608.04444")[0] == 0
    assert arxiv.count("/arxiv/query") == 1


def test_flags_override_fetched_fields(
    arxiv: Server, survey: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, diff, _ = run(
        capsys,
        "add",
        str(survey),
        "--section",
        SECTION,
        "--arxiv",
        "2608.04444",
        "--dry-run",
        "--title",
        "Pebble Tokens (Extended)",
        "--venue",
        "ECCV 2026",
        "--code",
        "https://github.com/ines/pt",
    )
    assert code == 0
    [row] = [x for x in diff.splitlines() if x.startswith("+|")]
    assert "Pebble Tokens (Extended)" in row and "Sparse Patches" not in row
    assert "ECCV-2026" in row and "CVPR" not in row
    assert "ines/pt" in row and "pebble-lab" not in row


def test_several_ids_are_refused_before_asking(
    arxiv: Server, survey: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = survey.read_bytes()
    code, out, err = run(
        capsys, "add", str(survey), "--section", SECTION, "--arxiv", "2608.04444", "2610.04567"
    )
    assert (code, out) == (2, "")
    assert err == "mdsurvey: error: --arxiv: 2 ids given; add one at a time\n"
    assert survey.read_bytes() == before and arxiv.seen == []


def test_an_unknown_id_is_one_line_naming_it(
    arxiv: Server, survey: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = survey.read_bytes()
    code, out, err = run(capsys, "add", str(survey), "--section", SECTION, "--arxiv", "2608.09999")
    assert (code, out) == (2, "")
    assert err == "mdsurvey: error: --arxiv 2608.09999: arXiv has no paper 2608.09999\n"
    assert survey.read_bytes() == before


def test_not_an_id_is_refused_without_asking(
    arxiv: Server, survey: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "add", str(survey), "--section", SECTION, "--arxiv", "pebbles")
    assert code == 2 and err.startswith("mdsurvey: error: --arxiv pebbles: ") and err.count("\n") == 1
    assert arxiv.seen == []


def test_network_down_is_could_not_reach_arxiv(
    no_waits: None,
    survey: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    point_at(monkeypatch, f"http://127.0.0.1:{closed_port()}", tmp_path / "cache")
    before = survey.read_bytes()
    code, out, err = run(capsys, "add", str(survey), "--section", SECTION, "--arxiv", "2608.04444")
    assert (code, out) == (2, "")
    assert err.startswith("mdsurvey: error: could not reach arXiv: ") and err.count("\n") == 1
    assert survey.read_bytes() == before


def test_plain_add_never_touches_the_network(
    survey: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    local_only: list[tuple[object, ...]],
) -> None:
    point_at(monkeypatch, f"http://127.0.0.1:{closed_port()}", tmp_path / "cache")
    code, _, err = run(capsys, "add", str(survey), "--section", SECTION, *BY_HAND)
    assert code == 0, err
    assert local_only == []  # not one connection, not even to the closed port
    assert not (tmp_path / "cache").exists()


def test_add_doi(
    server: Server,
    survey: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    csl = {
        "title": "Lichen Graphs for Sparse Image Tokens",
        "author": [{"given": "Ines", "family": "Varga"}, {"given": "Oskar", "family": "Lindell"}],
        "issued": {"date-parts": [[2026, 6, 3]]},
        "container-title": "Proceedings of CVPR 2026",
        "URL": "https://example.invalid/lichen",
        "type": "paper-conference",
    }
    server.route(
        "/doi/10.5555/lichen.42",
        (200, {"Content-Type": "application/vnd.citationstyles.csl+json"}, json.dumps(csl).encode()),
    )
    point_at(monkeypatch, server.base, tmp_path / "cache")
    code, diff, err = run(
        capsys, "add", str(survey), "--section", SECTION, "--doi", "10.5555/lichen.42", "--dry-run"
    )
    assert code == 0, err
    code, by_hand, _ = run(
        capsys,
        "add",
        str(survey),
        "--section",
        SECTION,
        "--dry-run",
        "--title",
        "Lichen Graphs for Sparse Image Tokens",
        "--url",
        "https://example.invalid/lichen",
        "--authors",
        "Ines Varga, Oskar Lindell",
        "--date",
        "2026-06",
        "--venue",
        "CVPR 2026",
    )
    assert diff == by_hand and "Lichen Graphs" in diff
    code, _, err = run(capsys, "add", str(survey), "--section", SECTION, "--doi", "10.5555/nothing")
    assert (
        code == 2 and err == "mdsurvey: error: --doi 10.5555/nothing: doi.org knows no DOI 10.5555/nothing\n"
    )


# ---------------------------------------------------------------- check --online

PLANTED = Path(__file__).resolve().parent / "online" / "planted.md"
PLANTED_BASE = "http://127.0.0.1:9"  # the fixture's stand-in for the test server's base URL

CHECK_PAPERS = {
    "2608.04444": PAPERS["2608.04444"],
    "2610.04567": PAPERS["2610.04567"],
    "2609.01234": atom_entry(
        "2609.01234", "Frost Maps: Night-Time Saliency, Revisited", published="2026-08-31T23:30:00Z"
    ),
    "2610.04568": atom_entry(
        "2610.04568",
        "Moth Lamps: Saliency Priors for Night-Time Image Tokens",
        published="2026-10-05T08:00:00Z",
    ),
    "2608.05555": atom_entry(
        "2608.05555", "Gravel Codes: Entropy Bounds for Pebbles", published="2026-08-02T08:00:00Z"
    ),
}


def gh_repo(full: str, archived: bool = False) -> Reply:
    return (
        200,
        {"Content-Type": "application/json"},
        json.dumps({"full_name": full, "archived": archived}).encode(),
    )


def planted_routes(srv: Server) -> None:
    """The server's answers for every link of tests/online/planted.md."""
    arxiv_route(srv, CHECK_PAPERS)
    srv.route("/ok", (200, {}, b"ok"))
    srv.route("/new", (200, {}, b"moved here"))
    srv.route("/old", (301, {"Location": "{base}/new"}, b""))
    srv.route("/temp", (302, {"Location": "{base}/ok"}, b""))
    srv.route("/gh/repos/pebble-lab/pebble-tokens", gh_repo("pebble-lab/pebble-tokens"))
    srv.route("/gh/repos/Pebble-Lab/pebble-tokens", gh_repo("pebble-lab/pebble-tokens"))
    srv.route("/gh/repos/moth/lamps", (301, {"Location": "{base}/gh/repositories/77"}, b""))
    srv.route("/gh/repositories/77", gh_repo("wren-okafor/moth-lamps"))
    srv.route("/gh/repos/old/frozen", gh_repo("old/frozen", archived=True))
    srv.route("/gh/repos/nobody/nothing", (404, {}, b'{"message": "Not Found"}'))


@pytest.fixture
def planted(server: Server, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """tests/online/planted.md pointed at the server (as README.md in a folder of its own)."""
    planted_routes(server)
    point_at(monkeypatch, server.base, tmp_path / "cache")
    folder = tmp_path / "survey"
    folder.mkdir()
    target = folder / "README.md"
    target.write_bytes(PLANTED.read_bytes().replace(PLANTED_BASE.encode(), server.base.encode()))
    monkeypatch.chdir(folder)
    return target


def codes_in(out: str) -> set[str]:
    """The rule codes of the findings in a text report."""
    return {line.split()[1] for line in out.splitlines() if line.startswith("README.md:")}


def test_check_online_reports_each_planted_defect_and_no_near_miss(
    planted: Server, server: Server, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "check", "--online", "--select", "MS7", "--today", "2026-12-01", "README.md")
    assert err == ""  # everything was checked: no warning line
    assert code == 1  # MS701, MS703 and MS705 are errors
    pinned = PLANTED.parent / "planted.expected"
    if os.environ.get("MDSURVEY_UPDATE_RULE_FIXTURES") == "1":  # as tests/test_rule_fixtures.py
        pinned.write_text(out.replace(server.base, PLANTED_BASE), encoding="utf-8", newline="")
    assert out.replace(server.base, PLANTED_BASE) == pinned.read_text(encoding="utf-8")
    assert server.count("/gone-prose") == 0  # prose links are not asked about
    assert server.count("/arxiv/query") == 1  # one batch for every arXiv link and row
    assert server.count("/gh/repos/pebble-lab/pebble-tokens") == 1  # the badge shares the link's look-up


def test_every_online_rule_fires_on_the_planted_file() -> None:
    from mdsurvey.lint.onlinefacts import ONLINE_CODES

    pinned = (PLANTED.parent / "planted.expected").read_text(encoding="utf-8")
    assert [c for c in ONLINE_CODES if f": {c} " not in pinned] == []


def test_online_rules_select_ignore_and_suppression(
    planted: Path, server: Server, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "check", "--online", "--select", "MS701,MS702", "README.md")
    assert {line.split()[1] for line in out.splitlines() if line.startswith("README.md:")} == {
        "MS701",
        "MS702",
    }
    code, out, _ = run(capsys, "check", "--online", "--ignore", "MS7", "README.md", "--select", "MS1")
    assert code == 0 and "MS7" not in out
    # a suppression comment in the row's cell silences an online finding as any other
    text = planted.read_text(encoding="utf-8")
    planted.write_text(
        text.replace(
            "<br>Oskar Lindell | [Project]",
            "<br>Oskar Lindell <!-- mdsurvey-disable-line MS703 --> | [Project]",
        ),
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "check", "--online", "--select", "MS7", "README.md")
    assert "MS703" not in codes_in(out) and "MS701" in codes_in(out)


def test_check_online_second_run_is_served_from_the_cache(
    planted: Path, server: Server, capsys: pytest.CaptureFixture[str]
) -> None:
    first = run(capsys, "check", "--online", "--select", "MS7", "README.md")
    asked = len(server.seen)
    second = run(capsys, "check", "--online", "--select", "MS7", "README.md")
    assert second == first and len(server.seen) == asked
    third = run(capsys, "check", "--online", "--refresh", "--select", "MS7", "README.md")
    assert third == first and len(server.seen) > asked


def test_without_online_the_online_rules_find_nothing_and_nothing_is_asked(
    planted: Path, server: Server, capsys: pytest.CaptureFixture[str], local_only: list[tuple[object, ...]]
) -> None:
    code, out, err = run(capsys, "check", "--select", "MS7", "README.md")
    assert (code, err) == (0, "") and "MS7" not in out
    assert server.seen == [] and local_only == []


def test_network_down_is_one_warning_and_exit_0_unless_strict(
    no_waits: None,
    planted: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    dead = f"http://127.0.0.1:{closed_port()}"
    point_at(monkeypatch, dead, tmp_path / "cache2")
    text = planted.read_text(encoding="utf-8")
    planted.write_text(re.sub(r"http://127\.0\.0\.1:\d+", dead, text), encoding="utf-8")
    code, out, err = run(capsys, "check", "--online", "--select", "MS7", "README.md")
    assert code == 0 and "MS7" not in out
    assert err.count("\n") == 1 and err.startswith("mdsurvey: warning: could not check ")
    assert "the network looks down" in err
    assert run(capsys, "check", "--online", "--strict", "--select", "MS7", "README.md")[0] == 1


def test_check_online_as_a_command(planted: Path, server: Server) -> None:
    """`python -m mdsurvey check --online` in a subprocess: the environment alone points it at the
    local server (the fixture has no other host but arxiv.org and github.com, which go to the APIs)."""
    import subprocess
    import sys

    r = subprocess.run(
        [sys.executable, "-m", "mdsurvey", "check", "--online", "--select", "MS703,MS705", "README.md"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
        check=False,
    )
    assert r.returncode == 1, r.stderr
    assert [line.split()[1] for line in r.stdout.splitlines() if line.startswith("README.md:")] == [
        "MS703",
        "MS705",
    ]


# ---------------------------------------------------------------- fix --online


def test_fix_online_renames_the_repository_in_link_and_badge_and_leaves_the_rest(
    planted: Path, server: Server, capsys: pytest.CaptureFixture[str]
) -> None:
    before = planted.read_text(encoding="utf-8")
    code, out, err = run(capsys, "fix", "--online", "--select", "MS7", "--today", "2026-12-01", "README.md")
    after = planted.read_text(encoding="utf-8")
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines(), strict=True) if a != b]
    # one line changed: the renamed repository's row, its stars badge and its link
    assert len(changed) == 1
    old, new = changed[0]
    assert old.count("moth/lamps") == 2 and "moth/lamps" not in new
    assert new == old.replace("moth/lamps", "wren-okafor/moth-lamps")
    assert "README.md:16: MS706 fixed: moth/lamps -> wren-okafor/moth-lamps" in err
    # the other redirect may land anywhere: unsafe, left for a person (and still reported)
    assert f"{server.base}/old" in after
    left = codes_in(out)
    assert "MS706" not in left and {"MS701", "MS702", "MS703", "MS705"} <= left
    assert code == 1  # errors remain (dead links)
    # the findings left were read from the fixed text: the new name was asked about then, so a
    # second run is served from the cache and has nothing left to fix
    assert server.count("/gh/repos/wren-okafor/moth-lamps") == 1
    asked = len(server.seen)
    again = run(capsys, "fix", "--online", "--select", "MS7", "README.md")
    assert planted.read_text(encoding="utf-8") == after and len(server.seen) == asked
    assert codes_in(again[1]) == left and "fixed" not in again[2]


def test_fix_online_unsafe_follows_the_redirect_and_diff_writes_nothing(
    planted: Path, server: Server, capsys: pytest.CaptureFixture[str]
) -> None:
    before = planted.read_text(encoding="utf-8")
    args = ("fix", "--online", "--unsafe-fixes", "--diff", "--select", "MS7", "README.md")
    code, diff, err = run(capsys, *args)
    assert code == 1 and planted.read_text(encoding="utf-8") == before
    assert "-| [![Arxiv]" in diff and "+| [![Arxiv]" in diff and f"{server.base}/new" in diff
    assert "MS702 would fix" in err and "MS706 would fix" in err


def test_fix_online_makes_no_change_when_the_file_changed_after_asking(
    planted: Path, server: Server, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import mdsurvey.cli.fix as fix_cli

    real = fix_cli._ask_online

    def edit_after_asking(*a: object, **k: object) -> object:
        got = real(*a, **k)  # type: ignore[arg-type]
        planted.write_text(planted.read_text(encoding="utf-8") + "\nA late edit.\n", encoding="utf-8")
        return got

    monkeypatch.setattr(fix_cli, "_ask_online", edit_after_asking)
    run(capsys, "fix", "--online", "--select", "MS7", "README.md")
    text = planted.read_text(encoding="utf-8")
    assert "A late edit." in text and "moth/lamps" in text  # the late edit kept, no stale fix


def test_plain_fix_never_touches_the_network(
    planted: Path, server: Server, capsys: pytest.CaptureFixture[str], local_only: list[tuple[object, ...]]
) -> None:
    run(capsys, "fix", "--select", "MS7", "README.md")
    assert server.seen == [] and local_only == []


HOSTILE = """# Invented survey

- [Lab notes](B/notes#part-3) and `[code](B/in-code)`

<pre>
- [Shown as text](B/in-pre)
</pre>

| Title | Links |
| --- | --- |
| [![Paper](https://img.shields.io/badge/Paper-blue)](B/paper) <br>[Pebble Tokens](B/paper)<br>Ines V. | |
| [Quarry Maps](B/qu\\_arry)<br>Oskar Lindell | [Pipe](B/pipe) [Data](B/data) |
| [Gravel Codes](B/ok)<br>Tobi Adeyemi | [Wiki](B/wiki/Foo_(bar)) [Code](https://github.com/moth/lamps) |
"""


@pytest.fixture
def hostile(server: Server, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A survey whose links the server answers with the redirects a hostile or odd host gives."""
    b = server.base
    server.route("/ok", (200, {}, b"ok"))
    for path in ("/paper", "/notes", "/qu_arry", "/qu%5C_arry", "/qu\\_arry"):
        server.route(path, (301, {"Location": "{base}" + path + "/"}, b""))
    for path in ("/paper/", "/notes/", "/qu_arry/", "/qu%5C_arry/", "/qu\\_arry/"):
        server.route(path, (200, {}, b"here"))
    server.route("/pipe", (301, {"Location": "{base}/a|b"}, b""))
    server.route("/a|b", (200, {}, b"here"))
    server.route("/data", (301, {"Location": "data:,x"}, b""))
    server.route("/gh/repos/moth/lamps", (301, {"Location": "{base}/gh/repositories/77"}, b""))
    server.route("/gh/repositories/77", gh_repo("wren|okafor/moth) lamps"))
    point_at(monkeypatch, b, tmp_path / "cache")
    folder = tmp_path / "survey"
    folder.mkdir()
    target = folder / "README.md"
    target.write_text(HOSTILE.replace("B/", b + "/"), encoding="utf-8")
    monkeypatch.chdir(folder)
    return target


def test_fix_online_on_hostile_answers_writes_only_what_is_certain(
    hostile: Path, server: Server, capsys: pytest.CaptureFixture[str]
) -> None:
    b = server.base
    code, _, err = run(capsys, "fix", "--online", "--unsafe-fixes", "--select", "MS7", "README.md")
    assert code == 0, err  # no internal error (exit 3), no traceback
    text = hostile.read_text(encoding="utf-8")
    # a badge and the title both linking the paper: both follow its slash-only move
    assert text.count(f"{b}/paper/)") == 2 and f"{b}/paper)" not in text
    # the fragment the redirect was not given carries over
    assert f"({b}/notes/#part-3)" in text
    # an escaped title link is asked about as written and left as it is, never an internal error
    assert f"[Quarry Maps]({b}/qu\\_arry)" in text
    # never written: an address that needs escaping in a cell, a non-web redirect, a name GitHub
    # would not allow, a link inside code, an address the link pattern only saw part of
    for kept in (f"({b}/pipe)", f"({b}/data)", "(https://github.com/moth/lamps)", f"({b}/in-code)"):
        assert kept in text
    assert f"({b}/wiki/Foo_(bar))" in text
    assert server.count("/in-code") == 0 and server.count("/wiki") == 0 and server.count("/in-pre") == 0
    assert f"({b}/in-pre)" in text
    assert "a|b" not in text and "data:" not in text and "okafor" not in text


def test_fix_online_names_a_file_once_however_it_is_named(
    planted: Path, server: Server, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, err = run(capsys, "fix", "--online", "--select", "MS706", "README.md", "./README.md")
    assert "wren-okafor/moth-lamps" in planted.read_text(encoding="utf-8")
    assert err.count("MS706 fixed") == 1 and "MS706" not in codes_in(out)


def test_scheme_only_is_a_trailing_slash_of_the_path_only() -> None:
    from mdsurvey.online import LinkResult

    def moved(a: str, b: str) -> bool:
        return LinkResult(a, "web", "moved", [], 301, b).scheme_only

    assert moved("http://x.example/p", "https://www.x.example/p/")
    assert not moved("https://x.example/q?next=/", "https://x.example/q?next=")
    assert not moved("https://x.example/a", "https://x.example/b")


# ---------------------------------------------------------------- check --online on a real survey

CORPUS_SURVEY = CORPUS / "cokeshao__Awesome-Multimodal-Token-Compression" / "image-llm.md"
_ANY_URL = re.compile(r"https?://[^\s()<>\"'|\]]+")
_REPO_ONLY = re.compile(r"https?://(?:www\.)?github\.com/[^/\s]+/[^/\s#?]+/?\Z", re.IGNORECASE)


@needs_shared
def test_check_online_on_a_corpus_file_reports_exactly_the_planted_defects(
    no_waits: None,
    server: Server,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A real survey (read from ../shared at test time, never copied into the repository) whose
    every other link is pointed at the local server, every arXiv id answered with its row's own
    title and every repository found: the online rules report the three planted defects and
    nothing else, and a second run asks nothing."""
    from xml.sax.saxutils import escape

    import mdsurvey
    from mdsurvey.online import repo_of
    from mdsurvey.survey.paper import arxiv_id_of, arxiv_month

    b = server.base
    text = CORPUS_SURVEY.read_text(encoding="utf-8")
    web: list[str] = []

    def local(m: re.Match[str]) -> str:
        url = m.group()
        if _REPO_ONLY.match(url) or arxiv_id_of(url) or url.startswith("https://img.shields.io/"):
            return url  # answered by the (local) APIs; a page inside a repository is a web link
        web.append(url)
        return f"{b}/web/{len(web)}"

    text = _ANY_URL.sub(local, text)
    survey = mdsurvey.loads(text)
    rows = [r for r in survey.rows if r.paper.arxiv_id and r.paper.title]
    repos = [r for r in survey.rows if r.paper.code and repo_of(r.paper.code)]
    titles: dict[str, str] = {}
    for r in rows:
        titles.setdefault(r.paper.arxiv_id or "", r.paper.title or "")
    # the planted defects: a dead link, a renamed repository, an id whose paper has another title
    dead_row = next(r for r in survey.rows if f"{b}/web/" in r.source)
    dead = re.search(rf"{re.escape(b)}/web/\d+", dead_row.source)
    assert dead is not None
    renamed = repo_of(repos[0].paper.code or "")
    wrong = rows[len(rows) // 2]
    titles[wrong.paper.arxiv_id or ""] = "Gravel Codes: Entropy Bounds for Invented Pebbles"

    def default(req: Req) -> Reply:
        if req.path == "/arxiv/query":
            ids = [i for i in req.query.get("id_list", "").split(",") if i in titles]
            month = {i: arxiv_month(i) or "2026-01" for i in ids}
            entries = (atom_entry(i, escape(titles[i]), published=f"{month[i]}-15T12:00:00Z") for i in ids)
            return 200, {"Content-Type": "application/atom+xml"}, atom_feed(*entries)
        if req.path == dead.group().removeprefix(b):
            return 404, {}, b""
        if req.path.lower() == f"/gh/repos/{renamed}".lower():
            return 301, {"Location": "{base}/gh/repositories/5"}, b""
        if req.path == "/gh/repositories/5":
            return gh_repo("wren-okafor/renamed-tokens")
        if req.path.startswith("/gh/repos/"):
            return gh_repo(req.path.removeprefix("/gh/repos/"))
        return 200, {}, b"ok"

    server.default = default
    point_at(monkeypatch, b, tmp_path / "cache")
    folder = tmp_path / "survey"
    folder.mkdir()
    (folder / "image-llm.md").write_text(text, encoding="utf-8")
    monkeypatch.chdir(folder)
    args = ("check", "--online", "--select", "MS7", "--today", "2026-12-01", "image-llm.md")
    _, out, err = run(capsys, *args)
    assert err == ""
    found = sorted((int(x.split(":")[1]), x.split()[1]) for x in out.splitlines() if x.startswith("image"))
    assert found == sorted([(dead_row.line, "MS701"), (repos[0].line, "MS706"), (wrong.line, "MS704")])
    asked = len(server.seen)
    assert run(capsys, *args)[1] == out
    assert len(server.seen) == asked


def test_fix_online_applies_a_rename_in_a_row_a_sort_moved(
    planted: Path, server: Server, capsys: pytest.CaptureFixture[str]
) -> None:
    """The network's fixes describe the file as it was asked about; an offline fix that moves
    their row first (MS403 sorting the table) leaves them applicable where the row went."""
    (planted.parent / "mdsurvey.toml").write_text('order = "newest-first"\n', encoding="utf-8")
    before = planted.read_text(encoding="utf-8")
    args = ("fix", "--online", "--select", "MS403,MS706", "--today", "2026-12-01", "README.md")
    _, _, err = run(capsys, *args)
    after = planted.read_text(encoding="utf-8")
    assert "MS403 fixed" in err and "MS706 fixed" in err, err
    assert "moth/lamps" not in after and after.count("wren-okafor/moth-lamps") == 2
    assert sorted(before.splitlines()) != sorted(after.splitlines())
    again = run(capsys, *args)
    assert planted.read_text(encoding="utf-8") == after and "fixed" not in again[2]


def test_backticks_in_two_cells_make_no_code_span_hiding_a_link() -> None:
    """A code span never crosses a cell's pipe: a link between backticks of two cells is a link."""
    import mdsurvey
    from mdsurvey.lint.config import Config
    from mdsurvey.lint.context import Context
    from mdsurvey.lint.onlinefacts import collect
    from mdsurvey.lint.rules import all_rules

    row = "| [Moss Rings](https://a.example/p) `v1 | [Code](https://b.example/c) | see `x` |"
    survey = mdsurvey.loads(f"| Title | Code | Notes |\n| --- | --- | --- |\n{row}\n")
    ctx = Context(survey, "README.md", Config(), None, None, {r.code: r.severity for r in all_rules()})
    links, _ = collect(ctx)
    assert [u for u, _ in links] == ["https://a.example/p", "https://b.example/c"]


def test_fix_online_parses_the_file_once_and_the_fixed_text_once(
    planted: Path, server: Server, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The parse the network was asked about is the one fixing starts from, and the findings
    left are read from the fixed text's one parse."""
    import mdsurvey.fix.fixer as fixer
    import mdsurvey.lint.reading as reading
    from mdsurvey.survey import parse as parse_mod

    calls: list[int] = []
    real = parse_mod.parse

    def counted(text: str) -> object:
        calls.append(len(text))
        return real(text)

    for mod in (fixer, reading, parse_mod):
        monkeypatch.setattr(mod, "parse", counted)
    run(capsys, "fix", "--online", "--select", "MS706", "README.md")
    assert "wren-okafor/moth-lamps" in planted.read_text(encoding="utf-8")
    assert len(calls) == 2
