import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from imports.cleaning import CellProblem, measure_code_parse, month_parse, number_parse, text_clean
from imports.reading import UNCOMPUTED


@pytest.fixture(autouse=True)
def english():
    # The messages are checked in English here; test_services checks that they read in Chinese.
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("１２００", Decimal("1200")),  # full-width digits
        ("1,200", Decimal("1200")),  # thousands separator
        ("１，２００", Decimal("1200")),  # full-width comma
        ("  1200 ", Decimal("1200")),  # surrounding spaces
        ("\u30001200\u3000", Decimal("1200")),  # ideographic spaces
        ("1 200", Decimal("1200")),
        ("12.5", Decimal("12.50")),
        (1200, Decimal("1200")),
        (12.5, Decimal("12.50")),
        (0.1 + 0.2, Decimal("0.30")),  # float noise from Excel arithmetic
        ("120人", Decimal("120")),  # the indicator's own unit after the number
        ("'1200", Decimal("1200")),
        (None, None),
        ("", None),
    ],
)
def test_it_reads_numbers_as_people_type_them(raw, expected):
    assert number_parse(raw, unit="人")[0] == expected


def test_it_reads_percent_strings_and_percent_formatted_cells():
    assert number_parse("85%") == (Decimal("85"), True)
    assert number_parse("85.5 ％") == (Decimal("85.50"), True)
    assert number_parse(0.855, number_format="0.0%") == (Decimal("85.50"), True)


@pytest.mark.parametrize("raw", ["abc", "12a", "1,20", "1.2.3", True, datetime.date(2023, 6, 1), "一百"])
def test_it_refuses_what_is_not_a_number(raw):
    with pytest.raises(CellProblem, match="not a number"):
        number_parse(raw)


@pytest.mark.parametrize("raw", ["²", "٣", "1_000", "½", "①", "12³"])
def test_it_refuses_digits_that_are_not_the_ones_people_type(raw):
    # Each of these is a number to Python or to NFKC (², ٣, 1_000 read as 2, 3 and 1000), none to a person.
    with pytest.raises(CellProblem, match="use the digits 0–9"):
        number_parse(raw, unit="人")


@pytest.mark.parametrize("raw", [-5, "-5", "−5", "(5)"])
def test_it_refuses_negative_numbers(raw):
    with pytest.raises(CellProblem, match="negative"):
        number_parse(raw)


def test_it_refuses_more_than_two_decimals_and_uncomputed_formulas():
    with pytest.raises(CellProblem, match="two decimals"):
        number_parse("1.234")
    with pytest.raises(CellProblem, match="formula"):
        number_parse(UNCOMPUTED)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2023-06", (2023, 6)),
        ("2023/6", (2023, 6)),
        ("2023.06", (2023, 6)),
        ("202306", (2023, 6)),
        ("2023年6月", (2023, 6)),
        ("２０２３年６月份", (2023, 6)),
        (" 2023 年 6 月 ", (2023, 6)),
        ("2023-06-01", (2023, 6)),
        (datetime.datetime(2023, 6, 1), (2023, 6)),
        (datetime.date(2023, 6, 30), (2023, 6)),
        (45078, (2023, 6)),  # an Excel date serial that lost its format: 2023-06-01
        (6, (None, 6)),
        ("6月", (None, 6)),
    ],
)
def test_it_reads_months_in_every_usual_spelling(raw, expected):
    assert month_parse(raw) == expected


@pytest.mark.parametrize("raw", ["2023-13", "June", "13", "2023"])
def test_it_refuses_what_is_not_a_month(raw):
    with pytest.raises(CellProblem):
        month_parse(raw)


def test_measure_codes_and_text():
    assert measure_code_parse("1.2") == (1, 2)
    assert measure_code_parse(1.2) == (1, 2)
    assert measure_code_parse("５．３") == (5, 3)
    assert measure_code_parse("abc") is None
    assert text_clean("'=SUM(A1)") == "=SUM(A1)"
    assert text_clean(" ＨＣ ") == "HC"


def test_short_values_are_remembered_and_long_ones_never():
    from imports import cleaning

    short, long = "文登区 WD", "长" * 200
    assert cleaning.lookup_key(short) == "文登区WD"
    keys = cleaning._lookup_key.cache_info().currsize
    assert cleaning.lookup_key(short) == "文登区WD"  # remembered: nothing new kept
    assert cleaning.lookup_key(long) == long  # read, but not kept
    assert cleaning._lookup_key.cache_info().currsize == keys
    months = cleaning._month_read.cache_info().currsize
    assert cleaning.month_read("2023年" + " " * 100 + "6月") == (2023, 6)
    assert cleaning._month_read.cache_info().currsize == months
    assert cleaning.month_read("2023年6月") == (2023, 6)
    assert cleaning._month_read.cache_info().currsize in (months, months + 1)


def test_true_is_never_read_as_the_month_it_equals():
    from imports.cleaning import CellProblem, month_parse

    assert month_parse(1) == (None, 1)
    with pytest.raises(CellProblem):
        month_parse(True)


@pytest.mark.parametrize("value", [0, 7, 1200, 10**12, 9_999_999_999_999])
def test_a_whole_number_cell_reads_as_the_same_number_typed_as_text(value):
    from imports.cleaning import number_parse

    quick, typed = number_parse(value), number_parse(str(value))
    assert quick == typed and str(quick[0]) == str(typed[0])


def test_a_whole_number_in_a_percent_cell_or_beyond_the_largest_figure_is_not_read_plainly():
    from imports.cleaning import CellProblem, number_parse

    assert number_parse(1, number_format="0%") == (100, True)
    with pytest.raises(CellProblem):
        number_parse(10**13)
    with pytest.raises(CellProblem):
        number_parse(-3)


@pytest.mark.parametrize(("value", "blank"), [(" ", True), ("\t", True), ("'", False), ("\u3000", True), ("0", False)])
def test_blank_cells_are_those_with_nothing_but_spaces(value, blank):
    from imports.cleaning import is_blank

    assert is_blank(value) is blank


def test_equal_decimals_written_differently_are_read_each_as_written():
    from imports.cleaning import measure_code_parse

    assert measure_code_parse(Decimal("1.2")) == (1, 2)
    assert measure_code_parse(Decimal("1.20")) == (1, 20)
