"""CSV cells: quoted words from articles never become spreadsheet formulas."""

from __future__ import annotations

import csv
import io

from sayso.web.csvout import cell, csv_lines


def test_formula_like_text_is_defused_numbers_are_not() -> None:
    assert cell('=HYPERLINK("http://evil","click")') == '\'=HYPERLINK("http://evil","click")'
    assert cell("+7 more words") == "'+7 more words"
    assert cell("@SUM(A1)") == "'@SUM(A1)"
    assert cell("-1") == "-1" and cell(-0.5) == "-0.5" and cell(3) == "3"
    assert cell(None) == "" and cell(["a", "b"]) == "a; b"


def test_rows_round_trip_through_a_csv_reader() -> None:
    rows = [{"text": 'He said "no",\nthen left', "count": 2}, {"text": "=1+1", "count": 0}]
    parsed = list(csv.DictReader(io.StringIO("".join(csv_lines(["text", "count"], rows)))))
    assert parsed == [
        {"text": 'He said "no",\nthen left', "count": "2"},
        {"text": "'=1+1", "count": "0"},
    ]
