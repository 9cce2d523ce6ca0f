"""Errors raised by the reports package; foreign exceptions are translated once, at the boundary."""

from __future__ import annotations


class ReportError(Exception):
    """Base class for report errors. Messages name the file or setting and what was expected."""


class SigningError(ReportError):
    """The signing key could not be loaded or the signing service failed."""


class CardDataInReport(ReportError):
    """A rendered report would contain card data; it was not written."""


class RemediationError(ReportError):
    """Trace or remediation could not run: a bad run file, a wrong account, an unusable option."""
