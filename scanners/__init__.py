"""Smart Payment Caller: card-data leak scanner."""

__version__ = "0.1.0"
