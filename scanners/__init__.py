"""The base layer (imports neither ``ivr`` nor ``reports``): card facts (``cards/``), the detection path
(``engine/``, ``detectors/``, ``decoders/``, ``formats/``, ``sources/``), call audio (``audio/``), the scheduled scan
jobs (``jobs/``), the ``spc`` command (``cli/``), AWS plumbing (``aws``) and errors."""

__version__ = "0.1.0"
