"""Prism's MCP server through the official Python `mcp` client (streamable HTTP) against the real binary:
initialize, the tool list, an image and a video job of the fake providers, chat, and bad input."""
import base64

import anyio
import httpx
import pytest
from mcp import ClientSession
from mcp.client.streamable_http import streamable_http_client
from mcp.shared._httpx_utils import create_mcp_http_client

from conftest import PASSWORD, USER_KEY
from fake_upstream import MP4, PNG


def run(coroutine):
    return anyio.run(coroutine)


async def with_session(base_url, use, key=PASSWORD):
    async with create_mcp_http_client(headers={"Authorization": f"Bearer {key}"}) as http:
        async with streamable_http_client(f"{base_url}/mcp", http_client=http) as (read, write):
            async with ClientSession(read, write) as session:
                result = await session.initialize()
                return await use(session, result)


def test_initialize_and_list_tools(prism):
    async def use(session, initialized):
        assert initialized.server_info.name == "prism"
        tools = {tool.name: tool for tool in (await session.list_tools()).tools}
        assert {"generate_image", "generate_video", "chat", "web_search", "list_media", "get_job", "cancel_job", "list_models"} <= set(tools)
        assert "run_python" not in tools  # no PYTHON_URL here
        assert tools["generate_image"].input_schema["required"] == ["prompt"]
        assert tools["generate_image"].output_schema["properties"]["media"]["type"] == "array"
        return True

    assert run(lambda: with_session(prism, use))


def test_generate_image_returns_the_picture_and_its_links(prism):
    async def use(session, _):
        return await session.call_tool("generate_image", {"prompt": "A red kite", "model": "image/doubao"})

    result = run(lambda: with_session(prism, use, key=USER_KEY))
    assert not result.is_error
    image = next(part for part in result.content if part.type == "image")
    assert image.mime_type == "image/png" and base64.b64decode(image.data) == PNG
    structured = result.structured_content
    assert structured["model"] == "image/doubao" and structured["job_id"].startswith("job_")
    url = structured["media"][0]["url"]
    assert httpx.get(url).content == PNG  # Prism's signed link works without a key
    job = httpx.get(f"{prism}/v1/jobs/{structured['job_id']}", headers={"Authorization": f"Bearer {USER_KEY}"}).json()
    assert job["status"] == "succeeded" and job["media"][0]["url"] == url


def test_generate_video_reports_progress_while_the_job_runs(prism):
    updates = []

    async def progress(value, total, message):
        updates.append((value, total, message))

    async def use(session, _):
        return await session.call_tool(
            "generate_video", {"prompt": "A paper boat", "model": "video/doubao-seedance", "duration": 4}, progress_callback=progress)

    result = run(lambda: with_session(prism, use))
    assert not result.is_error, result.content
    messages = [message for _, _, message in updates]
    assert messages[0].startswith("submitted to video/doubao-seedance")
    assert any(message.startswith("queued") for message in messages)
    assert any(message.startswith("running") for message in messages)
    assert messages[-1].startswith("succeeded")
    values = [value for value, _, _ in updates]
    assert values == sorted(values) and len(set(values)) == len(values) and values[-1] == 1.0
    assert all(total == 1.0 for _, total, _ in updates)
    link = next(part for part in result.content if part.type == "resource_link")
    assert link.mime_type == "video/mp4" and httpx.get(str(link.uri)).content == MP4


def test_chat(prism):
    async def use(session, _):
        return await session.call_tool("chat", {"prompt": "Say hello", "model": "groq/fake-model", "system": "Be brief."})

    result = run(lambda: with_session(prism, use))
    assert not result.is_error
    assert result.content[0].text == "Hello from the fake"
    assert result.structured_content == {"model": "fake-model", "content": "Hello from the fake"}


def test_web_search_uses_the_same_tavily_tool_as_chat(prism):
    async def use(session, _):
        return await session.call_tool("web_search", {"query": "swift", "max_results": 3})

    result = run(lambda: with_session(prism, use))
    assert not result.is_error
    assert "Swift.org" in result.content[0].text
    assert result.structured_content["citations"] == [{"url": "https://swift.org", "title": "Swift.org"}]


def test_bad_argument_and_unknown_model_are_error_results(prism):
    async def use(session, _):
        wrong = await session.call_tool("generate_image", {"prompt": "A cat", "n": "two"})
        unknown = await session.call_tool("generate_image", {"prompt": "A cat", "model": "image/nonexistent/model"})
        flag = await session.call_tool("generate_image", {"prompt": "A cat", "model": "image/doubao", "ratio": "99:1"})
        return wrong, unknown, flag

    wrong, unknown, flag = run(lambda: with_session(prism, use))
    assert wrong.is_error and wrong.content[0].text == "The argument n of generate_image must be an integer, not a string."
    assert unknown.is_error and unknown.content[0].text.endswith(".")
    assert flag.is_error and "ratio" in flag.content[0].text


def test_without_a_key_the_client_gets_the_sentence(prism):
    async def use(session, _):
        return True

    with pytest.raises(BaseException) as caught:
        run(lambda: with_session(prism, use, key="wrong-key"))
    assert "The API key is not valid for this gateway: check the key you configured in your client." in repr(caught.value)
    answer = httpx.post(f"{prism}/mcp", json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"})
    assert answer.status_code == 401 and answer.json()["error"]["data"]["code"] == "invalid_api_key"
