"""Helpers that load a built Lambda artifact in a clean interpreter (used by tests/functional/test_artifacts.py and
tests/benchmarks/bench_artifacts.py)."""
