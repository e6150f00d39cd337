"""The OpenAPI document at /openapi.json: valid OpenAPI 3.1 (openapi-spec-validator), and true — schemathesis
sends generated requests to a live Prism with fake upstreams and finds no 5xx and no answer that contradicts the
document. PRISM_SCHEMATHESIS_SECONDS bounds the run (short in `make test`, longer in `make fuzz`)."""
import os
import subprocess
import sys

import httpx
import pytest
from openapi_spec_validator import validate

from conftest import USER_KEY, running_prism

CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance"


@pytest.fixture(scope="module")
def fuzzed_prism(upstream, tmp_path_factory):
    """A Prism of its own (its data is fuzzed), in front of the shared fake upstream."""
    server, _ = upstream
    with running_prism(tmp_path_factory.mktemp("fuzzed"), {
        "PASSWORD": "fuzz-admin-password", "API_KEYS": USER_KEY,
        "GROQ_API_KEY": "gsk-upstream-key", "GROQ_BASE_URL": f"http://127.0.0.1:{server.server_port}/v1", "DEFAULT_PROVIDER": "groq",
        "DOUBAO_API_KEY": "ark-test", "DOUBAO_BASE_URL": f"http://127.0.0.1:{server.server_port}/v1",
        "TAVILY_API_KEY": "tvly-test", "TAVILY_BASE_URL": f"http://127.0.0.1:{server.server_port}",
    }) as (base, log):
        yield base, log


def test_document_is_valid_openapi_31(fuzzed_prism):
    base, _ = fuzzed_prism
    answer = httpx.get(f"{base}/openapi.json")  # no key needed
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/json"
    document = answer.json()
    assert document["openapi"].startswith("3.1")
    validate(document)


def test_docs_page_renders_the_document_without_a_cdn(fuzzed_prism):
    base, _ = fuzzed_prism
    page = httpx.get(f"{base}/docs")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert 'fetch("/openapi.json")' in page.text and "<script src" not in page.text and "https://" not in page.text


def test_schemathesis_finds_no_server_error_and_no_contradiction(fuzzed_prism, tmp_path):
    base, log = fuzzed_prism
    seconds = os.environ.get("PRISM_SCHEMATHESIS_SECONDS", "90")
    command = [
        os.path.join(os.path.dirname(sys.executable), "schemathesis"), "run", f"{base}/openapi.json", "--url", base,
        "--checks", CHECKS, "--max-time", seconds, "--max-examples", os.environ.get("PRISM_SCHEMATHESIS_EXAMPLES", "25"),
        "--seed", os.environ.get("PRISM_SCHEMATHESIS_SEED", "1"), "--header", f"Authorization: Bearer {USER_KEY}",
        # One worker: CPython 3.11's ast.parse, which hypothesis calls, fails when two threads parse at once.
        "--workers", "1", "--request-timeout", "60", "--no-color", "--generation-database", "none",
        "--report", "junit", "--report-dir", str(tmp_path),
    ]
    # In a temporary directory: schemathesis keeps a cache in the working directory.
    run = subprocess.run(command, capture_output=True, text=True, timeout=int(seconds) + 300, cwd=tmp_path)
    if run.returncode != 0:
        print(run.stdout[-20000:])
        print(run.stderr[-5000:])
        print("".join(log.lines[-200:]))
    assert run.returncode == 0, "schemathesis found answers that contradict the document (see the output above)"
