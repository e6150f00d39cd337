"""Background responses (SPEC §15) through the official `openai` SDK: create with background=True, poll with
retrieve, cancel, and resume a stream from a sequence number."""
import time

import openai
import pytest

from conftest import PASSWORD


def client(base_url):
    return openai.OpenAI(base_url=base_url + "/v1", api_key=PASSWORD, max_retries=0, timeout=60)


def wait_for(sdk, response_id, statuses=("completed", "failed", "incomplete", "cancelled"), seconds=30):
    deadline = time.monotonic() + seconds
    response = sdk.responses.retrieve(response_id)
    while response.status not in statuses and time.monotonic() < deadline:
        time.sleep(0.1)
        response = sdk.responses.retrieve(response_id)
    return response


def test_background_create_then_retrieve(prism):
    sdk = client(prism)
    created = sdk.responses.create(model="groq/llama", input="Say hello", background=True)
    assert created.background is True and created.status in ("queued", "in_progress", "completed")
    done = wait_for(sdk, created.id)
    assert done.status == "completed" and done.output_text == "Hello from the fake"


def test_background_stream_resumes_from_a_sequence_number(prism):
    sdk = client(prism)
    events = list(sdk.responses.create(model="groq/llama", input="Say hello", background=True, stream=True))
    assert events[0].type == "response.created" and events[-1].type == "response.completed"
    response_id = events[0].response.id
    numbers = [event.sequence_number for event in events]
    assert numbers == list(range(len(events)))
    resumed = list(sdk.responses.retrieve(response_id, stream=True, starting_after=2))
    assert [event.sequence_number for event in resumed] == numbers[3:]
    assert "".join(e.delta for e in resumed if e.type == "response.output_text.delta") == "Hello from the fake"


def test_background_cancel(prism):
    sdk = client(prism)
    created = sdk.responses.create(model="video/doubao-seedance", input="A red kite [hold]", background=True)
    cancelled = sdk.responses.cancel(created.id)
    assert cancelled.status == "cancelled"
    assert sdk.responses.retrieve(created.id).status == "cancelled"
    # Cancelling again answers it unchanged.
    assert sdk.responses.cancel(created.id).status == "cancelled"


def test_background_without_store_is_refused(prism):
    with pytest.raises(openai.BadRequestError) as refused:
        client(prism).responses.create(model="groq/llama", input="x", background=True, store=False)
    assert refused.value.body["param"] == "background"
