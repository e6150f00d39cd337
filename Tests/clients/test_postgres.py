"""PostgreSQL from the outside: a replica killed with SIGKILL in a burst loses no acknowledged answer, and
`prism db copy` / `prism db check` move a SQLite data directory into PostgreSQL so that its conversations
continue there; an outage of the database after start-up is a 503 that ends by itself."""
import os
import subprocess
import time

import httpx
import openai
import pytest

import pg_cluster
from test_durability import burst_then_kill, expect_readable, start

BINARY = os.environ.get("PRISM_BIN", ".build/debug/prism")


@pytest.fixture(scope="module")
def cluster():
    started = pg_cluster.Cluster().start()
    try:
        yield started
    finally:
        started.stop()


def test_sigkill_mid_burst_over_postgres(upstream, cluster, tmp_path):
    server, _ = upstream
    url = cluster.create_database("burst")
    env = {"DATABASE_URL": url}
    answered = burst_then_kill(*start(BINARY, tmp_path, server.server_port, env))
    expect_readable(start(BINARY, tmp_path, server.server_port, env), answered)
    orphans = cluster.query(url, "SELECT count(*) FROM response_input_items WHERE response_id NOT IN (SELECT id FROM responses)")
    without_items = cluster.query(url, "SELECT count(*) FROM responses r WHERE NOT EXISTS "
                                       "(SELECT 1 FROM response_input_items i WHERE i.response_id = r.id)")
    assert orphans == ["0"] and without_items == ["0"]


def prism(*arguments):
    return subprocess.run([BINARY, *arguments], capture_output=True, text=True, timeout=120)


def test_db_copy_moves_a_conversation_into_postgres(upstream, cluster, tmp_path):
    server, recorder = upstream
    url = cluster.create_database("moved")
    sqlite_file = str(tmp_path / "prism.sqlite")

    proc, base = start(BINARY, tmp_path, server.server_port)
    try:
        client = openai.OpenAI(base_url=base + "/v1", api_key="local", max_retries=0)
        first = client.responses.create(model="groq/m", input="My name is Ada.")
        second = client.responses.create(model="groq/m", input="I live in Lund.", previous_response_id=first.id)
    finally:
        proc.terminate()
        proc.wait(timeout=10)

    copied = prism("db", "copy", "--from", sqlite_file, "--to", url)
    assert copied.returncode == 0, copied.stderr
    assert "responses: 2 rows read, 2 new, 0 there already" in copied.stdout
    checked = prism("db", "check", "--from", sqlite_file, "--to", url)
    assert checked.returncode == 0 and "Every table has the same number of rows" in checked.stdout, checked

    # The old gateway stores more before the move: check says so and fails; a second copy adds just that.
    proc, base = start(BINARY, tmp_path, server.server_port)
    try:
        openai.OpenAI(base_url=base + "/v1", api_key="local", max_retries=0).responses.create(model="groq/m", input="Later.")
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    differing = prism("db", "check", "--from", sqlite_file, "--to", url)
    assert differing.returncode == 1 and "differs" in differing.stdout, differing
    assert "differ: run prism db copy again" in differing.stderr
    again = prism("db", "copy", "--from", sqlite_file, "--to", url)
    assert "responses: 3 rows read, 1 new, 2 there already" in again.stdout, again.stdout
    assert prism("db", "check", "--from", sqlite_file, "--to", url).returncode == 0

    # The conversation continues on PostgreSQL, with the turns stored in SQLite as its history.
    proc, base = start(BINARY, tmp_path / "pg", server.server_port, {"DATABASE_URL": url})
    try:
        client = openai.OpenAI(base_url=base + "/v1", api_key="local", max_retries=0)
        assert client.responses.retrieve(second.id).previous_response_id == first.id
        sent_before = len(recorder.requests)
        client.responses.create(model="groq/m", input="Where do I live?", previous_response_id=second.id)
        history = str(recorder.requests[sent_before]["body"]["messages"])
        assert "My name is Ada." in history and "I live in Lund." in history
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_db_commands_say_what_is_wrong(cluster, tmp_path):
    missing = prism("db", "copy", "--from", str(tmp_path / "nothing.sqlite"), "--to", cluster.create_database("unused"))
    assert missing.returncode != 0 and "There is no SQLite database at" in missing.stderr, missing
    empty = tmp_path / "empty.sqlite"
    empty.touch()
    unreachable = prism("db", "check", "--from", str(empty), "--to", "postgres://prism@127.0.0.1:1/none")
    assert unreachable.returncode != 0 and "PostgreSQL at 127.0.0.1:1" in unreachable.stderr, unreachable
    malformed = prism("db", "copy", "--from", str(empty), "--to", "mysql://x")
    assert malformed.returncode != 0 and "must start with postgres://" in malformed.stderr, malformed


def test_a_database_outage_is_a_503_and_ends_by_itself(upstream, cluster, tmp_path):
    """PostgreSQL stops after start-up: requests that need it answer 503 store_unavailable with a sentence (no
    password in it); when it is back, the same request succeeds without a restart of Prism."""
    server, _ = upstream
    url = cluster.create_database("outage").replace("postgres://prism@", "postgres://prism:pw-not-shown@")
    proc, base = start(BINARY, tmp_path, server.server_port, {"DATABASE_URL": url})
    try:
        client = openai.OpenAI(base_url=base + "/v1", api_key="local", max_retries=0)
        stored = client.responses.create(model="groq/m", input="Before the outage.")
        cluster.pause()
        try:
            with httpx.Client(base_url=base, timeout=30) as http:
                down = http.get(f"/v1/responses/{stored.id}")
                assert down.status_code == 503, down.text
                error = down.json()["error"]
                assert error["code"] == "store_unavailable" and "try again in a moment" in error["message"]
                assert "pw-not-shown" not in down.text and "`" not in error["message"]
        finally:
            cluster.resume()
        deadline = time.monotonic() + 60
        while True:
            back = httpx.get(f"{base}/v1/responses/{stored.id}", timeout=30)
            if back.status_code == 200 or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        assert back.status_code == 200 and back.json()["id"] == stored.id, back.text
    finally:
        proc.terminate()
        proc.wait(timeout=10)
