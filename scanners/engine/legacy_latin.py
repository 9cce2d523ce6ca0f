"""Which single-byte code page a file that is no valid UTF-8 (nor a legacy CJK code page) is written in.

Windows-1252 stays the default, but a Polish, Czech or Hungarian application writes Windows-1250 or ISO-8859-2 and a
Turkish one Windows-1254 or ISO-8859-9 (read as Windows-1254, see ``_CANDIDATES``); read as Windows-1252 their words
come out garbled (``wa¿noœci``, ``numarasý``), so keywords and column headers are lost. Each byte 0x80 and above of the
sample is scored in each reading (``_weight``):

- a letter of the language: +1 (``ż`` for Polish, ``ı`` for Turkish, ``é`` for French);
- a letter foreign to it: -1 (``ţ`` in Czech, ``ã`` in Turkish);
- a symbol or control inside a word: -3 (``wa¿noœci``: no language writes ``¿`` between two letters);
- else 0: a symbol elsewhere (``€ 5``, ``«``), ordinals (``nº``), a letter where Windows-1252 has a symbol but not
  inside a word (``£5`` read as ``Ł5``), and ``ð þ ý`` in the Western reading unless the sample holds ``æ`` (only
  Icelandic and Faroese write them, so Turkish ``ğ ş ı`` read as Windows-1252 are no Western letters).

Each reading scores as its best-reading language (Czech ``ě ř Č`` read as Windows-1252 give Italian ``ì``, Nordic ``ø``,
French ``È``: letters, but of no one language). A candidate is taken only with clear evidence: on the bytes it reads
differently from Windows-1252 (at least ``_MIN_BYTES``) it scores at least ``_MARGIN`` more. Of the candidates that do,
the one whose language reads all the high bytes best wins (the first on a tie), if its score is not negative (random
bytes read as foreign letters and broken words); a code page that leaves a byte of the sample undefined or reads it as a
C1 control is not tried (such a file is read as Windows-1252 or Latin-1). All of them read one byte as one character, so
positions stay right.
"""

from __future__ import annotations

import re


def _letters(**languages: str) -> frozenset[str]:
    """The letters beyond ASCII of a code page's languages, both cases."""
    return frozenset("".join(s + s.upper() for s in languages.values()))


_WESTERN = (  # Windows-1252 / Latin-1
    _letters(fr="àâæçéèêëîïôœùûüÿ"), _letters(de="äöüß"), _letters(es="áéíñóúü"), _letters(pt="áâãàçéêíóôõúü"),
    _letters(it="àèéìíòóùúî"), _letters(nl="áéèëïóöüêäô"), _letters(ca="àçèéíïòóúü"), _letters(nordic="åæøéäöšž"),
    _letters(icelandic="áéíóúæöðþý"),
)
_ICELANDIC = _letters(icelandic="ðþý")  # neutral unless the sample holds æ (only Icelandic and Faroese write them)
_CENTRAL = (  # Windows-1250 / ISO-8859-2
    _letters(pl="ąćęłńóśźż"), _letters(cs="áčďéěíňóřšťúůýž"), _letters(sk="áäčďéíĺľňóôŕšťúýž"),
    _letters(hu="áéíóöőúüű"), _letters(ro="ăâîțţ"), _letters(hr="čćđšž"),
)
_TURKISH = (_letters(tr="çğıöşüâîûİ"),)  # Windows-1254 / ISO-8859-9
_CANDIDATES = (  # the first wins a tie: Turkish before Central European, whose reading of Turkish text stays
    # plausible only as Czech ý, Romanian ţ, Croatian đ in turn (Czech or Romanian text read as Turkish gives foreign
    # letters: è ø, ã); Windows-1250 before ISO-8859-2. ISO-8859-9 is Windows-1254 at 0xA0-0xFF and holds no text
    # at 0x80-0x9F (C1 controls), so Windows-1254 reads it alike.
    ("cp1254", _TURKISH), ("cp1250", _CENTRAL), ("iso-8859-2", _CENTRAL),
)
_NEUTRAL = frozenset("ªºµ·")  # ordinals (``nº``), micro, Catalan's l·l
_MARGIN = 2
_MIN_BYTES = 2
_MAX_BYTES = 1000  # high bytes scored: evidence enough, and bounded work for a sample that is mostly high bytes
_HIGH = re.compile(rb"[\x80-\xff]")
_UNTEXT = re.compile("[\x80-\x9f\ufffd]")


def _weight(text: str, i: int, letters: frozenset[str], symbol: bool, neutral: frozenset[str] = _NEUTRAL) -> int:
    """How plausible ``text[i]`` reads: +1 a letter of the languages, -1 a letter foreign to them, -3 a symbol
    inside a word, else 0. ``symbol``: Windows-1252 reads a symbol there; a letter in its place counts only inside
    a word (``£5`` read as ``Ł5`` proves nothing); a character of ``neutral`` counts 0."""
    c = text[i]
    inside = 0 < i < len(text) - 1 and text[i - 1].isalpha() and text[i + 1].isalpha()
    if not c.isalpha():
        return -3 if inside and c not in neutral else 0
    if c in neutral or (symbol and not inside):
        return 0
    return 1 if c in letters else -1


def _read(
    text: str, at: list[int], languages: tuple[frozenset[str], ...], symbol: dict[int, bool],
    neutral: frozenset[str] = _NEUTRAL,
) -> int:
    """How ``text`` reads at the positions ``at``: the score of its best-reading language."""
    return max(sum(_weight(text, i, letters, symbol[i], neutral) for i in at) for letters in languages)


def legacy_latin(sample: bytes) -> str | None:
    """The single-byte code page other than Windows-1252 / Latin-1 that ``sample`` (bytes that are no valid UTF-8)
    is written in, or None. A sample that declares charsets itself (a mail's ``charset=``) is left to the decoder
    that reads each part in its own."""
    if b"harset=" in sample or b"HARSET=" in sample:
        return None
    at = [m.start() for m, _ in zip(_HIGH.finditer(sample), range(_MAX_BYTES), strict=False)]
    if len(at) < _MIN_BYTES:
        return None
    western = sample.decode("cp1252", errors="replace")
    icelandic = b"\xe6" in sample or b"\xc6" in sample  # æ: then ð þ ý are letters of the Western reading
    neutral = _NEUTRAL if icelandic else _NEUTRAL | _ICELANDIC
    symbol = {i: not western[i].isalpha() for i in at}
    best, best_rank = None, 0
    for codec, languages in _CANDIDATES:
        text = sample.decode(codec, errors="replace")
        if _UNTEXT.search(text):  # a byte this code page leaves undefined or reads as a C1 control: not written in it
            continue
        # where the readings differ, ordinals aside (Windows-1250 reads ``nº`` as ``nş``)
        differ = [i for i in at if text[i] != western[i] and western[i] not in "ªº"]
        gain = _read(text, differ, languages, symbol) - _read(western, differ, _WESTERN, symbol, neutral)
        if len(differ) < _MIN_BYTES or gain < _MARGIN:
            continue
        # of the code pages that read clearly better, the one whose language reads the whole sample best
        rank = _read(text, at, languages, symbol)
        if rank >= 0 and (best is None or rank > best_rank):  # and the sample reads as text of its language
            best, best_rank = codec, rank
    return best
