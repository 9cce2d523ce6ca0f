"""Ids named by their column or key in data exports, where the name sits away from the value: a MongoDB Extended JSON
or Avro union wrapper between the key and the number, a pg_dump COPY row's column, a mysqldump INSERT's column (its
list, or the CREATE TABLE's above it), a ``DataFrame.show()`` table's header, a Redis key's type. Each table holds
the id the name explains away and the card that must still be found under a card's name in the same shape."""

from __future__ import annotations

import json

import pytest

from scanners.engine.core import Engine
from tests.unit.test_id_labels import luhn_id

ORDER = luhn_id("5324023", 16)  # a 16-digit order id that is also a valid Mastercard number
ORDER13 = luhn_id("4503617", 13)  # a 13-digit serial order id in a Visa range
GTIN = luhn_id("4730317", 13)  # a GTIN-13 in a Visa range
CARD = luhn_id("4539148", 16)
CARD13 = luhn_id("4929104", 13)  # a 13-digit Visa: a card, whatever its length says


def pans(engine: Engine, text: str) -> list[str]:
    return sorted({text[s.start : s.end] for s in engine.scan_text(text) if s.type == "pan"})


def mongo(key: str, wrapper: str, value: str) -> str:
    oid = {"$oid": "685b1fbdc278a522410f37e4"}
    return json.dumps({"_id": oid, key: {wrapper: value}, "total": {"$numberDecimal": "12.50"}})


TYPED_CASES = [
    pytest.param(mongo("orderId", "$numberLong", ORDER), [], id="mongo-numberLong"),
    pytest.param(mongo("order_id", "$numberDecimal", ORDER), [], id="mongo-numberDecimal"),
    pytest.param(json.dumps({"orderId": {"$numberLong": ORDER}}, indent=2), [], id="mongo-indented"),
    pytest.param('{"order_id":{"long":' + ORDER + '},"note":null}', [], id="avro-union-long"),
    pytest.param(mongo("card_number", "$numberLong", CARD), [CARD], id="mongo-card"),
    pytest.param(mongo("note", "$numberLong", CARD), [CARD], id="mongo-neutral-key"),
    pytest.param('{"card_number":{"long":' + CARD + "}}", [CARD], id="avro-union-card"),
    pytest.param('{"note":{"string":"paid with ' + CARD + '"}}', [CARD], id="avro-union-note"),
]


@pytest.mark.parametrize(("text", "expected"), TYPED_CASES)
def test_a_type_wrapper_is_named_by_its_attribute(each_engine: Engine, text: str, expected: list[str]) -> None:
    assert pans(each_engine, text) == expected


COPY_HEAD = "COPY public.payments (id, order_id, card_number, card_cvc, note) FROM stdin;\n"


def copy_rows(*rows: str) -> str:
    return "--\n-- Data for Name: payments\n--\n\n" + COPY_HEAD + "".join(r + "\n" for r in rows) + "\\.\n\n"


CREATE = (
    "CREATE TABLE `payments` (\n  `id` bigint unsigned NOT NULL AUTO_INCREMENT,\n  `order_id` bigint NOT NULL,\n"
    "  `card_number` varchar(19) DEFAULT NULL,\n  `card_last4` char(4) DEFAULT NULL,\n  PRIMARY KEY (`id`)\n)"
    " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\n\n"
)
FILLER = ",".join(f"({i},{1000000 + i},NULL,'{i % 10000:04d}')" for i in range(1, 400))  # a long extended INSERT


SQL_CASES = [
    pytest.param(copy_rows(f"1\t{ORDER13}\t\\N\t\\N\t\\N", "2\t2611\t\\N\t\\N\tok"), [], id="copy-order_id"),
    pytest.param(copy_rows(f"{ORDER13}\t1\t\\N\t\\N\t\\N"), [], id="copy-first-column-id"),
    pytest.param(copy_rows(f"1\t2\t{CARD}\t123\t\\N"), [CARD], id="copy-card_number"),
    pytest.param(copy_rows(f"1\t2\t\\N\t\\N\tcard {CARD}"), [CARD], id="copy-note"),
    pytest.param(copy_rows("1\t2\t\\N\t\\N\t\\N") + f"after\t{CARD}\n", [CARD], id="after-the-block"),
    pytest.param(CREATE + f"INSERT INTO `payments` VALUES (1,{ORDER},NULL,'1234'),(2,3,NULL,'5678');\n", [],
                 id="mysqldump-create-table"),
    pytest.param(CREATE + f"INSERT INTO `payments` VALUES {FILLER},(9,{ORDER},NULL,'1234');\n", [],
                 id="mysqldump-long-line"),
    pytest.param(f"INSERT INTO `payments` (`id`, `order_id`) VALUES (1, {ORDER}), (2, {ORDER13});\n", [],
                 id="insert-column-list-bare"),
    pytest.param(CREATE + f"INSERT INTO `payments` VALUES {FILLER},(9,3,'{CARD}',NULL);\n", [CARD],
                 id="mysqldump-long-line-card"),
    pytest.param(CREATE + f"INSERT INTO `payments` VALUES (1,2,{CARD},NULL);\n", [CARD], id="mysqldump-bare-card"),
    pytest.param(f"INSERT INTO t VALUES (1,{CARD},NULL);\n", [CARD], id="no-create-table"),
]


@pytest.mark.parametrize(("text", "expected"), SQL_CASES)
def test_a_sql_row_value_is_named_by_its_column(each_engine: Engine, text: str, expected: list[str]) -> None:
    assert pans(each_engine, text) == expected


def show(*rows: tuple[str, str, str]) -> str:
    """A ``DataFrame.show()`` table of (order_id, card_number, gtin) rows."""
    rule = "+--------+-------------------+-------------+\n"
    lines = [f"|{a:>8}|{b:>19}|{c:>13}|\n" for a, b, c in rows]
    return "24/06/30 19:03:17 INFO DAGScheduler: Job 0 finished\n" + rule + (
        "|order_id|        card_number|         gtin|\n") + rule + "".join(lines) + rule


TABLE_CASES = [
    pytest.param(show(("16008222", "null", GTIN), ("12612689", "null", "0218877719592")), [], id="show-gtin"),
    pytest.param(show(("16008222", CARD13, GTIN)), [CARD13], id="show-13-digit-card-beside-gtin"),
    pytest.param(show(("16008222", CARD, "0218877719592")), [CARD], id="show-card"),
    pytest.param(f" order_id | note\n----------+------\n {ORDER} | x\n", [], id="psql-order_id"),
    pytest.param(f" order_id | note\n----------+------\n 1 | {CARD}\n", [CARD], id="psql-note"),
]


@pytest.mark.parametrize(("text", "expected"), TABLE_CASES)
def test_a_text_table_cell_is_named_by_its_header(each_engine: Engine, text: str, expected: list[str]) -> None:
    assert pans(each_engine, text) == expected


def resp(*args: str) -> str:
    return f"*{len(args)}\r\n" + "".join(f"${len(a)}\r\n{a}\r\n" for a in args)


REDIS_CASES = [
    pytest.param(resp("INCRBY", f"stock:{GTIN}", "-1"), [], id="stock-key"),
    pytest.param(resp("HSET", f"shop:order:{ORDER}", "status", "paid"), [], id="nested-key"),
    pytest.param(resp("SET", f"card:{CARD}", "1"), [CARD], id="card-key"),
    pytest.param(resp("SET", f"sess:pan:{CARD}", "1"), [CARD], id="pan-segment"),
    pytest.param(resp("HSET", "checkout:8c1e", "card_number", CARD), [CARD], id="hset-value"),
    pytest.param(resp("SET", "note", f"ref:{CARD}x"), [], id="glued"),
    pytest.param(f"stock:{CARD}\r\n", [CARD], id="no-resp-length"),
]


@pytest.mark.parametrize(("text", "expected"), REDIS_CASES)
def test_a_redis_key_names_its_id(each_engine: Engine, text: str, expected: list[str]) -> None:
    assert pans(each_engine, text) == expected
