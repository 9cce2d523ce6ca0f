"""PCI rules for Amazon Connect flow exports (``spc lint-flow`` and the connect_flow control)."""
