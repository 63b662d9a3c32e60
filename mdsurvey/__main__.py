"""`python -m mdsurvey` and the `mdsurvey` command: the CLI as a short-lived process.

A run builds one survey, checks or rewrites it and exits, so two things a long-lived
program needs are pure cost here. The cyclic garbage collector would walk the
survey's objects again and again as they are made (about a tenth of a check) to free
almost nothing: the process's memory goes back to the system at exit anyway. And
interpreter teardown would free every object one by one. So the collector is off for
the whole run and, once main() has returned (every write is complete by then: writes
are atomic renames made inside main) and stdout and stderr are flushed, the process
ends with os._exit and main()'s exit code (not under a profiler, debugger or coverage
tool: they write their results at a normal exit). Library users (`import mdsurvey`,
`mdsurvey.cli.main`) get neither.
"""

import gc
import os
import sys


def run() -> None:
    """Run the CLI on sys.argv and end the process with its exit code."""
    gc.disable()
    from mdsurvey.cli.app import main

    code = main()
    if sys.getprofile() is not None or sys.gettrace() is not None:
        # a profiler or coverage tool writes its results at normal exit
        sys.exit(code)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BaseException:
        # a closed pipe or a full disk: let the interpreter report it and exit as it always did
        sys.exit(code)
    os._exit(code)


if __name__ == "__main__":
    run()
