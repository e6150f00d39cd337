"""What the observers of SPEC §14 — metrics, the request log and provider health — cost per request, measured
by sampling: `perf record -g` samples Prism while wrk drives non-streaming chat at c=16, and the samples under
the observers' own functions (OutcomeObservers.finished, on the request path, and the request log's batched
write) are their share of Prism's CPU. Measured this way rather than against a Prism without them, which
would need a switch that exists only for the benchmark."""
import re
import shutil
import subprocess

from bench import cpu_seconds, wrk

# Demangled names of the frames whose samples (with everything they call) are the observers' work.
OBSERVER_FRAMES = [r"OutcomeObservers\.finished\(", r"closure #\d+ in (SQLite|Postgres)RequestLog\.record\(",
                   r"(specialized )?(SQLite|Postgres)RequestLog\.record\("]


def observer_cost(tmp, pid, url, script):
    """(share of Prism's CPU samples in %, CPU ms per request of all of Prism, of the observers); None without perf."""
    if not shutil.which("perf"):
        return None
    data = f"{tmp}/observers.perf"
    perf = subprocess.Popen(["perf", "record", "-F", "1999", "-g", "-p", str(pid), "-o", data],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    before = cpu_seconds(pid)
    result = wrk(url, 16, script)
    cpu_ms = (cpu_seconds(pid) - before) * 1000 / max(result["requests"], 1)
    perf.send_signal(2)
    perf.wait()
    report = subprocess.run(["perf", "report", "-i", data, "--children", "--sort", "symbol", "--stdio", "-g", "none",
                             "--percent-limit", "0.05"], capture_output=True, text=True).stdout
    lines = [line for line in report.splitlines() if line.strip() and not line.startswith("#")]
    names = subprocess.run(["swift", "demangle", "--simplified", "--compact"], input="\n".join(lines),
                           capture_output=True, text=True).stdout.splitlines()
    share = 0.0
    for line in names:
        match = re.match(r"\s*([\d.]+)%\s+[\d.]+%\s+\[\.\]\s+(.*)", line)
        if match and any(re.match(frame, match.group(2)) for frame in OBSERVER_FRAMES):
            share += float(match.group(1))
    return share, cpu_ms, cpu_ms * share / 100
