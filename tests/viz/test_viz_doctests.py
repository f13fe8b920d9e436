"""The runnable examples in the viz modules' docstrings stay true."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["viz.style", "viz.graph_view", "viz.pyvis_page", "viz.trends", "viz.explorer"]


@pytest.mark.parametrize("module", MODULES)
def test_docstring_examples(module: str) -> None:
    failures, tried = doctest.testmod(importlib.import_module(module))
    assert tried > 0 and failures == 0
