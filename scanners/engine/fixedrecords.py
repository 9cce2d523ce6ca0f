"""EBCDIC data without line ends read as the fixed-length records it holds: a mainframe dataset of fixed-length
records (RECFM=FB) sent in binary keeps no record delimiter, so its records run together and a card number in a
column (after an account number, before a name) sits in one line as long as the file.

The record length is found from the bytes: text fields pad with spaces and number fields hold digits in the same
columns of every record, so where a field of spaces or digits starts or ends in one record, it does one record length
further on (and one byte less or more only by chance, where long runs of spaces would still line up). Each length
from ``MIN_LENGTH`` up to a third of the sample is scored by the share of those field ends that recur at that
distance (one AND and one bit count of two big integers per class, at C speed: about 35 ms for 8 KB, paid by EBCDIC
items alone); the shortest length scoring near the best wins (its multiples score as well). Text whose every record
ends in a line end is delimited text, read by its lines. Each record then becomes a line: findings are located by
the record's number (``line``), the column in it and their own byte offset, as ``Record.run_lines`` places text runs.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Protocol

from scanners.engine.finding import Coverage, Record

MIN_LENGTH = 20  # shorter records are not a card file's
MIN_SCORE = 0.5  # the share of field ends a record length must see recur (names vary in length: not 1)
NEAR = 0.85  # its multiples score about as well: the shortest length scoring this share of the best is the length
SAMPLE = 8192  # up to 2730-byte records (three in the sample)
_CLASSES = (  # byte -> 1 for each class: the EBCDIC space, the EBCDIC digits
    bytes(int(b == 0x40) for b in range(256)),
    bytes(int(0xF0 <= b <= 0xF9) for b in range(256)),
)


NOTE = "one record a line, findings located by record (line), column and byte offset"
_LINE_ENDS = b"\x15\x25\x0d"  # NL, LF, CR
# a packed or binary field's byte that decodes to a line break would shift the records' lines: a space instead
_NO_BREAKS = str.maketrans({"\n": " ", "\r": " ", "\x85": " "})


class _Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


def record_length(head: bytes) -> int | None:
    """The fixed record length of EBCDIC data without line ends, or None when no length makes records of it."""
    sample = head[:SAMPLE]
    n = len(sample)
    edges = []  # where a byte's class changes: a field's ends, which recur at the record length and only there
    for table in _CLASSES:
        mask = int.from_bytes(sample.translate(table), "little")
        edges.append(mask ^ (mask >> 8))
    scores: dict[int, float] = {}
    for length in range(MIN_LENGTH, n // 3 + 1):
        keep = (1 << 8 * (n - length)) - 1  # the bytes that have a byte one record further on
        seen = same = 0
        for edge in edges:
            seen += (edge & keep).bit_count()
            same += (edge & (edge >> 8 * length)).bit_count()
        scores[length] = same / seen if seen else 0.0
    if not scores or (best := max(scores.values())) < MIN_SCORE:
        return None
    length = min(length for length, score in scores.items() if score >= best * NEAR)
    ends = sample[length - 1 :: length]  # the last byte of each record: all line ends in delimited text
    return None if not ends.translate(None, _LINE_ENDS) else length


def fixed_records(
    head: bytes, stream: _Readable, length: int, *, encoding: str, source: str, location: Mapping[str, Any],
    chunk: int, coverage: Coverage | None,
) -> Iterator[tuple[Record, int, int]]:
    """Records of about ``chunk`` characters, one fixed-length record a line, with the records and bytes (``head``
    included) read so far (the last pair is final)."""
    data, done, read = head, 0, len(head)
    per = max(1, chunk // (length + 1))  # records per Record
    while data:
        while len(data) < per * length and (block := stream.read(max(per * length - len(data), 1 << 16))):
            data += block
            read += len(block)
        take, data = data[: per * length], data[per * length :]
        count = -(-len(take) // length)
        text = take.decode(encoding, "replace").translate(_NO_BREAKS)  # one character a byte: records stay aligned
        lines = [text[k * length : (k + 1) * length] for k in range(count)]
        offsets = tuple((done + k) * length for k in range(count))
        places = tuple((done + k + 1, 1, 1) for k in range(count))
        done += count
        yield Record(text="\n".join(lines), source=source, location=location, run_offsets=offsets,
                     run_lines=places, coverage=coverage), done, read
