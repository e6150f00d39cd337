"""Starts a fake upstream and the real `prism` binary in front of it, for the official SDKs."""
import os
import subprocess
import threading
import time

import pytest

import fake_upstream

PASSWORD = "test-admin-password"
USER_KEY = "test-user-key"


def _wait_for_listen_line(proc, deadline):
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            if proc.poll() is not None:
                raise RuntimeError(f"prism exited with {proc.returncode}")
            continue
        if "Prism listening on http://" in line:
            return int(line.split("http://")[1].split()[0].rsplit(":", 1)[1])
    raise RuntimeError("prism did not start within the time limit")


@pytest.fixture(scope="session")
def upstream():
    recorder = fake_upstream.Recorder()
    server = fake_upstream.start(recorder)
    yield server, recorder
    server.shutdown()


@pytest.fixture(scope="session")
def prism(upstream, tmp_path_factory):
    server, _ = upstream
    binary = os.environ.get("PRISM_BIN", ".build/debug/prism")
    data_dir = tmp_path_factory.mktemp("data")
    env = {k: v for k, v in os.environ.items() if not k.endswith("_API_KEY")}
    env.update({
        "PASSWORD": PASSWORD,
        "API_KEYS": USER_KEY,
        "GROQ_API_KEY": "gsk-upstream-key",
        "GROQ_BASE_URL": f"http://127.0.0.1:{server.server_port}/v1",
        "DEFAULT_PROVIDER": "groq",
        "TAVILY_API_KEY": "tvly-test",
        "DOUBAO_API_KEY": "ark-test",
        "DOUBAO_BASE_URL": f"http://127.0.0.1:{server.server_port}/v1",
        "TAVILY_BASE_URL": f"http://127.0.0.1:{server.server_port}",
    })
    proc = subprocess.Popen(
        [binary, "serve", "--port", "0", "--data-dir", str(data_dir), "--env-file", os.devnull],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        port = _wait_for_listen_line(proc, time.monotonic() + 60)
        # Keep reading its log so a full pipe never blocks the gateway.
        threading.Thread(target=lambda: [None for _ in proc.stdout], daemon=True).start()
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
