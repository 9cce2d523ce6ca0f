"""The text encoding of a byte stream, named from its first bytes (``sniff_encoding``), or binary content refused.

A BOM, NUL bytes where wide text puts them, EBCDIC's byte profile, strict UTF-8 and the legacy code pages' own checks
(``legacy_cjk``, ``legacy_script``, ``legacy_latin``) decide in that order; what none claims is read in a single-byte
encoding, so no text file is left unscanned. Kept apart from ``textio``, which reads the stream in the encoding named
here; the parallel scan and the delimited format ask it too.
"""

from __future__ import annotations

import codecs

from scanners.engine.legacy_cjk import legacy_cjk
from scanners.engine.legacy_latin import legacy_latin
from scanners.engine.legacy_script import legacy_script
from scanners.errors import BinaryContentError

_BOMS = (  # UTF-32's before UTF-16's: the UTF-32LE BOM starts with the UTF-16LE one
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = bytes(c for c in range(32) if c not in (9, 10, 12, 13, 27))
_CP1252_UNDEFINED = (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d")


def _wide_without_bom(sample: bytes) -> str | None:
    """UTF-32 or UTF-16, little or big endian, when NUL bytes sit where mostly-ASCII text in that encoding puts
    them: three of every four bytes (the high ones) for UTF-32, every other byte for UTF-16."""
    quads = len(sample) // 4
    if quads >= 2:
        nuls = [sample[k : 4 * quads : 4].count(0) for k in range(4)]
        if min(nuls[1:]) * 10 >= quads * 9 and nuls[0] * 10 <= quads:
            return "utf-32-le"
        if min(nuls[:3]) * 10 >= quads * 9 and nuls[3] * 10 <= quads:
            return "utf-32-be"
    pairs = len(sample) // 2
    if pairs < 4:
        return None
    even, odd = sample[0 : 2 * pairs : 2].count(0), sample[1 : 2 * pairs : 2].count(0)
    if odd * 10 >= pairs * 7 and even * 10 <= pairs:
        return "utf-16-le"
    if even * 10 >= pairs * 7 and odd * 10 <= pairs:
        return "utf-16-be"
    return None


# EBCDIC text (a mainframe export, IBM code page 037): spaces (0x40), letters, digits and punctuation are bytes 0x40
# and above, most of them 0x80 and above; below 0x40 only its line ends (0x05 tab, 0x0d, 0x15, 0x25), where ASCII text
# has its spaces (0x20). Read as Windows-1252 such a file would give no error and no finding: a silent false "clean".
# A file of fixed-length records (a dataset sent in binary, RECFM=FB) has no line ends at all, and its packed-decimal
# (COMP-3) and binary (COMP) fields put NULs and control bytes between the text fields: a few in each record.
_EBCDIC_TEXT = b"\x05\x0d\x15\x25" + bytes(range(0x40, 0xFF))
_HIGH = bytes(range(0x80, 0x100))
# EBCDIC's letters (a-i, j-r, s-z, A-I, J-R, S-Z), digits and space: 63 of the 256 byte values, most of any text
EBCDIC_WORDS = b"\x40" + b"".join(bytes(range(lo, lo + 9)) for lo in (0x81, 0x91, 0xC1, 0xD1)) + bytes(
    range(0xA2, 0xAA)) + bytes(range(0xE2, 0xEA)) + bytes(range(0xF0, 0xFA))


def _ebcdic(sample: bytes) -> bool:
    """Almost every byte is EBCDIC text or a line end (at most 8 % other bytes: the packed and binary fields of
    records), at least 70 % of them its letters, digits and spaces, many 0x80 and above, and spaces (0x40) are many.
    Random or compressed bytes have about 24 % bytes below 0x40 and 25 % letters, digits and spaces."""
    if len(sample) < 16 or sample.count(0x40) * 20 < len(sample):  # EBCDIC text has spaces (0x40, ASCII "@")
        return False
    other = len(sample.translate(None, _EBCDIC_TEXT))  # bytes that are no EBCDIC text
    high = len(sample) - len(sample.translate(None, _HIGH))
    words = len(sample) - len(sample.translate(None, EBCDIC_WORDS))
    return other * 100 <= len(sample) * 8 and high * 10 >= len(sample) * 3 and words * 10 >= len(sample) * 7


def _valid_utf8(sample: bytes) -> bool:
    """Strict UTF-8, forgiving one multi-byte character cut at the end of the sample."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
    except UnicodeDecodeError:
        return False
    return True


def sniff_encoding(head: bytes) -> str:
    """The text encoding of a stream from its first bytes; raises BinaryContentError for binary data.

    A BOM decides (UTF-8, UTF-32, UTF-16); else UTF-32 or UTF-16, LE or BE, without a BOM (NULs where ASCII text in that
    encoding has them); else EBCDIC (code page 037) when the bytes are EBCDIC text; else UTF-8 when the bytes are valid
    UTF-8; else a legacy CJK code page (EUC-KR, EUC-JP, Shift_JIS, GB18030, Big5) when the sample decodes strictly in
    one as plausible text of its language (``legacy_cjk``); else a single-byte encoding, which reads every byte, so such
    text is scanned whole and reported by its encoding, not as an error: a code page of a non-Latin script
    (Windows-1251, KOI8-R, Windows-1256, ISO-8859-6, Windows-1255, Windows-1253, TIS-620, code page 874) when the
    sample's high bytes read as words of that script (``legacy_script``); else Windows-1250, ISO-8859-2 or Windows-1254
    (which also reads ISO-8859-9) when the sample reads clearly better as Central European or Turkish text
    (``legacy_latin``), else Windows-1252, or Latin-1 when a byte Windows-1252 leaves undefined occurs.
    """
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name
    sample = head[:8192]
    if b"\x00" in sample:
        wide = _wide_without_bom(sample)
        if wide is not None:
            return wide
        if _ebcdic(sample):  # fixed-length records with packed-decimal or binary fields
            return "cp037"
        raise BinaryContentError("binary content (NUL bytes)")
    if not sample.isascii() and not _valid_utf8(sample) and _ebcdic(sample):
        return "cp037"
    if sample and len(sample.translate(None, _CONTROL)) < len(sample) * 0.9:
        raise BinaryContentError("binary content (control bytes)")
    if sample.isascii() or _valid_utf8(sample):
        return "utf-8"
    if legacy := legacy_cjk(sample) or legacy_script(sample) or legacy_latin(sample):
        return legacy
    return "latin-1" if any(b in sample for b in _CP1252_UNDEFINED) else "cp1252"

