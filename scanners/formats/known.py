"""Binary formats recognised but not read: named in coverage so a person knows what was left unexamined.

Images and audio have no text layer, and 7z, RAR and cabinet archives compress their members, so their bytes hold no
readable text. Other binary files (ELF executables, core dumps, unknown blobs) are not listed here: they are read
by their text runs (``scanners.engine.textruns``), where card data sits as plain text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from scanners.formats.base import Context, Format, Part, Stream

_AUDIO = "audio has no text layer (card numbers keyed as DTMF tones are read by the recordings source)"
_KNOWN: tuple[tuple[str, Callable[[bytes], bool], str], ...] = (
    ("PNG image", lambda h: h[:8] == b"\x89PNG\r\n\x1a\n", "an image has no text layer (OCR is not done)"),
    ("JPEG image", lambda h: h[:3] == b"\xff\xd8\xff", "an image has no text layer (OCR is not done)"),
    ("GIF image", lambda h: h[:6] in (b"GIF87a", b"GIF89a"), "an image has no text layer (OCR is not done)"),
    ("TIFF image", lambda h: h[:4] in (b"II*\x00", b"MM\x00*"), "an image has no text layer (OCR is not done)"),
    ("WAV audio", lambda h: h[:4] == b"RIFF" and h[8:12] == b"WAVE", _AUDIO),
    ("FLAC audio", lambda h: h[:4] == b"fLaC", _AUDIO),
    ("Ogg audio", lambda h: h[:4] == b"OggS", _AUDIO),
    ("7z archive", lambda h: h[:6] == b"7z\xbc\xaf\x27\x1c", "7z archives are not read; extract and scan them"),
    ("RAR archive", lambda h: h[:7] == b"Rar!\x1a\x07\x00" or h[:8] == b"Rar!\x1a\x07\x01\x00",
     "RAR archives are not read; extract and scan them"),
    ("Microsoft Cabinet", lambda h: h[:4] == b"MSCF", "cabinet archives are not read"),
)


def _reader(name: str, why: str) -> Callable[[Stream, Context], Iterator[Part]]:
    def read(stream: Stream, ctx: Context) -> Iterator[Part]:
        yield Part({}, skipped=f"binary content ({name}): {why}; not examined")

    return read


FORMATS = tuple(Format(name, detect, _reader(name, why), order=90) for name, detect, why in _KNOWN)
