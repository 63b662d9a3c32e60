"""Never lose a byte: what `fix`, `add` and `rotate` refuse to write, and what every command refuses to read.

The commands run in-process (`cli.main`) so that a write can be interrupted at a
chosen point (os.fsync, tempfile.mkstemp) and a special file is proven never to
be opened: a guard on os.open/io.open raises instead of blocking on a FIFO or
reading /dev/zero forever, so a regression fails instead of hanging.
"""

from __future__ import annotations

import builtins
import io
import os
import shutil
import signal
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES

import mdsurvey
from mdsurvey.cli.app import main
from mdsurvey.files import write
from mdsurvey.files.source import InputError, read_bytes

TODAY = "2026-11-25"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    c = capsys.readouterr()
    return code, c.out, c.err


def one_error(err: str, name: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(f"mdsurvey: error: {name}"), err
    return lines[0]


def snapshot(folder: Path) -> dict[str, object]:
    """Every entry of a folder tree: link targets, file bytes, modes, inodes."""
    out: dict[str, object] = {}
    for p in sorted(folder.rglob("*")):
        st = p.lstat()
        if p.is_symlink():
            out[p.name] = ("link", os.readlink(p))
        elif p.is_file():
            out[str(p.relative_to(folder))] = ("file", p.read_bytes(), st.st_mode, st.st_ino, st.st_nlink)
        else:
            out[str(p.relative_to(folder))] = ("other", st.st_mode)
    return out


@pytest.fixture
def unsorted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """README.md that `fix` changes (MS204 recolours a badge, MS201 sets a date), as the current directory."""
    target = tmp_path / "README.md"
    shutil.copyfile(FIXTURES / "unsorted.md", target)
    monkeypatch.chdir(tmp_path)
    return target


# ---------------------------------------------------------------- 2: an edit saved while fix writes


def _fsync_then(action: Callable[[], None]) -> Callable[[int], None]:
    real = os.fsync
    calls = [0]

    def fsync(fd: int) -> None:
        real(fd)
        calls[0] += 1
        if calls[0] == 1:  # the temporary file is on disk, the rename has not happened
            action()

    return fsync


def test_append_while_fix_writes_is_kept(
    unsorted: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Was lost: the edit landed in the old inode, which the rename then discarded."""

    def append() -> None:
        with open(unsorted, "ab") as f:
            f.write(b"\nsaved by an editor meanwhile\n")

    before = unsorted.read_bytes()
    monkeypatch.setattr(os, "fsync", _fsync_then(append))
    code, _, err = cli(capsys, "fix", "--today", TODAY)
    assert code == 2
    assert "changed on disk" in one_error(err, "README.md")
    assert unsorted.read_bytes() == before + b"\nsaved by an editor meanwhile\n"
    assert sorted(p.name for p in unsorted.parent.iterdir()) == ["README.md"]


def test_same_size_rewrite_with_old_mtime_is_caught_by_content(unsorted: Path) -> None:
    before = unsorted.read_bytes()
    st = unsorted.stat()
    edited = before.replace(b"#", b"=", 1)
    assert len(edited) == len(before) and edited != before

    def rewrite() -> None:
        with open(unsorted, "r+b") as f:
            f.write(edited)
        os.utime(unsorted, ns=(st.st_atime_ns, st.st_mtime_ns))

    mp = pytest.MonkeyPatch()
    mp.setattr(os, "fsync", _fsync_then(rewrite))
    try:
        with pytest.raises(write.WriteError, match="changed on disk"):
            write.atomic_write(unsorted, "replacement\n", expect=before)
    finally:
        mp.undo()
    assert unsorted.read_bytes() == edited


def test_file_created_while_writing_a_new_one_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "page.md"

    def create() -> None:
        target.write_bytes(b"someone else's page\n")

    monkeypatch.setattr(os, "fsync", _fsync_then(create))
    with pytest.raises(write.WriteError, match="changed on disk"):
        write.atomic_write(target, "mine\n")
    assert target.read_bytes() == b"someone else's page\n"


def test_new_file_gets_the_umask_mode_not_0600(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        write.atomic_write(tmp_path / "new.md", "x\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.md").stat().st_mode) == 0o644


# ---------------------------------------------------------------- 7: read-only file


@pytest.mark.parametrize(
    "command",
    [["fix", "--today", TODAY], ["add", "--section", "Image", "--title", "X", "--authors", "Ada Quill"]],
)
def test_read_only_file_is_refused_even_for_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    """Was replaced through the rename (as root, and as any user owning the folder)."""
    target = tmp_path / "README.md"
    shutil.copyfile(FIXTURES / ("unsorted.md" if command[0] == "fix" else "survey.md"), target)
    target.chmod(0o444)
    monkeypatch.chdir(tmp_path)
    before = snapshot(tmp_path)
    code, _, err = cli(capsys, *command)
    assert code == 2
    assert "read-only" in one_error(err, "README.md")
    assert snapshot(tmp_path) == before
    assert " fixed:" not in err


# ---------------------------------------------------------------- 8: symlinks and hard links


def test_symlink_is_kept_and_its_target_fixed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Was: the link replaced by a regular file, the target never fixed."""
    real_dir = tmp_path / "real"
    real_dir.mkdir()
    real = real_dir / "survey.md"
    shutil.copyfile(FIXTURES / "unsorted.md", real)
    real.chmod(0o640)
    link = tmp_path / "README.md"
    link.symlink_to("real/survey.md")
    monkeypatch.chdir(tmp_path)
    before = real.read_bytes()
    code, _, err = cli(capsys, "fix", "--today", TODAY)
    assert code == 0, err
    assert "MS204 fixed" in err
    assert link.is_symlink() and os.readlink(link) == "real/survey.md"
    assert real.read_bytes() != before
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert sorted(p.name for p in real_dir.iterdir()) == ["survey.md"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["README.md", "real"]
    assert cli(capsys, "fix", "--check", "--today", TODAY)[0] == 0


def test_hard_linked_file_is_refused(unsorted: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Was: the rename split the links, the other name kept the old text."""
    os.link(unsorted, unsorted.parent / "copy.md")
    before = snapshot(unsorted.parent)
    code, _, err = cli(capsys, "fix", "--today", TODAY, "README.md")
    assert code == 2
    assert "2 hard links" in one_error(err, "README.md")
    assert snapshot(unsorted.parent) == before
    assert unsorted.stat().st_nlink == 2


# ---------------------------------------------------------------- 9: directories


@pytest.mark.parametrize("command", ["check", "fix"])
def test_default_readme_that_is_a_directory_is_not_searched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    """Was: check and fix searched README.md/ and rewrote the files inside."""
    folder = tmp_path / "README.md"
    folder.mkdir()
    shutil.copyfile(FIXTURES / "unsorted.md", folder / "inner.md")
    monkeypatch.chdir(tmp_path)
    before = snapshot(tmp_path)
    code, out, err = cli(capsys, command, "--today", TODAY)
    assert code == 2
    assert "is a directory" in one_error(err, "README.md")
    assert out == ""
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("default", [True, False], ids=["default", "named"])
def test_directory_without_markdown_is_not_all_checks_passed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], default: bool
) -> None:
    """Was 'All checks passed!', exit 0, having checked nothing."""
    (tmp_path / "README.md").mkdir()
    (tmp_path / "README.md" / "notes.txt").write_text("not markdown\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    args = ["check"] if default else ["check", "README.md"]
    code, out, err = cli(capsys, *args)
    assert code == 2
    line = one_error(err, "README.md")
    assert ("is a directory" if default else "no Markdown files") in line
    assert "All checks passed" not in out


# ---------------------------------------------------------------- 12: no temporary file possible


def _no_tempfile(*args: Any, **kwargs: Any) -> tuple[int, str]:
    raise PermissionError(13, "Permission denied")


ROW_OLD = (
    "| [![Arxiv](https://img.shields.io/badge/arXiv-2025\\.02-red)]() "
    "<br>[Old Lanterns](https://arxiv.org/abs/2502.01111)<br>Ana Pires "
    "| [![Area](https://img.shields.io/badge/Image--LLM-purple)]() "
    "| [Paper](https://arxiv.org/abs/2502.01111)<br> |"
)
HEADER = "| **Title & Authors** | **Areas** | **Links** |\n| --- | --- | :---: |\n"


def _rotatable(folder: Path) -> None:
    row_new = (
        ROW_OLD.replace("2025\\.02", "2026\\.10").replace("2502.01111", "2610.01111").replace("Old", "New")
    )
    (folder / "README.md").write_text(
        "# S\n\n- [Image LLM](image-llm.md)\n\n### Recent Papers (Last 6 Months)\n\n<details open>\n"
        f"<summary><strong>Image</strong></summary>\n\n{HEADER}{row_new}\n{ROW_OLD}\n</details>\n",
        encoding="utf-8",
    )
    older = (
        ROW_OLD.replace("2502.01111", "2501.02222").replace("2025\\.02", "2025\\.01").replace("Old", "Older")
    )
    (folder / "image-llm.md").write_text(
        f"\n<details open>\n<summary><strong>2025 Image</strong></summary>\n\n{HEADER}{older}\n</details>\n",
        encoding="utf-8",
    )


COMMANDS_THAT_WRITE = {
    "fix": ["fix", "--today", TODAY],
    "add": [
        "add",
        "--section",
        "Image",
        "--title",
        "Quiet Frames",
        "--url",
        "https://arxiv.org/abs/2610.04567",
        "--authors",
        "Ada Quill",
    ],
    "rotate": ["rotate", "--today", TODAY],
}


def _prepare(folder: Path, command: str) -> None:
    if command == "rotate":
        _rotatable(folder)
    else:
        shutil.copyfile(FIXTURES / ("unsorted.md" if command == "fix" else "survey.md"), folder / "README.md")


@pytest.mark.parametrize("command", sorted(COMMANDS_THAT_WRITE))
def test_no_temporary_file_possible_is_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    """Was a PermissionError traceback: mkstemp ran outside the try."""
    _prepare(tmp_path, command)
    monkeypatch.chdir(tmp_path)
    before = snapshot(tmp_path)
    monkeypatch.setattr(tempfile, "mkstemp", _no_tempfile)
    code, _, err = cli(capsys, *COMMANDS_THAT_WRITE[command])
    assert code == 2
    errors = [x for x in err.splitlines() if x.startswith("mdsurvey: error:")]
    assert len(errors) == 1 and f"cannot write in {tmp_path}" in errors[0], err
    assert "Traceback" not in err and " fixed:" not in err
    assert snapshot(tmp_path) == before


@pytest.mark.skipif(IS_ROOT, reason="root may create files in a read-only directory")
@pytest.mark.parametrize("command", sorted(COMMANDS_THAT_WRITE))
def test_read_only_directory_is_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    _prepare(folder, command)
    monkeypatch.chdir(folder)
    before = snapshot(folder)
    folder.chmod(0o555)
    try:
        code, _, err = cli(capsys, *COMMANDS_THAT_WRITE[command])
    finally:
        folder.chmod(0o755)
    assert code == 2
    assert "cannot write in" in err and "Traceback" not in err
    assert snapshot(folder) == before


# ---------------------------------------------------------------- 13, 14: what every command reads

READING_COMMANDS = {
    "check": ["check"],
    "fix": ["fix"],
    "export": ["export"],
    "stats": ["stats"],
    "add": ["add", "--section", "Image", "--title", "X"],
    "rotate": ["rotate", "--today", TODAY],
}


@pytest.fixture
def never_opened(monkeypatch: pytest.MonkeyPatch) -> Iterator[set[str]]:
    """Paths whose opening fails the test (instead of blocking or reading forever)."""
    guarded: set[str] = set()

    def guard(real: Callable[..., Any]) -> Callable[..., Any]:
        def opener(file: Any, *args: Any, **kwargs: Any) -> Any:
            if isinstance(file, (str, os.PathLike)) and os.path.realpath(file) in guarded:
                raise AssertionError(f"opened {file}")
            return real(file, *args, **kwargs)

        return opener

    monkeypatch.setattr(os, "open", guard(os.open))
    monkeypatch.setattr(io, "open", guard(io.open))
    monkeypatch.setattr(builtins, "open", guard(builtins.open))
    yield guarded


def _special(tmp_path: Path, kind: str) -> str:
    if kind == "fifo":
        os.mkfifo(tmp_path / "pipe.md")
        return str(tmp_path / "pipe.md")
    return f"/dev/{kind}"


@pytest.mark.skipif(not hasattr(os, "mkfifo") or not Path("/dev/zero").exists(), reason="POSIX only")
@pytest.mark.parametrize("kind", ["zero", "urandom", "fifo"])
@pytest.mark.parametrize("command", sorted(READING_COMMANDS))
def test_special_file_is_refused_before_it_is_opened(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    never_opened: set[str],
    kind: str,
    command: str,
) -> None:
    """Was: /dev/zero read until memory ran out, a FIFO blocked forever."""
    path = _special(tmp_path, kind)
    never_opened.add(os.path.realpath(path))
    code, out, err = cli(capsys, *READING_COMMANDS[command], path)
    assert code == 2
    line = one_error(err, path)
    assert "not a regular file" in line
    assert out == ""


def test_read_bytes_refuses_a_fifo_swapped_in_after_the_stat(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The stat said regular file, the open found a FIFO: O_NONBLOCK keeps it from blocking."""
    regular = tmp_path / "a.md"
    regular.write_text("# x\n", encoding="utf-8")
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    real_stat = os.stat
    monkeypatch.setattr(
        os, "stat", lambda p, *a, **k: real_stat(regular if str(p) == str(fifo) else p, *a, **k)
    )

    def hung(signum: int, frame: Any) -> None:  # only a guard: a blocking open fails instead of hanging
        raise AssertionError("open blocked on the FIFO")

    old = signal.signal(signal.SIGALRM, hung)
    signal.alarm(30)
    try:
        with pytest.raises(InputError, match="FIFO"):
            read_bytes(fifo)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


NUL_SURVEY = (
    "# Survey\n\n" + "Padding prose that pushes the NUL well past the first 8 KB.\n" * 200 + "\n"
    "| Title | Year |\n|---|---|\n| [Lattice\0 Tokens](https://arxiv.org/abs/2601.00001) | 2026 |\n"
)


@pytest.mark.parametrize("command", sorted(READING_COMMANDS))
def test_nul_byte_past_8_kb_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    """Was parsed: the link text exported with a NUL in it, check passed."""
    data = NUL_SURVEY.encode("utf-8")
    offset = data.index(0)
    assert offset > 8192
    line_no = data.count(b"\n", 0, offset) + 1
    (tmp_path / "README.md").write_bytes(data)
    monkeypatch.chdir(tmp_path)
    before = snapshot(tmp_path)
    code, out, err = cli(capsys, *READING_COMMANDS[command])
    assert code == 2
    line = one_error(err, f"README.md:{line_no}:")
    assert f"NUL byte at byte offset {offset}" in line
    assert out == ""
    assert snapshot(tmp_path) == before


def test_load_refuses_nul_anywhere(tmp_path: Path) -> None:
    (tmp_path / "s.md").write_bytes(NUL_SURVEY.encode("utf-8"))
    with pytest.raises(InputError, match="NUL byte"):
        mdsurvey.load(tmp_path / "s.md")


# ---------------------------------------------------------------- 19: "fixed" only once written


def test_fixed_is_not_reported_when_the_write_fails(
    unsorted: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Was 'MS403 fixed: …' followed by the write error."""
    monkeypatch.setattr(tempfile, "mkstemp", _no_tempfile)
    code, _, err = cli(capsys, "fix", "--today", TODAY)
    assert code == 2
    assert " fixed:" not in err
    one_error(err, "README.md")


@pytest.mark.parametrize("flag", ["--check", "--diff"])
def test_check_and_diff_say_would_fix(unsorted: Path, capsys: pytest.CaptureFixture[str], flag: str) -> None:
    before = unsorted.read_bytes()
    code, _, err = cli(capsys, "fix", flag, "--today", TODAY)
    assert code == 1
    assert "MS204 would fix:" in err and " fixed:" not in err
    assert unsorted.read_bytes() == before


def test_fixed_is_reported_after_the_file_is_written(
    unsorted: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from mdsurvey.cli import fix

    before = unsorted.read_bytes()
    seen: list[bool] = []
    real_err = fix.err

    def err(text: str) -> None:
        if " fixed:" in text:
            seen.append(unsorted.read_bytes() != before)
        real_err(text)

    monkeypatch.setattr(fix, "err", err)
    code, _, _ = cli(capsys, "fix", "--today", TODAY)
    assert code == 0
    assert seen and all(seen)


def test_a_directory_search_skips_vendored_and_virtualenv_folders(tmp_path: Path) -> None:
    """Was: `fix d` rewrote d/venv/lib/site-packages/pkg/NOTES.md (found by review)."""
    from mdsurvey.lint.engine import expand

    broken = (FIXTURES / "broken.md").read_bytes()
    for sub in ("venv/lib/site-packages/pkg", "node_modules/x", "env2/lib", "docs/build", "papers"):
        (tmp_path / sub).mkdir(parents=True)
        (tmp_path / sub / "NOTES.md").write_bytes(broken)
    (tmp_path / "env2" / "pyvenv.cfg").write_text("home = /usr/bin\n", encoding="utf-8")
    found = [p.relative_to(tmp_path).as_posix() for p in expand([str(tmp_path)])]
    assert found == ["papers/NOTES.md"]
