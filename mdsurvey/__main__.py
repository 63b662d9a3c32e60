import sys

from mdsurvey.cli.app import main

sys.exit(main())
