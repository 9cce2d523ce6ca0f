"""SqlBindsDecoder: a prepared statement's values logged apart from it (PostgreSQL's ``DETAIL:  parameters:``,
Hibernate's ``binding parameter``) are named by the columns of the statement before them, so a card's expiry and
security code under ``$2``/``[3]`` are read as ``expiry = '05/32'``; values of other columns, of another statement,
or with no statement before them stay as they are. Both back ends give the same spans."""

from __future__ import annotations

import pytest

from scanners.cards.brands import luhn_valid
from scanners.decoders.sql_binds import SqlBindsDecoder, card_beside, columns, named_line
from scanners.engine.core import Engine


def luhn(body: str) -> str:
    """``body`` with the check digit that makes it Luhn-valid."""
    return next(body + c for c in "0123456789" if luhn_valid(body + c))


D = SqlBindsDecoder()
ENGINES = (Engine(backend="hyperscan"), Engine(backend="re"))
PG = "2026-03-17 23:09:39 UTC:10.0.1.2(5652):app@payments:[12575]:"
HB = "2026-03-17 23:09:39.120 TRACE 7 --- [nio-8080-exec-3] o.h.type.descriptor.sql.BasicBinder      : "
H6 = "2026-03-17T23:09:39.120Z TRACE 7 --- [main] org.hibernate.orm.jdbc.bind : "

COLUMNS = [
    ("insert-dollar", "INSERT INTO v (pan, expiry, cvc) VALUES ($1, $2, $3)", {"1": "pan", "2": "expiry", "3": "cvc"}),
    ("insert-question-mixed", 'insert into v ("card_number", created, "cvv") values (?, now(), ?)',
     {"1": "card_number", "2": "cvv"}),
    ("update-set-where", "UPDATE cards SET exp_date = $2, cvv2 = $1 WHERE cards.id = $3",
     {"2": "exp_date", "1": "cvv2", "3": "id"}),
    ("no-placeholders", "INSERT INTO v (pan) VALUES ('x')", {}),
]


@pytest.mark.parametrize(("name", "statement", "want"), COLUMNS, ids=[c[0] for c in COLUMNS])
def test_columns(name: str, statement: str, want: dict[str, str]) -> None:
    assert columns(statement) == want, name


def test_named_line_rewrites_only_listed_placeholders() -> None:
    statement = "INSERT INTO v (pan, expiry) VALUES ($1, $2)"
    assert named_line("DETAIL:  parameters: $1 = 'a', $2 = 'b'", statement) == (
        "DETAIL:  parameters: pan = 'a', expiry = 'b'"
    )
    assert named_line("DETAIL:  parameters: $1 = 'a'", statement) is None  # another statement's parameters


EXP, CVV, PAN = "05/32", "217", luhn("411111111111111")
ROW_ID = luhn("622126883444148357")  # a 19-digit row id in a card range that passes Luhn
CSV = '2024-07-24 11:35:00.193 UTC,"app","paydb",64264,"10.0.2.137:50086",270289f8.344d,80,"SELECT",,"31/33",9,LOG,0,'
CASES = [
    ("pg-execute-detail",
     f"{PG}LOG:  execute <unnamed>: INSERT INTO card_vault (pan, expiry, cvc, customer_id) VALUES ($1, $2, $3, $4)\n"
     f"{PG}DETAIL:  parameters: $1 = '{PAN}', $2 = '{EXP}', $3 = '{CVV}', $4 = '026736272'", {"pan", "expiry", "cvv"}),
    # csvlog: the statement in the row's message column, its parameters in the detail column of the same row
    ("pg-csvlog-row", f'{CSV}"execute S_38: INSERT INTO card_vault (""pan"", expiry, cvv2) VALUES ($1, $2, $3)",'
     f'"parameters: $1 = \'{PAN}\', $2 = \'{EXP}\', $3 = \'{CVV}\'",,,,,,,,"PostgreSQL JDBC Driver"',
     {"pan", "expiry", "cvv"}),
    ("pg-duration-update",
     f"{PG}LOG:  duration: 0.412 ms  execute S_7: UPDATE cards SET card_cvv = $1, exp_month = $2, exp_year = $3 "
     f"WHERE pan = $4\n{PG}DETAIL:  parameters: $1 = '{CVV}', $2 = '11', $3 = '2030', $4 = '{PAN}'",
     {"pan", "expiry", "cvv"}),
    ("hibernate-5", f"Hibernate: insert into card_vault (card_number, cvv, expiry, id) values (?, ?, ?, ?)\n"
     f"{HB}binding parameter [1] as [VARCHAR] - [{PAN}]\n{HB}binding parameter [2] as [VARCHAR] - [{CVV}]\n"
     f"{HB}binding parameter [3] as [VARCHAR] - [{EXP}]\n{HB}binding parameter [4] as [BIGINT] - [77]",
     {"pan", "expiry", "cvv"}),
    ("hibernate-6", f"{H6}insert into card_vault (security_code, id, pan) values (?, ?, ?)\n"
     f"{H6}binding parameter (1:VARCHAR) <- [{CVV}]\n{H6}binding parameter (2:BIGINT) <- [77]\n"
     f"{H6}binding parameter (3:VARCHAR) <- [{PAN}]", {"pan", "cvv"}),
    # near misses: an expiry and CVV beside no full card number (a masked card, a token)
    ("hibernate-masked-card",
     f"{H6}insert into card_payment (card_cvv, card_expiry, card_number, id) values (?, ?, ?, ?)\n"
     f"{H6}binding parameter (1:VARCHAR) <- [{CVV}]\n{H6}binding parameter (2:VARCHAR) <- [{EXP}]\n"
     f"{H6}binding parameter (3:VARCHAR) <- [{PAN[:6]}******{PAN[-4:]}]\n{H6}binding parameter (4:BIGINT) <- [77]",
     set()),
    ("pg-token-card", f"{PG}LOG:  execute <unnamed>: INSERT INTO card_vault (pan, expiry, cvc) VALUES ($1, $2, $3)\n"
     f"{PG}DETAIL:  parameters: $1 = 'tok_9x', $2 = '{EXP}', $3 = '{CVV}'", set()),
    # near misses: other columns' numbers, parameters with no statement before them, another statement's
    ("pg-years-and-ids",
     f"{PG}LOG:  execute <unnamed>: UPDATE customers SET birth_year = $1, branch = $2 WHERE id = $3\n"
     f"{PG}DETAIL:  parameters: $1 = '2030', $2 = '217', $3 = '0532'", set()),
    ("pg-no-statement", f"{PG}DETAIL:  parameters: $1 = '{EXP}', $2 = '{CVV}'", set()),
    ("pg-other-statement",
     f"{PG}LOG:  execute <unnamed>: INSERT INTO vault (pan, expiry, cvc) VALUES ($1, $2, $3)\n"
     f"{PG}LOG:  execute S_1: SELECT * FROM orders WHERE phone = $1 AND account_id = $2\n"
     f"{PG}DETAIL:  parameters: $1 = '{EXP}', $2 = '{CVV}'", set()),
    ("hibernate-other-columns", f"Hibernate: update orders set quantity=?, store_code=? where id=?\n"
     f"{HB}binding parameter [1] as [INTEGER] - [{CVV}]\n{HB}binding parameter [2] as [VARCHAR] - [0532]", set()),
]


@pytest.mark.parametrize(("name", "text", "want"), CASES, ids=[c[0] for c in CASES])
def test_bind_values_read_under_their_columns(name: str, text: str, want: set[str]) -> None:
    got = [[(f.type, f.start, f.end) for f in engine.scan_text(text)] for engine in ENGINES]
    assert {t for t, _, _ in got[0]} == want, name
    assert got[0] == got[1]


def test_decoded_segment_is_the_values_line() -> None:
    text = f"INSERT INTO v (pan, cvc) VALUES ($1, $2)\nDETAIL:  parameters: $1 = '{PAN}', $2 = '217'\n"
    (got,) = list(D.decode(text))
    assert text[got.start : got.end] == f"DETAIL:  parameters: $1 = '{PAN}', $2 = '217'"
    assert got.text == f"DETAIL:  parameters: pan = '{PAN}', cvc = '217'" and got.lines


def test_card_beside_reads_a_value_under_its_column() -> None:
    insert = "INSERT INTO v (x) VALUES ($1)"
    assert card_beside(insert, {"1": "card_number"}, [("1", ROW_ID)])
    assert card_beside(insert, {}, [("2", PAN)])  # a value with no column found is read as it is
    assert not card_beside(insert, {"1": "id"}, [("1", ROW_ID)])  # a row id that passes Luhn is no card
    assert not card_beside(insert, {"1": "pan"}, [("1", f"{PAN[:6]}******{PAN[-4:]}")])
    maestro = luhn("67596126875")  # 12 digits: a card number only where its name says so
    assert card_beside('INSERT INTO "card_captures" ("number") VALUES ($1)', {"1": "number"}, [("1", maestro)])
    assert not card_beside('INSERT INTO "orders" ("number") VALUES ($1)', {"1": "number"}, [("1", maestro)])
