"""The real `prism-tui` binary under tmux (private socket, fixed size, TERM=tmux-256color, LANG=C.UTF-8)
against the real gateway: open a conversation, continue it with a streamed answer, preview an image, see an
image answer drawn inline, create and revoke a managed key, read the usage table, see the providers and a
logged request with its attempt, quit."""
import os
import re
import secrets
import shutil
import subprocess
import time

import httpx
import openai
import pytest

from conftest import PASSWORD

TUI = os.environ.get("PRISM_TUI_BIN", ".build/debug/prism-tui")
pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is installed by `make test`")


class Pane:
    """One tmux server of our own with one pane running prism-tui."""

    def __init__(self, directory, url, key, width=100, height=30):
        directory.mkdir()
        self.socket = str(directory / "tmux.sock")
        self.exit_file = directory / "exit"
        command = (f"env TERM=tmux-256color LANG=C.UTF-8 {TUI} --url {url} --key {key}; "
                   f"echo $? > {self.exit_file}; sleep 60")
        self.tmux("-f", "/dev/null", "new-session", "-d", "-x", str(width), "-y", str(height), command)

    def tmux(self, *args):
        return subprocess.run(["tmux", "-S", self.socket, *args], check=True, capture_output=True, text=True).stdout

    def screen(self, colours=False):
        return self.tmux("capture-pane", "-p", *(["-e"] if colours else []))

    def keys(self, *keys, literal=False):
        self.tmux("send-keys", *(["-l"] if literal else []), *keys)

    def wait_for(self, predicate, what, within=15):
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            screen = self.screen()
            if predicate(screen):
                return screen
            time.sleep(0.05)
        raise AssertionError(f"{what} did not appear within {within} s; the screen was:\n{self.screen()}")

    def exit_code(self, within=10):
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            if self.exit_file.exists() and self.exit_file.read_text().strip():
                return int(self.exit_file.read_text())
            time.sleep(0.05)
        raise AssertionError("prism-tui did not exit")

    def close(self):
        subprocess.run(["tmux", "-S", self.socket, "kill-server"], capture_output=True)


@pytest.fixture
def pane_factory(tmp_path):
    panes = []

    def make(url, key=PASSWORD, **size):
        pane = Pane(tmp_path / f"pane{len(panes)}", url, key, **size)
        panes.append(pane)
        return pane

    yield make
    for pane in panes:
        pane.close()


def test_browse_continue_preview_and_quit(prism, pane_factory):
    sdk = openai.OpenAI(base_url=prism + "/v1", api_key=PASSWORD, max_retries=0)
    sdk.chat.completions.create(model="image/doubao", messages=[{"role": "user", "content": "A red fox in snow"}])
    sdk.responses.create(model="groq/m", input="Plan a trip to 東京")

    pane = pane_factory(prism)
    pane.wait_for(lambda s: "Plan a trip to 東京" in s, "the conversation list")
    pane.keys("Enter")
    pane.wait_for(lambda s: "Hello from the fake" in s and "You" in s, "the opened conversation")

    # A terminal shrunk to 20×5 keeps working.
    pane.tmux("resize-window", "-x", "20", "-y", "5")
    pane.wait_for(lambda s: len(s.splitlines()) <= 5, "the small frame")
    pane.tmux("resize-window", "-x", "100", "-y", "30")

    pane.keys("quick question", literal=True)
    pane.keys("Enter")
    pane.wait_for(lambda s: "quick question" in s and s.count("Hello from the fake") == 2 and "Answered by" in s, "the streamed answer")
    first = httpx.get(prism + "/v1/conversations", headers={"Authorization": f"Bearer {PASSWORD}"}).json()["data"][0]
    assert first["title"] == "Plan a trip to 東京" and first["turns"] == 2

    pane.keys("Escape")
    pane.wait_for(lambda s: "Plan a trip to 東京" in s and "Turns" in s, "the list again")
    pane.keys("Tab")
    pane.wait_for(lambda s: "A red fox in snow" in s, "the media gallery")
    pane.keys("Enter")
    pane.wait_for(lambda s: "Esc closes" in s and "▀" in s, "the image preview")
    assert "38;5;" in pane.screen(colours=True)
    pane.keys("Escape")
    pane.keys("q")
    assert pane.exit_code() == 0


def test_media_answer_is_previewed_inline_under_a_clean_title(prism, pane_factory):
    sdk = openai.OpenAI(base_url=prism + "/v1", api_key=PASSWORD, max_retries=0)
    answer = sdk.responses.create(model="image/doubao", input="A red fox in snow --ratio 16:9")
    assert "/v1/media/" in answer.output_text

    pane = pane_factory(prism)
    screen = pane.wait_for(lambda s: "A red fox in snow" in s, "the conversation list")
    assert "--ratio" not in screen
    pane.keys("Enter")
    screen = pane.wait_for(lambda s: s.count("▀") >= 8, "the inline preview")
    assert "sig=" not in screen and "/v1/media/" not in screen and "![" not in screen
    pane.keys("C-c")
    assert pane.exit_code() == 0


def test_gateway_down_and_wrong_key_are_reported(prism, pane_factory):
    down = pane_factory("http://127.0.0.1:9", key="x")
    down.wait_for(lambda s: "Cannot reach the gateway" in s, "the connection error")
    down.keys("q")
    assert down.exit_code() == 0
    down.close()

    wrong = pane_factory(prism, key="not-the-key")
    wrong.wait_for(lambda s: "401" in s and "PRISM_API_KEY" in s, "the refused key")
    wrong.keys("C-c")
    assert wrong.exit_code() == 0


def test_keys_screen_shows_a_new_secret_once_and_revokes_it_and_usage_shows_a_row(prism, pane_factory):
    admin = {"Authorization": f"Bearer {PASSWORD}"}
    model = f"groq/tui-{secrets.token_hex(3)}"  # fits the group column of an 80-column pane
    sdk = openai.OpenAI(base_url=prism + "/v1", api_key=PASSWORD, max_retries=0)
    sdk.chat.completions.create(model=model, messages=[{"role": "user", "content": "hi"}])
    # The ledger writes in batches off the request path: wait (bounded) until the gateway counts the request.
    deadline = time.monotonic() + 15
    while not any(row["group"] == model for row in httpx.get(prism + "/v1/usage", params={"group_by": "model"}, headers=admin).json()["data"]):
        assert time.monotonic() < deadline, "the usage ledger never counted the chat request"
        time.sleep(0.05)

    pane = pane_factory(prism)
    pane.wait_for(lambda s: "F1 help" in s, "the client")
    pane.keys("Tab")
    pane.wait_for(lambda s: "[Media]" in s, "the media gallery")
    pane.keys("Tab")
    pane.wait_for(lambda s: "[Keys]" in s and ("Status" in s or "No managed keys" in s), "the key list")
    pane.keys("n")
    pane.wait_for(lambda s: "New key" in s and "Name" in s, "the new key's form")
    pane.keys("tui-bot", literal=True)
    pane.keys("Tab")
    pane.keys("5/day", literal=True)
    pane.keys("Enter")
    screen = pane.wait_for(lambda s: "shown once" in s and re.search(r"sk-prism-[A-Za-z0-9_-]{20,}", s), "the new secret")
    secret = re.search(r"sk-prism-[A-Za-z0-9_-]{20,}", screen).group(0)
    assert httpx.get(prism + "/v1/models", headers={"Authorization": f"Bearer {secret}"}).status_code == 200

    pane.keys("Enter")
    screen = pane.wait_for(lambda s: "shown once" not in s and "tui-bot" in s and "$5.00/day" in s, "the list with the new key")
    assert secret not in screen and f"sk-prism-…{secret[-4:]}" in screen
    # Keys are listed oldest first: End selects the new one.
    pane.keys("End")
    pane.keys("d")
    pane.wait_for(lambda s: "Revoke the key “tui-bot”" in s, "the revoke question")
    pane.keys("y")
    pane.wait_for(lambda s: "Revoked “tui-bot”" in s and "tui-bot " not in s.split("Revoked")[0], "the revoked key gone from the list")
    assert httpx.get(prism + "/v1/models", headers={"Authorization": f"Bearer {secret}"}).status_code == 401

    pane.keys("Tab")
    screen = pane.wait_for(lambda s: "[Usage]" in s and model in s and "Total" in s, "the usage row")
    row = next(line for line in screen.splitlines() if model in line).split()
    assert row[0] == model and row[1] == "1", row
    assert secret not in screen


def test_job_view_follows_a_gallery_items_job(prism, pane_factory):
    job = httpx.post(prism + "/v1/jobs", headers={"Authorization": f"Bearer {PASSWORD}", "Prefer": "wait=60"},
                     json={"model": "image/doubao", "prompt": "A lighthouse for the job view"}, timeout=70).json()
    assert job["status"] == "succeeded"

    pane = pane_factory(prism)
    pane.wait_for(lambda s: "Conversations" in s, "the conversation list")
    pane.keys("Tab")
    pane.wait_for(lambda s: "A lighthouse for the job view" in s, "the media gallery")
    pane.keys("w")
    screen = pane.wait_for(lambda s: job["id"] in s and "succeeded" in s, "the job view")
    assert "image/doubao" in screen and "100%" in screen
    pane.keys("Escape")
    pane.keys("q")
    assert pane.exit_code() == 0


def test_requests_screen_shows_a_chat_request_and_its_attempt_and_providers_show_groq(prism, pane_factory):
    admin = {"Authorization": f"Bearer {PASSWORD}"}
    model = f"groq/req-{secrets.token_hex(3)}"
    sdk = openai.OpenAI(base_url=prism + "/v1", api_key=PASSWORD, max_retries=0)
    sdk.chat.completions.create(model=model, messages=[{"role": "user", "content": "hi"}])
    # The request log writes in batches off the request path: wait (bounded) until the gateway lists it.
    def newest():
        data = httpx.get(prism + "/v1/admin/requests", params={"limit": 1}, headers=admin).json()["data"]
        return data[0]["model"] if data else None

    deadline = time.monotonic() + 15
    while newest() != model:
        assert time.monotonic() < deadline, "the request log never listed the chat request"
        time.sleep(0.05)

    pane = pane_factory(prism)
    pane.wait_for(lambda s: "F1 help" in s, "the client")
    for screen_name in ("Media", "Keys", "Usage", "Providers"):
        pane.keys("Tab")
        pane.wait_for(lambda s, name=screen_name: f"[{name}]" in s, f"the {screen_name} screen")
    screen = pane.wait_for(lambda s: any(line.split()[:2] == ["groq", "text"] for line in s.splitlines() if line.strip()), "the groq provider row")
    row = next(line for line in screen.splitlines() if line.split()[:2] == ["groq", "text"]).split()
    assert row[2].count("/") == 2 and int(row[4]) >= 1, row  # keys usable/cooling/benched; 5-minute requests

    pane.keys("Tab")
    screen = pane.wait_for(lambda s: "[Requests]" in s and model in s, "the request in the log")
    first = next(line for line in screen.splitlines() if line.strip() and line.split()[0][:1].isdigit())
    assert model in first and " 200 " in first and "groq" in first, first
    pane.keys("Enter")
    screen = pane.wait_for(lambda s: "Attempts (1):" in s and "1. groq" in s, "the request's attempt")
    attempt = next(line for line in screen.splitlines() if "1. groq" in line)
    assert "gsk-upstream-key" not in screen and " 200 " in attempt and " ms" in attempt, attempt
    pane.keys("Escape")
    pane.wait_for(lambda s: "Attempts (1):" not in s and model in s, "the list again")
    pane.keys("q")
    assert pane.exit_code() == 0
