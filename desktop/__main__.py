"""``python -m desktop``: the command line alone."""

import sys

from desktop.cli import main

sys.exit(main())
