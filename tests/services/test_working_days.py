"""Working days on the office calendars: NL, Germany by state (NRW, Niedersachsen), Belgium."""

from __future__ import annotations

import datetime as dt

import pytest

from grensdesk.services.working_days import (
    Calendar,
    add_working_days,
    calendar_for,
    working_days_between,
)

NL = calendar_for("NL")
NRW = calendar_for("DE", "NRW")
NI = calendar_for("DE", "Niedersachsen")
BE = calendar_for("BE", "Vlaanderen")
D = dt.date


def test_office_regions_map_to_german_states() -> None:
    assert (NRW.country, NRW.subdivision) == ("DE", "NW")
    assert (NI.country, NI.subdivision) == ("DE", "NI")
    assert BE.subdivision is None
    assert calendar_for("DE", None).subdivision is None  # only the nationwide holidays


def test_a_plain_week() -> None:
    monday = D(2026, 3, 2)
    assert add_working_days(monday, 0, NL) == monday
    assert add_working_days(monday, 4, NL) == D(2026, 3, 6)  # Friday
    assert add_working_days(monday, 5, NL) == D(2026, 3, 9)  # over the weekend
    assert add_working_days(D(2026, 3, 7), 1, NL) == D(2026, 3, 9)  # from a Saturday
    assert working_days_between(monday, D(2026, 3, 9), NL) == 5
    assert working_days_between(D(2026, 3, 9), monday, NL) == -5


@pytest.mark.parametrize("calendar", [NL, NRW, NI, BE], ids=lambda c: c.label)
def test_christmas_and_new_year(calendar: Calendar) -> None:
    # Wed 23 Dec 2026 + 3: Thu 24; Fri 25 is Christmas everywhere; Mon 28, Tue 29.
    assert add_working_days(D(2026, 12, 23), 3, calendar) == D(2026, 12, 29)
    # Across New Year (Fri 1 January 2027): Wed 30, Thu 31, Mon 4.
    assert add_working_days(D(2026, 12, 29), 3, calendar) == D(2027, 1, 4)


def test_second_christmas_day_is_a_holiday_except_in_belgium() -> None:
    # Sat 26 December in 2026; in 2025 it is a Friday.
    assert not NL.is_working_day(D(2025, 12, 26))
    assert not NRW.is_working_day(D(2025, 12, 26))
    assert BE.is_working_day(D(2025, 12, 26))


@pytest.mark.parametrize("calendar", [NL, NRW, NI, BE], ids=lambda c: c.label)
def test_easter_monday(calendar: Calendar) -> None:
    # Easter 2026 is 5 April: Thu 2 + 2 working days skips Easter Monday 6 April
    # (and Good Friday 3 April where it is a holiday).
    assert not calendar.is_working_day(D(2026, 4, 6))
    expected = D(2026, 4, 8) if calendar is not BE else D(2026, 4, 7)
    assert add_working_days(D(2026, 4, 2), 2, calendar) == expected


def test_kings_day_in_the_netherlands_only() -> None:
    assert not NL.is_working_day(D(2026, 4, 27))  # Monday
    assert NRW.is_working_day(D(2026, 4, 27))
    assert BE.is_working_day(D(2026, 4, 27))
    assert add_working_days(D(2026, 4, 24), 1, NL) == D(2026, 4, 28)
    # When 27 April is a Sunday the Netherlands celebrate on Saturday 26 April.
    assert NL.holiday_name(D(2025, 4, 26)) == "King's Day"
    assert NL.holiday_name(D(2025, 4, 27)) is None


def test_german_unity_day_in_germany_only() -> None:
    friday = D(2025, 10, 3)
    assert not NRW.is_working_day(friday)
    assert not NI.is_working_day(friday)
    assert NL.is_working_day(friday)
    assert BE.is_working_day(friday)
    assert add_working_days(D(2025, 10, 2), 1, NRW) == D(2025, 10, 6)
    assert add_working_days(D(2025, 10, 2), 1, NL) == D(2025, 10, 3)


def test_all_saints_day_in_nrw_and_belgium_but_not_niedersachsen_or_the_netherlands() -> None:
    monday = D(2027, 11, 1)
    assert not NRW.is_working_day(monday)
    assert not BE.is_working_day(monday)
    assert NI.is_working_day(monday)
    assert NL.is_working_day(monday)
    friday = D(2027, 10, 29)
    assert add_working_days(friday, 1, NRW) == D(2027, 11, 2)
    assert add_working_days(friday, 1, NI) == monday


def test_reformation_day_in_niedersachsen_only() -> None:
    friday = D(2025, 10, 31)
    assert not NI.is_working_day(friday)
    assert NRW.is_working_day(friday)
    assert NL.is_working_day(friday)
    assert BE.is_working_day(friday)
    assert working_days_between(D(2025, 10, 30), D(2025, 11, 3), NI) == 1
    assert working_days_between(D(2025, 10, 30), D(2025, 11, 3), NRW) == 2


@pytest.mark.parametrize("calendar", [NL, NRW, NI, BE], ids=lambda c: c.label)
def test_adding_and_counting_agree_with_a_day_by_day_walk(calendar: Calendar) -> None:
    start = D(2025, 12, 1)
    for offset in range(0, 60, 3):
        for count in (0, 1, 2, 3, 7, 10, 23, 41):
            begin = start + dt.timedelta(days=offset)
            day, left = begin, count
            while left:
                day += dt.timedelta(days=1)
                left -= calendar.is_working_day(day)
            assert add_working_days(begin, count, calendar) == day
            assert working_days_between(begin, day, calendar) == count


def test_negative_counts_are_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        add_working_days(D(2026, 1, 5), -1, NL)
