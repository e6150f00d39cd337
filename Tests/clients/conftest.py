"""Starts a fake upstream and the real `prism` binary in front of it, for the official SDKs."""
import contextlib
import os
import re
import subprocess
import threading
import time

import pytest

import fake_upstream

PASSWORD = "test-admin-password"
USER_KEY = "test-user-key"


class Log:
    """The gateway's stdout, read in a thread (so a full pipe never blocks it) and waited on with a bound."""

    def __init__(self, stream):
        self.lines, self.done, self.changed = [], False, threading.Condition()
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream):
        for line in stream:
            with self.changed:
                self.lines.append(line)
                self.changed.notify_all()
        with self.changed:
            self.done = True
            self.changed.notify_all()

    def wait_for(self, predicate, timeout=30):
        """The first line for which `predicate` is true, waiting up to `timeout`; None if none came."""
        def hit():
            return next((line for line in self.lines if predicate(line)), None)
        with self.changed:
            self.changed.wait_for(lambda: self.done or hit() is not None, timeout)
            return hit()


def eventually(condition, seconds=30):
    """Polls `condition` until it holds or `seconds` pass (a bound for hangs, not a timing assertion)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


@pytest.fixture(scope="session")
def upstream():
    recorder = fake_upstream.Recorder()
    server = fake_upstream.start(recorder)
    yield server, recorder
    server.shutdown()


def launch(data_dir, extra_env, binary=None, drop=()):
    """Starts the real binary on a free port with `extra_env` over this environment (its *_API_KEY, PASSWORD
    and the names starting with any of `drop` removed first, so only what the test names is configured);
    returns (process, base URL, Log of its output)."""
    binary = binary or os.environ.get("PRISM_BIN", ".build/debug/prism")
    env = {k: v for k, v in os.environ.items() if not (k.endswith("_API_KEY") or k == "PASSWORD" or k.startswith(tuple(drop)))}
    env.update(extra_env)
    proc = subprocess.Popen([binary, "serve", "--port", "0", "--data-dir", str(data_dir), "--env-file", os.devnull],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    log = Log(proc.stdout)
    listening = log.wait_for(lambda line: "Prism listening on http://" in line, timeout=60)
    if not listening:
        proc.kill()
        raise RuntimeError(f"prism did not start: {''.join(log.lines)[-2000:]}")
    # The port from the "listening" line, plain text or a JSON log line.
    return proc, "http://127.0.0.1:" + re.search(r"http://[0-9.]+:(\d+)", listening).group(1), log


def stop(proc):
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@contextlib.contextmanager
def running_prism(data_dir, extra_env, drop=()):
    """`launch`, stopped when the block ends; yields (base URL, Log)."""
    proc, base, log = launch(data_dir, extra_env, drop=drop)
    try:
        yield base, log
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
    }) as (base, _):
        yield base
