"""Reading in a child process: a file that needs too much memory or time, or kills the reader, is one sentence and
the process that asked (the app's server) carries on."""

from __future__ import annotations

import faulthandler
import os
import time

import pytest

from assessor.issues import FatalInputError
from assessor.read.guard import read_isolated

from factory import xlsx

BOOK = xlsx({"Indicators": [["Indicator ID", "Year", "Value"], ["CON01", 2024, 80]]})


def crash(send, data, framework, name) -> None:
    """A native reader aborting (as calamine does when an allocation fails): the child dies without an answer."""
    faulthandler.disable()  # the test run's fault handler would print this expected crash as if it were one
    os.abort()


def dawdle(send, data, framework, name) -> None:
    time.sleep(30)


def hog(send, data, framework, name) -> None:
    held = bytearray(400 * 1024**2)  # touched, so resident
    time.sleep(30)
    del held


def test_a_read_in_a_child_gives_the_same_submission(framework):
    sub = read_isolated(BOOK, framework, "a.xlsx")
    assert sub.indicators[["indicator_id", "value"]].values.tolist() == [["CON01", 80.0]]


def test_a_file_that_cannot_be_read_is_still_its_sentence(framework):
    with pytest.raises(FatalInputError) as refused:
        read_isolated(b"%PDF-1.7", framework, "bao-cao.xlsx")
    assert refused.value.code == "not_a_spreadsheet"


@pytest.mark.parametrize(
    "target, kwargs, code, sentence",
    [
        (crash, {}, "read_too_large", "Việc đọc tệp a.xlsx cần hơn 1536 MB bộ nhớ nên đã bị dừng"),
        (dawdle, {"seconds": 1}, "read_too_long", "Việc đọc tệp a.xlsx mất hơn 1 giây nên đã bị dừng"),
        (hog, {"memory": 300 * 1024**2}, "read_too_large", "Việc đọc tệp a.xlsx cần hơn 300 MB bộ nhớ"),
    ],
    ids=["abort", "time", "memory"],
)
def test_a_reader_that_dies_overruns_or_hogs_is_one_sentence(framework, target, kwargs, code, sentence):
    started = time.monotonic()
    with pytest.raises(FatalInputError) as stopped:
        read_isolated(BOOK, framework, "a.xlsx", target=target, **kwargs)
    assert stopped.value.code == code and stopped.value.message("vi").startswith(sentence)
    assert time.monotonic() - started < 25  # stopped by the guard, not by the child's own end
    assert read_isolated(BOOK, framework, "a.xlsx").indicators["value"].tolist() == [80.0]  # and life goes on
