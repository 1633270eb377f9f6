"""Turn the dates articles carry into ISO 8601."""

from __future__ import annotations

import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
_TIME = r"(?:,?\s+(?:at\s+)?(?P<hour>\d{1,2})[:.](?P<minute>\d{2})\s*(?P<ampm>[ap]\.?m\.?)?)?"
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_HUMAN_DATES = [
    re.compile(rf"^{_WEEKDAY}{_MONTH}\s+{_DAY},?\s+{_YEAR}{_TIME}", re.I),  # April 22, 2022
    re.compile(rf"^{_WEEKDAY}{_DAY}\s+{_MONTH},?\s+{_YEAR}{_TIME}", re.I),  # 22 April 2022
]
_ISO_DATE = re.compile(
    r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?$"
)

# Feeds' pubDate: "Fri, 22 Apr 2022 10:00:00 +0200" (the zone is what tells it apart).
_RFC_2822_TIME = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?\s+(?:[+-]\d{4}|[A-Z]{1,5})$")


def _iso(moment: datetime, has_time: bool = True) -> str:
    if not has_time:
        return moment.date().isoformat()
    return moment.isoformat(timespec="seconds")


def parse_date(text: str | None) -> str | None:
    """Parse a date as articles write it; ISO 8601 back, or None if it is not a date.

    A date alone stays a date ("2022-04-22"); a time keeps its offset when given.
    """
    if not text:
        return None
    text = " ".join(text.split()).strip()
    if not text or len(text) > 80:
        return None
    if _ISO_DATE.match(text):
        try:
            moment = datetime.fromisoformat(text.replace(" ", "T", 1))
        except ValueError:
            return None
        return _iso(moment, has_time=len(text) > 10)
    if _RFC_2822_TIME.search(text):
        try:
            return _iso(parsedate_to_datetime(text))
        except (TypeError, ValueError, IndexError):
            pass
    for pattern in _HUMAN_DATES:
        match = pattern.match(text)
        if match:
            try:
                day = date(int(match["year"]), _MONTHS[match["month"].lower()], int(match["day"]))
            except ValueError:
                return None
            if match["hour"] is None:
                return day.isoformat()
            hour, minute = int(match["hour"]), int(match["minute"])
            ampm = (match["ampm"] or "").replace(".", "").lower()
            if ampm == "pm" and hour < 12:
                hour += 12
            elif ampm == "am" and hour == 12:
                hour = 0
            if hour > 23 or minute > 59:
                return day.isoformat()
            return datetime(day.year, day.month, day.day, hour, minute).isoformat(
                timespec="seconds"
            )
    return None


def looks_like_date_line(text: str) -> bool:
    """True when a whole line is a date (the second line of a seed-layout article)."""
    return parse_date(text) is not None
