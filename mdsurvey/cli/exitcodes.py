"""The exit codes of every `mdsurvey` command, defined once.

Exit codes: 0 success / nothing found; 1 findings (check), errors left after
fixing (fix), or changes needed (fix --check/--diff); 2 usage error, unreadable input (not a regular file, not
UTF-8, a NUL byte) or a refused write (read-only, hard-linked, changed on
disk, no temporary file possible); 3 internal error (a fix failed its own
verification: nothing was written); 130 interrupted; 141 standard output closed
early (`| head`), as a shell reports SIGPIPE. README.md has the table per command.
"""

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_INTERRUPTED = 130  # 128 + SIGINT
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE
