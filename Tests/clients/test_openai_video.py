"""Video models through the official `openai` SDK: progress streamed into the chat, a link that seeks, and
a job that survives `kill -9` of the gateway and completes its stored response after the restart."""
import os
import signal
import time

import httpx
import openai

from conftest import PASSWORD
from fake_upstream import MP4
from test_durability import start


def client(base_url, key=PASSWORD):
    return openai.OpenAI(base_url=base_url + "/v1", api_key=key, max_retries=0, timeout=60)


def test_chat_stream_with_video_model_and_range_requests(prism):
    stream = client(prism).chat.completions.create(
        model="video/doubao-seedance", messages=[{"role": "user", "content": "A paper boat --duration 4"}], stream=True)
    reasoning, content, finish = [], "", None
    for chunk in stream:
        if not chunk.choices:
            continue
        delta = chunk.choices[0].delta
        if getattr(delta, "reasoning_content", None):
            reasoning.append(delta.reasoning_content)
        content += delta.content or ""
        finish = chunk.choices[0].finish_reason or finish
    assert reasoning[0].startswith("submitted to video/doubao-seedance")
    assert any(line.startswith("queued") for line in reasoning)
    assert any(line.startswith("running") for line in reasoning)
    assert reasoning[-1].startswith("succeeded")
    assert content.startswith("[▶ A paper boat (4s)](") and finish == "stop"
    url = content[content.index("](") + 2:-1]

    whole = httpx.get(url)
    assert whole.status_code == 200 and whole.content == MP4
    assert whole.headers["content-type"] == "video/mp4" and whole.headers["accept-ranges"] == "bytes"
    size = len(MP4)
    for header, start_, end in [("bytes=0-99", 0, 99), ("bytes=1000-1999", 1000, 1999), ("bytes=-500", size - 500, size - 1),
                                (f"bytes={size - 10}-", size - 10, size - 1)]:
        part = httpx.get(url, headers={"Range": header})
        assert part.status_code == 206, header
        assert part.headers["content-range"] == f"bytes {start_}-{end}/{size}", header
        assert part.content == MP4[start_:end + 1], header
    refused = httpx.get(url, headers={"Range": f"bytes={size + 5}-"})
    assert refused.status_code == 416 and refused.headers["content-range"] == f"bytes */{size}"


def test_job_survives_kill_and_completes_the_stored_response(upstream, tmp_path):
    server, _ = upstream
    server.videos.release.clear()
    binary = os.environ.get("PRISM_BIN", ".build/debug/prism")
    extra = {"DOUBAO_API_KEY": "ark-test", "DOUBAO_BASE_URL": f"http://127.0.0.1:{server.server_port}/v1", "MEDIA_POLL_FIRST_MS": "500"}
    proc, base = start(binary, tmp_path, server.server_port, extra)
    response_id = None
    try:
        stream = client(base, key="unused").responses.create(model="video/doubao-seedance", input="A slow river [hold]", stream=True)
        for event in stream:
            if event.type == "response.created":
                response_id = event.response.id
            if event.type == "response.reasoning_summary_text.delta" and event.delta.startswith("running"):
                break
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    assert response_id

    proc, base = start(binary, tmp_path, server.server_port, extra)
    try:
        server.videos.release.set()
        with httpx.Client(base_url=base, timeout=10) as http:
            deadline = time.monotonic() + 30
            stored = http.get(f"/v1/responses/{response_id}").json()
            while stored["status"] != "completed" and time.monotonic() < deadline:
                time.sleep(0.1)
                stored = http.get(f"/v1/responses/{response_id}").json()
            assert stored["status"] == "completed", stored
            text = stored["output"][-1]["content"][0]["text"]
            assert text.startswith("[▶ A slow river") and "/v1/media/" in text
            job = http.get("/v1/jobs").json()["data"][0]
            assert job["status"] == "succeeded" and job["response_id"] == response_id
            video = httpx.get(job["media"][0]["url"])
            assert video.status_code == 200 and video.content == MP4
    finally:
        server.videos.release.clear()
        proc.terminate()
        proc.wait(timeout=10)
