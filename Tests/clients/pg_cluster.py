"""A throwaway PostgreSQL cluster from Debian's `postgresql` package: initdb in a temporary directory, started
on a free loopback port, stopped and removed at the end. initdb refuses root, so as root the cluster runs as
the unprivileged `nobody`. If PostgreSQL cannot be found or started, this raises with a sentence saying why:
the tests never skip it silently."""
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time


def _bin(name):
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        raise RuntimeError(f"PostgreSQL's {name} was not found: install Debian's postgresql package (make test does).")
    return found[-1]


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    def __init__(self):
        self.directory = tempfile.mkdtemp(prefix="prism-pg-")
        self.port = _free_port()
        self.as_root = os.geteuid() == 0
        if self.as_root:
            shutil.chown(self.directory, "nobody", "nogroup")
            os.chmod(self.directory, 0o700)

    def _run(self, *command):
        if self.as_root:
            command = ("runuser", "-u", "nobody", "--") + command
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            raise RuntimeError(f"{command[-1] if len(command) < 3 else ' '.join(command[:6])} failed: {done.stderr.strip()[:500]}")
        return done.stdout

    def start(self):
        data = os.path.join(self.directory, "data")
        self._run(_bin("initdb"), "-D", data, "-U", "prism", "--auth=trust", "-E", "UTF8", "--locale=C")
        self.resume()
        return self

    def pause(self):
        """Stops the server (the cluster stays), as an outage would."""
        self._run(_bin("pg_ctl"), "-D", os.path.join(self.directory, "data"), "-m", "fast", "-w", "stop")

    def resume(self):
        """Starts the server on its port (again, after `pause`)."""
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(_bin("pg_ctl"), "-D", os.path.join(self.directory, "data"), "-o", options, "-l", os.path.join(self.directory, "log"), "-w", "start")

    def create_database(self, name):
        deadline = time.monotonic() + 30
        while True:
            done = subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "prism", "-d", "postgres", "-c",
                                   f"CREATE DATABASE {name}"], capture_output=True, text=True)
            if done.returncode == 0:
                return f"postgres://prism@127.0.0.1:{self.port}/{name}?sslmode=disable"
            if time.monotonic() > deadline:
                raise RuntimeError(f"PostgreSQL did not accept CREATE DATABASE: {done.stderr.strip()[:300]}")
            time.sleep(0.2)

    def query(self, url, sql):
        """One value per row (psql's unaligned, tuples-only output) from the database of `url`."""
        done = subprocess.run(["psql", url.split("?")[0], "-At", "-c", sql], capture_output=True, text=True, timeout=60)
        if done.returncode != 0:
            raise RuntimeError(f"psql failed: {done.stderr.strip()[:300]}")
        return done.stdout.splitlines()

    def stop(self):
        try:
            self._run(_bin("pg_ctl"), "-D", os.path.join(self.directory, "data"), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.directory, ignore_errors=True)
