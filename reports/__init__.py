"""Evidence for auditors (the top layer: imports ``scanners`` and ``ivr``): the nightly evidence job (``evidence/``),
configuration controls (``controls/``), the report model (``model/``), rendering and exports (``render``, ``exports/``,
``templates/``), signing and verification (``signing``), the auditor's kit (``annotate``), tracing and remediation
(``trace``, ``remediate/``) and ``spc demo`` (``demo/``)."""
