"""zip archives: every member an item of its own; encrypted members, unknown methods and bombs are not examined.

Office Open XML files are zips too: a zip holding ``xl/workbook.xml`` is read as a workbook, one holding
``word/document.xml`` as a Word document (see ``xlsx.py``, ``docx.py``);
an OpenDocument package (odt, ods, odp, odg) by ``odf.py``.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

from scanners.errors import FormatError
from scanners.formats import docx, odf, xlsx
from scanners.formats.base import Context, Format, Part, Stream, sanitize_member
from scanners.formats.streams import Limited

METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}


def open_zip(stream: Stream) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
        raise FormatError("corrupt or truncated zip (no readable central directory)") from exc


def read(stream: Stream, ctx: Context) -> Iterator[Part]:
    with open_zip(stream) as zf:
        names = set(zf.namelist())
        if xlsx.WORKBOOK in names:
            ctx.layers[-1] = "xlsx"
            yield from xlsx.read_zip(zf, ctx)
            return
        if docx.DOCUMENT in names:
            ctx.layers[-1] = "docx"
            yield from docx.read_zip(zf, ctx)
            return
        if odf.is_package(zf, names):
            ctx.layers[-1] = "odf"
            yield from odf.read_zip(zf, ctx)
            yield from members(zf, ctx, skip=odf.READ_MEMBERS)
            return
        yield from members(zf, ctx)


def members(zf: zipfile.ZipFile, ctx: Context, skip: frozenset[str] | set[str] = frozenset()) -> Iterator[Part]:
    lim = ctx.limits
    files = [info for info in zf.infolist() if not info.is_dir() and info.filename not in skip]
    for n, info in enumerate(files):
        where = {"member": sanitize_member(info.filename, lim.max_name_chars)}
        if n >= lim.max_members:
            yield Part({"member": f"({len(files) - n} more members)"},
                       skipped=f"archive has more than the limit of {lim.max_members} members: the rest not examined")
            return
        if info.flag_bits & 0x1:
            yield Part(where, skipped="encrypted zip member (password-protected): not examined")
        elif info.compress_type not in METHODS:
            yield Part(where, skipped=f"zip compression method {info.compress_type} not supported: not examined")
        elif info.file_size > lim.max_member_bytes:
            yield Part(where, skipped=f"declared size {info.file_size} bytes over the member limit: not examined")
        elif info.file_size > lim.ratio_floor and info.file_size > lim.max_ratio * max(info.compress_size, 1):
            yield Part(where, skipped=f"compression ratio over the limit of {lim.max_ratio:g}:1 (possible zip bomb): "
                                      "not examined")
        else:
            try:
                member = zf.open(info)
            except (zipfile.BadZipFile, NotImplementedError, RuntimeError, ValueError, OSError) as exc:
                yield Part(where, failed=f"zip member unreadable ({type(exc).__name__})")
                continue
            with member:
                yield Part(where, stream=Limited(member, lim, info.compress_size), size=info.compress_size)


def canary(text: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("exports/canary.txt", text)
    return out.getvalue()


FORMAT = Format("zip", lambda head: head[:4] in (b"PK\x03\x04", b"PK\x05\x06"), read, seekable=True,
                canary=canary, order=20)
