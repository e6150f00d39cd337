"""Starts a fake upstream and the real `prism` binary in front of it, for the official SDKs."""
import contextlib
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


def launch(data_dir, extra_env, log=None, binary=None):
    """Starts the real binary on a free port with `extra_env` over this environment (its *_API_KEY and
    PASSWORD dropped first, so only what the test names is configured); returns (process, base URL).
    Its log goes to `log` (a list) when given, and is read either way so a full pipe never blocks it."""
    binary = binary or os.environ.get("PRISM_BIN", ".build/debug/prism")
    env = {k: v for k, v in os.environ.items() if not k.endswith("_API_KEY") and k != "PASSWORD"}
    env.update(extra_env)
    proc = subprocess.Popen([binary, "serve", "--port", "0", "--data-dir", str(data_dir), "--env-file", os.devnull],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        port = _wait_for_listen_line(proc, time.monotonic() + 60)
    except Exception:
        proc.kill()
        raise
    sink = log.append if log is not None else (lambda _: None)
    threading.Thread(target=lambda: [sink(line) for line in proc.stdout], daemon=True).start()
    return proc, f"http://127.0.0.1:{port}"


def stop(proc):
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@contextlib.contextmanager
def running_prism(data_dir, extra_env, log=None):
    """`launch`, stopped when the block ends; yields the base URL."""
    proc, base = launch(data_dir, extra_env, log)
    try:
        yield base
    finally:
        stop(proc)


@pytest.fixture(scope="session")
def prism(upstream, tmp_path_factory):
    server, _ = upstream
    with running_prism(tmp_path_factory.mktemp("data"), {
        "PASSWORD": PASSWORD,
        "API_KEYS": USER_KEY,
        "GROQ_API_KEY": "gsk-upstream-key",
        "GROQ_BASE_URL": f"http://127.0.0.1:{server.server_port}/v1",
        "DEFAULT_PROVIDER": "groq",
        "TAVILY_API_KEY": "tvly-test",
        "DOUBAO_API_KEY": "ark-test",
        "DOUBAO_BASE_URL": f"http://127.0.0.1:{server.server_port}/v1",
        "TAVILY_BASE_URL": f"http://127.0.0.1:{server.server_port}",
    }) as base:
        yield base
