"""`make bench`: Prism (release) in front of an nginx mock upstream, driven by wrk.

Prints one table: requests/s and p50/p99 latency at concurrency 1, 16 and 64 — directly against the mock,
through an nginx reverse proxy (the yardstick) and through Prism —, Prism's CPU time per request, the time
to the first streamed byte through Prism versus direct, a slowly streaming upstream relayed chunk by chunk,
and Prism's peak RSS. Everything runs on 127.0.0.1 and stops by itself.
"""
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import urllib.request
import time

DURATION = int(os.environ.get("BENCH_SECONDS", "5"))
PRISM = os.environ.get("PRISM_BIN", ".build/release/prism")
COMPLETION = json.dumps({
    "id": "chatcmpl-bench", "object": "chat.completion", "created": 1700000000, "model": "mock",
    "choices": [{"index": 0, "message": {"role": "assistant", "content": "Hello from the mock upstream."}, "finish_reason": "stop"}],
    "usage": {"prompt_tokens": 9, "completion_tokens": 7, "total_tokens": 16}})
CHUNKS = [{"id": "chatcmpl-bench", "object": "chat.completion.chunk", "created": 1700000000, "model": "mock",
           "choices": [{"index": 0, "delta": {"content": w}, "finish_reason": None}]} for w in ["Hello", " from", " the", " mock"]]
SSE_BODY = "".join(f"data: {json.dumps(c)}\n\n" for c in CHUNKS) + "data: [DONE]\n\n"
# 49 small content events, one that finishes, and [DONE]: the anchor's streaming scenario. Small, because nginx
# takes at most 4 KB in one `return` string.
SSE51_BODY = "".join(f"data: {json.dumps({'choices': [{'index': 0, 'delta': {'content': 'hi'}}]}, separators=(',', ':'))}\n\n" for _ in range(49)) \
    + f"data: {json.dumps({'choices': [{'index': 0, 'delta': {}, 'finish_reason': 'stop'}]}, separators=(',', ':'))}\n\ndata: [DONE]\n\n"
REQUEST = json.dumps({"model": "mock/m", "messages": [{"role": "user", "content": "Say hello"}]})


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, deadline=30):
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on {port}")


def print_rows(header, rows, text_columns=1):
    """An aligned table: the first `text_columns` columns left-aligned, the numbers right-aligned."""
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(len(header))]
    line = lambda r: "  ".join(str(v).ljust(w) if i < text_columns else str(v).rjust(w) for i, (v, w) in enumerate(zip(r, widths)))
    print(line(header))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print(line(row))


def wrk_script(tmp, body, headers=None):
    """A wrk script that POSTs `body` as JSON, with `headers` besides."""
    path = f"{tmp}/{abs(hash(json.dumps([body, headers], sort_keys=True)))}.lua"
    with open(path, "w") as f:
        f.write(f'wrk.method = "POST"\nwrk.body = {json.dumps(json.dumps(body))}\nwrk.headers["Content-Type"] = "application/json"\n')
        for name, value in (headers or {}).items():
            f.write(f'wrk.headers["{name}"] = {json.dumps(value)}\n')
    return path


def post_json(url, body):
    request = urllib.request.Request(url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    return json.loads(urllib.request.urlopen(request).read())


def nginx_config(tmp, mock_port):
    def quoted(text):
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"
    temp = "\n".join(f"  {d}_temp_path {tmp}/{d};" for d in ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"])
    return f"""
worker_processes 1;
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 4096; }}
http {{
  access_log off;
{temp}
  server {{
    listen 127.0.0.1:{mock_port} reuseport backlog=4096;
    keepalive_requests 1000000;
    location = /v1/chat/completions {{ default_type application/json; return 200 {quoted(COMPLETION)}; }}
    location = /sse/v1/chat/completions {{ default_type text/event-stream; return 200 {quoted(SSE_BODY)}; }}
    location = /sse51/v1/chat/completions {{ default_type text/event-stream; return 200 {quoted(SSE51_BODY)}; }}
    location = /fail/v1/chat/completions {{ default_type application/json; return 503 '{{"error":{{"message":"overloaded"}}}}'; }}
  }}
}}
"""


def proxy_config(tmp, mock_port, proxy_port):
    """nginx as a reverse proxy in front of the mock: a process of its own, so its CPU can be measured."""
    temp = "\n".join(f"  {d}_temp_path {tmp}/proxy-{d};" for d in ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"])
    return f"""
worker_processes 1;
daemon off;
pid {tmp}/nginx-proxy.pid;
error_log {tmp}/proxy-error.log warn;
events {{ worker_connections 4096; }}
http {{
  access_log off;
{temp}
  client_max_body_size 1m;
  client_body_buffer_size 512k;
  upstream mock {{ server 127.0.0.1:{mock_port}; keepalive 128; }}
  server {{
    listen 127.0.0.1:{proxy_port} backlog=4096;
    keepalive_requests 1000000;
    location / {{ proxy_pass http://mock; proxy_http_version 1.1; proxy_set_header Connection ""; proxy_buffering off; }}
  }}
}}
"""


def slow_upstream():
    """An upstream that streams five events 0.2 s apart."""
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", 0))
    server.listen(64)

    def serve(conn):
        with conn:
            data = b""
            while b"\r\n\r\n" not in data:
                data += conn.recv(65536)
            head, _, rest = data.partition(b"\r\n\r\n")
            length = int(re.search(rb"(?i)content-length: *(\d+)", head).group(1))
            while len(rest) < length:
                rest += conn.recv(65536)
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n")
            for chunk in CHUNKS + [CHUNKS[0]]:
                conn.sendall(b"data: " + json.dumps(chunk).encode() + b"\n\n")
                time.sleep(0.2)
            conn.sendall(b"data: [DONE]\n\n")

    def accept():
        while True:
            conn, _ = server.accept()
            threading.Thread(target=serve, args=(conn,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    return server.getsockname()[1]


def wrk(url, connections, script):
    threads = min(2, connections)
    out = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{DURATION}s", "--latency", "-s", script, url],
        capture_output=True, text=True, check=True).stdout

    def latency(pct):
        match = re.search(rf"^\s+{pct}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        value, unit = float(match.group(1)), match.group(2)
        return value * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    requests = int(re.search(r"(\d+) requests in", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), "p50": latency(50), "p99": latency(99),
            "requests": requests, "errors": int(errors.group(1)) if errors else 0}


def cpu_seconds(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def memory_mb(pid):
    """VmHWM (peak), RssAnon (the heap) and RssFile (mapped code: the binary and the shared libraries), in MB."""
    fields = {}
    for line in open(f"/proc/{pid}/status"):
        name, _, value = line.partition(":")
        if name in ("VmHWM", "RssAnon", "RssFile"):
            fields[name] = int(value.split()[0]) / 1024
    return fields


def first_byte_ms(port, path, body, runs=200):
    """Time from sending a streaming request to the first `data:` byte, on a new connection each time."""
    request = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
               f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n{body}").encode()
    samples = []
    for _ in range(runs):
        with socket.create_connection(("127.0.0.1", port)) as conn:
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            start = time.perf_counter()
            conn.sendall(request)
            data = b""
            while b"data:" not in data:
                chunk = conn.recv(65536)
                if not chunk:
                    raise RuntimeError(f"no event from {port}{path}: {data[:200]!r}")
                data += chunk
            samples.append((time.perf_counter() - start) * 1000)
            while conn.recv(65536):
                pass
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.99) - 1]


def metrics_scrape(port, runs=100):
    """p50 and p99 of a whole GET /metrics (local mode: open), and how many series it exposed."""
    samples, text = [], ""
    for _ in range(runs):
        start = time.perf_counter()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics") as response:
            text = response.read().decode()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    series = sum(1 for line in text.splitlines() if line and not line.startswith("#"))
    return (statistics.median(samples), samples[int(len(samples) * 0.99) - 1]), series


def slow_stream_arrivals(port):
    body = json.dumps({"model": "slow/m", "stream": True, "messages": [{"role": "user", "content": "hi"}]})
    request = (f"POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
               f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n{body}").encode()
    arrivals = []
    with socket.create_connection(("127.0.0.1", port)) as conn:
        start = time.perf_counter()
        conn.sendall(request)
        while True:
            chunk = conn.recv(65536)
            if not chunk:
                break
            count = chunk.count(b"data:")
            arrivals += [(time.perf_counter() - start) * 1000] * count
    return arrivals


def main():
    for tool in ["nginx", "wrk"]:
        if not shutil.which(tool):
            sys.exit(f"{tool} is missing: `make bench` installs nginx-light and wrk.")
    tmp = tempfile.mkdtemp(prefix="prism-bench-")
    for d in ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"]:
        os.makedirs(f"{tmp}/{d}", exist_ok=True)
    mock_port, proxy_port, prism_port = free_port(), free_port(), free_port()
    slow_port = slow_upstream()
    for d in ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"]:
        os.makedirs(f"{tmp}/proxy-{d}", exist_ok=True)
    with open(f"{tmp}/nginx.conf", "w") as f:
        f.write(nginx_config(tmp, mock_port))
    with open(f"{tmp}/nginx-proxy.conf", "w") as f:
        f.write(proxy_config(tmp, mock_port, proxy_port))
    script = f"{tmp}/post.lua"
    with open(script, "w") as f:
        f.write(f'wrk.method = "POST"\nwrk.body = {json.dumps(REQUEST)}\nwrk.headers["Content-Type"] = "application/json"\n')
    nginx = subprocess.Popen(["nginx", "-p", tmp, "-c", f"{tmp}/nginx.conf", "-e", f"{tmp}/error.log"])
    nginx_proxy = subprocess.Popen(["nginx", "-p", tmp, "-c", f"{tmp}/nginx-proxy.conf", "-e", f"{tmp}/proxy-error.log"])
    env = {k: v for k, v in os.environ.items() if not k.endswith("_API_KEY") and k != "PASSWORD"}
    env.update({"LOG_LEVEL": "warning", "CUSTOM_API_ENDPOINTS": json.dumps({
        "mock": {"baseURL": f"http://127.0.0.1:{mock_port}/v1"},
        "mocksse": {"baseURL": f"http://127.0.0.1:{mock_port}/sse/v1"},
        "mocksse51": {"baseURL": f"http://127.0.0.1:{mock_port}/sse51/v1"},
        "mockfail": {"baseURL": f"http://127.0.0.1:{mock_port}/fail/v1"},
        "slow": {"baseURL": f"http://127.0.0.1:{slow_port}/v1"}})})
    # Routes: one whose first target answers, one whose first target answers 503 at once. The breaker stays
    # closed, so every fallback request really tries the failing target first.
    with open(f"{tmp}/prism.yaml", "w") as f:
        f.write("routes:\n  benchroute:\n    targets: [mock/m, mocksse/m]\n  benchfallback:\n    targets: [mockfail/m, mock/m]\n")
    env.update({"CONFIG_FILE": f"{tmp}/prism.yaml", "CIRCUIT_FAILURES": "10000"})
    prism = subprocess.Popen([PRISM, "serve", "--port", str(prism_port), "--data-dir", f"{tmp}/data", "--env-file", os.devnull],
                             env=env, stdout=subprocess.DEVNULL)
    try:
        for port in [mock_port, proxy_port, prism_port]:
            wait_port(port)
        targets = [("direct (nginx mock)", f"http://127.0.0.1:{mock_port}/v1/chat/completions"),
                   ("nginx reverse proxy", f"http://127.0.0.1:{proxy_port}/v1/chat/completions"),
                   ("prism", f"http://127.0.0.1:{prism_port}/v1/chat/completions")]
        idle = memory_mb(prism.pid)
        wrk(targets[2][1], 16, script)  # warm-up: connection pools, caches
        rows, results = [], {}
        for connections in [1, 16, 64]:
            for name, url in targets:
                before = cpu_seconds(prism.pid) if name == "prism" else 0
                result = wrk(url, connections, script)
                if name == "prism":
                    result["cpu_ms"] = (cpu_seconds(prism.pid) - before) * 1000 / max(result["requests"], 1)
                results[(name, connections)] = result
                rows.append((f"c={connections}", name, f"{result['rps']:.0f}", f"{result['p50']:.3f}", f"{result['p99']:.3f}",
                             f"{result['cpu_ms']:.3f}" if "cpu_ms" in result else "", str(result["errors"])))
        # Route against direct in alternating runs, so both see the same machine (CPU time per request
        # moves by tens of microseconds with whatever else runs on the 2 cores).
        paired = [("prism direct (paired)", "mock/m", 16), ("prism route, 1st target answers", "benchroute", 16)] * 2
        for name, model, connections in paired + [("prism route, 1st target 503", "benchfallback", 1)]:
            before = cpu_seconds(prism.pid)
            body = {"model": model, "messages": [{"role": "user", "content": "Say hello"}]}
            result = wrk(targets[2][1], connections, wrk_script(tmp, body))
            result["cpu_ms"] = (cpu_seconds(prism.pid) - before) * 1000 / max(result["requests"], 1)
            earlier = results.get((name, connections))
            if earlier:
                # The second of a pair: keep the mean of both runs.
                result = {k: (v + earlier[k]) / 2 if isinstance(v, (int, float)) else v for k, v in result.items()}
            results[(name, connections)] = result
        for name, connections in [("prism direct (paired)", 16), ("prism route, 1st target answers", 16), ("prism route, 1st target 503", 1)]:
            result = results[(name, connections)]
            rows.append((f"c={connections}", name, f"{result['rps']:.0f}", f"{result['p50']:.3f}", f"{result['p99']:.3f}",
                         f"{result['cpu_ms']:.3f}", f"{result['errors']:.0f}"))
        # Managed keys (SPEC §13): authentication through the key cache, rate windows, a budget reservation and
        # a ledger row per request, against the unmanaged "prism" row above.
        keys_url = f"http://127.0.0.1:{prism_port}/v1/admin/keys"
        plain_key = post_json(keys_url, {"name": "bench"})["key"]
        budget_key = post_json(keys_url, {"name": "bench-budget", "budget": {"usd": 1e9, "period": "month"}, "rate_limit": {"rpm": 10**9}})["key"]
        chat_body = {"model": "mock/m", "messages": [{"role": "user", "content": "Say hello"}]}
        for name, key in [("prism managed key", plain_key), ("prism managed key, budget + rpm", budget_key)]:
            before = cpu_seconds(prism.pid)
            result = wrk(targets[2][1], 16, wrk_script(tmp, chat_body, {"Authorization": f"Bearer {key}"}))
            result["cpu_ms"] = (cpu_seconds(prism.pid) - before) * 1000 / max(result["requests"], 1)
            results[(name, 16)] = result
            rows.append(("c=16", name, f"{result['rps']:.0f}", f"{result['p50']:.3f}", f"{result['p99']:.3f}", f"{result['cpu_ms']:.3f}",
                         str(result["errors"])))
        rows.append(("", "", "", "", "", "", ""))
        responses_url = f"http://127.0.0.1:{prism_port}/v1/responses"
        chain_parent = None
        for _ in range(2):
            body = {"model": "mocksse/m", "input": "turn"}
            if chain_parent:
                body["previous_response_id"] = chain_parent
            chain_parent = post_json(responses_url, body)["id"]
        variants = [
            ("responses store=true", {"model": "mocksse/m", "input": "Say hello"}, 16),
            ("responses store=false", {"model": "mocksse/m", "input": "Say hello", "store": False}, 16),
            ("responses stream store=true", {"model": "mocksse/m", "input": "Say hello", "stream": True}, 16),
            ("responses stream store=false", {"model": "mocksse/m", "input": "Say hello", "stream": True, "store": False}, 16),
            ("responses 1st turn", {"model": "mocksse/m", "input": "Say hello"}, 1),
            ("responses 3rd turn", {"model": "mocksse/m", "input": "Say hello", "previous_response_id": chain_parent}, 1),
        ]
        for name, body, connections in variants:
            result = wrk(responses_url, connections, wrk_script(tmp, body))
            results[(name, connections)] = result
            rows.append((f"c={connections}", name, f"{result['rps']:.0f}", f"{result['p50']:.3f}", f"{result['p99']:.3f}", "", str(result["errors"])))
        stream_body = json.dumps({"model": "mocksse/m", "stream": True, "messages": [{"role": "user", "content": "hi"}]})
        direct_ttfb = first_byte_ms(mock_port, "/sse/v1/chat/completions", stream_body)
        prism_ttfb = first_byte_ms(prism_port, "/v1/chat/completions", stream_body)
        arrivals = slow_stream_arrivals(prism_port)
        metrics_ms, metrics_series = metrics_scrape(prism_port)
        import observer_bench
        observers = observer_bench.observer_cost(tmp, prism.pid, targets[2][1], script)
        import anchor_bench
        anchor_rows = anchor_bench.compare(tmp, prism.pid, prism_port, nginx_proxy.pid, proxy_port)
        rss = memory_mb(prism.pid)
        prism.terminate()
        prism.wait(timeout=10)
        import storage_bench
        storage_rows, storage_lines = storage_bench.compare(tmp, env)
        rows += [("", "", "", "", "", "", "")] + storage_rows
        import async_bench
        async_rows, async_lines = async_bench.compare(tmp, env)
        rows += [("", "", "", "", "", "", "")] + async_rows
    finally:
        prism.terminate()
        nginx.terminate()
        nginx_proxy.terminate()
        prism.wait(timeout=10)
        nginx.wait(timeout=10)
        nginx_proxy.wait(timeout=10)
        shutil.rmtree(tmp, ignore_errors=True)

    print("\nPrism benchmark: POST /v1/chat/completions (non-streaming) and /v1/responses, nginx mock upstream, "
          f"{DURATION}s per run, wrk on the same 2 cores\n")
    print_rows(("load", "target", "req/s", "p50 ms", "p99 ms", "CPU ms/req", "non-2xx"), rows, text_columns=2)
    print()
    for c in [1, 16, 64]:
        p, d = results[("prism", c)], results[("direct (nginx mock)", c)]
        print(f"added latency c={c:<3} p50 {p['p50'] - d['p50']:+.3f} ms   p99 {p['p99'] - d['p99']:+.3f} ms")
    for name in ["prism managed key", "prism managed key, budget + rpm"]:
        print(f"{name:<32} CPU {results[(name, 16)]['cpu_ms'] - results[('prism direct (paired)', 16)]['cpu_ms']:+.3f} ms/req over an unmanaged request at c=16"
              " (target: admission and ledger at most +0.03)")
    routed, direct = results[("prism route, 1st target answers", 16)], results[("prism direct (paired)", 16)]
    print(f"route vs direct     CPU {routed['cpu_ms'] - direct['cpu_ms']:+.3f} ms/req at c=16 (target: at most +0.02)")
    fallback, direct = results[("prism route, 1st target 503", 1)], results[("prism", 1)]
    print(f"fallback after 503  p50 {fallback['p50'] - direct['p50']:+.3f} ms over the second target alone at c=1 (target: within 1 ms)")
    print(f"stream first byte   direct p50 {direct_ttfb[0]:.3f} ms p99 {direct_ttfb[1]:.3f} ms | "
          f"prism p50 {prism_ttfb[0]:.3f} ms p99 {prism_ttfb[1]:.3f} ms | added p50 {prism_ttfb[0] - direct_ttfb[0]:+.3f} ms")
    if observers:
        print(f"metrics, request log and health: {observers[0]:.1f}% of Prism's CPU samples at c=16 (chat), "
              f"{observers[2]:.4f} of {observers[1]:.3f} ms CPU per request (target: at most 0.02 ms)")
    print(f"GET /metrics        p50 {metrics_ms[0]:.3f} ms p99 {metrics_ms[1]:.3f} ms with {metrics_series} series (target: < 5 ms at 1,000 label sets)")
    print("slow upstream (6 events 0.2 s apart) through prism: events at " + ", ".join(f"{a:.0f}" for a in arrivals) + " ms")
    stored, unstored = results[("responses store=true", 16)]["rps"], results[("responses store=false", 16)]["rps"]
    print(f"storing costs       {100 * (1 - stored / unstored):.1f}% of /v1/responses throughput at c=16 (non-streaming)")
    stored, unstored = results[("responses stream store=true", 16)]["rps"], results[("responses stream store=false", 16)]["rps"]
    print(f"                    {100 * (1 - stored / unstored):.1f}% streaming")
    turn1, turn3 = results[("responses 1st turn", 1)], results[("responses 3rd turn", 1)]
    print(f"3-turn continuation adds p50 {turn3['p50'] - turn1['p50']:+.3f} ms, p99 {turn3['p99'] - turn1['p99']:+.3f} ms at c=1")
    print(f"prism peak RSS      {rss['VmHWM']:.1f} MB (after every scenario above and the anchor table below); "
          f"now {rss['RssAnon']:.1f} MB heap + {rss['RssFile']:.1f} MB mapped code; "
          f"idle at start {idle['RssAnon']:.1f} + {idle['RssFile']:.1f} MB")
    anchor_bench.print_table(anchor_rows)
    print()
    for text in storage_lines + [""] + async_lines:
        print(text)


if __name__ == "__main__":
    main()
