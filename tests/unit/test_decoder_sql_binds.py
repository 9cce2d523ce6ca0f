"""SqlBindsDecoder: a prepared statement's values logged apart from it (PostgreSQL's ``DETAIL:  parameters:``,
Hibernate's ``binding parameter``) are named by the columns of the statement before them, so a card's expiry and
security code under ``$2``/``[3]`` are read as ``expiry = '05/32'``; values of other columns, of another statement,
or with no statement before them stay as they are. Both back ends give the same spans."""

from __future__ import annotations

import pytest

from scanners.decoders.sql_binds import SqlBindsDecoder, columns, named_line
from scanners.engine.core import Engine

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


EXP, CVV = "05/32", "217"
CASES = [
    ("pg-execute-detail",
     f"{PG}LOG:  execute <unnamed>: INSERT INTO card_vault (pan, expiry, cvc, customer_id) VALUES ($1, $2, $3, $4)\n"
     f"{PG}DETAIL:  parameters: $1 = 'tok_9x', $2 = '{EXP}', $3 = '{CVV}', $4 = '026736272'", {"expiry", "cvv"}),
    ("pg-duration-update",
     f"{PG}LOG:  duration: 0.412 ms  execute S_7: UPDATE cards SET card_cvv = $1, exp_month = $2, exp_year = $3 "
     f"WHERE id = $4\n{PG}DETAIL:  parameters: $1 = '{CVV}', $2 = '11', $3 = '2030', $4 = '88123'", {"expiry", "cvv"}),
    ("hibernate-5", f"Hibernate: insert into card_vault (card_number, cvv, expiry, id) values (?, ?, ?, ?)\n"
     f"{HB}binding parameter [1] as [VARCHAR] - [tok_9x]\n{HB}binding parameter [2] as [VARCHAR] - [{CVV}]\n"
     f"{HB}binding parameter [3] as [VARCHAR] - [{EXP}]\n{HB}binding parameter [4] as [BIGINT] - [77]",
     {"expiry", "cvv"}),
    ("hibernate-6", f"{H6}insert into card_vault (security_code, id) values (?, ?)\n"
     f"{H6}binding parameter (1:VARCHAR) <- [{CVV}]\n{H6}binding parameter (2:BIGINT) <- [77]", {"cvv"}),
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
    text = "INSERT INTO v (pan, cvc) VALUES ($1, $2)\nDETAIL:  parameters: $1 = 'x', $2 = '217'\n"
    (got,) = list(D.decode(text))
    assert text[got.start : got.end] == "DETAIL:  parameters: $1 = 'x', $2 = '217'"
    assert got.text == "DETAIL:  parameters: pan = 'x', cvc = '217'" and got.lines
