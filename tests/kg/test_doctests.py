"""The runnable examples in the core modules' docstrings stay true."""

from __future__ import annotations

import doctest
import importlib

import pytest


@pytest.mark.parametrize(
    "module",
    ["kg.model", "kg.schema", "kg.graph", "kg.store", "kg.cli.query", "kg.api.services.common",
     "kg.api.settings", "kg.cypher", "kg.cypher.lexer", "kg.cypher.parser", "kg.cypher.policy",
     "kg.cypher.serialize", "kg.api.cypher_pool"],
)
def test_docstring_examples_run(module: str) -> None:
    failures, tried = doctest.testmod(importlib.import_module(module))
    assert tried > 0 and failures == 0
