"""README.md tells the truth: the rule table is generated, the test command is CI's."""

from __future__ import annotations

import re

from conftest import ROOT

from mdsurvey.lint.rules import all_rules
from mdsurvey.output.ruledocs import rules_markdown

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_rule_table_is_generated_from_the_rule_docs() -> None:
    m = re.search(r"<!-- rules:start -->\n(.*?)<!-- rules:end -->", README, re.DOTALL)
    assert m, "README lost its rule table markers"
    assert m.group(1) == rules_markdown(all_rules())


def test_readme_opens_with_the_two_commands_and_ci_runs_the_second() -> None:
    blocks = re.findall(r"```sh\n(.*?)\n```", README, re.DOTALL)
    install_and_run, tests = blocks[0], blocks[1]
    assert "fixtures/" in install_and_run and "pip install" in install_and_run
    assert "pytest" in tests and ".[test]" in tests
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert tests in ci.splitlines()
