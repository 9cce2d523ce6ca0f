"""Expiry and security-code labels in scripts no ASCII trigger can name (Japanese, Chinese, Korean, Hindi, Arabic,
Russian, Thai), and in Latin-script languages whose words hold a letter outside ASCII (Polish, Vietnamese), as
payment pages, card forms and voice or chat bots write them. The ``labels_intl`` detector, handed every line that
holds a non-ASCII character, searches them (ASCII-spelled words, such as Turkish ``son kullanma tarihi``, are
triggers in ``vocabulary``).

Each word is a card form's label in that language (checked against public payment-form translations: Stripe and
OpenCart language packs, issuers' help pages): a noun that names the date or the code, never a verb. A trailing
particle (Korean 은/는, Chinese 是/为/至) belongs to the label, so that the gap before the value is ASCII as after an
English keyword. Verification codes (Arabic رمز التحقق, Chinese 验证码) are most often one-time passwords sent by
SMS: a card's code only beside a card number (``weak``).
"""

from __future__ import annotations

import re

from scanners.detectors.vocabulary import JAPANESE_CVV, JAPANESE_EXPIRY, Expiry
from scanners.lazy_re import lazy_compile

_EXPIRY = "|".join((
    JAPANESE_EXPIRY,  # Japanese: 有効期限
    "有效期(?:限|至)?|有效日期|到期日(?:期)?|[过過]期日期",  # Chinese (simplified and traditional)
    "유효\\s?기간(?:은|는)?|만료일(?:은|는)?",  # Korean
    "(?:वैधता\\s)?(?:समाप्ति|एक्सपायरी)(?:\\s(?:तिथि|तारीख|डेट|की\\sतारीख))?|वैधता",  # Hindi
    "(?:تاريخ\\s)?(?:ال)?انتهاء(?:\\s(?:ال)?صلاحية)?|صالح[ةه]?\\sحتى",  # Arabic
    "(?i:срок\\sдействия|действительна\\sдо)",  # Russian
    "วันหมดอายุ",  # Thai: expiry date (หมดอายุ alone is a verb)
    "(?i:data\\sważności|ngày\\shết\\shạn|hiệu\\slực\\sđến)",  # Polish, Vietnamese (expiry date, valid until)
    "תאריך\\s(?:תפוגה|תוקף)|(?:ב)?תוקף(?:\\sעד)?",  # Hebrew: expiry date, validity ("תוקף 12/27"), valid until
))
_CVV = "|".join((
    JAPANESE_CVV,  # Japanese: セキュリティコード
    "安全[码碼]|安全代[码碼]|卡[验驗][证證][码碼]",  # Chinese: security code, card verification code
    "보안\\s?코드(?:는|은)?|(?i:cv[cv]2?)\\s?번호(?:는|은)?",  # Korean (CVC 번호: "CVC number")
    "सीवीवी",  # Hindi: CVV spelled in Devanagari
    "رمز\\s(?:ال)?أمان",  # Arabic: security code
    "(?i:код\\sбезопасности)",  # Russian
    "(?i:mã\\sbảo\\smật)",  # Vietnamese: security code
    # Chinese: the (last) three digits on the card's back, as Taiwanese and mainland forms write it (背面末三碼,
    # 卡背后三位数, 卡片背面後三碼)
    "背(?:面|后|後)的?(?:末|最[后後]|[后後])?(?:三|3)(?:位(?:数字?|數字?)?|[码碼])",
    # Hebrew: security code, "the 3 digits on the (card's) back"
    "קוד\\s(?:ה)?אבטחה|(?:3|שלוש)\\s(?:ה)?ספרות\\s(?:ש)?בגב(?:\\sה?כרטיס)?",
))
# Verification codes that are a card's only with a card number on their line (elsewhere an SMS one-time password):
# Arabic رمز التحقق, Chinese 验证码
_CARD_ONLY = "رمز\\sالتحقق|[验驗][证證][码碼]"
# One pattern: the expiry words in ``exp``.
LABEL = lazy_compile(f"(?P<exp>{_EXPIRY})|(?P<weak>{_CARD_ONLY})|{_CVV}")
# A letter every label above holds (most of them their first): a line without one holds no label. ``re`` searches
# one class of characters fast; the label pattern, whose alternatives share no prefix, it tries at every position
# (40 times slower on the non-ASCII lines of the first benchmark corpus: names, emoji, other scripts' digits).
LEADS = re.compile("[有到过過安卡セ유만보번वसएتاصرсСдДкКวŻżẠạỰựẬậתק背验驗]")
# A prompt (a Connect input block's, an agent's turn) that asks for the expiry in any of these languages or the
# ASCII-spelled ones (``"Text": "समाप्ति तिथि"``, ``"data di scadenza"``): its keyed or said answer is the date; or
# German "until when is the card valid" ("Bis wann ist die Karte gültig?"), which names no date
EXPIRY_ASKED = re.compile(f"{Expiry.ASKED.pattern}|{Expiry.INTL_LOWER.pattern}|{_EXPIRY}"
                          r"|bis wann[^?.!\n]{0,40}g(?:ü|ue)ltig")
