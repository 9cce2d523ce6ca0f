"""Errors raised by the scanner package.

Messages name the field or the thing that was wrong and what was expected; they never contain a scanned value.
Lower-level exceptions (OSError, botocore errors, zlib errors) are translated once, where they cross into the
scanner, with ``raise ... from exc``.
"""

from __future__ import annotations


class ScanError(Exception):
    """Base class for every error the scanner raises on purpose."""


class ConfigError(ScanError):
    """A setting, option or target is invalid (names the setting and what was expected)."""


class KeyFileError(ConfigError):
    """The fingerprint key file is missing, unreadable, malformed or too widely readable."""


class SourceError(ScanError):
    """A source could not be read at all (for example the bucket or log group does not exist)."""


class FingerprintError(ScanError):
    """The keyed-hash service (local key or KMS GenerateMac) failed."""


class BinaryContentError(ScanError):
    """The content is binary (not text) and was not scanned."""


class UnsupportedAudioError(ScanError):
    """A recording is in an audio format or encoding the DTMF decoder cannot read (the message names the format)."""


class CheckpointError(ScanError):
    """Checkpoint storage failed: the marks could not be read or written, or another run changed them."""


class FormatError(ScanError):
    """A container or document could not be read (corrupt, truncated, hostile); the message names why."""


class BombError(FormatError):
    """Decompressed output went past a size or ratio limit (a decompression bomb, or simply too big)."""


class GzipDamage(FormatError):
    """A gzip stream is truncated or corrupt; what was decompressed before the damage was handed out."""
