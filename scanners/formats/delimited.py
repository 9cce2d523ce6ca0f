"""CSV/TSV whose header row names card data: the header gives each cell of later rows its meaning.

Detected by content only: the first line is a header of field names split by one delimiter (``,``, tab, ``;`` or
``|``), the following complete lines have the same number of fields, and at least one field name is card-ish (a
card number, CVV or expiry column, see ``_csvroles.card_column``; a last-four column in any language), or, with no
card-ish field, at least one names an id (``order_id``, ``tracking_number``: ``idnames.id_key``).

A file whose header names ids and no card data is read as text, line by line, with its header remembered: every
chunk of lines after the first starts with the header again (context only, never reported), so a bare number in an
id-named column is an id-keyed value there too (``scanners.cards.csvheader``), while every other column, and the
rows' own context (a card number, its expiry and security code side by side), is scanned as before.

Rows are streamed in batches (``BATCH`` rows, never the file) and each column of a batch is scanned as
``column: value`` lines, so ``cvc: 737`` is a CVV, ``exp_month: 12, exp_year: 29`` (or ``mes``/``año`` beside
``últimos4``; the year joined to the month, after the row number) an expiry, and ``order_id: <digits>`` stays quiet
as an id-keyed value does anywhere else. Findings name ``column`` and ``row`` (1-based, the header is row 1, as a
spreadsheet shows it) and the file ``line`` of the value: the row's, or in a row whose quoted cells span lines, the
line its cell is on (``_csvcells``).

A column's role is read from its field's own name (``_csvroles.field_name``: Data Loader's ``CARD_EXPIRY__C``, Zoho's
``Card Expiry (Custom)``); the line PowerShell's ``Export-Csv`` writes before its header (``#TYPE …``) is passed
over, and counts as row 1, as a spreadsheet shows it. A field history export (``_csvhistory``) names the values of
each row by the row's field cell: ``Card Expiry`` over ``Old Value`` and ``New Value``.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from functools import partial
from itertools import chain
from operator import methodcaller
from typing import TextIO

from scanners.cards.cardparts import joined, part_run
from scanners.cards.idnames import id_key
from scanners.cards.keyparse import norm
from scanners.detectors.card_summary import masked_number
from scanners.detectors.vocabulary import Expiry
from scanners.engine.sniff import sniff_encoding
from scanners.engine.textio import TextReader, count_breaks
from scanners.errors import BinaryContentError
from scanners.formats._csvcards import names_card, number_columns, programme_labels, test_rows
from scanners.formats._csvcells import cell_texts, column_text, one_line, row_lines, slashed_dates, spans
from scanners.formats._csvhistory import history_columns, row_labels
from scanners.formats._csvroles import card_column, cell_label, field_name, header_keys, pair_label
from scanners.formats._csvrows import Grid, Rows, Table, as_rows
from scanners.formats._csvsummary import expiry_column, header_roles, metadata_row
from scanners.formats.base import Context, Format, Part, Stream, Text
from scanners.formats.streams import peek

DELIMITERS = (",", "\t", ";", "|")
BATCH = 1024  # rows held at a time
READ_HINT = 1 << 18  # characters of lines read at a time
# letters in any language (Prüfziffer, Número de tarjeta), and the signs a header writes in them: a number sign
# (``N° carte``, ``Nº de tarjeta``), an elision (``Date d'expiration``), a currency or a unit (``Montant €``,
# ``Amount ($)``), a report's object and field (Salesforce's ``Payment Method: ID``, ``Field / Event``), a form's
# question (Google Forms' ``How can we help?``), and Indic vowel signs (``कार्ड``), part of a word but no ``\w``
_NAME = re.compile(r"[^\W\d][\w .#\-\u00b0\u00ba'\u2019\u20ac\u00a3$%()/:?\u0900-\u0dff]{0,63}")
# PowerShell's ``Export-Csv`` (5.1, or 7 with ``-IncludeTypeInformation``) writes the objects' type on a line before
# the header: ``#TYPE System.Management.Automation.PSCustomObject``; ``Import-Csv`` skips it, and so does the sniff
_TYPE_LINE = re.compile(r"#TYPE [^\r\n,;|\t]{1,300}")
_MONTH, _YEAR = Expiry.MONTH_KEY, Expiry.YEAR_KEY
_DIGIT_RUN = re.compile(r"[0-9]{3}")  # a header repeated as context holds no number a detector could report


def type_line(line: str) -> bool:
    """``line`` is the ``#TYPE`` line ``Export-Csv`` writes before its header (``_TYPE_LINE``)."""
    return line.startswith("#TYPE ") and _TYPE_LINE.fullmatch(line.rstrip("\r\n")) is not None


def sniff(head: bytes) -> str | None:
    """The delimiter of a CSV/TSV header with card-ish columns at the start of ``head``; None otherwise."""
    found = _sniff(head)
    return found[0] if found is not None and found[1] else None


def sniff_ids(head: bytes) -> str | None:
    """The delimiter of a CSV/TSV header at the start of ``head`` that names ids and no card data; None otherwise."""
    found = _sniff(head)
    return found[0] if found is not None and not found[1] else None


def _sniff(head: bytes) -> tuple[str, bool] | None:
    """(delimiter, whether a field is card-ish) of a header with card-ish or id-named fields, else None."""
    try:
        text = head.decode(sniff_encoding(head), errors="replace").lstrip("\ufeff")
    except BinaryContentError:
        return None
    lines = text.splitlines()
    if len(head) >= 8192 or not text.endswith(("\n", "\r")):
        lines = lines[:-1]  # the last line may be cut
    if lines and type_line(lines[0]):
        lines = lines[1:]
    if len(lines) < 2:
        return None
    first = lines[0].lstrip()[:1]
    if not lines[0].startswith('"') and not (first.isalpha() or first == "_"):  # a letter of any script: 日付, Fecha
        return None  # the first field cannot be a name (a JSON line, a timestamp...): no delimiter can make it one
    for delim in DELIMITERS:
        if delim not in lines[0]:
            continue
        rows = list(csv.reader(io.StringIO("\n".join(lines[:9])), delimiter=delim))
        header = [f.strip() for f in rows[0]]
        if len(header) < 2 or not all(_NAME.fullmatch(f) for f in header):
            continue
        cards = (any(map(card_column, header)) or "last4" in header_keys(tuple(header), tuple(map(norm, header)))
                 or history_columns(tuple(header)) is not None)  # a field history: any row may be a card's field
        if not cards and (not any(map(id_key, header)) or _DIGIT_RUN.search(lines[0])):
            continue
        body = [r for r in rows[1:-1] if r] or [r for r in rows[1:] if r]  # the last parsed row may be cut
        if body and all(len(r) == len(header) for r in body):
            return delim, cards
    return None


def read(stream: Stream, ctx: Context) -> Iterator[Part]:
    head = peek(stream)
    found = _sniff(head)
    if found is not None and not found[1]:
        yield from _read_lines(stream)
        return
    delim = found[0] if found is not None else None
    encoding = sniff_encoding(head)
    text = io.TextIOWrapper(stream, encoding="utf-8-sig" if encoding == "utf-8" else encoding, errors="replace",
                            newline="")
    first = 1
    if type_line(_first_line(head.decode(encoding, errors="replace").lstrip("\ufeff"))):
        text.readline()
        first = 2  # the header's line: a spreadsheet shows the ``#TYPE`` line as row 1
    yield Part({}, texts=_texts(text, delim or ",", first))


def _read_lines(stream: Stream) -> Iterator[Part]:
    """A CSV whose header names ids: its lines as plain text, each chunk after the first led by the header."""
    reader = TextReader(stream, source="", location={})
    yield Part({}, texts=_with_header(reader))
    if reader.decode_errors:
        yield Part({}, failed=f"invalid UTF-8 ({reader.decode_errors} characters replaced; the rest was scanned)")


def _with_header(reader: TextReader) -> Iterator[Text]:
    header = ""
    for rec in reader.records():
        text, skip = rec.text, 0
        if rec.first_line == 1 and rec.report_from == 0:
            header = _first_line(text.lstrip("\ufeff"))
            if type_line(header):  # ``Export-Csv``'s ``#TYPE`` line: the header is the next line
                header = _first_line(text.lstrip("\ufeff")[len(header) :].lstrip("\r\n"))
        elif header and (skip := text.find("\n", 0, rec.report_from) + 1) and rec.report_from > 0:
            # the context before the record's own lines starts at its first whole line, after the header
            lead = len(header) + 1
            until = None if rec.report_until is None else rec.report_until - skip + lead
            yield Text(f"{header}\n{text[skip:]}", first_line=(rec.first_line or 1) + count_breaks(text, 0, skip) - 1,
                       report_from=rec.report_from - skip + lead, report_until=until)
            continue
        yield Text(text, first_line=rec.first_line, report_from=rec.report_from, report_until=rec.report_until,
                   first_column=rec.first_column)


def _first_line(text: str) -> str:
    ends = [i for i in (text.find("\n"), text.find("\r")) if i >= 0]
    return text[: min(ends) if ends else len(text)]


def _row_runs(text: TextIO, delim: str, first: int = 1) -> Iterator[tuple[int, Rows]]:
    """``(file line of the first row, rows)``: the header first, then runs of rows each starting one line after the
    previous (only a run's last row may span lines), exactly as ``csv.reader`` splits them.

    Lines are read in batches; a batch without a quote, a carriage return or a line longer than the csv field limit
    is split in C (``csv.reader`` gives the same rows for such lines), as one ``Grid`` when its lines all have the
    same number of fields; any other batch goes through ``csv.reader``, which reads on past the batch when a quoted
    cell spans lines."""
    reader = csv.reader(text, delimiter=delim)
    yield first, [next(reader)]
    line = first + reader.line_num  # the line the next row starts on
    while lines := text.readlines(READ_HINT):
        batch = "".join(lines)
        if '"' not in batch and "\r" not in batch and max(map(len, lines)) <= csv.field_size_limit():
            body = batch[:-1] if batch.endswith("\n") else batch
            delims = set(map(methodcaller("count", delim), lines))
            if len(delims) == 1 and (width := delims.pop() + 1) > 1:  # one width (so no blank line): one split
                yield line, Grid(body.replace("\n", delim).split(delim), width, 0, len(lines))
            else:
                rows = list(map(methodcaller("split", delim), body.split("\n")))
                yield line, [r if r != [""] else [] for r in rows] if [""] in rows else rows  # csv: [] for blank
            line += len(lines)
            continue
        reader = csv.reader(chain(lines, text), delimiter=delim)
        base = first = line
        run: list[list[str]] = []
        while line < base + len(lines):
            try:
                row = next(reader, None)
            except csv.Error:
                if run:  # the rows before the bad one, as csv.reader would have given them
                    yield first, run
                raise
            if row is None:
                break
            start, line = line, base + reader.line_num
            run.append(row)
            if line - start > 1:  # the row spanned lines: its run ends with it
                yield first, run
                first, run = line, []
        if run:
            yield first, run


def _texts(text: TextIO, delim: str, first: int = 1) -> Iterator[Text]:
    """Column texts of batches of at most ``BATCH`` rows whose row number and file line differ by one constant
    (``first``: the header's line, its row)."""
    runs = _row_runs(text, delim, first)
    header = [f.strip() for f in as_rows(next(runs)[1])[0]]
    batch: list[Rows] = []
    size = first_row = offset = 0
    row_no = first + 1
    for line, rows in runs:
        run_offset, pos = line - row_no, 0
        while pos < len(rows):
            if batch and (run_offset != offset or size >= BATCH):
                yield from _columns(header, batch, first_row, offset)
                batch, size = [], 0
            if not batch:
                first_row, offset = row_no + pos, run_offset
            take = rows[pos : pos + BATCH - size]
            batch.append(take)
            size += len(take)
            pos += len(take)
        row_no += len(rows)
    if batch:
        yield from _columns(header, batch, first_row, offset)


def _columns(header: list[str], batch: list[Rows], first_row: int, offset: int) -> Iterator[Text]:
    widths = {r.width for r in batch if isinstance(r, Grid)}.union(*(map(len, r) for r in batch
                                                                       if not isinstance(r, Grid)))
    width = max(len(header), *widths)
    names = header + [f"column {i + 1}" for i in range(len(header), width)]
    fields = tuple(map(field_name, names))  # roles and labels are read from the field's own name: ``_csvroles``
    keys, year, dates, every, ids = header_roles(fields)
    if dates:  # a card summary's rows with no card number: expiry cells are metadata, read as empty (_csvsummary)
        cards = number_columns(fields)  # a card-number cell holding digits: ``_csvcards``
        batch = [[metadata_row(r, dates, ids, cards) if every or any(map(masked_number, r)) or names_card(r, cards)
                  else r for rows in batch for r in as_rows(rows)]]
    parts = [r if isinstance(r, Grid) else Table(r, width) for r in batch]
    last = parts[-1].rows[-1] if isinstance(parts[-1], Table) and parts[-1].rows else []
    lines = row_lines(last)  # the batch's last row spans lines: its cells on later lines are read apart
    history = history_columns(fields)  # a field history: each row's value cells named by its field cell
    tests = test_rows(number_columns(fields), partial(cells_of, parts), first_row)  # their CVVs and expiries: tests
    changed = list(chain.from_iterable(p.column(history[0]) for p in parts)) if history else []
    for c, (name, field) in enumerate(zip(names, fields, strict=True)):
        cells = cells_of(parts, c)
        labels = row_labels(changed, cell_label(field, keys[c])) if history and c in history[1] else None
        if labels is None and c in number_columns(fields):  # ``Gift card,6006…``: a programme's card
            labels = programme_labels(cell_label(field, keys[c]), fields, c, partial(cells_of, parts))
        if lines is not None and c < len(last) and last[c] and (lines[c] or spans(last[c])):
            row = first_row + len(cells) - 1
            label = labels[-1] if labels else cell_label(field, keys[c])
            yield from cell_texts(label, name, last[c], row, row + offset + lines[c])
            cells[-1] = ""
        if not any(cells):
            continue
        if labels is not None:
            text = "\n".join([f"{label}: {one_line(v)}" for label, v in zip(labels, cells, strict=True)])
        elif year is not None and _MONTH.fullmatch(keys[c]):
            # the row number first: a month is never paired with the year of the row above (see monthyear)
            years = list(chain.from_iterable(p.column(year) for p in parts))
            at, year_at = pair_label(field, keys[c]), pair_label(fields[year], keys[year])  # ``mes``: ``exp_month``
            text = "\n".join([f"{first_row + i}. {at}: {one_line(v)}, {year_at}: {one_line(y)}"
                              for i, (v, y) in enumerate(zip(cells, years, strict=True))])
        else:
            if expiry_column(field) or keys[c] == "expiry":  # ``05.28`` read as ``05/28``: ``_csvcells``
                cells = slashed_dates(cells)
            text = column_text(cell_label(field, keys[c]), cells)  # ``Validité``, ``Expires On``: ``_csvroles``
        yield Text(text, {"column": name}, first_line=first_row, line_key="row", row_to_line=offset, test_lines=tests)
    if (run := part_run(fields)) is not None:  # a card number typed over columns ``Karte 1`` to ``Karte 4``
        columns = [list(chain.from_iterable(p.column(c) for p in parts)) for c in range(*run)]
        numbers = [joined(row) or "" for row in zip(*columns, strict=True)]
        if any(numbers):
            yield Text(column_text("card number", numbers), {"column": names[run[0]]}, first_line=first_row,
                       line_key="row", row_to_line=offset)


def cells_of(parts: list[Grid | Table], c: int) -> list[str]:
    """Column ``c``'s cells over a batch's parts."""
    return parts[0].column(c) if len(parts) == 1 else list(chain.from_iterable(p.column(c) for p in parts))


def canary(text: str) -> bytes:
    """A two-column export whose card column is named only in the header (the nightly format canary)."""
    return f"order_id,card_number\nA-1001,{text}\n".encode()


FORMAT = Format("csv", lambda head: _sniff(head) is not None, read, canary=canary, order=95)
