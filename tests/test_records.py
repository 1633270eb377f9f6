"""Values in other tools' records: times, tags, cells."""

from __future__ import annotations

import pytest

from reader.importers.records import unix_time


@pytest.mark.parametrize("text", ["inf", "-inf", "nan", "1e400", "0", "-5", "soon", "", None])
def test_a_time_that_is_no_time_is_none_at_once(text: str | None) -> None:
    assert unix_time(text) is None


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("1700000000", "2023-11-14T22:13:20+00:00"),
        ("1700000000000", "2023-11-14T22:13:20+00:00"),  # milliseconds
        ("1700000000000000", "2023-11-14T22:13:20+00:00"),  # microseconds
    ],
)
def test_unix_times_in_seconds_or_finer(text: str, iso: str) -> None:
    assert unix_time(text) == iso
