"""Tracing (SPEC §14) through the real binary: with OTEL_EXPORTER_OTLP_ENDPOINT set, spans reach a small OTLP/HTTP
collector of our own (JSON encoding), an inbound W3C traceparent is continued, and the upstream request carries
the attempt span's traceparent."""
import base64
import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from conftest import eventually, running_prism
import fake_media_providers
import fake_upstream

PASSWORD = "trace-admin-key"
TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
PARENT_ID = "00f067aa0ba902b7"


def hex_id(value):
    """OTLP/JSON ids are hex; a protobuf JSON encoder may send base64: both read as hex."""
    if re.fullmatch(r"[0-9a-f]{16}|[0-9a-f]{32}", value or ""):
        return value
    return base64.b64decode(value).hex() if value else ""


class Collector:
    """Keeps every span POSTed to /v1/traces."""

    def __init__(self):
        self.spans, self.lock = [], threading.Lock()
        collector = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if self.path == "/v1/traces" and "json" in (self.headers.get("Content-Type") or ""):
                    payload = json.loads(body)
                    with collector.lock:
                        for resource in payload.get("resourceSpans", []):
                            for scope in resource.get("scopeSpans", []):
                                collector.spans.extend(scope.get("spans", []))
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"{}")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def named(self, prefix):
        with self.lock:
            return [s for s in self.spans if s.get("name", "").startswith(prefix)]


def attributes(span):
    return {a["key"]: next(iter(a["value"].values())) for a in span.get("attributes", [])}


@pytest.fixture(scope="module")
def gateway(tmp_path_factory):
    recorder = fake_upstream.Recorder()
    upstream = fake_upstream.start(recorder)
    collector = Collector()
    fakes = fake_media_providers.start()
    env = {"PASSWORD": PASSWORD, "GROQ_API_KEY": "gsk_tracing0000key1", "GROQ_BASE_URL": f"http://127.0.0.1:{upstream.server_port}/v1",
           "OTEL_EXPORTER_OTLP_ENDPOINT": f"http://127.0.0.1:{collector.server.server_port}", "OTEL_EXPORTER_OTLP_PROTOCOL": "http/json",
           "OTEL_BSP_SCHEDULE_DELAY": "100", "MEDIA_POLL_FIRST_MS": "300",
           "REPLICATE_API_KEY": fake_media_providers.REPLICATE_KEY, "REPLICATE_BASE_URL": f"http://127.0.0.1:{fakes.port}/replicate"}
    try:
        with running_prism(tmp_path_factory.mktemp("trace-data"), env, drop=("API_KEYS", "OTEL_")) as (base, log):
            yield base, recorder, collector
    finally:
        upstream.shutdown()
        collector.server.shutdown()
        fakes.server.shutdown()


def test_spans_continue_the_inbound_trace_and_reach_the_upstream(gateway):
    base, recorder, collector = gateway
    reply = httpx.post(base + "/v1/chat/completions", timeout=60, json={"model": "groq/llama-3.1-8b-instant", "messages": [{"role": "user", "content": "Hi"}]},
                       headers={"Authorization": f"Bearer {PASSWORD}", "traceparent": f"00-{TRACE_ID}-{PARENT_ID}-01"})
    assert reply.status_code == 200
    request_id = reply.headers["x-prism-request-id"]
    sent = [r for r in recorder.requests if r["path"] == "/v1/chat/completions"][-1]
    assert sent["traceparent"] and sent["traceparent"].split("-")[1] == TRACE_ID, sent["traceparent"]

    # The batch goes out after 100 ms.
    eventually(lambda: collector.named("POST chat") and collector.named("attempt groq"))
    [server] = [s for s in collector.named("POST chat") if attributes(s).get("prism.request_id") == request_id]
    [attempt] = [s for s in collector.named("attempt groq") if hex_id(s["traceId"]) == TRACE_ID]
    assert hex_id(server["traceId"]) == TRACE_ID and hex_id(server["parentSpanId"]) == PARENT_ID
    assert hex_id(attempt["parentSpanId"]) == hex_id(server["spanId"])
    assert sent["traceparent"].split("-")[2] == hex_id(attempt["spanId"]), "the upstream is called inside the attempt span"
    assert attributes(server)["prism.model"] == "groq/llama-3.1-8b-instant" and attributes(server)["prism.provider"] == "groq"
    assert attributes(attempt)["prism.key"] == "gsk_…key1"
    assert "gsk_tracing0000key1" not in json.dumps(collector.spans)


def test_job_polls_are_spans(gateway):
    base, _, collector = gateway
    reply = httpx.post(base + "/v1/images/generations", timeout=60, headers={"Authorization": f"Bearer {PASSWORD}"},
                       json={"model": "image/replicate/black-forest-labs/flux-dev", "prompt": "a kite"})
    assert reply.status_code == 200, reply.text
    assert eventually(lambda: collector.named("job poll")), "no job poll span arrived"
