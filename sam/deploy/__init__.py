"""Build tooling for the Lambda artifacts: lock, per-function requirements and packages (not shipped in them).

Everything is derived from ``sam/template.yaml`` (each function's ``Handler``, ``Runtime``, ``Architectures``) and
from the code itself (the imports reachable from each handler), never from a list of modules kept by hand.
"""
