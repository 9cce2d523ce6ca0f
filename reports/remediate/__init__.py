"""Trace and remediation of found card data (``spc trace``, ``spc remediate``)."""
