"""Routes through the official openai SDK: one failing and one working fake provider behind a route."""
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import openai
import pytest

from conftest import running_prism

PASSWORD = "routes-admin-password"


def _provider(name, failing):
    """A fake OpenAI-compatible provider on 127.0.0.1; `failing` ones answer every chat with 503."""
    requests = []

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def _send(self, status, body, content_type="application/json"):
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            self._send(200, json.dumps({"object": "list", "data": [{"id": f"{name}-model", "object": "model"}]}).encode())

        def do_POST(self):
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
            requests.append(body)
            if failing:
                self._send(503, json.dumps({"error": {"message": f"{name} is overloaded", "type": "server_error"}}).encode())
                return
            text = f"answer from {name}"
            if body.get("stream"):
                events = [
                    {"id": "c1", "object": "chat.completion.chunk", "created": 1, "model": body["model"],
                     "choices": [{"index": 0, "delta": {"role": "assistant", "content": text}, "finish_reason": None}]},
                    {"id": "c1", "object": "chat.completion.chunk", "created": 1, "model": body["model"],
                     "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]},
                ]
                data = "".join(f"data: {json.dumps(e)}\n\n" for e in events) + "data: [DONE]\n\n"
                self._send(200, data.encode(), "text/event-stream")
                return
            self._send(200, json.dumps({
                "id": "c1", "object": "chat.completion", "created": 1, "model": body["model"],
                "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
                "usage": {"prompt_tokens": 3, "completion_tokens": 3, "total_tokens": 6},
            }).encode())

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, requests


@pytest.fixture(scope="module")
def routed(tmp_path_factory):
    failing, failing_requests = _provider("groq", failing=True)
    working, working_requests = _provider("cerebras", failing=False)
    directory = tmp_path_factory.mktemp("routes")
    config = directory / "prism.yaml"
    config.write_text(
        "routes:\n"
        "  fast:\n"
        "    strategy: fallback\n"
        "    targets: [groq/llama-3.3-70b-versatile, cerebras/llama-3.3-70b]\n"
        "  broken:\n"
        "    targets: [groq/model-a, groq/model-b]\n")
    try:
        with running_prism(directory / "data", {
            "PASSWORD": PASSWORD,
            "CONFIG_FILE": str(config),
            "GROQ_API_KEY": "gsk-route-test",
            "GROQ_BASE_URL": f"http://127.0.0.1:{failing.server_port}/v1",
            "CEREBRAS_API_KEY": "csk-route-test",
            "CEREBRAS_BASE_URL": f"http://127.0.0.1:{working.server_port}/v1",
            "CIRCUIT_FAILURES": "100",
        }) as (base, _):
            yield base, failing_requests, working_requests
    finally:
        failing.shutdown()
        working.shutdown()


def test_route_falls_back_and_says_who_answered(routed):
    base, failing_requests, working_requests = routed
    client = openai.OpenAI(base_url=base + "/v1", api_key=PASSWORD, max_retries=0)
    raw = client.chat.completions.with_raw_response.create(
        model="fast", messages=[{"role": "user", "content": "Hi"}], extra_headers={"x-request-id": "sdk-trace-1"})
    completion = raw.parse()
    assert completion.choices[0].message.content == "answer from cerebras"
    assert raw.headers["x-prism-provider"] == "cerebras"
    assert raw.headers["x-prism-model"] == "llama-3.3-70b"
    assert raw.headers["x-prism-route"] == "fast"
    assert raw.headers["x-prism-attempts"] == "2"
    assert raw.headers["x-prism-request-id"] == "sdk-trace-1"
    assert failing_requests[-1]["model"] == "llama-3.3-70b-versatile"
    assert working_requests[-1]["model"] == "llama-3.3-70b"


def test_route_streams_one_answer(routed):
    base, _, _ = routed
    client = openai.OpenAI(base_url=base + "/v1", api_key=PASSWORD, max_retries=0)
    stream = client.chat.completions.create(model="route/fast", messages=[{"role": "user", "content": "Hi"}], stream=True)
    text = "".join(chunk.choices[0].delta.content or "" for chunk in stream if chunk.choices)
    assert text == "answer from cerebras"


def test_route_is_listed_and_dry_run_calls_nothing(routed):
    base, failing_requests, working_requests = routed
    client = openai.OpenAI(base_url=base + "/v1", api_key=PASSWORD, max_retries=0)
    routes = [m.id for m in client.models.list() if m.owned_by == "route"]
    assert routes == ["broken", "fast"]
    before = (len(failing_requests), len(working_requests))
    plan = client.post("/route/dry-run", body={"model": "fast", "messages": [{"role": "user", "content": "Hi"}]}, cast_to=object)
    assert [c["target"] for c in plan["candidates"]] == ["groq/llama-3.3-70b-versatile", "cerebras/llama-3.3-70b"]
    assert plan["chosen"] == "groq/llama-3.3-70b-versatile"
    assert (len(failing_requests), len(working_requests)) == before


def test_every_target_failing_is_one_error_naming_each(routed):
    base, _, _ = routed
    client = openai.OpenAI(base_url=base + "/v1", api_key=PASSWORD, max_retries=0)
    with pytest.raises(openai.InternalServerError) as caught:
        client.chat.completions.create(model="broken", messages=[{"role": "user", "content": "Hi"}], stream=True)
    assert caught.value.status_code == 502
    message = caught.value.body["message"]
    assert "The route broken could not answer after 2 attempts" in message
    assert "groq/model-a answered 503" in message and "groq/model-b answered 503" in message
    assert "`" not in message
