"""The nightly evidence job: canaries, scan, controls, run JSON and alert, in one production function."""
