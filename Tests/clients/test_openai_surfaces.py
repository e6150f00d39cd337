"""OpenAI's videos, files and image edits surfaces (SPEC §15) through the official `openai` SDK."""
import httpx
import openai
import pytest

from conftest import PASSWORD
from fake_upstream import PNG

# The SDK warns that OpenAI's own Sora API is gone; Prism serves the same surface over its video models.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def client(base_url):
    return openai.OpenAI(base_url=base_url + "/v1", api_key=PASSWORD, max_retries=0, timeout=60)


def test_videos_create_and_poll_then_download(prism):
    sdk = client(prism)
    video = sdk.videos.create_and_poll(model="video/doubao-seedance", prompt="A red kite over the dunes", seconds="4", size="1280x720")
    assert video.status == "completed" and video.progress == 100 and video.object == "video"
    assert video.seconds == "4" and video.size == "1280x720"
    content = sdk.videos.download_content(video.id)
    data = content.read()
    assert data[4:8] == b"ftyp"
    part = httpx.get(f"{prism}/v1/videos/{video.id}/content", headers={"Authorization": f"Bearer {PASSWORD}", "Range": "bytes=0-7"})
    assert part.status_code == 206 and part.content == data[:8]
    assert video.id in [v.id for v in sdk.videos.list()]
    deleted = sdk.videos.delete(video.id)
    assert deleted.deleted is True
    with pytest.raises(openai.NotFoundError):
        sdk.videos.download_content(video.id).read()


def test_files_upload_is_an_input_and_can_be_read_and_deleted(prism):
    sdk = client(prism)
    uploaded = sdk.files.create(file=("cat.png", PNG, "image/png"), purpose="vision")
    assert uploaded.id.startswith("file-") and uploaded.bytes == len(PNG) and uploaded.filename == "cat.png"
    assert sdk.files.retrieve(uploaded.id).purpose == "vision"
    assert sdk.files.content(uploaded.id).read() == PNG
    assert uploaded.id in [f.id for f in sdk.files.list()]
    job = httpx.post(f"{prism}/v1/jobs", headers={"Authorization": f"Bearer {PASSWORD}", "Prefer": "wait=60"},
                     json={"model": "image/doubao", "prompt": "Make it darker", "images": [uploaded.id]}, timeout=70)
    assert job.status_code == 200 and job.json()["status"] == "succeeded"
    assert sdk.files.delete(uploaded.id).deleted is True
    with pytest.raises(openai.NotFoundError):
        sdk.files.retrieve(uploaded.id)


def test_files_refuse_what_the_bytes_are_not(prism):
    with pytest.raises(openai.BadRequestError) as refused:
        client(prism).files.create(file=("cat.png", b"not an image at all", "image/png"), purpose="vision")
    assert refused.value.body["param"] == "file"


def test_images_edit(prism):
    result = client(prism).images.edit(model="image/doubao", image=("cat.png", PNG, "image/png"), prompt="Make it darker")
    assert "/v1/media/" in result.data[0].url


def test_images_edit_without_an_image_names_the_field(prism):
    refused = httpx.post(f"{prism}/v1/images/edits", headers={"Authorization": f"Bearer {PASSWORD}"},
                         files={"prompt": (None, "x"), "model": (None, "image/doubao")})
    assert refused.status_code == 400 and refused.json()["error"]["param"] == "image"
