"""Image models through the official `openai` SDK: chat streaming with progress, and images.generate."""
import base64

import httpx
import openai

from conftest import PASSWORD
from fake_upstream import PNG


def client(base_url):
    return openai.OpenAI(base_url=base_url + "/v1", api_key=PASSWORD, max_retries=0, timeout=30)


def test_chat_stream_with_image_model(prism):
    stream = client(prism).chat.completions.create(
        model="image/doubao", messages=[{"role": "user", "content": "A cat —ratio 1:1"}], stream=True)
    reasoning, content, finish = "", "", None
    for chunk in stream:
        if not chunk.choices:
            continue
        delta = chunk.choices[0].delta
        reasoning += getattr(delta, "reasoning_content", None) or ""
        content += delta.content or ""
        finish = chunk.choices[0].finish_reason or finish
    assert reasoning.startswith("submitted to image/doubao")
    assert "succeeded" in reasoning
    assert content.startswith("![A cat](") and finish == "stop"
    url = content[content.index("(") + 1:-1]
    image = httpx.get(url)  # a signed link: no key needed
    assert image.status_code == 200 and image.content == PNG


def test_images_generate(prism):
    sdk = client(prism)
    result = sdk.images.generate(model="image/doubao", prompt="A lighthouse", size="1024x1024")
    assert "/v1/media/" in result.data[0].url
    inline = sdk.images.generate(model="image/doubao", prompt="A lighthouse", response_format="b64_json")
    assert base64.b64decode(inline.data[0].b64_json) == PNG


def test_bad_flag_is_bad_request(prism):
    try:
        client(prism).chat.completions.create(model="image/doubao", messages=[{"role": "user", "content": "A cat --n 9"}])
    except openai.BadRequestError as error:
        assert error.body["code"] == "invalid_flag"
        assert "--n" in error.message
    else:
        raise AssertionError("a bad flag was accepted")
