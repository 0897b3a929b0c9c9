"""``python -m desktop``: the command line alone."""

import sys

from desktop.pydantic_start import light_start

light_start()  # before desktop.cli imports pydantic

from desktop.cli import main  # noqa: E402

sys.exit(main())
