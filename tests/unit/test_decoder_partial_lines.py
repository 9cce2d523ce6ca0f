"""PartialLinesDecoder: a log line a container runtime split (CRI ``P``/``F`` records, Docker json-file records whose
``log`` does not end in a newline) is joined again, so card data cut by the split is found, on the line where it
starts; unsplit records and other JSON are left alone."""

from __future__ import annotations

import json

import pytest

from scanners.cards.brands import luhn_valid
from scanners.decoders.partial_lines import LINE_MAX, LOGCAT_CHUNK, MAX_PIECES, PIECE_LINE, PartialLinesDecoder
from scanners.engine.core import Backend, Engine
from scanners.engine.limits import OUTPUT, collecting

D = PartialLinesDecoder()
TS = "2024-05-01T07:53:27.875612023Z"


def luhn(body: str) -> str:
    """``body`` with the check digit that makes it Luhn-valid."""
    return next(body + c for c in "0123456789" if luhn_valid(body + c))


PAN = luhn("492906900679218")


def cri(stream: str, tag: str, piece: str) -> str:
    return f"{TS} {stream} {tag} {piece}"


def docker(piece: str, stream: str = "stdout") -> str:
    return json.dumps({"log": piece, "stream": stream, "time": "2024-05-01T07:53:34.871Z"})


def fluent_bit(tag: str, piece: str, stream: str = "stdout") -> str:
    """A record of Fluent Bit's CRI parser as its json_lines output writes it: the runtime's flag in ``_p``."""
    return json.dumps({"date": 1714549999.5, "time": TS, "stream": stream, "_p": tag, "log": piece,
                       "kubernetes": {"pod_name": "ivr-774f5", "namespace_name": "ivr"}}, separators=(",", ":"))


def threadtime(msg: str, tid: int = 4821, tag: str = "OkHttp", level: str = "D") -> str:
    """A line of ``adb logcat -v threadtime``: the tag padded to eight, as logcat pads it."""
    return f"12-07 16:27:24.{tid % 1000:03d}  4816 {tid:5d} {level} {tag:<8}: {msg}"


def brief(msg: str, tag: str = "OkHttp") -> str:
    return f"D/{tag:<8}( 4816): {msg}"


def chunk(tail: str) -> str:
    """The first message OkHttp's Android logger cuts from a long JSON body: ``LOGCAT_CHUNK`` characters ending in
    ``tail``."""
    head = '{"items":[' + '{"sku":"10442817","qty":2},' * 40 + '{"sku":"0"}],"note":"'
    return head + "x" * (LOGCAT_CHUNK - len(head) - len(tail)) + tail


# (id, lines, joined text, types found, the line each type is found on)
CASES = [
    ("cri-pan-cut", [cri("stdout", "P", f"charge card={PAN[:7]}"), cri("stdout", "F", f"{PAN[7:]} amount=12")],
     f"charge card={PAN} amount=12", {"pan": 0}),
    ("cri-interleaved", [cri("stdout", "P", f'{{"number":"{PAN[:5]}'), cri("stderr", "F", "warning: slow"),
                         cri("stdout", "F", f'{PAN[5:]}","cvc":"837"}}')],
     f'{{"number":"{PAN}","cvc":"837"}}', {"pan": 0, "cvv": 2}),
    ("cri-three-pieces", [cri("stdout", "P", "track2=;" + PAN[:4]), cri("stdout", "P", PAN[4:] + "=27"),
                          cri("stdout", "F", "121010000000?")],
     f"track2=;{PAN}=27121010000000?", {"track": 0, "pan": 0}),
    ("docker-keyword-cut", [docker("<creditCard><cardNumber>" + PAN + "</cardNumber><expiration"),
                            docker("Date>2031-02</expirationDate></creditCard>\n")],
     f"<creditCard><cardNumber>{PAN}</cardNumber><expirationDate>2031-02</expirationDate></creditCard>",
     {"pan": 0, "expiry": 1}),
    ("docker-json-escaped", [docker(f'{{"card":{{"number":"{PAN[:9]}'), docker("retrying\n", "stderr"),
                             docker(f'{PAN[9:]}"}}}}\n')],
     f'{{"card":{{"number":"{PAN}"}}}}', {"pan": 0}),
    ("fluent-bit-pan-cut", [fluent_bit("P", f"charge card={PAN[:8]}"), fluent_bit("F", "warning: slow", "stderr"),
                            fluent_bit("F", f"{PAN[8:]} cvv=837")],
     f"charge card={PAN} cvv=837", {"pan": 0, "cvv": 2}),
    ("logcat-threadtime-pan-cut", [threadtime(chunk(f'","card_number":"{PAN[:7]}')), threadtime(f'{PAN[7:]}"}}')],
     chunk(f'","card_number":"{PAN[:7]}') + f'{PAN[7:]}"}}', {"pan": 0}),
    ("logcat-other-thread-between", [threadtime(chunk(f'","card_number":"{PAN[:12]}')),
                                     threadtime("Skipped 31 frames!", 4830, "Choreographer", "I"),
                                     threadtime(f'{PAN[12:]}","cvc":"837"}}')],
     chunk(f'","card_number":"{PAN[:12]}') + f'{PAN[12:]}","cvc":"837"}}', {"pan": 0, "cvv": 2}),
    ("logcat-three-chunks", [threadtime(chunk("")), threadtime(chunk(f'","card_number":"{PAN[:3]}')),
                             threadtime(f'{PAN[3:]}"}}')],
     chunk("") + chunk(f'","card_number":"{PAN[:3]}') + f'{PAN[3:]}"}}', {"pan": 1}),
    ("logcat-brief", [brief(chunk(f'","card_number":"{PAN[:9]}')), brief(f'{PAN[9:]}"}}')],
     chunk(f'","card_number":"{PAN[:9]}') + f'{PAN[9:]}"}}', {"pan": 0}),
]


@pytest.mark.parametrize(("lines", "joined"), [pytest.param(c[1], c[2], id=c[0]) for c in CASES])
def test_the_pieces_are_joined_in_order(lines: list[str], joined: str) -> None:
    text = "\n".join(lines) + "\n"
    (seg,) = list(D.decode(text))
    assert seg.text == joined
    assert seg.encoding == ("partial_lines",)
    assert (seg.start, seg.end) == (0, len(text) - 1)
    assert len(seg.line_starts) == len(lines)


@pytest.mark.parametrize("backend", ["re", "hyperscan"])
@pytest.mark.parametrize(("lines", "where"), [pytest.param(c[1], c[3], id=c[0]) for c in CASES])
def test_the_engine_reports_each_value_on_its_first_line(backend: Backend, lines: list[str],
                                                         where: dict[str, int]) -> None:
    if backend == "hyperscan":
        pytest.importorskip("hyperscan")
    text = "\n".join(["unrelated line", *lines]) + "\n"
    found = {(s.type, text.count("\n", 0, s.start) - 1) for s in Engine(backend=backend).scan_text(text)}
    assert found == set(where.items())


def test_a_later_piece_yields_no_segment_of_its_own() -> None:
    text = "\n".join([cri("stdout", "P", "a"), cri("stdout", "P", "b"), cri("stdout", "F", "c")])
    second = text.index("\n") + 1
    assert list(D.decode(text, second, text.index("\n", second))) == []
    assert [seg.text for seg in D.decode(text, 0, 3)] == ["abc"]


def test_whole_fluent_bit_records_are_read_as_they_are() -> None:
    """Fluent Bit's CRI records drop every line's newline: an ``F`` record is a whole line, however many follow."""
    lines = [fluent_bit("F", f"charge card={PAN} exp=03/30 cvv=837" if i == 70 else f"GET /healthz 200 {i}ms")
             for i in range(MAX_PIECES + 40)]
    text = "\n".join(lines) + "\n"
    with collecting() as reached:
        assert list(D.decode(text)) == []
        found = {(s.type, text.count("\n", 0, s.start), s.encoding) for s in Engine().scan_text(text)}
    assert not reached
    assert found == {("pan", 70, ()), ("expiry", 70, ()), ("cvv", 70, ())}


def test_a_line_of_too_many_pieces_is_cut_and_said_so() -> None:
    text = "\n".join(cri("stdout", "P", "x") for _ in range(MAX_PIECES + 5))
    with collecting() as reached:
        (seg,) = list(D.decode(text, 0, 5))
    assert seg.text == "x" * MAX_PIECES and OUTPUT in reached


@pytest.mark.parametrize(
    "text",
    [
        "\n".join([cri("stdout", "F", f"card {PAN[:7]}"), cri("stdout", "F", PAN[7:])]),  # two whole lines
        "\n".join([docker(f"card {PAN[:7]}\n"), docker(f"{PAN[7:]}\n")]),
        "\n".join([cri("stdout", "P", f"card {PAN[:7]}"), cri("stderr", "F", PAN[7:])]),  # another stream
        "\n".join([docker(f"card {PAN[:7]}"), docker(PAN[7:], "stderr")]),
        "\n".join([cri("stdout", "P", f"card {PAN[:7]}"), f"card {PAN[7:]}"]),  # no record follows
        "\n".join([json.dumps({"log": f"card {PAN[:7]}"}), json.dumps({"log": PAN[7:]})]),  # no stream: no docker
        f'{TS} stdout P card {PAN[:7]}\\n\n{{"log": "{PAN[7:]}\\n", "stream": "stdout"}}',  # a format change
        # a message shorter than the chunk is whole: the next one starting with digits is another message
        "\n".join([threadtime(chunk(f'","card_number":"{PAN[:7]}')[1:]), threadtime(f'{PAN[7:]}"}}')]),
        "\n".join([threadtime(f"order={PAN[:8]}"), threadtime(f"{PAN[8:]} items")]),  # two whole messages
        "\n".join([threadtime(chunk(f"ref={PAN[:7]}")), threadtime(f"{PAN[7:]} ms", 4830)]),  # another thread
        "\n".join([threadtime(chunk(f"ref={PAN[:7]}")), threadtime(f"{PAN[7:]} ms", tag="Retrofit")]),  # another tag
        "\n".join([threadtime(chunk(f"ref={PAN[:7]}")), threadtime(f"{PAN[7:]} ms", level="I")]),  # another level
    ],
    ids=["cri-whole", "docker-whole", "cri-other-stream", "docker-other-stream", "cri-cut-off", "no-stream",
         "mixed-formats", "logcat-short-message", "logcat-whole", "logcat-other-thread", "logcat-other-tag",
         "logcat-other-level"],
)
def test_what_it_leaves_alone(text: str) -> None:
    assert [s for s in Engine().scan_text(text) if s.type == "pan"] == []


OTHER = luhn("535522001234567")
MASKED = PAN[:6] + "******" + PAN[-4:]
FORM = f"card%5Bnumber%5D={PAN}&card%5Bexp_month%5D=3&card%5Bexp_year%5D=2030&card%5Bcvc%5D=348"
# (id, lines, every (type, line) found): a line split into pieces is judged whole, each value on the piece it starts
# on; the pieces read alone say nothing of their own
JUDGED_WHOLE = [
    ("masked-card-then-expiry", [cri("stdout", "P", f"authorised card={MASKED[:9]}"),
                                 cri("stdout", "F", f"{MASKED[9:]} exp=01/30 auth_code=443370")], set()),
    ("docker-masked-card-then-expiry", [docker(f"authorised card={MASKED[:4]} **** *"),
                                        docker(f"*** {MASKED[-4:]} exp=12/27\n")], set()),
    # the number cut by the split is found on the first piece though the second one quotes it whole
    ("cut-number-quoted-again", [cri("stdout", "P", f'{{"inputTranscript":"my card number is {PAN[:7]}'),
                                 cri("stdout", "F", f'{PAN[7:]}","slots":{{"CardNumber":"{PAN}"}}}}')],
     {("pan", 0), ("pan", 1)}),
    # a form body percent-decoded: what its second piece holds whole is found there
    ("form-body-cut", [cri("stdout", "P", f"post_data=type=card&{FORM[:25]}"),
                       cri("stdout", "F", f"{FORM[25:]} api_version=2024-04-10")],
     {("pan", 0), ("expiry", 1), ("cvv", 1)}),
    ("other-stream-between", [cri("stdout", "P", "charge card=" + PAN[:6]), cri("stderr", "F", f"retry card={OTHER}"),
                              cri("stdout", "F", PAN[6:])], {("pan", 0), ("pan", 1)}),
    ("first-piece-only", [cri("stdout", "P", f"charge card={PAN} cvv=837")], {("pan", 0), ("cvv", 0)}),
    # a whole message of exactly the chunk size keeps what it says, though its neighbour is joined to it
    ("logcat-whole-chunk-size", [threadtime(chunk(f'","card_number":"{PAN}"')), threadtime('"}')], {("pan", 0)}),
    ("logcat-whole-chunk-then-digits", [threadtime(chunk(f"card={PAN} ")), threadtime(f"{OTHER} ms")],
     {("pan", 0), ("pan", 1)}),
    # ... and a number ending it stays, though the next message's digits run on from it (not Luhn-valid joined)
    ("logcat-whole-chunk-ending-in-a-number", [threadtime(chunk(f"card={PAN}")), threadtime("12 ms")], {("pan", 0)}),
]


@pytest.mark.parametrize(("lines", "found"), [pytest.param(c[1], c[2], id=c[0]) for c in JUDGED_WHOLE])
def test_a_split_line_is_judged_whole(lines: list[str], found: set[tuple[str, int]]) -> None:
    text = "\n".join(lines) + "\n"
    assert {(s.type, text.count("\n", 0, s.start)) for s in Engine().scan_text(text)} == found


def test_a_huge_line_of_log_look_alikes_is_passed_over() -> None:
    """A line of "log" look-alikes far apart (a window each) longer than any piece: no segment; each window looks
    back and ahead at most ``PIECE_LINE`` characters for the line's ends."""
    huge = ",".join(f'"log":"{i}"' + " " * 9000 for i in range(40))
    text = "\n".join([huge, cri("stdout", "P", f"card={PAN[:5]}"), cri("stdout", "F", PAN[5:])]) + "\n"
    assert len(huge) > PIECE_LINE
    assert list(D.decode(text, 0, len(huge))) == []
    (seg,) = list(D.decode(text, len(huge) + 1))
    assert seg.text == f"card={PAN}"
    assert {(s.type, text.count("\n", 0, s.start)) for s in Engine().scan_text(text)} == {("pan", 1)}


def journald(message: str, line_break: str | None = None, unit: str = "ivr-gateway.service", pid: int = 812) -> str:
    """A record of ``journalctl -o json --all``; ``line_break`` the ``_LINE_BREAK`` journald sets on a cut line."""
    record = {"__CURSOR": "s=6f1c;i=3a1;b=9d2e;m=1f3;t=5f0;x=77", "__REALTIME_TIMESTAMP": "1796558997530112",
              "_BOOT_ID": "9d2e5c1b", "_PID": str(pid), "_COMM": "ivr-gw", "_SYSTEMD_UNIT": unit,
              "_TRANSPORT": "stdout", "MESSAGE": message}
    return json.dumps(record if line_break is None else {**record, "_LINE_BREAK": line_break})


def _cut_at_line_max(head: str, value: str, tail: str, left: int) -> tuple[str, str]:
    """A line of ``head``, filler and ``value`` cut by journald's default LineMax after ``left`` of its characters."""
    line = head + "." * (LINE_MAX - len(head) - left) + value + tail
    return line[:LINE_MAX], line[LINE_MAX:]


@pytest.mark.parametrize(("records", "found"), [
    pytest.param([journald(f"dtmf buffer: card={PAN[:6]}", "line-max"), journald(f"{PAN[6:]} cvv=837")],
                 {("pan", 0), ("cvv", 1)}, id="line-break-marked"),
    pytest.param([journald(_cut_at_line_max("dump: ", f"card={PAN}", " ok", 9)[0]),
                  journald("call answered", unit="sshd.service"),
                  journald(_cut_at_line_max("dump: ", f"card={PAN}", " ok", 9)[1])], {("pan", 0)},
                 id="cut-at-48k-other-record-between"),
    pytest.param([journald(f"dtmf buffer: card={PAN[:6]}"), journald(f"{PAN[6:]} thanks")], set(),
                 id="two-whole-lines"),
    pytest.param([journald(f"card={PAN[:6]}", "line-max"), journald(f"{PAN[6:]} ok", unit="other.service")], set(),
                 id="another-unit"),
    pytest.param([journald(f"card={PAN[:6]}", "eof"), journald(f"{PAN[6:]} ok")], set(), id="stream-ended"),
])
def test_journald_joins_a_line_it_cut(records: list[str], found: set[tuple[str, int]]) -> None:
    text = "\n".join(records) + "\n"
    assert {(s.type, text.count("\n", 0, s.start)) for s in Engine().scan_text(text)} == found

def test_a_logcat_chunk_that_reads_as_a_card_alone_is_read_whole() -> None:
    """The first sixteen digits of a 19-digit number are Luhn-valid alone: the joined number is the one reported."""
    long_pan = luhn(PAN + "12")
    lines = [threadtime(chunk(f'","card_number":"{PAN}')), threadtime(f'{long_pan[16:]}"}}')]
    text = "\n".join(lines) + "\n"
    found = [(s.type, s.value, text.count("\n", 0, s.start)) for s in Engine().scan_text(text) if s.type == "pan"]
    assert found == [("pan", long_pan, 0)]
