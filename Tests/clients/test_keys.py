"""Managed keys through the official openai SDK (SPEC §13): a key the admin created is refused a model it
may not use (403), answers past its rate limit (429 with Retry-After) and past its budget (402), each as the
SDK's exception with Prism's sentence."""
import httpx
import openai
import pytest

from conftest import PASSWORD


def _create_key(prism, **fields):
    answer = httpx.post(f"{prism}/v1/admin/keys", json={"name": "sdk", **fields},
                        headers={"Authorization": f"Bearer {PASSWORD}"}, timeout=10)
    assert answer.status_code == 201, answer.text
    body = answer.json()
    return body["id"], body["key"]


def _client(prism, key):
    return openai.OpenAI(base_url=f"{prism}/v1", api_key=key, max_retries=0)


def _chat(client, model="groq/llama-3.1-8b-instant"):
    return client.chat.completions.create(model=model, messages=[{"role": "user", "content": "hi"}])


def test_a_model_the_key_may_not_use_is_permission_denied(prism):
    key_id, secret = _create_key(prism, models=["groq/*"])
    client = _client(prism, secret)
    assert _chat(client).choices[0].message.content
    with pytest.raises(openai.PermissionDeniedError) as refused:
        _chat(client, model="image/doubao")
    assert refused.value.body["code"] == "model_not_allowed"
    assert "image/doubao" in refused.value.message and key_id in refused.value.message and secret not in refused.value.message


def test_past_the_rate_limit_is_a_rate_limit_error_with_retry_after(prism):
    _, secret = _create_key(prism, rate_limit={"rpm": 1})
    client = _client(prism, secret)
    raw = client.chat.completions.with_raw_response.create(model="groq/llama-3.1-8b-instant", messages=[{"role": "user", "content": "hi"}])
    assert raw.headers["x-ratelimit-limit-requests"] == "1" and raw.headers["x-ratelimit-remaining-requests"] == "0"
    # Two more requests: at most one UTC minute can begin between them, so one of them is over the limit.
    errors = []
    for _ in range(2):
        try:
            _chat(client)
        except openai.RateLimitError as error:
            errors.append(error)
    assert errors, "a key limited to 1 request per minute sent 3 within one"
    assert errors[0].body["code"] == "rate_limited"
    assert 1 <= int(errors[0].response.headers["retry-after"]) <= 60
    assert "1 requests per minute" in errors[0].message


def test_past_the_budget_is_402_insufficient_quota(prism):
    key_id, secret = _create_key(prism, budget={"usd": 0, "period": "month"})
    with pytest.raises(openai.APIStatusError) as refused:
        _chat(_client(prism, secret))
    assert refused.value.status_code == 402
    assert refused.value.body["type"] == "insufficient_quota" and refused.value.body["code"] == "budget_exceeded"
    assert f"The API key {key_id}" in refused.value.message and "monthly budget" in refused.value.message


def test_a_revoked_key_is_refused_at_once(prism):
    key_id, secret = _create_key(prism)
    client = _client(prism, secret)
    assert _chat(client).choices[0].message.content
    httpx.delete(f"{prism}/v1/admin/keys/{key_id}", headers={"Authorization": f"Bearer {PASSWORD}"}, timeout=10)
    with pytest.raises(openai.AuthenticationError):
        _chat(client)
