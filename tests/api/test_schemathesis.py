"""Property-based requests generated from the OpenAPI spec, sent over HTTP to the live read-only
server: no answer is ever a server error, and answers match the documented status codes, content
types and response schemas."""

from __future__ import annotations

from typing import Any

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import checks

from kg.api import create_app, load_settings
from tests.api.conftest import LiveServer

#: examples per operation: enough to exercise every parameter, bounded to keep the suite fast
MAX_EXAMPLES = 25

# The spec does not depend on the store (the app opens it only when it starts), so it can be read
# at collection time; the requests go to the live server.
schema = schemathesis.openapi.from_dict(create_app(load_settings(store="unused.lbug")).openapi())


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.function_scoped_fixture,
    ],
)
def test_no_server_errors(case: schemathesis.Case[Any], api: LiveServer) -> None:
    case.call_and_validate(
        base_url=api.base_url,
        checks=[
            checks.not_a_server_error,
            checks.status_code_conformance,
            checks.content_type_conformance,
            checks.response_schema_conformance,
        ],
    )
