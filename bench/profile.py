"""`make profile`: where Prism's CPU goes, per scenario (issue #17). Runs the release binary in front of the nginx
mock as `make bench` does, drives one scenario with wrk at c=16 while `perf record -g` samples Prism, and prints
the top functions by self time — the table kept in bench/PROFILE.md, before and after each change."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading

from bench import PRISM, free_port, nginx_config, wait_port, wrk, wrk_script

SCENARIOS = {
    "chat": ("/v1/chat/completions", {"model": "mock/m", "messages": [{"role": "user", "content": "Say hello"}]}),
    "stream": ("/v1/chat/completions", {"model": "mocksse51/m", "stream": True, "messages": [{"role": "user", "content": "Say hello"}]}),
    "store": ("/v1/responses", {"model": "mocksse/m", "input": "Say hello"}),
    "nostore": ("/v1/responses", {"model": "mocksse/m", "input": "Say hello", "store": False}),
    "body256k": ("/v1/chat/completions", {"model": "mock/m", "messages": [{"role": "user", "content": "x" * 262144}]}),
}


def top_symbols(data, limit):
    """(percent, library, function) of the top functions by self time, Swift names demangled and shortened."""
    report = subprocess.run(["perf", "report", "-i", data, "--no-children", "--sort", "dso,symbol", "--stdio", "-g", "none",
                             "--percent-limit", "0.7"], capture_output=True, text=True).stdout
    rows = []
    for line in report.splitlines():
        parts = line.split(None, 3)
        if len(parts) == 4 and parts[0].endswith("%") and not line.startswith("#"):
            rows.append((parts[0], parts[1], parts[3].strip()))
    names = subprocess.run(["swift", "demangle", "--simplified", "--compact"], input="\n".join(r[2] for r in rows),
                           capture_output=True, text=True).stdout.splitlines()
    if len(names) != len(rows):
        names = [r[2] for r in rows]
    return [(percent, library, name.strip()[:110]) for (percent, library, _), name in zip(rows, names)][:limit]


def by_library(data, limit):
    """(percent, library) of Prism's samples by shared object: how much goes to SQLite, the kernel, the runtime."""
    report = subprocess.run(["perf", "report", "-i", data, "--no-children", "--sort", "dso", "--stdio", "-g", "none"],
                            capture_output=True, text=True).stdout
    rows = [line.split(None, 1) for line in report.splitlines() if line.strip().endswith(tuple("abcdefghijklmnopqrstuvwxyz0123456789]")) and "%" in line and not line.startswith("#")]
    return [(percent, library.strip()) for percent, library in rows][:limit]


def main():
    if not shutil.which("perf"):
        sys.exit("perf is missing: install Debian's linux-perf.")
    names = sys.argv[1:] or list(SCENARIOS)
    tmp = tempfile.mkdtemp(prefix="prism-profile-")
    for d in ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"]:
        os.makedirs(f"{tmp}/{d}", exist_ok=True)
    mock_port, prism_port = free_port(), free_port()
    with open(f"{tmp}/nginx.conf", "w") as f:
        f.write(nginx_config(tmp, mock_port))
    nginx = subprocess.Popen(["nginx", "-p", tmp, "-c", f"{tmp}/nginx.conf", "-e", f"{tmp}/error.log"])
    env = {k: v for k, v in os.environ.items() if not k.endswith("_API_KEY") and k != "PASSWORD"}
    env.update({"LOG_LEVEL": "warning", "CUSTOM_API_ENDPOINTS": json.dumps({
        "mock": {"baseURL": f"http://127.0.0.1:{mock_port}/v1"}, "mocksse": {"baseURL": f"http://127.0.0.1:{mock_port}/sse/v1"},
        "mocksse51": {"baseURL": f"http://127.0.0.1:{mock_port}/sse51/v1"}})})
    prism = subprocess.Popen([PRISM, "serve", "--port", str(prism_port), "--data-dir", f"{tmp}/data", "--env-file", os.devnull],
                             env=env, stdout=subprocess.DEVNULL)
    try:
        wait_port(mock_port)
        wait_port(prism_port)
        for name in names:
            path, body = SCENARIOS[name]
            script = wrk_script(tmp, body)
            url = f"http://127.0.0.1:{prism_port}{path}"
            wrk(url, 16, script)  # warm-up
            data = f"{tmp}/{name}.perf"
            recorder = subprocess.Popen(["perf", "record", "-F", "1999", "-g", "-o", data, "-p", str(prism.pid)],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            result = {}
            runner = threading.Thread(target=lambda: result.update(wrk(url, 16, script)))
            runner.start()
            runner.join()
            recorder.send_signal(2)
            recorder.wait()
            print(f"\n### {name}: {path} at c=16, {result.get('rps', 0):.0f} req/s — top functions by self time\n")
            print("| self | library | function |\n|---|---|---|")
            for percent, library, function in top_symbols(data, 20):
                print(f"| {percent} | {library} | `{function.replace('|', '/')}` |")
            print("\nBy library: " + ", ".join(f"{library} {percent}" for percent, library in by_library(data, 8)))
    finally:
        prism.terminate()
        nginx.terminate()
        prism.wait(timeout=10)
        nginx.wait(timeout=10)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
