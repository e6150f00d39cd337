"""The official `openai` SDK against the running gateway."""
import http.client
import json

import openai
import pytest

from conftest import PASSWORD, USER_KEY


def client(base_url, key=PASSWORD):
    return openai.OpenAI(base_url=base_url + "/v1", api_key=key, max_retries=0, timeout=20)


def test_chat_non_streaming(prism, upstream):
    _, recorder = upstream
    answer = client(prism).chat.completions.create(
        model="groq/llama-3.1-8b-instant", messages=[{"role": "user", "content": "Say hello"}])
    assert answer.choices[0].message.content == "Hello from the fake"
    assert answer.choices[0].finish_reason == "stop"
    sent = recorder.requests[-1]
    assert sent["body"]["model"] == "llama-3.1-8b-instant"
    assert sent["auth"] == "Bearer gsk-upstream-key"


def test_chat_streaming_with_usage(prism):
    stream = client(prism, USER_KEY).chat.completions.create(
        model="groq/llama-3.1-8b-instant", messages=[{"role": "user", "content": "Say hello"}],
        stream=True, stream_options={"include_usage": True})
    text, usage = "", None
    for chunk in stream:
        if chunk.choices and chunk.choices[0].delta.content:
            text += chunk.choices[0].delta.content
        if chunk.usage:
            usage = chunk.usage
    assert text == "Hello from the fake"
    assert usage is not None and usage.total_tokens == 7


def test_streamed_answers_keep_the_connection_open(prism):
    """A relayed stream (chat, Responses, Messages) ends without closing its connection, so a client's next
    request goes on the same one; http.client opens a new socket only when the server closed the old one."""
    host, port = prism.split("//")[1].split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=30)
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {PASSWORD}"}
    requests = [
        ("/v1/chat/completions", {"model": "groq/m", "stream": True, "messages": [{"role": "user", "content": "Say hello"}]}),
        ("/v1/responses", {"model": "groq/m", "stream": True, "input": "Say hello", "store": False}),
        ("/v1/messages", {"model": "groq/m", "stream": True, "max_tokens": 20, "messages": [{"role": "user", "content": "Say hello"}]}),
        ("/v1/chat/completions", {"model": "groq/m", "messages": [{"role": "user", "content": "Say hello"}]}),
    ]
    sockets = []
    try:
        for path, body in requests:
            conn.request("POST", path, json.dumps(body), headers)
            answer = conn.getresponse()
            text = answer.read()
            assert answer.status == 200 and (answer.getheader("connection") or "").lower() != "close", (path, answer.getheaders())
            assert b"Hello" in text or b"hello" in text.lower(), text[:300]
            sockets.append(conn.sock)
        assert all(sock is sockets[0] and sock is not None for sock in sockets)
    finally:
        conn.close()


def test_models_list(prism):
    ids = [m.id for m in client(prism).models.list()]
    assert "groq/m1" in ids and "groq/m2" in ids
    assert "admin/magic" in ids
    user_ids = [m.id for m in client(prism, USER_KEY).models.list()]
    assert "admin/magic" not in user_ids


def test_wrong_key_is_authentication_error(prism):
    with pytest.raises(openai.AuthenticationError) as caught:
        client(prism, "not-a-key").chat.completions.create(model="groq/x", messages=[{"role": "user", "content": "hi"}])
    assert caught.value.status_code == 401
    assert "API key" in caught.value.message


def test_provider_without_key_is_not_found(prism):
    with pytest.raises(openai.NotFoundError) as caught:
        client(prism).chat.completions.create(model="cerebras/llama", messages=[{"role": "user", "content": "hi"}])
    assert "CEREBRAS_API_KEY" in caught.value.message


def test_bad_request_is_bad_request_error(prism):
    with pytest.raises(openai.BadRequestError) as caught:
        client(prism).chat.completions.create(model="groq/x", messages=[])
    assert caught.value.body["code"] == "invalid_type"


def test_upstream_failure_streaming_is_an_http_error_not_a_stream(prism):
    with pytest.raises(openai.APIStatusError) as caught:
        client(prism).chat.completions.create(
            model="groq/x", messages=[{"role": "user", "content": "fail:503"}], stream=True)
    assert caught.value.status_code == 502
    assert "attempt" in caught.value.message
