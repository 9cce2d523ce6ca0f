"""IntlLabelDetector: expiry dates and security codes after labels in scripts no ASCII trigger can name (Japanese,
Chinese, Korean, Hindi, Arabic, Russian, Thai) and in Latin-script languages with non-ASCII letters (Polish,
Vietnamese), written with ASCII digits or the script's own (the latter through the Unicode-digits decoder), on both
back ends; a year and month written with CJK units; a verification code beside a card number; text in those
languages with numbers and no such label, a duration, a whole date, a birth or era year, a passport's date and a
one-time password stay quiet."""

from __future__ import annotations

import pytest

from scanners.detectors.labels_intl import IntlLabelDetector
from scanners.engine.core import Engine

VISA = "4111111111111111"  # a published test card

CASES = [
    ("ja-expiry-colon", "有効期限：09/27", [("expiry", "09/27")]),
    ("ja-expiry-particle", "カード番号は控えました。有効期限は 09/27 です", [("expiry", "09/27")]),
    ("ja-expiry-json", '{"有効期限": "09/27"}', [("expiry", "09/27")]),
    ("ja-cvv-particle", "セキュリティコードは123", [("cvv", "123")]),
    ("ja-cvv-json", '{"セキュリティコード": "123"}', [("cvv", "123")]),
    ("ja-both", "有効期限：09/27 セキュリティーコード：4567", [("cvv", "4567"), ("expiry", "09/27")]),
    ("ja-fullwidth-digits", "有効期限 ０９/２７ です", [("expiry", "09/27")]),
    ("hi-devanagari-digits", "कार्ड समाप्ति ०२/२८ CVV २१२", [("cvv", "212"), ("expiry", "02/28")]),
    ("hi-expiry-date", "समाप्ति तिथि: 11/29", [("expiry", "11/29")]),
    ("hi-validity-expiry-date", "वैधता समाप्ति तिथि 03/30", [("expiry", "03/30")]),
    ("hi-transliterated", "एक्सपायरी डेट 07/27, सीवीवी 481", [("cvv", "481"), ("expiry", "07/27")]),
    ("ar-arabic-indic-digits", "تاريخ الانتهاء ٠١/٢٧", [("expiry", "01/27")]),
    ("ar-ascii-digits", "تاريخ انتهاء الصلاحية: 06/29 رمز الأمان: 775", [("cvv", "775"), ("expiry", "06/29")]),
    ("ar-valid-until", "صالحة حتى 04/28", [("expiry", "04/28")]),
    ("zh-valid-until", "有效期至：09/27", [("expiry", "09/27")]),
    ("zh-security-code", "到期日 12/26 安全码 318", [("cvv", "318"), ("expiry", "12/26")]),
    ("zh-hant-card-verification-code", "信用卡驗證碼 4821", [("cvv", "4821")]),
    ("ko-validity-particle", "유효기간은 12/27 보안코드 456", [("cvv", "456"), ("expiry", "12/27")]),
    ("ru-validity", "Срок действия: 10/28", [("expiry", "10/28")]),
    ("th-expiry-date", "วันหมดอายุ 11/29", [("expiry", "11/29")]),
    ("pl-validity-date", "Data ważności: 05/27", [("expiry", "05/27")]),
    ("vi-expiry-date", "Ngày hết hạn 08/28", [("expiry", "08/28")]),
    # MM.YY and MM.YYYY right after a label; Korean "CVC 번호" ("CVC number")
    ("ja-dotted", "有効期限 12.27", [("expiry", "12/27")]),
    ("ko-dotted-yyyy", "유효기간 12.2027, CVC 번호 456", [("cvv", "456"), ("expiry", "12/27")]),
    ("ar-dotted-yyyy", "تاريخ الانتهاء 12.2027, رمز الأمان 456", [("cvv", "456"), ("expiry", "12/27")]),
    ("pl-dotted", "data ważności 12.27", [("expiry", "12/27")]),
    ("pl-words", "data ważności zero cztery trzy zero", [("expiry", "04/30")]),  # said in digit words
    # a year and a month with their CJK units (``2028年11月``, ``2027년 9월``, the month first), in JSON escapes too
    ("ja-year-month", "有効期限: 2028年12月 / セキュリティコード: 324", [("cvv", "324"), ("expiry", "12/28")]),
    ("zh-year-month", "有效期 2031年6月、安全码 393", [("cvv", "393"), ("expiry", "06/31")]),
    ("ko-year-month", "유효기간: 2029년 11월", [("expiry", "11/29")]),
    ("ko-year-month-spaced", "유효기간 2027년 9월", [("expiry", "09/27")]),
    ("zh-month-year", "有效期 11月/2028年", [("expiry", "11/28")]),
    ("zh-year-month-escaped", '{"body": "\\u6709\\u6548\\u671f 2031\\u5e746\\u6708"}', [("expiry", "06/31")]),
    # Hebrew: validity, expiry date, security code, "the 3 digits on the back", between direction marks
    ("he-validity", f"מספר כרטיס: \u200f\u200e{VISA}\u200e\u200f, תוקף 10-28, קוד אבטחה 535",
     [("cvv", "535"), ("expiry", "10/28")]),
    ("he-expiry-date", "תאריך תפוגה: 11/2030", [("expiry", "11/30")]),
    ("he-valid-until", "בתוקף עד 04/29", [("expiry", "04/29")]),
    ("he-back-digits", "3 הספרות בגב הכרטיס: 417", [("cvv", "417")]),
    # an invisible direction mark between a label and its value (ALM U+061C, RLM U+200F, LRM U+200E) reads as none
    ("ar-alm-after-colon", f"رقم البطاقة: {VISA}، تاريخ الانتهاء:\u061c 05/31 ، رمز الأمان\u061c: 479",
     [("cvv", "479"), ("expiry", "05/31")]),
    ("he-rlm-after-colon", f"מספר כרטיס: {VISA}, תוקף:\u200f 10/28, קוד אבטחה\u200e: 535",
     [("cvv", "535"), ("expiry", "10/28")]),
    # Chinese: the (last) three digits on the card's back (Taiwan, mainland)
    ("zh-hant-back-three", f"信用卡號：{VISA} 有效期限：01/27 背面末三碼：563", [("cvv", "563"), ("expiry", "01/27")]),
    ("zh-hans-back-three", "卡背后三位数 123", [("cvv", "123")]),
    # a verification code beside a card number is the card's (Arabic, Chinese)
    ("ar-verification-card", f"رقم البطاقة: \u200e{VISA}\u200f تاريخ الانتهاء: 05/31 رمز التحقق: 479",
     [("cvv", "479"), ("expiry", "05/31")]),
    ("zh-verification-card", f"卡号 {VISA} 验证码 123", [("cvv", "123")]),
    ("vi-valid-until-security-code", f"Số thẻ {VISA}, hiệu lực đến 08/28, mã bảo mật 123",
     [("cvv", "123"), ("expiry", "08/28")]),
    # look-alikes
    ("vi-contract-valid-until", "Hợp đồng có hiệu lực đến 08/28", []),
    ("vi-otp", "Mã bảo mật của bạn là 482113", []),
    ("zh-birth-year-month", "出生日期 1985年3月", []),
    ("ja-reiwa-year", "有効期限 令和10年11月", []),
    ("zh-full-date", "有效期 2028年11月5日", []),
    ("zh-invoice-date", '{"开票日期": "2026年02月19日"}', []),
    ("zh-passport-validity", "护照有效期 2030年5月", []),
    ("he-offer-days", "תוקף ההצעה 30 יום", []),
    ("he-passport", "דרכון בתוקף עד 12/2030", []),
    ("he-word-between", "תוקף: \u200fחודש 10/28", []),  # a word (month) between the label and the value
    ("zh-back-no-digits", "背面末三碼 請勿告知他人", []),
    ("ar-otp-masked-card", "رمز التحقق 4821 للبطاقة المنتهية بـ 1111", []),
    ("zh-otp-masked-card", "尾号1111的卡 验证码 4821", []),
    ("ja-order-number", "注文番号 1234 ご確認ください 2026", []),
    ("ja-coupon-code", "クーポンコード 1234", []),
    # a coupon's or points' code or date (Japanese, Chinese, Korean), not a card's; a card's beside a coupon word
    ("ja-coupon-security-code", "クーポンのセキュリティコード: 8879", []),
    # the card's MM/YY with the units (月, 年) and its slash, in full-width digits too; without the slash no date
    ("ja-month-slash-short-year", "有効期限：07月/27年", [("expiry", "07/27")]),
    ("ja-month-slash-short-year-fw", "有効期限：０５月/３１年", [("expiry", "05/31")]),
    ("ja-month-short-year-no-slash", "有効期限 07月27年", []),
    ("zh-coupon-validity", "优惠券有效期: 2028年07月", []),
    ("ja-points-expiry", "ポイント有効期限: 2028年03月", []),
    ("ko-coupon-expiry", "쿠폰 유효기간: 2028년 03월", []),
    ("ja-card-expiry", "カード有効期限: 2028年03月", [("expiry", "03/28")]),
    ("ja-coupon-beside-card", "クーポン利用 カード番号 4111111111111111 セキュリティコード: 123", [("cvv", "123")]),
    ("ja-expiry-duration", "有効期限 12 ヶ月", []),
    ("hi-plan-validity-days", "वैधता 28 दिन, डेटा 2GB", []),
    ("ar-otp", "رمز التحقق الخاص بك هو 4821", []),
    ("zh-otp", "您的验证码 482113，5分钟内有效", []),
    ("ko-delivery-date", "배송 예정일 12/27", []),
    ("ru-full-date", "Срок действия договора до 30.09.2027", []),
    ("ja-dotted-full-date", "有効期限 30.09.2027", []),
    ("ko-cvc-number-long", "CVC 번호 456789", []),
    ("pl-words-no-date", "data ważności oferty to dwa dni", []),
    ("pl-words-day-month", "data ważności jeden dwa jeden jeden", []),  # 12/11: no card's year
]


@pytest.mark.parametrize(("text", "expected"), [pytest.param(c[1], c[2], id=c[0]) for c in CASES])
def test_labels_in_other_scripts(each_engine: Engine, text: str, expected: list[tuple[str, str]]) -> None:
    assert sorted((s.type, s.value) for s in each_engine.scan_text(text) if s.type != "pan") == expected


def test_lines_without_a_label_are_rejected_whole() -> None:
    assert list(IntlLabelDetector().find("お支払いありがとうございます 12/30 123")) == []
    assert list(IntlLabelDetector().find("धन्यवाद, आपका भुगतान 12/30 को 123 रुपये")) == []
