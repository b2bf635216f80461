"""The child process the .xls, .ods and .xlsb readers run in: what it returns or refuses comes back, and a child
that ends (as calamine's abort on a failed allocation ends it) is a refusal, never the server's end."""

import glob
import os
import tempfile

import pytest
from django.core.exceptions import ValidationError

from imports.apart import run_apart


def _echo(path):
    with open(path, "rb") as file:
        return {"read": file.read().decode(), "suffix": os.path.splitext(path)[1]}


def _refuse(path):
    raise ValidationError("不行", code="rows")


def _abort(path):
    os.abort()


def test_what_the_child_returns_comes_back():
    assert run_apart(_echo, "表".encode(), suffix=".ods") == {"read": "表", "suffix": ".ods"}


def test_what_the_child_refuses_is_refused_here_with_its_code():
    with pytest.raises(ValidationError) as error:
        run_apart(_refuse, b"x", suffix=".xls")
    assert (error.value.messages, error.value.code) == (["不行"], "rows")


def test_a_child_that_ends_is_a_refusal_and_its_file_is_removed():
    before = set(glob.glob(os.path.join(tempfile.gettempdir(), "*.xlsb")))
    with pytest.raises(ValidationError) as error:
        run_apart(_abort, b"x", suffix=".xlsb")
    assert error.value.code == "cells"
    assert set(glob.glob(os.path.join(tempfile.gettempdir(), "*.xlsb"))) <= before
