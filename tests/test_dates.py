"""sayso.dates: the one parser of source dates, typed days and search bounds."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest

from sayso.dates import BadDate, naive_utc, parse_bound, parse_datetime, parse_day


def test_source_dates_iso_and_rfc_2822() -> None:
    assert parse_datetime("2024-08-15T10:30:00Z") == datetime(2024, 8, 15, 10, 30, tzinfo=UTC)
    assert parse_datetime("2024-08-15 10:30") == datetime(2024, 8, 15, 10, 30)
    assert parse_datetime("2024-08-15, Thursday") == datetime(2024, 8, 15)
    rfc = parse_datetime("Thu, 15 Aug 2024 10:30:00 +0300")
    assert rfc == datetime(2024, 8, 15, 10, 30, tzinfo=timezone(timedelta(hours=3)))
    assert parse_datetime("yesterday") is None and parse_datetime("  ") is None


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2024-05-07", date(2024, 5, 7), date(2024, 5, 7)),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("2023-12", date(2023, 12, 1), date(2023, 12, 31)),
        (" 2024 ", date(2024, 1, 1), date(2024, 12, 31)),
    ],
)
def test_days_and_partial_dates(text: str, start: date, end: date) -> None:
    assert parse_day(text) == start
    assert parse_day(text, end=True) == end


def test_day_values_that_are_not_dates_say_what_to_write() -> None:
    assert parse_day(None) is None and parse_day("") is None
    assert parse_day(datetime(2024, 5, 7, 12)) == date(2024, 5, 7)
    with pytest.raises(BadDate, match="'yesterday' is not a date; use YYYY-MM-DD, YYYY-MM"):
        parse_day("yesterday")
    with pytest.raises(BadDate, match="'2024-13-01' is not a real date"):
        parse_day("2024-13-01")
    for text in ("0000", "2024-5", "2024-05-07T10:00", "٢٠٢٤"):
        with pytest.raises(BadDate):
            parse_day(text)


def test_bounds_are_inclusive_and_utc() -> None:
    assert parse_bound("2024-05", end=False) == datetime(2024, 5, 1)
    assert parse_bound("2024-05", end=True) == datetime.combine(date(2024, 5, 31), time.max)
    assert parse_bound(date(2024, 5, 7), end=True) == datetime.combine(date(2024, 5, 7), time.max)
    assert parse_bound("2024-05-07T12:00+02:00", end=True) == datetime(2024, 5, 7, 10)
    assert parse_bound(None, end=False) is None and parse_bound("", end=True) is None
    with pytest.raises(BadDate, match="outside the years 1 to 9999"):
        parse_bound("0001-01-01T00:00:00+01:00", end=False)
    with pytest.raises(BadDate, match="or a date-time"):
        parse_bound("2024-05-07 noon", end=False)


def test_naive_utc_keeps_naive_dates() -> None:
    assert naive_utc(None) is None
    assert naive_utc(datetime(2024, 1, 1)) == datetime(2024, 1, 1)
    assert naive_utc(datetime(2024, 1, 1, tzinfo=timezone(timedelta(hours=-5)))) == datetime(
        2024, 1, 1, 5
    )


def test_an_offset_is_kept_beside_the_utc_date_and_put_back() -> None:
    from sayso.dates import is_day_bound, offset_minutes, with_offset

    # the White House statement on the Los Angeles wildfires (fixtures/ingest)
    stated = parse_datetime("2025-01-07 22:34:55-05:00")
    assert stated is not None
    stored, minutes = naive_utc(stated), offset_minutes(stated)
    assert (stored.isoformat(), minutes) == ("2025-01-08T03:34:55", -300)
    assert with_offset(stored, minutes).isoformat() == "2025-01-07T22:34:55-05:00"
    # India's half hour; a date without an offset stays as written
    assert offset_minutes(parse_datetime("2023-06-22T23:00:00+05:30")) == 330
    assert offset_minutes(parse_datetime("2024-08-15T17:42:00")) is None
    assert with_offset(datetime(2024, 8, 15, 17, 42), None) == datetime(2024, 8, 15, 17, 42)
    assert with_offset(None, 60) is None
    assert is_day_bound("2025-01-07") and is_day_bound("2025-01") and is_day_bound(date(2025, 1, 7))
    assert not is_day_bound("2025-01-08T00:00:00Z") and not is_day_bound(datetime(2025, 1, 8))
