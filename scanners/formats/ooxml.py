"""Shared reading of Office Open XML parts (zip + XML) with the standard library: streamed, bomb-limited.

``defusedxml``'s ``iterparse`` refuses DTD entity tricks (billion laughs, external entities) and keeps memory to
one element at a time (callers clear what they consumed).
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Callable, Iterator
from typing import IO
from xml.etree.ElementTree import Element

from defusedxml.ElementTree import iterparse

from scanners.errors import FormatError
from scanners.formats.base import Context, Format, Limits, Part, Stream
from scanners.formats.streams import Limited


def local(tag: str) -> str:
    """``{namespace}name`` -> ``name`` (strict and transitional OOXML use different namespaces)."""
    return tag.rsplit("}", 1)[-1]


def open_part(zf: zipfile.ZipFile, name: str, limits: Limits) -> IO[bytes]:
    try:
        info = zf.getinfo(name)
    except KeyError as exc:
        raise FormatError(f"part {name} missing from the package") from exc
    if info.flag_bits & 0x1:
        raise FormatError("encrypted document: not examined")
    return Limited(zf.open(info), limits, max(info.compress_size, 1))  # type: ignore[return-value]


def elements(zf: zipfile.ZipFile, name: str, limits: Limits) -> Iterator[Element]:
    """Every element of part ``name`` at its end tag."""
    for _, elem in events(zf, name, limits, ("end",)):
        yield elem


def events(zf: zipfile.ZipFile, name: str, limits: Limits, kinds: tuple[str, ...]) -> Iterator[tuple[str, Element]]:
    """``(event, element)`` for every element of part ``name`` at the events ``kinds`` (``start``, ``end``)."""
    with open_part(zf, name, limits) as raw:
        yield from iterparse(raw, events=kinds)


def relationships(zf: zipfile.ZipFile, part: str, limits: Limits) -> dict[str, str]:
    """Relationship id -> target part name for ``part`` (its ``_rels/NAME.rels``)."""
    folder, name = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", f"{name}.rels")
    if rels not in zf.namelist():
        return {}
    out: dict[str, str] = {}
    for elem in elements(zf, rels, limits):
        if local(elem.tag) == "Relationship" and elem.get("Id") and elem.get("Target"):
            target = str(elem.get("Target"))
            out[str(elem.get("Id"))] = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                posixpath.join(folder, target))
    return out


def text_of(elem: Element, tag: str = "t") -> str:
    """The concatenated text of every ``tag`` descendant (rich-text runs)."""
    return "".join(e.text or "" for e in elem.iter() if local(e.tag) == tag)


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def package(files: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, body in files.items():
            zf.writestr(name, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + body)
    return out.getvalue()


def ooxml_format(name: str, read_zip: Callable[[zipfile.ZipFile, Context], Iterator[Part]],
                 canary: Callable[[str], bytes]) -> Format:
    """The ``Format`` of an Office Open XML package kind: never detected by its first bytes (a zip; ``zip.py``
    tells the kinds apart by their parts), read as a zip by ``read_zip``."""

    def read(stream: Stream, ctx: Context) -> Iterator[Part]:
        with zipfile.ZipFile(stream) as zf:
            yield from read_zip(zf, ctx)

    return Format(name, lambda head: False, read, seekable=True, canary=canary, order=99)
