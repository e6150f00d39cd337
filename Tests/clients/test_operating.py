"""SPEC §14 through the real binary: LOG_FORMAT=json writes one JSON object per line with the request line's
fields and no key; /health/ready answers without a key; /metrics takes METRICS_TOKEN and refuses a user key."""
import json

import httpx
import pytest

from conftest import running_prism
import fake_upstream

PASSWORD, USER_KEY, TOKEN, UPSTREAM_KEY = "ops-admin-key", "ops-user-key", "ops-metrics-token", "gsk_operating00secret9"


@pytest.fixture(scope="module")
def gateway(tmp_path_factory):
    recorder = fake_upstream.Recorder()
    server = fake_upstream.start(recorder)
    env = {"PASSWORD": PASSWORD, "API_KEYS": USER_KEY, "METRICS_TOKEN": TOKEN, "LOG_FORMAT": "json",
           "GROQ_API_KEY": UPSTREAM_KEY, "GROQ_BASE_URL": f"http://127.0.0.1:{server.server_port}/v1"}
    try:
        with running_prism(tmp_path_factory.mktemp("ops-data"), env, drop=("API_KEYS", "LOG_LEVEL")) as (base, log):
            yield base, log
    finally:
        server.shutdown()


def test_json_request_lines_without_keys(gateway):
    base, log = gateway
    reply = httpx.post(base + "/v1/chat/completions", headers={"Authorization": f"Bearer {PASSWORD}", "x-request-id": "req-json-line-1"},
                       json={"model": "groq/llama-3.1-8b-instant", "messages": [{"role": "user", "content": "Hi"}]}, timeout=60)
    assert reply.status_code == 200
    line = log.wait_for(lambda text: "req-json-line-1" in text)
    assert line, "no request line"
    record = json.loads(line)
    assert record["message"] == "request" and record["level"] == "info" and record["status"] == 200
    assert record["request_id"] == "req-json-line-1" and record["model"] == "groq/llama-3.1-8b-instant" and record["provider"] == "groq"
    assert record["principal"] == "admin" and isinstance(record["latency_ms"], int) and "input_tokens" in record
    for text in log.lines:
        json.loads(text)  # every line is JSON
        assert UPSTREAM_KEY not in text and PASSWORD not in text


def test_ready_and_metrics_guard(gateway):
    base, _ = gateway
    ready = httpx.get(base + "/health/ready")
    assert ready.status_code == 200 and ready.json() == {"status": "ready"}
    scraped = httpx.get(base + "/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert scraped.status_code == 200 and "prism_requests_total" in scraped.text
    assert httpx.get(base + "/metrics", headers={"Authorization": f"Bearer {USER_KEY}"}).status_code == 403
    assert httpx.get(base + "/metrics").status_code == 401
