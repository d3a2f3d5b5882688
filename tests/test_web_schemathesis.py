"""The API fuzzed from its own OpenAPI document (schemathesis): no 5xx, every answer as the
document says (status codes, content types, bodies against their schemas). Bounded for CI; set
CERTKIT_FUZZ_EXAMPLES for a longer run."""

from __future__ import annotations

import os

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from certkit.web import create_app

app = create_app(fetch_aia=False)
schema = schemathesis.openapi.from_asgi("/openapi.json", app)
EXAMPLES = int(os.environ.get("CERTKIT_FUZZ_EXAMPLES", "25"))


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_api_answers_as_documented(case: schemathesis.Case) -> None:
    # A schema-valid upload is not always a certificate: refusing random bytes (422) is right,
    # so "positive data acceptance" is not one of the checks here; every other one is.
    case.call_and_validate(excluded_checks=[positive_data_acceptance])
