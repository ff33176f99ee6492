"""Contract years: the NHS GP contract year runs from 1 April to 31 March."""
from __future__ import annotations

import datetime as dt


def contract_year_start(day: dt.date) -> int:
    """Calendar year in which the contract year containing `day` starts."""
    return day.year if day.month >= 4 else day.year - 1


def contract_year_label(day: dt.date) -> str:
    """Label such as "2019/20" for the contract year containing `day`."""
    start = contract_year_start(day)
    return f"{start}/{(start + 1) % 100:02d}"


def day_number(day: dt.date) -> int:
    """The date as an integer YYYYMMDD, the form rules compare dates in."""
    return day.year * 10000 + day.month * 100 + day.day


def parse_date(value) -> dt.date:
    """A date from a date object or an ISO string (raises ValueError otherwise)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return dt.date.fromisoformat(value.strip())
    raise ValueError("not a date")
