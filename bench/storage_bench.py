"""The storage part of `make bench` (SPEC §17): the same stored-response scenarios on the SQLite default and on
PostgreSQL (a throwaway cluster on loopback, from Tests/clients/pg_cluster.py), then two replicas over that
PostgreSQL beside one. Each scenario runs against a Prism of its own, so the main table's warm-up and data
do not bias it. The whole machine's CPU use during the concurrency-64 runs says whether Prism or the 2 cores
(shared by wrk, PostgreSQL and the replicas) are the limit."""
import os
import subprocess
import sys
import threading

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "clients"))
import pg_cluster  # noqa: E402

from bench import PRISM, cpu_seconds, free_port, post_json, wait_port, wrk, wrk_script  # noqa: E402


def machine_jiffies():
    """(busy, total) CPU jiffies of the whole machine so far."""
    fields = [int(v) for v in open("/proc/stat").readline().split()[1:]]
    idle = fields[3] + fields[4]
    return sum(fields) - idle, sum(fields)


def start_prism(tmp, name, env, extra):
    port = free_port()
    proc = subprocess.Popen([PRISM, "serve", "--port", str(port), "--data-dir", f"{tmp}/{name}", "--env-file", os.devnull],
                            env={**env, **extra}, stdout=subprocess.DEVNULL)
    wait_port(port)
    return proc, f"http://127.0.0.1:{port}/v1/responses"


def scenarios(tmp, url, pid):
    """store=false vs true and 1st vs 3rd turn at c=1, stored throughput at c=64 with CPU figures."""
    chain = None
    for _ in range(2):
        chain = post_json(url, {"model": "mocksse/m", "input": "turn", **({"previous_response_id": chain} if chain else {})})["id"]
    runs = {}
    for name, body, connections in [
        ("store=false", {"store": False}, 1), ("store=true", {}, 1),
        ("3rd turn", {"previous_response_id": chain}, 1), ("store=true", {}, 64),
    ]:
        script = wrk_script(tmp, {"model": "mocksse/m", "input": "Say hello", **body})
        cpu, machine = cpu_seconds(pid), machine_jiffies()
        result = wrk(url, connections, script)
        after = machine_jiffies()
        result["cpu_ms"] = (cpu_seconds(pid) - cpu) * 1000 / max(result["requests"], 1)
        result["machine"] = 100 * (after[0] - machine[0]) / max(after[1] - machine[1], 1)
        runs[(name, connections)] = result
    runs.update(admission(tmp, url.rsplit("/v1/", 1)[0], pid))
    return runs


def admission(tmp, base, pid):
    """A managed key with a budget and an rpm limit against an unmanaged request at c=1 (SPEC §13): what
    admission adds on this backend. Alternating runs, the mean of two each, so both see the same machine."""
    key = post_json(base + "/v1/admin/keys", {"name": "bench-admission", "budget": {"usd": 1e9, "period": "month"},
                                              "rate_limit": {"rpm": 10**9}})["key"]
    body = {"model": "mock/m", "messages": [{"role": "user", "content": "Say hello"}]}
    scripts = {"unmanaged chat": wrk_script(tmp, body), "managed chat, budget + rpm": wrk_script(tmp, body, {"Authorization": f"Bearer {key}"})}
    runs = {}
    for name in list(scripts) * 2:
        cpu = cpu_seconds(pid)
        result = wrk(base + "/v1/chat/completions", 1, scripts[name])
        result["cpu_ms"] = (cpu_seconds(pid) - cpu) * 1000 / max(result["requests"], 1)
        earlier = runs.get((name, 1))
        runs[(name, 1)] = {k: (v + earlier[k]) / 2 if earlier and isinstance(v, (int, float)) else v for k, v in result.items()}
    return runs


def two_replicas(tmp, urls, pids):
    """Two wrk runs at c=32 at once, one per replica: their sum is the pair's throughput at c=64."""
    script = wrk_script(tmp, {"model": "mocksse/m", "input": "Say hello"})
    results = [None, None]
    cpu, machine = sum(cpu_seconds(p) for p in pids), machine_jiffies()
    threads = [threading.Thread(target=lambda i=i: results.__setitem__(i, wrk(urls[i], 32, script))) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    after = machine_jiffies()
    requests = sum(r["requests"] for r in results)
    return {"rps": sum(r["rps"] for r in results), "p50": max(r["p50"] for r in results), "p99": max(r["p99"] for r in results),
            "errors": sum(r["errors"] for r in results), "requests": requests,
            "cpu_ms": (sum(cpu_seconds(p) for p in pids) - cpu) * 1000 / max(requests, 1),
            "machine": 100 * (after[0] - machine[0]) / max(after[1] - machine[1], 1)}


def compare(tmp, env):
    """Runs every storage scenario; returns the table's rows and the summary lines."""
    cluster = pg_cluster.Cluster().start()
    processes = []
    try:
        sqlite, sqlite_url = start_prism(tmp, "sqlite", env, {})
        processes.append(sqlite)
        database = cluster.create_database("bench")
        postgres, postgres_url = start_prism(tmp, "pg1", env, {"DATABASE_URL": database})
        processes.append(postgres)
        results = {"SQLite": scenarios(tmp, sqlite_url, sqlite.pid), "PostgreSQL": scenarios(tmp, postgres_url, postgres.pid)}
        second, second_url = start_prism(tmp, "pg2", env, {"DATABASE_URL": database})
        processes.append(second)
        pair = two_replicas(tmp, [postgres_url, second_url], [postgres.pid, second.pid])
    finally:
        for proc in processes:
            proc.terminate()
            proc.wait(timeout=10)
        cluster.stop()

    rows, lines = [], []
    for backend, runs in results.items():
        for (name, connections), r in runs.items():
            rows.append((f"c={connections}", f"{backend} responses {name}", f"{r['rps']:.0f}", f"{r['p50']:.3f}", f"{r['p99']:.3f}",
                         f"{r['cpu_ms']:.3f}", str(r["errors"])))
        stored, unstored, third = runs[("store=true", 1)], runs[("store=false", 1)], runs[("3rd turn", 1)]
        lines.append(f"{backend:<10} storing a response adds p50 {stored['p50'] - unstored['p50']:+.3f} ms, p99 "
                     f"{stored['p99'] - unstored['p99']:+.3f} ms at c=1; a 3-turn continuation adds p50 "
                     f"{third['p50'] - unstored['p50']:+.3f} ms over an unstored request")
        plain, managed = runs[("unmanaged chat", 1)], runs[("managed chat, budget + rpm", 1)]
        lines.append(f"{'':<10} a managed key with a budget and rpm adds p50 {managed['p50'] - plain['p50']:+.3f} ms at c=1 "
                     f"(target on PostgreSQL: at most +1 ms)")
        lines.append(f"{'':<10} c=64 stored: {runs[('store=true', 64)]['rps']:.0f} req/s, machine CPU {runs[('store=true', 64)]['machine']:.0f}% busy")
    rows.append(("c=64", "PostgreSQL, two replicas (2×c=32)", f"{pair['rps']:.0f}", f"{pair['p50']:.3f}", f"{pair['p99']:.3f}",
                 f"{pair['cpu_ms']:.3f}", str(pair["errors"])))
    one = results["PostgreSQL"][("store=true", 64)]
    lines.append(f"two replicas over one PostgreSQL: {pair['rps']:.0f} req/s beside one replica's {one['rps']:.0f} at c=64; "
                 f"machine CPU {pair['machine']:.0f}% busy (at ~100% the 2 cores, shared by wrk, PostgreSQL and both "
                 f"replicas, are the limit, not Prism)")
    return rows, lines
