"""The anchor part of `make bench` (issue #17): each relay scenario through nginx as a reverse proxy and through
Prism, side by side in one run, with CPU per request for both — non-streaming, a 51-event stream, and 64 KB and
256 KB request bodies. nginx (one worker) is the physical limit of proxying on this machine; the ratio of CPU per
request is the number to drive down."""
import subprocess

from bench import cpu_seconds, print_rows, wrk, wrk_script


def tree_cpu_seconds(pid):
    """CPU seconds of a process and its children (nginx's master and workers)."""
    children = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    return sum(cpu_seconds(int(p)) for p in [pid, *children])


def scenarios():
    """(name, path on both, body) for each relay scenario."""
    def chat(text, stream=False, model="mock/m"):
        return {"model": model, "stream": stream, "messages": [{"role": "user", "content": text}]}
    return [
        ("chat, 75-byte body", "/v1/chat/completions", chat("Say hello")),
        ("chat stream, 51 events", "/sse51/v1/chat/completions", chat("Say hello", stream=True, model="mocksse51/m")),
        ("chat, 64 KB body", "/v1/chat/completions", chat("x" * 65536)),
        ("chat, 256 KB body", "/v1/chat/completions", chat("x" * 262144)),
    ]


def compare(tmp, prism_pid, prism_port, nginx_pid, proxy_port, connections=16):
    """Runs each scenario against the nginx proxy and Prism; returns the rows of the anchor table."""
    rows = []
    for name, path, body in scenarios():
        script = wrk_script(tmp, body)
        measured = {}
        # Prism's path is always /v1/chat/completions; the model name picks the mock's streaming location.
        for target, port, pid, url_path, cpu in [
            ("nginx", proxy_port, nginx_pid, path, tree_cpu_seconds),
            ("prism", prism_port, prism_pid, "/v1/chat/completions", cpu_seconds),
        ]:
            before = cpu(pid)
            result = wrk(f"http://127.0.0.1:{port}{url_path}", connections, script)
            result["cpu_ms"] = (cpu(pid) - before) * 1000 / max(result["requests"], 1)
            measured[target] = result
        n, p = measured["nginx"], measured["prism"]
        rows.append((name, f"{n['rps']:.0f}", f"{n['cpu_ms']:.3f}", f"{p['rps']:.0f}", f"{p['cpu_ms']:.3f}",
                     f"{p['cpu_ms'] / max(n['cpu_ms'], 1e-9):.1f}×", f"{100 * p['rps'] / max(n['rps'], 1):.0f}%", str(n["errors"] + p["errors"])))
    return rows


def print_table(rows, connections=16):
    print("\nAnchor: nginx as a reverse proxy (one worker) beside Prism, same mock upstream, CPU per request\n")
    print_rows(("scenario (c=%d)" % connections, "nginx req/s", "nginx CPU ms", "prism req/s", "prism CPU ms", "CPU ratio", "throughput", "non-2xx"),
               rows)
