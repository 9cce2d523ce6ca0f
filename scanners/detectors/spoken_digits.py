"""Digit words of the languages ``number_words`` learned after its first four, as a caller reads a card number, its
security code or a phone number out digit by digit and speech-to-text writes it (Contact Lens ``Content``, Lex V2
``inputTranscript``, a chat): one table per language, each with where its forms come from. Data only.

Latin-script languages (Italian, Dutch, Polish, Turkish) name their digits with the cardinal numbers 0-9, each
written with and without its accents, as a keyboard without them writes it. Other scripts: Hindi and Arabic the
cardinals as a phone number is read out (Arabic also with the final ``ه`` speech-to-text often writes for ``ة``, and
``اثنين``, the spoken form of two); Japanese and Chinese one character a digit, as phone and card numbers are read
(Japanese ``〇``/``ゼロ``, Chinese ``零`` and ``幺`` for one, the reading that keeps one apart from seven);
Korean the Sino-Korean digits a phone number is read with (``공`` for zero, also ``영``), never the native
counting words (하나, 둘), which nobody reads a number with; Russian the cardinals, as a caller reads digits out."""

from __future__ import annotations

DIGITS: dict[str, dict[str, str]] = {
    # Italian cardinals 0-9
    "it": {"zero": "0", "uno": "1", "due": "2", "tre": "3", "quattro": "4", "cinque": "5", "sei": "6",
           "sette": "7", "otto": "8", "nove": "9"},
    # Dutch cardinals 0-9 (één, the stressed one, also without its accents)
    "nl": {"nul": "0", "een": "1", "één": "1", "twee": "2", "drie": "3", "vier": "4", "vijf": "5", "zes": "6",
           "zeven": "7", "acht": "8", "negen": "9"},
    # Polish cardinals 0-9
    "pl": {"zero": "0", "jeden": "1", "dwa": "2", "trzy": "3", "cztery": "4", "pięć": "5", "piec": "5",
           "sześć": "6", "szesc": "6", "siedem": "7", "osiem": "8", "dziewięć": "9", "dziewiec": "9"},
    # Turkish cardinals 0-9
    "tr": {"sıfır": "0", "sifir": "0", "bir": "1", "iki": "2", "üç": "3", "uc": "3", "dört": "4", "dort": "4",
           "beş": "5", "bes": "5", "altı": "6", "alti": "6", "yedi": "7", "sekiz": "8", "dokuz": "9"},
    # Hindi cardinals 0-9 (पांच/पाँच, छह/छः: both spellings in use; ज़ीरो: the English loan callers say)
    "hi": {"शून्य": "0", "ज़ीरो": "0", "जीरो": "0", "एक": "1", "दो": "2", "तीन": "3", "चार": "4", "पांच": "5",
           "पाँच": "5", "छह": "6", "छः": "6", "छे": "6", "सात": "7", "आठ": "8", "नौ": "9"},
    # Arabic cardinals 0-9 (with ة and with ه; أ with and without its hamza)
    "ar": {"صفر": "0", "واحد": "1", "اثنان": "2", "اثنين": "2", "إثنان": "2", "إثنين": "2", "ثلاثة": "3",
           "ثلاثه": "3", "أربعة": "4", "اربعة": "4", "أربعه": "4", "اربعه": "4", "خمسة": "5", "خمسه": "5",
           "ستة": "6", "سته": "6", "سبعة": "7", "سبعه": "7", "ثمانية": "8", "ثمانيه": "8", "تسعة": "9",
           "تسعه": "9"},
    # Japanese: one kanji a digit, 〇 or ゼロ for zero
    "ja": {"〇": "0", "零": "0", "ゼロ": "0", "一": "1", "二": "2", "三": "3", "四": "4", "五": "5", "六": "6",
           "七": "7", "八": "8", "九": "9"},
    # Chinese: one character a digit, 幺 for one as a phone or card number is read
    "zh": {"零": "0", "〇": "0", "一": "1", "幺": "1", "二": "2", "三": "3", "四": "4", "五": "5", "六": "6",
           "七": "7", "八": "8", "九": "9"},
    # Korean: the Sino-Korean digits, 공 (or 영) for zero
    "ko": {"공": "0", "영": "0", "일": "1", "이": "2", "삼": "3", "사": "4", "오": "5", "육": "6", "륙": "6",
           "칠": "7", "팔": "8", "구": "9"},
    # Russian cardinals 0-9 (ноль and нуль; один/одна and два/две, the forms a digit is read with)
    "ru": {"ноль": "0", "нуль": "0", "один": "1", "одна": "1", "два": "2", "две": "2", "три": "3", "четыре": "4",
           "пять": "5", "шесть": "6", "семь": "7", "восемь": "8", "девять": "9"},
}  # fmt: skip
# The languages whose digit words hold no ASCII letter: no ASCII trigger can name them (``spoken_script``)
SCRIPTS = ("hi", "ar", "ja", "zh", "ko", "ru")
# Languages that write one character a digit, with or without a space between (``六二四〇``)
ONE_CHARACTER = frozenset({"ja", "zh"})

# "Number" between a code's label and its digits (``CVC 번호 123``, ``セキュリティ番号 123``, ``رقم``): a noun that
# is the label's own, as ``number`` is an English keyword's filler
NUMBER_NOUNS = ("번호", "번호는", "番号", "号码", "號碼", "नंबर", "संख्या", "رقم", "numer", "numara", "numarası",
                "nummer", "numero")

# French numbers 0-99, as a French caller reads a card number out by pairs (``quarante-cinq trente-neuf …``), with
# the Belgian and Swiss tens (septante, huitante, octante, nonante): the words a pair is built from; ``number_words``
# composes them as French grammar does (``vingt et un``, ``soixante-douze``, ``quatre-vingt-dix-neuf``).
FR_UNITS = {"zéro": 0, "zero": 0, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6,
            "sept": 7, "huit": 8, "neuf": 9}
FR_TEENS = {"dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16}
FR_TENS = {"vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60, "septante": 70,
           "quatre-vingt": 80, "huitante": 80, "octante": 80, "nonante": 90}
FR_TENS_OF_TEENS = {"soixante": 60, "quatre-vingt": 80}  # 70-79 and 90-99: soixante-douze, quatre-vingt-dix-sept
