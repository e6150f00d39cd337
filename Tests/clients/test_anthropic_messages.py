"""The official `anthropic` SDK against the running gateway."""
import anthropic
import pytest

from conftest import PASSWORD, USER_KEY


def client(base_url, key=PASSWORD):
    return anthropic.Anthropic(base_url=base_url, api_key=key, max_retries=0, timeout=20)


def test_create(prism, upstream):
    _, recorder = upstream
    message = client(prism).messages.create(
        model="groq/llama", max_tokens=100, system="Be kind.", messages=[{"role": "user", "content": "Say hello"}])
    assert message.content[0].type == "text"
    assert message.content[0].text == "Hello from the fake"
    assert message.stop_reason == "end_turn"
    assert message.usage.output_tokens == 4
    sent = recorder.requests[-1]["body"]
    assert sent["messages"][0] == {"role": "system", "content": "Be kind."}
    assert sent["max_tokens"] == 100


def test_stream(prism):
    with client(prism, USER_KEY).messages.stream(
            model="groq/llama", max_tokens=100, messages=[{"role": "user", "content": "Say hello"}]) as stream:
        text = "".join(stream.text_stream)
        final = stream.get_final_message()
    assert text == "Hello from the fake"
    assert final.content[0].text == text


def test_tool_use_round_trip(prism, upstream):
    _, recorder = upstream
    tools = [{"name": "lookup", "description": "Look up", "input_schema": {"type": "object", "properties": {"q": {"type": "string"}}}}]
    message = client(prism).messages.create(
        model="groq/llama", max_tokens=100, tools=tools,
        messages=[
            {"role": "user", "content": "Find it"},
            {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_1", "name": "lookup", "input": {"q": "x"}}]},
            {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_1", "content": "found"}]},
        ])
    assert message.content[0].text == "Hello from the fake"
    sent = recorder.requests[-1]["body"]
    assert sent["tools"][0]["function"]["name"] == "lookup"
    assert sent["messages"][1]["tool_calls"][0]["id"] == "toolu_1"
    assert sent["messages"][2] == {"role": "tool", "tool_call_id": "toolu_1", "content": "found"}


def test_count_tokens(prism):
    count = client(prism).messages.count_tokens(model="groq/llama", messages=[{"role": "user", "content": "Hello there, how are you?"}])
    assert count.input_tokens > 0


def test_errors_in_anthropic_shape(prism):
    with pytest.raises(anthropic.AuthenticationError):
        client(prism, "wrong").messages.create(model="groq/llama", max_tokens=10, messages=[{"role": "user", "content": "hi"}])
    with pytest.raises(anthropic.BadRequestError) as caught:
        client(prism).messages.create(
            model="groq/llama", max_tokens=10,
            messages=[{"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_missing", "content": "x"}]}])
    assert "toolu_missing" in caught.value.message
    with pytest.raises(anthropic.NotFoundError):
        client(prism).messages.create(model="cerebras/x", max_tokens=10, messages=[{"role": "user", "content": "hi"}])
