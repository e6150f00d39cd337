"""The asynchronous part of `make bench` (SPEC §15): what persisting a background stream's events costs, how
soon a webhook follows the end of the work it announces, and whether a thousand deliveries queued for a
slow receiver slow requests down. One Prism of its own, with WEBHOOK_URL pointing at a receiver here that
answers at once or, in its slow mode, after a second."""
import json
import os
import statistics
import subprocess
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from bench import PRISM, cpu_seconds, free_port, post_json, wait_port, wrk, wrk_script


class Receiver:
    """A webhook receiver on loopback: records when each event arrived; `slow` makes it answer after 1 s."""

    def __init__(self):
        self.arrivals, self.lock, self.slow = {}, threading.Lock(), False
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                now = time.perf_counter()
                try:
                    event = json.loads(body)
                    with receiver.lock:
                        receiver.arrivals.setdefault(event["data"]["id"], now)
                except (ValueError, KeyError, TypeError):
                    pass
                if receiver.slow:
                    time.sleep(1)
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def webhook_delays(base, receiver, runs=30):
    """Milliseconds from sending a background response (answered by the mock upstream at once) to its
    response.completed webhook arriving: an upper bound of the delay after its end."""
    delays = []
    for _ in range(runs):
        sent = time.perf_counter()
        rid = post_json(base + "/v1/responses", {"model": "mock/m", "input": "Say hello", "background": True})["id"]
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with receiver.lock:
                arrived = receiver.arrivals.get(rid)
            if arrived:
                delays.append((arrived - sent) * 1000)
                break
            time.sleep(0.001)
    delays.sort()
    return statistics.median(delays), delays[-1], len(delays)


def stream_runs(tmp, base, pid, label=""):
    """Plain and background streamed responses at c=16, alternated twice and averaged; CPU per request too."""
    stream = {"model": "mocksse/m", "input": "Say hello", "stream": True}
    runs = {}
    for name, body in [("stream", stream), ("stream, background", {**stream, "background": True})] * 2:
        before = cpu_seconds(pid)
        result = wrk(base + "/v1/responses", 16, wrk_script(tmp, body))
        result["cpu_ms"] = (cpu_seconds(pid) - before) * 1000 / max(result["requests"], 1)
        earlier = runs.get(name + label)
        runs[name + label] = {k: (v + earlier[k]) / 2 for k, v in result.items()} if earlier else result
    return runs


def stream_rows(runs):
    return [("c=16", f"responses {name}", f"{r['rps']:.0f}", f"{r['p50']:.3f}", f"{r['p99']:.3f}", f"{r['cpu_ms']:.3f}", f"{r['errors']:.0f}")
            for name, r in runs.items()]


def serve(tmp, env, name, work):
    """Runs `work(base, pid)` against a Prism of its own with `env`, data in `tmp/name`; returns its result."""
    port = free_port()
    prism = subprocess.Popen([PRISM, "serve", "--port", str(port), "--data-dir", f"{tmp}/{name}", "--env-file", os.devnull],
                             env=env, stdout=subprocess.DEVNULL)
    try:
        wait_port(port)
        return work(f"http://127.0.0.1:{port}", prism.pid)
    finally:
        prism.terminate()
        prism.wait(timeout=10)


def compare(tmp, env):
    """Runs the asynchronous scenarios; returns the table's rows and the summary lines."""
    rows, lines = [], []
    # Persisting the events alone: a Prism without webhooks. Then one whose every background response sends a
    # webhook, and one for the webhooks' own scenarios: no backlog of one run delays the next.
    runs = serve(tmp, env, "async-events", lambda base, pid: stream_runs(tmp, base, pid))
    rows += stream_rows(runs)
    plain, background = runs["stream"], runs["stream, background"]
    lines.append(f"background streams cost {100 * (1 - background['rps'] / plain['rps']):.1f}% of streaming throughput at c=16, "
                 f"{background['cpu_ms'] - plain['cpu_ms']:+.3f} ms CPU per request (events persisted in 25 ms batches; target: at most 10%)")
    hooks = Receiver()
    hooked = serve(tmp, {**env, "WEBHOOK_URL": f"http://127.0.0.1:{hooks.server.server_port}/hook", "FETCH_ALLOW_PRIVATE": "true"},
                   "async-hooked", lambda base, pid: stream_runs(tmp, base, pid, ", webhook each"))
    hooks.server.shutdown()
    rows += stream_rows({k: v for k, v in hooked.items() if "background" in k})
    lines.append(f"with WEBHOOK_URL set, each background stream also sends a webhook (to a Python receiver on the same cores): "
                 f"{100 * (1 - hooked['stream, background, webhook each']['rps'] / hooked['stream, webhook each']['rps']):.1f}% of streaming throughput")

    receiver = Receiver()
    port = free_port()
    prism = subprocess.Popen(
        [PRISM, "serve", "--port", str(port), "--data-dir", f"{tmp}/async", "--env-file", os.devnull],
        env={**env, "WEBHOOK_URL": f"http://127.0.0.1:{receiver.server.server_port}/hook", "FETCH_ALLOW_PRIVATE": "true"},
        stdout=subprocess.DEVNULL)
    try:
        wait_port(port)
        base = f"http://127.0.0.1:{port}"
        p50, worst, count = webhook_delays(base, receiver)
        lines.append(f"webhook after its response ended: p50 {p50:.1f} ms, worst {worst:.1f} ms over {count} background "
                     "responses, measured from the request's start (target: at most 100 ms)")

        chat = wrk_script(tmp, {"model": "mock/m", "messages": [{"role": "user", "content": "Say hello"}]})
        quiet = wrk(base + "/v1/chat/completions", 16, chat)
        receiver.slow = True
        for _ in range(1000):
            urllib.request.urlopen(urllib.request.Request(
                base + "/v1/responses", data=json.dumps({"model": "mock/m", "input": "queue", "background": True}).encode(),
                headers={"Content-Type": "application/json"})).read()
        busy = wrk(base + "/v1/chat/completions", 16, chat)
        for name, r in [("chat, webhooks idle", quiet), ("chat, 1,000 slow webhooks queued", busy)]:
            rows.append(("c=16", name, f"{r['rps']:.0f}", f"{r['p50']:.3f}", f"{r['p99']:.3f}", "", str(r["errors"])))
        lines.append(f"1,000 deliveries queued for a receiver taking 1 s each: chat p99 {busy['p99']:.3f} ms beside "
                     f"{quiet['p99']:.3f} ms without (target: unchanged within noise)")
    finally:
        prism.terminate()
        prism.wait(timeout=10)
        receiver.server.shutdown()
    return rows, lines
