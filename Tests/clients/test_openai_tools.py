"""Built-in tools through the official `openai` SDK."""
import json

import openai

from conftest import PASSWORD


def client(base_url):
    return openai.OpenAI(base_url=base_url + "/v1", api_key=PASSWORD, max_retries=0, timeout=20)


def test_web_search_with_citations(prism, upstream):
    _, recorder = upstream
    answer = client(prism).chat.completions.create(
        model="groq/llama", messages=[{"role": "user", "content": "What is Swift?"}], tools=[])
    message = answer.choices[0].message
    assert message.content == "Hello from the fake"
    assert message.annotations[0].type == "url_citation"
    assert message.annotations[0].url_citation.url == "https://swift.org"
    searches = [r for r in recorder.requests if r["path"] == "/search"]
    assert searches and searches[-1]["auth"] == "Bearer tvly-test"
    fed = recorder.requests[-1]["body"]["messages"]
    assert fed[-1]["role"] == "tool" and "swift.org" in fed[-1]["content"]


def test_web_search_streams_progress(prism):
    stream = client(prism).chat.completions.create(
        model="groq/llama", messages=[{"role": "user", "content": "What is Swift?"}], tools=[], stream=True)
    reasoning, text = "", ""
    for chunk in stream:
        delta = chunk.choices[0].delta if chunk.choices else None
        if delta is None:
            continue
        reasoning += getattr(delta, "reasoning_content", None) or ""
        text += delta.content or ""
    assert "searching the web: swift" in reasoning and "1 result" in reasoning
    assert text == "Hello from the fake"


def test_client_tool_round_trip(prism, upstream):
    _, recorder = upstream
    sdk = client(prism)
    tools = [{"type": "function", "function": {"name": "get_weather", "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}}]
    messages = [{"role": "user", "content": "Weather in Oslo?"}]
    first = sdk.chat.completions.create(model="groq/llama", messages=messages, tools=tools)
    assert first.choices[0].finish_reason == "tool_calls"
    call = first.choices[0].message.tool_calls[0]
    assert call.function.name == "get_weather" and json.loads(call.function.arguments) == {"city": "Oslo"}
    messages += [first.choices[0].message.model_dump(exclude_none=True),
                 {"role": "tool", "tool_call_id": call.id, "content": "sunny"}]
    second = sdk.chat.completions.create(model="groq/llama", messages=messages, tools=tools)
    assert second.choices[0].message.content == "Hello from the fake"
    assert recorder.requests[-1]["body"]["messages"][-1] == {"role": "tool", "tool_call_id": call.id, "content": "sunny"}


def test_responses_web_search_call(prism):
    response = client(prism).responses.create(model="groq/llama", input="What is Swift?", tools=[])
    assert [item.type for item in response.output] == ["web_search_call", "message"]
    assert response.output[1].content[0].annotations[0].url == "https://swift.org"
    assert response.output_text == "Hello from the fake"
