"""SqlParamsDecoder: a statement's values logged as one list beside it (SQLAlchemy's tuple, Sequelize's bind values,
a Prisma query event's params, Oracle's audit SQL_BIND, ActiveRecord's bind pairs) are named by the statement's
columns, so a card's expiry and security code at a position are read as ``expiry = '05/32'``. Values beside no full
card number (a masked card), of another statement (a count that does not match) or with no statement stay as they
are. Both back ends give the same spans."""

from __future__ import annotations

import json

import pytest

from scanners.cards.brands import luhn_valid
from scanners.decoders.sql_params import SqlParamsDecoder, named_values
from scanners.engine.core import Engine

D = SqlParamsDecoder()
ENGINES = (Engine(backend="hyperscan"), Engine(backend="re"))


def luhn(body: str) -> str:
    """``body`` with the check digit that makes it Luhn-valid."""
    return next(body + c for c in "0123456789" if luhn_valid(body + c))


PAN, MAESTRO, EXP, CVV = luhn("411111111111111"), luhn("67596126875"), "05/32", "217"
MASKED = f"{PAN[:6]}******{PAN[-4:]}"
SA = "2024-05-28 14:40:14,825 INFO sqlalchemy.engine.Engine "
INSERT_Q = "INSERT INTO card_attempts (contact_id, card_number, card_exp, card_cvv, amount) VALUES (?, ?, ?, ?, ?)"
INSERT_S = "INSERT INTO card_capture (contact_id, pan, exp, cvv) VALUES (%s, %s, %s, %s)"
SEQ = 'Executing (default): INSERT INTO "CardCaptures" ("id","contactId","cardNumber","cardExpiry","cardCvc") VALUES '
ORA = "AUDIT_TYPE=Fine Grained Audit;DB_USER=PAYAPP;SCN=4529085254975;OBJECT_NAME=CARD_CAPTURE;SQL_TEXT="
AR = ('  CardCapture Create (1.8ms)  INSERT INTO "card_captures" ("contact_id", "number", "exp", "cvc") '
      "VALUES ($1, $2, $3, $4)")


def prisma(query: str, params: list[object]) -> str:
    event = {"timestamp": "2024-06-20T09:03:04.376Z", "query": query, "params": json.dumps(params), "duration": 16}
    return f"prisma:query {json.dumps(event)}"


CASES = [
    ("sqla-generated", f"{SA}{INSERT_Q}\n{SA}[generated in 0.00016s] ('c-1', '{PAN}', '{EXP}', '{CVV}', 21.5)",
     {"pan", "expiry", "cvv"}),
    ("sqla-cached-named", f"{SA}UPDATE cards SET exp_date=:exp, cvv2=:cvv WHERE pan=:pan\n"
     f"{SA}[cached since 12.3s ago] ('{EXP}', '{CVV}', '{PAN}')", {"pan", "expiry", "cvv"}),
    ("sqla-driver-error", "pymysql.err.IntegrityError: (1062, \"Duplicate entry for key 'card_capture.uq_pan'\")\n"
     f"[SQL: {INSERT_S}]\n[parameters: ('c-1', '{PAN}', '1032', '{CVV}')]", {"pan", "expiry", "cvv"}),
    ("sequelize-bind", f'{SEQ}(DEFAULT,$1,$2,$3,$4) RETURNING "id"; "c-1", "{PAN}", "{EXP}", "{CVV}"',
     {"pan", "expiry", "cvv"}),
    ("sequelize-benchmark", f'{SEQ.replace("Executing", "Executed")}(DEFAULT,$1,$2,$3,$4); "c-1", "{PAN}", '
     f'"{EXP}", "{CVV}"', {"pan", "expiry", "cvv"}),
    ("prisma-postgres", prisma('INSERT INTO "public"."CardCapture" ("contactId","pan","expiry","cvc") '
                               "VALUES ($1,$2,$3,$4)", ["c-1", PAN, EXP, CVV]), {"pan", "expiry", "cvv"}),
    ("prisma-mysql", prisma("INSERT INTO `CardCapture` (`contactId`,`pan`,`expiry`,`cvc`) VALUES (?,?,?,?)",
                            ["c-1", PAN, EXP, CVV]), {"pan", "expiry", "cvv"}),
    ("oracle-fga", f"{ORA}INSERT INTO PAY.CARD_CAPTURE (CONTACT_ID, PAN, EXPIRY, CVV) VALUES (:1, :2, :b3, :cvv);"
     f"SQL_BIND= #1(3):c-1 #2({len(PAN)}):{PAN} #3(5):{EXP} #4(3):{CVV}", {"pan", "expiry", "cvv"}),
    ("activerecord-binds", f'{AR}  [["contact_id", "c-1"], ["number", "{PAN}"], ["exp", "{EXP}"], ["cvc", "{CVV}"]]',
     {"pan", "expiry", "cvv"}),
    ("activerecord-maestro", f'{AR}  [["contact_id", "c-1"], ["number", "{MAESTRO}"], ["exp", "{EXP}"], '
     f'["cvc", "{CVV}"]]', {"pan", "expiry", "cvv"}),
    # near misses: beside a masked card or a last four, another statement's values, no statement, no column
    ("sqla-masked-card", f"{SA}{INSERT_Q}\n{SA}[generated in 0.00016s] ('c-1', '{MASKED}', '{EXP}', '{CVV}', 21.5)",
     set()),
    ("sqla-count-mismatch", f"{SA}{INSERT_Q}\n{SA}[generated in 0.00016s] ('c-1', '{EXP}', '{CVV}')", set()),
    ("sqla-no-statement", f"{SA}[generated in 0.00016s] ('c-1', '{EXP}', '{CVV}', 2, 3)", set()),
    ("activerecord-last4", '  CardCapture Update (0.7ms)  UPDATE "card_captures" SET "last4" = $1, "exp" = $2 '
     f'WHERE "id" = $3  [["last4", "{PAN[-4:]}"], ["exp", "{EXP}"], ["id", 5863607]]', set()),
    ("oracle-orders", f"{ORA}UPDATE PAY.ORDERS SET STATUS = :1 WHERE ORDER_REF = :2;SQL_BIND= #1(4):PAID #2(4):0532",
     set()),
    ("sequelize-other-columns", 'Executing (default): UPDATE "Orders" SET "qty"=$1,"store"=$2 WHERE "id" = $3; '
     f'"{CVV}", "0532", 7', set()),
]


@pytest.mark.parametrize(("name", "text", "want"), CASES, ids=[c[0] for c in CASES])
def test_values_read_under_their_columns(name: str, text: str, want: set[str]) -> None:
    got = [[(f.type, f.start, f.end) for f in engine.scan_text(text)] for engine in ENGINES]
    assert {t for t, _, _ in got[0]} == want, name
    assert got[0] == got[1]


def test_named_values_needs_a_card_and_a_matching_count() -> None:
    assert named_values(INSERT_S, ["c-1", PAN, EXP, CVV]) == (
        f"contact_id = 'c-1', pan = '{PAN}', exp = '{EXP}', cvv = '{CVV}'"
    )
    assert named_values(INSERT_S, ["c-1", MASKED, EXP, CVV]) is None
    assert named_values(INSERT_S, [PAN, EXP, CVV]) is None


def test_decoded_segment_is_the_values_line() -> None:
    values = f"{SA}[generated in 0.00016s] ('c-1', '{PAN}', '{EXP}', '{CVV}', 21.5)"
    (got,) = list(D.decode(f"{SA}{INSERT_Q}\n{values}\n"))
    assert got.start == len(SA) + len(INSERT_Q) + 1 and got.end == got.start + len(values) and got.lines
    assert got.text == (
        f"contact_id = 'c-1', card_number = '{PAN}', card_exp = '{EXP}', card_cvv = '{CVV}', amount = '21.5'"
    )
