"""Entry script frozen by PyInstaller into ``nianbao`` (and ``nianbao-cli.exe`` on Windows)."""

import sys

from ui.launcher import main

if __name__ == "__main__":
    sys.exit(main())
