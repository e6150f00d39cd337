"""`admin/magic` through the official `openai` SDK."""
import openai
import pytest

from conftest import PASSWORD, USER_KEY


def ask(base_url, command, key=PASSWORD):
    sdk = openai.OpenAI(base_url=base_url + "/v1", api_key=key, max_retries=0, timeout=20)
    return sdk.chat.completions.create(model="admin/magic", messages=[{"role": "user", "content": command}]).choices[0].message.content


def test_admin_commands(prism):
    sdk = openai.OpenAI(base_url=prism + "/v1", api_key=USER_KEY, max_retries=0, timeout=20)
    kept = sdk.responses.create(model="groq/llama", input="Remember me")
    assert "`list [responses" in ask(prism, "/help")
    assert kept.id in ask(prism, "list responses")
    assert "### User\nRemember me" in ask(prism, f"show {kept.id}")
    assert "| responses |" in ask(prism, "stats")
    keys = ask(prism, "keys")
    assert "gsk-upstream-key" not in keys and "tvly-test" not in keys and "ark-test" not in keys
    assert "groq" in keys
    assert f"Deleted `{kept.id}`" in ask(prism, f"delete {kept.id}")
    with pytest.raises(openai.PermissionDeniedError):
        ask(prism, "stats", key=USER_KEY)
