"""`kill -9` in the middle of a burst: every answer that reached its client is still there after a restart,
and no half-written row exists."""
import json
import os
import signal
import sqlite3
import threading
import time

import httpx

from conftest import launch


def start(binary, data_dir, upstream_port, extra=None):
    """`launch` with a fake groq provider."""
    proc, base, _ = launch(data_dir, {"GROQ_API_KEY": "k", "GROQ_BASE_URL": f"http://127.0.0.1:{upstream_port}/v1", **(extra or {})}, binary=binary)
    return proc, base


def burst_then_kill(proc, base):
    """Eight clients store responses (half streamed) until 60 were answered, then the gateway gets SIGKILL.
    Returns the ids whose answer reached its client."""
    received, lock, stop = [], threading.Lock(), threading.Event()

    def worker(n):
        with httpx.Client(base_url=base, timeout=10) as http:
            i = 0
            while not stop.is_set():
                i += 1
                try:
                    r = http.post("/v1/responses", json={"model": "groq/m", "input": f"burst {n}-{i}", "stream": i % 2 == 0})
                    if r.status_code != 200:
                        continue
                    if i % 2 == 0:
                        lines = [l[6:] for l in r.text.splitlines() if l.startswith("data: ")]
                        final = json.loads(lines[-1])
                        if final.get("type") != "response.completed":
                            continue
                        rid = final["response"]["id"]
                    else:
                        rid = r.json()["id"]
                    with lock:
                        received.append(rid)
                except (httpx.HTTPError, ValueError, IndexError, KeyError):
                    continue

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        with lock:
            if len(received) >= 60:
                break
        time.sleep(0.01)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    stop.set()
    for t in threads:
        t.join(timeout=15)
    with lock:
        answered = list(received)
    assert len(answered) >= 60
    return answered


def expect_readable(started, answered):
    """Every acknowledged id is a completed response on the restarted gateway; then it is stopped."""
    proc, base = started
    try:
        with httpx.Client(base_url=base, timeout=10) as http:
            for rid in answered:
                r = http.get(f"/v1/responses/{rid}")
                assert r.status_code == 200, rid
                assert r.json()["status"] == "completed"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_sigkill_mid_burst_loses_no_answer(upstream, tmp_path):
    server, _ = upstream
    binary = os.environ.get("PRISM_BIN", ".build/debug/prism")
    answered = burst_then_kill(*start(binary, tmp_path, server.server_port))
    expect_readable(start(binary, tmp_path, server.server_port), answered)

    db = sqlite3.connect(tmp_path / "prism.sqlite")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # One row per response, its input items inline: every row whole, none without its items.
    for obj, items in db.execute("SELECT object, input_items FROM responses"):
        json.loads(obj)
        assert len(json.loads(items)) > 0
