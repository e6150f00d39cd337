"""Webhooks (SPEC §15) as receivers see them: each event verified by the official `openai` SDK's
`client.webhooks.unwrap` and by the `standardwebhooks` package, with the secret Prism generated; and a
delivery that was still pending when Prism was killed is delivered after it starts again."""
import json
import os
import signal
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import openai
import standardwebhooks

from conftest import eventually
from test_durability import start


class Receiver:
    """A webhook receiver on 127.0.0.1:0: records each request, answers `status` (changeable)."""

    def __init__(self, status=200):
        self.status = status
        self.requests = []
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with receiver.lock:
                    receiver.requests.append((dict(self.headers.items()), body.decode()))
                    status = receiver.status
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"

    def received(self):
        with self.lock:
            return list(self.requests)



def webhook_env(upstream_port, receiver):
    return {"DOUBAO_API_KEY": "ark-test", "DOUBAO_BASE_URL": f"http://127.0.0.1:{upstream_port}/v1", "WEBHOOK_URL": receiver.url,
            "WEBHOOK_RETRY_SCALE": "0.001"}


def test_events_verify_with_the_openai_sdk_and_standardwebhooks(upstream, tmp_path):
    server, _ = upstream
    receiver = Receiver()
    binary = os.environ.get("PRISM_BIN", ".build/debug/prism")
    proc, base = start(binary, tmp_path, server.server_port, webhook_env(server.server_port, receiver))
    try:
        job = httpx.post(f"{base}/v1/jobs", json={"model": "image/doubao", "prompt": "A lighthouse", "metadata": {"run": "7"}},
                         headers={"Prefer": "wait=60"}, timeout=70)
        assert job.status_code == 200 and job.json()["status"] == "succeeded"
        assert eventually(lambda: len(receiver.received()) == 1)
        secret = httpx.get(f"{base}/v1/admin/webhooks").json()["secret"]
        assert secret.startswith("whsec_")
        headers, body = receiver.received()[0]

        event = openai.OpenAI(api_key="unused", base_url=f"{base}/v1").webhooks.unwrap(body, headers, secret=secret)
        data = event.data if isinstance(event.data, dict) else event.data.to_dict()
        assert event.type == "job.succeeded" and data["id"] == job.json()["id"]

        payload = standardwebhooks.Webhook(secret).verify(body, headers)
        assert payload["type"] == "job.succeeded" and payload["data"]["metadata"] == {"run": "7"}
        assert headers["webhook-id"] == payload["id"]
        try:
            standardwebhooks.Webhook(secret).verify(body.replace("succeeded", "failed"), headers)
        except standardwebhooks.webhooks.WebhookVerificationError:
            pass
        else:
            raise AssertionError("a changed body verified")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_pending_delivery_survives_kill_and_restart(upstream, tmp_path):
    server, _ = upstream
    receiver = Receiver(status=503)
    binary = os.environ.get("PRISM_BIN", ".build/debug/prism")
    env = webhook_env(server.server_port, receiver)
    proc, base = start(binary, tmp_path, server.server_port, env)
    try:
        job = httpx.post(f"{base}/v1/jobs", json={"model": "image/doubao", "prompt": "A harbour"}, headers={"Prefer": "wait=60"}, timeout=70)
        assert job.status_code == 200
        assert eventually(lambda: len(receiver.received()) >= 1)
        pending = httpx.get(f"{base}/v1/admin/webhooks/deliveries", params={"status": "pending"}).json()["data"]
        assert len(pending) == 1 and pending[0]["attempts"][0]["status"] == 503
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)

    receiver.status = 200
    failed_before = len(receiver.received())
    proc, base = start(binary, tmp_path, server.server_port, env)
    try:
        assert eventually(lambda: any(r[1] and json.loads(r[1])["data"]["id"] == job.json()["id"] for r in receiver.received()[failed_before:]), 60)
        assert eventually(lambda: httpx.get(f"{base}/v1/admin/webhooks/deliveries", params={"status": "delivered"}).json()["data"] != [], 60)
        ids = {headers["webhook-id"] for headers, _ in receiver.received()}
        assert len(ids) == 1, "every attempt carries the same event id"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
