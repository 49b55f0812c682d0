"""Date expressions resolved against the publication date (and never guessed without it)."""

from datetime import date

import pytest

from kg.nlp.dates import resolve

MONDAY = date(2022, 11, 14)


@pytest.mark.parametrize(
    ("text", "future", "expected"),
    [
        ("on Monday", False, "2022-11-14"),
        ("on Friday", False, "2022-11-11"),
        ("on Friday", True, "2022-11-18"),
        ("last Monday", False, "2022-11-07"),
        ("next Tuesday", False, "2022-11-15"),
        ("yesterday", False, "2022-11-13"),
        ("tomorrow", True, "2022-11-15"),
        ("in January", False, "2022-01"),
        ("late February", False, "2022-02"),
        ("in December", False, "2021-12"),
        ("in December", True, "2022-12"),
        ("Nov. 14", False, "2022-11-14"),
        ("14 November 2022", False, "2022-11-14"),
        ("March 3, 2021", False, "2021-03-03"),
        ("January 2023", False, "2023-01"),
        ("last month", False, "2022-10"),
        ("last year", False, "2021"),
        ("in 2019", False, "2019"),
        ("last week", False, None),
        ("may", False, None),
    ],
)
def test_resolves_against_publication_date(text: str, future: bool, expected: str | None) -> None:
    value = resolve(text, MONDAY, future=future)
    assert value.iso == expected
    assert value.text == text


@pytest.mark.parametrize("text", ["on Monday", "in January", "yesterday", "late February"])
def test_relative_dates_stay_unresolved_without_publication_date(text: str) -> None:
    value = resolve(text, None)
    assert value.iso is None and value.text == text


def test_absolute_dates_resolve_without_publication_date() -> None:
    assert resolve("14 November 2022", None).iso == "2022-11-14"
    assert resolve("2022-02-24", None).iso == "2022-02-24"


def test_precision_follows_the_text() -> None:
    assert resolve("in January", MONDAY).precision == "month"
    assert resolve("on Monday", MONDAY).precision == "day"
    assert resolve("last year", MONDAY).precision == "year"
