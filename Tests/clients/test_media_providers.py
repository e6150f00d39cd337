"""The six media providers (Google, fal, Replicate, DashScope, MiniMax, Kling) through the official `openai` SDK,
each against a fake speaking its real wire format (fake_media_providers.py): progress while the provider queues
and runs the task, a link to Prism's own copy of the file, the provider's auth and prompt field on the wire,
one-sentence failures and content-filter refusals, and Stop-then-Regenerate paying for one job."""
import re

import httpx
import openai
import pytest

from conftest import running_prism
import fake_media_providers as fakes_module
from fake_media_providers import KLING_ACCESS, KLING_SECRET, MP4, PNG, REASONS, kling_claims

PROVIDER_VARS = ("GOOGLE_", "FAL_", "REPLICATE_", "DASHSCOPE_", "MINIMAX_", "KLING_")
WAIT = 30  # seconds any bounded wait may take


class Gateway:
    def __init__(self, base, fakes, log):
        self.base, self.fakes, self.log = base, fakes, log
        self.client = openai.OpenAI(base_url=base + "/v1", api_key="any-key", max_retries=0, timeout=60)


@pytest.fixture(scope="module")
def gateway(tmp_path_factory):
    """The `prism` binary (local mode: no PASSWORD) with every media provider's base pointing at the fakes."""
    fakes = fakes_module.start()
    root = f"http://127.0.0.1:{fakes.port}"
    env = {
        "GOOGLE_API_KEY": fakes_module.GOOGLE_KEY, "GOOGLE_BASE_URL": root + "/google",
        "FAL_API_KEY": fakes_module.FAL_KEY, "FAL_QUEUE_URL": root + "/fal",
        "REPLICATE_API_KEY": fakes_module.REPLICATE_KEY, "REPLICATE_BASE_URL": root + "/replicate",
        "DASHSCOPE_API_KEY": fakes_module.DASHSCOPE_KEY, "DASHSCOPE_BASE_URL": root + "/dashscope",
        "MINIMAX_API_KEY": fakes_module.MINIMAX_KEY, "MINIMAX_BASE_URL": root + "/minimax",
        "KLING_ACCESS_KEY": KLING_ACCESS, "KLING_SECRET_KEY": KLING_SECRET, "KLING_BASE_URL": root + "/kling",
        "MEDIA_POLL_FIRST_MS": "500",
    }
    try:
        with running_prism(tmp_path_factory.mktemp("media-data"), env, drop=PROVIDER_VARS) as (base, log):
            yield Gateway(base, fakes, log)
    finally:
        fakes.server.shutdown()


def chat(model, prompt):
    return dict(model=model, messages=[{"role": "user", "content": prompt}])


def read(stream, until=None):
    """Reads chunks into (reasoning lines, content, finish reason); stops early after a reasoning line `until` accepts."""
    reasoning, content, finish = [], "", None
    for chunk in stream:
        if not chunk.choices:
            continue
        delta = chunk.choices[0].delta
        line = (getattr(delta, "reasoning_content", None) or "").strip()
        if line:
            reasoning.append(line)
        content += delta.content or ""
        finish = chunk.choices[0].finish_reason or finish
        if until and line and until(line):
            break
    return reasoning, content, finish


def media_url(content, prompt, video):
    """The Prism link of an answer: `![prompt](…png?sig=…)` for an image, `[▶ prompt (Ns)](…mp4?sig=…)` for a video."""
    label = rf"\[▶ {re.escape(prompt)} \(\d+(\.\d+)?s\)\]" if video else rf"!\[{re.escape(prompt)}\]"
    ext = "mp4" if video else "png"
    match = re.fullmatch(label + rf"\((?P<url>http://127\.0\.0\.1:\d+/v1/media/media_[\w-]+\.{ext}\?sig=[^)\s]+)\)", content)
    assert match, content
    return match.group("url")


def kling_token_ok(call):
    """Kling's JWT, checked here with Python's hmac: HS256 by the secret, issued by the access key, 1800 s + 5 s valid."""
    claims = kling_claims(call.headers.get("authorization"), KLING_SECRET)
    return claims is not None and claims["iss"] == KLING_ACCESS and claims["exp"] - claims["nbf"] == 1805


AUTH = {  # what each provider's every call must carry
    "google": lambda c: c.headers.get("x-goog-api-key") == fakes_module.GOOGLE_KEY,
    "fal": lambda c: c.headers.get("authorization") == f"Key {fakes_module.FAL_KEY}",
    "replicate": lambda c: c.headers.get("authorization") == f"Bearer {fakes_module.REPLICATE_KEY}",
    "dashscope": lambda c: c.headers.get("authorization") == f"Bearer {fakes_module.DASHSCOPE_KEY}",
    "minimax": lambda c: c.headers.get("authorization") == f"Bearer {fakes_module.MINIMAX_KEY}",
    "kling": kling_token_ok,
}

PROMPT_FIELD = {  # where each provider's submit carries the prompt
    "google": lambda body: body["instances"][0]["prompt"],
    "fal": lambda body: body["prompt"],
    "replicate": lambda body: body["input"]["prompt"],
    "dashscope": lambda body: body["input"]["prompt"],
    "minimax": lambda body: body["prompt"],
    "kling": lambda body: body["prompt"],
}

# provider, model, prompt, progress lines its states must show, the bytes it serves. Prism says "queued" right after
# any submit, so the lines that prove the provider's own progress was read are the running ones (a Veo operation
# not yet done, Replicate's log percentage) and fal's queue positions.
SUCCESS = [
    ("google", "video/google/veo-3.1-generate-preview", "A lantern rising over a lake", ["running"], MP4),
    ("fal", "image/fal/fal-ai/flux/dev", "A koi pond seen from above",
     ["queued, position 4 in the queue", "queued, position 2 in the queue", "running (Generating: 40% done)"], PNG),
    ("replicate", "image/replicate/black-forest-labs/flux-dev", "A kite over a beach", ["queued", "running, 45%"], PNG),
    ("dashscope", "image/dashscope/wan2.2-t2i-flash", "A harbour at dawn", ["queued", "running"], PNG),
    ("minimax", "video/minimax/MiniMax-Hailuo-02", "A fox trotting through snow", ["queued", "running"], MP4),
    ("kling", "video/kling/kling-v2-1-master", "A paper boat on a river", ["queued", "running"], MP4),
]


@pytest.mark.parametrize("provider,model,prompt,states,served", SUCCESS, ids=[case[0] for case in SUCCESS])
def test_success_streams_progress_and_links_prisms_copy(gateway, provider, model, prompt, states, served):
    """The stream shows the provider's queued/running states, then a link whose download is exactly the fake's
    file; every call to the provider carried its auth, and its one submit carried the prompt in its own field."""
    before = len(gateway.fakes.seen(provider))
    reasoning, content, finish = read(gateway.client.chat.completions.create(**chat(model, prompt), stream=True))
    assert reasoning[0].startswith(f"submitted to {model}"), reasoning
    for state in states:  # "queued" must not match "queued, position …": a state is followed by ", " or " ("
        assert any(line.startswith(state + ",") or line.startswith(state + " (") for line in reasoning), (state, reasoning)
    assert reasoning[-1].startswith("succeeded") and finish == "stop", reasoning

    download = httpx.get(media_url(content, prompt, video=served is MP4), timeout=30)
    assert download.status_code == 200 and download.content == served
    assert download.headers["content-type"] == ("video/mp4" if served is MP4 else "image/png")

    calls = gateway.fakes.seen(provider)[before:]
    assert len(calls) >= 3 and all(AUTH[provider](c) for c in calls), [(c.method, c.path, c.headers) for c in calls]
    submits = [c for c in calls if c.method == "POST"]
    assert len(submits) == 1 and PROMPT_FIELD[provider](submits[0].body) == prompt, [c.body for c in submits]
    polls = [c for c in calls if c.method == "GET"]
    if provider == "google":
        assert submits[0].path == "/v1beta/models/veo-3.1-generate-preview:predictLongRunning"
        assert polls[-1].path.endswith(":download") and polls[-1].query == {"alt": ["media"]}
    if provider == "fal":
        assert submits[0].path == "/fal-ai/flux/dev"
        assert all(c.query == {"logs": ["1"]} for c in polls if c.path.endswith("/status"))
    if provider == "replicate":
        assert submits[0].path == "/v1/models/black-forest-labs/flux-dev/predictions" and submits[0].headers.get("prefer") == "wait=10"
    if provider == "dashscope":
        assert submits[0].path == "/api/v1/services/aigc/text2image/image-synthesis"
        assert submits[0].headers.get("x-dashscope-async") == "enable" and submits[0].body["model"] == "wan2.2-t2i-flash"
    if provider == "minimax":
        assert submits[0].body["model"] == "MiniMax-Hailuo-02"
        assert {c.path for c in polls} == {"/v1/query/video_generation", "/v1/files/retrieve"}
    if provider == "kling":
        assert submits[0].path == "/v1/videos/text2video" and submits[0].body["model_name"] == "kling-v2-1-master"
        assert len({c.path for c in polls}) == 1 and polls[0].path.startswith("/v1/videos/text2video/")


FAILURES = [  # provider, model, prompt, the sentence Prism says before "(job …).", whether it is the content filter
    ("google", "video/google/veo-3.1-generate-preview", "broken lantern",
     "Veo could not make the video: The input image could not be processed", False),
    ("google", "image/google/gemini-2.5-flash-image", "refused fox", "Google's content filter refused the prompt (PROHIBITED_CONTENT)", True),
    ("fal", "image/fal/fal-ai/flux/dev", "broken koi", "Fal could not finish the request: Runner crashed: CUDA out of memory", False),
    ("fal", "image/fal/fal-ai/flux/dev", "refused koi",
     "Fal's content filter refused the prompt: The content was flagged by a content checker", True),
    ("replicate", "image/replicate/black-forest-labs/flux-dev", "broken kite", "Replicate could not make it: CUDA out of memory", False),
    ("replicate", "image/replicate/black-forest-labs/flux-dev", "refused kite",
     "Replicate's content filter refused this request (NSFW content detected. Try running it again, or try a different prompt)", True),
    ("dashscope", "image/dashscope/wan2.2-t2i-flash", "broken harbour", "DashScope could not make it: Algorithm process error", False),
    ("dashscope", "image/dashscope/wan2.2-t2i-flash", "refused harbour",
     "DashScope's content filter refused this request (Input data may contain inappropriate content)", True),
    ("minimax", "video/minimax/MiniMax-Hailuo-02", "broken fox", "MiniMax could not make it: unknown error (code 1000)", False),
    ("minimax", "video/minimax/MiniMax-Hailuo-02", "refused fox", "MiniMax's content filter refused this request (input new_sensitive)", True),
    ("kling", "video/kling/kling-v2-1-master", "broken boat", "Kling could not make it: Generation timed out internally", False),
    ("kling", "video/kling/kling-v2-1-master", "refused boat",
     "Kling's content filter refused this request (Trigger the content security policy of the platform)", True),
]


@pytest.mark.parametrize("provider,model,prompt,sentence,filtered", FAILURES, ids=[f"{c[0]}-{c[2].split()[0]}" for c in FAILURES])
def test_failure_is_a_502_with_one_sentence(gateway, provider, model, prompt, sentence, filtered):
    """A provider's failure or refusal, non-streaming, is a 502 whose message gives the provider's own reason
    once, in one sentence ending with the id of a job that failed with that reason; a refusal says the content
    filter refused."""
    with pytest.raises(openai.APIStatusError) as caught:
        gateway.client.chat.completions.create(**chat(model, prompt))
    error = caught.value
    assert error.status_code == 502 and error.body["code"] == "job_failed", error.body
    message = error.body["message"]
    ending = re.fullmatch(re.escape(sentence) + r" \(job (job_[\w-]+)\)\.", message)
    assert ending, message
    assert error.response.headers.get("x-prism-job-id") == ending.group(1)
    job = httpx.get(f"{gateway.base}/v1/jobs/{ending.group(1)}", headers={"Authorization": "Bearer any-key"}, timeout=30).json()
    stored = job["error"]["message"]  # the job keeps the provider's own spelling ("fal"); the sentence starts with a capital
    assert job["status"] == "failed" and stored[:1].upper() + stored[1:] == sentence and job["model"] == model, job
    reason = REASONS[provider][prompt.split()[0]].rstrip(".")
    assert message.count(reason) == 1, message
    assert ".." not in message and "`" not in message, message
    assert ("content filter refused" in message) == filtered, message


def test_stop_then_regenerate_picks_up_the_job_and_pays_once(gateway):
    """Stop closes the stream while Kling holds the task running; the identical request attaches to that job
    ("picking up …") and gets its link with one submit at Kling; once delivered, the same request is a new job."""
    fakes, client = gateway.fakes, gateway.client
    model, prompt = "video/kling/kling-v2-1-master", "hold A lantern drifting downstream"
    fakes.release.clear()

    def submits():
        return [c for c in fakes.seen("kling", "POST") if c.body.get("prompt") == prompt]

    first = client.chat.completions.create(**chat(model, prompt), stream=True)
    job_id = first.response.headers.get("x-prism-job-id", "")
    reasoning, content, _ = read(first, until=lambda line: line.startswith("running"))
    first.close()  # what a chat UI's Stop does
    assert job_id.startswith("job_") and reasoning[-1].startswith("running") and content == "", reasoning
    gone = gateway.log.wait_for(lambda line: f"Job {job_id}: its client went away" in line)
    assert gone, "".join(gateway.log.lines)[-3000:]

    second = client.chat.completions.create(**chat(model, prompt), stream=True)
    picked_up, _, _ = read(second, until=lambda line: True)
    assert picked_up and picked_up[0].startswith("picking up the job you started at "), picked_up
    fakes.release.set()
    reasoning, content, finish = read(second)
    assert reasoning and reasoning[-1].startswith("succeeded") and finish == "stop", reasoning
    assert second.response.headers.get("x-prism-job-id") == job_id
    assert httpx.get(media_url(content, prompt, video=True), timeout=30).content == MP4
    assert len(submits()) == 1

    third = client.chat.completions.with_raw_response.create(**chat(model, prompt))
    answer = third.parse().choices[0].message
    assert third.headers.get("x-prism-job-id") not in (None, job_id)
    assert "picking up" not in (getattr(answer, "reasoning_content", None) or "")
    assert httpx.get(media_url(answer.content, prompt, video=True), timeout=30).content == MP4
    assert len(submits()) == 2
