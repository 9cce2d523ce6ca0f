"""``python -m scanners.cli``: the ``spc`` command."""

import sys

from scanners.cli.main import main

sys.exit(main())
