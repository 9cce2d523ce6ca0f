"""The ``spc`` command: subcommands contributed by each package, the scan command and its output formats.

Set before anything imports numpy: its bundled OpenBLAS otherwise starts a thread per core that spins for ~0.06 s
of CPU at start-up (measured) in every ``spc`` process and scan worker, for matrix products the scan never does.
An explicit ``OPENBLAS_NUM_THREADS`` in the environment wins.
"""

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
