"""Layer 8, cli: the `mdsurvey` command; `main(argv)` runs it and returns the exit code."""

from mdsurvey.cli.app import main

__all__ = ["main"]
