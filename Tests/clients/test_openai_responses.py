"""The official `openai` SDK's Responses API against the running gateway."""
import openai
import pytest

from conftest import PASSWORD, USER_KEY


def client(base_url, key=PASSWORD):
    return openai.OpenAI(base_url=base_url + "/v1", api_key=key, max_retries=0, timeout=20)


def test_create_retrieve_items_delete(prism):
    sdk = client(prism)
    response = sdk.responses.create(model="groq/llama", input="Say hello", instructions="Be kind.")
    assert response.id.startswith("resp_")
    assert response.status == "completed"
    assert response.output_text == "Hello from the fake"
    assert response.usage.total_tokens == 7
    again = sdk.responses.retrieve(response.id)
    assert again.output_text == response.output_text
    items = sdk.responses.input_items.list(response.id)
    assert items.data[0].content[0].text == "Say hello"
    sdk.responses.delete(response.id)
    with pytest.raises(openai.NotFoundError):
        sdk.responses.retrieve(response.id)


def test_stream(prism):
    sdk = client(prism)
    text, kinds, final = "", [], None
    with sdk.responses.stream(model="groq/llama", input="Say hello") as stream:
        for event in stream:
            kinds.append(event.type)
            if event.type == "response.output_text.delta":
                text += event.delta
        final = stream.get_final_response()
    assert text == "Hello from the fake"
    assert kinds[0] == "response.created" and kinds[-1] == "response.completed"
    assert final.output_text == text
    assert sdk.responses.retrieve(final.id).status == "completed"


def test_create_with_stream_true(prism):
    events = list(client(prism).responses.create(model="groq/llama", input="Say hello", stream=True))
    numbers = [e.sequence_number for e in events]
    assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers)
    assert events[-1].response.output_text == "Hello from the fake"


def test_three_turn_conversation(prism, upstream):
    _, recorder = upstream
    sdk = client(prism, USER_KEY)
    first = sdk.responses.create(model="groq/llama", input="one")
    second = sdk.responses.create(model="groq/llama", input="two", previous_response_id=first.id)
    third = sdk.responses.create(model="groq/llama", input="three", previous_response_id=second.id)
    sent = recorder.requests[-1]["body"]["messages"]
    assert [m["role"] for m in sent] == ["user", "assistant", "user", "assistant", "user"]
    assert [m["content"] for m in sent[::2]] == ["one", "two", "three"]
    assert third.previous_response_id == second.id
    with pytest.raises(openai.NotFoundError):
        client(prism).responses.create(model="groq/llama", input="x", previous_response_id="resp_unknown_id_000000000000")


def test_other_principal_cannot_read(prism):
    mine = client(prism, USER_KEY).responses.create(model="groq/llama", input="private")
    assert client(prism).responses.retrieve(mine.id).id == mine.id  # the admin sees everything
    with pytest.raises(openai.AuthenticationError):
        client(prism, "stranger").responses.retrieve(mine.id)


def test_stored_chat_completion(prism):
    sdk = client(prism)
    answer = sdk.chat.completions.create(model="groq/llama", messages=[{"role": "user", "content": "keep me"}], store=True)
    stored = sdk.chat.completions.retrieve(answer.id)
    assert stored.choices[0].message.content == "Hello from the fake"
    assert answer.id in [c.id for c in sdk.chat.completions.list()]
    assert sdk.chat.completions.delete(answer.id).deleted
