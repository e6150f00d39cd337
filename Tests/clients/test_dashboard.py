"""The dashboard (SPEC §14) in a real browser: Playwright from PyPI driving Debian's chromium by its path (never
`playwright install`). It logs in with the admin key, sees the overview charts, creates a key and sees its
secret once, revokes it, watches a held image job's progress move and its picture land in the media grid, and
opens a request's attempts. Screenshots of each page go to PRISM_SCREENSHOTS (`make screenshots` writes
docs/screenshots/), else to a temporary folder."""
import os
import shutil
import threading

import httpx
import pytest

from conftest import eventually, running_prism
import fake_media_providers as fakes_module
import fake_upstream

PASSWORD = "dashboard-admin-key"
CHROMIUM = os.environ.get("PRISM_CHROMIUM", "/usr/bin/chromium")
WAIT_MS = 30_000  # an upper bound for hangs only; every wait below ends as soon as its condition holds
try:
    import playwright.sync_api as playwright_api
except ImportError as missing:  # never a silent skip: make test installs it from requirements.txt
    raise ImportError("playwright is missing: make venv installs Tests/clients/requirements.txt") from missing


@pytest.fixture(scope="module")
def gateway(tmp_path_factory):
    """The `prism` binary with the admin key, a text provider (two keys, the first refused) and Replicate's fake."""
    recorder = fake_upstream.Recorder()
    text = fake_upstream.start(recorder)
    fakes = fakes_module.start()
    env = {
        "PASSWORD": PASSWORD, "GROQ_API_KEY": "gsk_dashboard000key1", "GROQ_BASE_URL": f"http://127.0.0.1:{text.server_port}/v1",
        "REPLICATE_API_KEY": fakes_module.REPLICATE_KEY, "REPLICATE_BASE_URL": f"http://127.0.0.1:{fakes.port}/replicate",
        "MEDIA_POLL_FIRST_MS": "300",
    }
    try:
        with running_prism(tmp_path_factory.mktemp("dashboard-data"), env, drop=("API_KEYS", "REPLICATE_")) as (base, log):
            yield base, fakes
    finally:
        fakes.server.shutdown()
        text.shutdown()


@pytest.fixture(scope="module")
def browser():
    assert shutil.which(CHROMIUM) or os.path.exists(CHROMIUM), f"{CHROMIUM} is missing: make test installs Debian's chromium (apt-get install chromium)"
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory):
    folder = os.environ.get("PRISM_SCREENSHOTS") or str(tmp_path_factory.mktemp("screenshots"))
    os.makedirs(folder, exist_ok=True)
    return lambda page, name: page.screenshot(path=os.path.join(folder, f"{name}.png"), full_page=False)


@pytest.fixture()
def page(browser, gateway):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    yield page
    context.close()


def log_in(page, base):
    page.goto(base + "/dashboard")
    page.fill("input[name=key]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("nav a.active")



def api(base, method, path, **kwargs):
    response = httpx.request(method, base + path, headers={"Authorization": f"Bearer {PASSWORD}"}, timeout=60, **kwargs)
    return response


def test_login_and_overview_charts(page, gateway, shots):
    base, _ = gateway
    for _ in range(3):
        assert api(base, "POST", "/v1/chat/completions", json={"model": "groq/llama-3.1-8b-instant", "messages": [{"role": "user", "content": "Hi"}]}).status_code == 200
    # The rows are written off the request path: the overview is opened once they are there.
    assert eventually(lambda: sum(g["requests"] for g in api(base, "GET", "/v1/usage?group_by=hour").json()["data"]) >= 3)
    page.goto(base + "/dashboard")
    page.wait_for_selector("input[name=key]")
    page.fill("input[name=key]", "not-a-key")
    page.click("button[type=submit]")
    page.wait_for_selector("text=That key was not accepted.")
    log_in(page, base)
    for chart in ("requests", "latency", "tokens", "cost"):
        page.wait_for_selector(f"[data-testid=chart-{chart}]")
    assert page.locator("[data-testid=chart-requests] rect").count() > 0
    assert page.locator("[data-testid=tiles]").inner_text().count("requests, 24 h") == 1
    shots(page, "overview")


def test_create_key_shows_secret_once_then_revoke(page, gateway, shots):
    base, _ = gateway
    log_in(page, base)
    page.goto(base + "/dashboard#keys")
    page.wait_for_selector("[data-testid=create-key]")
    page.fill("[data-testid=create-key] input[name=name]", "browser-made")
    page.click("[data-testid=create-key] button[type=submit]")
    secret = page.locator("[data-testid=new-secret] code").inner_text()
    assert len(secret) > 20
    shots(page, "keys")
    key = next(k for k in api(base, "GET", "/v1/admin/keys?limit=100").json()["data"] if k["name"] == "browser-made")
    assert httpx.get(base + "/v1/models", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    page.reload()
    page.wait_for_selector("text=browser-made")
    assert page.locator("[data-testid=new-secret]").count() == 0 and secret not in page.content(), "the secret is shown once"
    page.locator("tr", has_text="browser-made").locator("[data-action=revoke]").click()
    page.locator("tr", has_text="browser-made").locator("text=revoked").wait_for()
    assert api(base, "GET", f"/v1/admin/keys/{key['id']}").json()["disabled"] is True
    assert httpx.get(base + "/v1/models", headers={"Authorization": f"Bearer {secret}"}).status_code == 401


def test_image_job_progress_and_media_grid(page, gateway, shots):
    base, fakes = gateway
    log_in(page, base)
    page.goto(base + "/dashboard#jobs")
    page.wait_for_selector("h1:has-text('Jobs')")
    answer = {}
    body = {"model": "image/replicate/black-forest-labs/flux-dev", "prompt": "hold a lighthouse at dusk"}
    worker = threading.Thread(target=lambda: answer.update(reply=api(base, "POST", "/v1/images/generations", json=body)), daemon=True)
    worker.start()
    # The fake holds the task at 45% until it is released: the page must show it moving there first.
    page.wait_for_selector("[data-testid^=progress-][aria-valuenow='45']")
    assert page.locator("tr[data-job] .badge").first.inner_text() == "running"
    shots(page, "jobs")
    fakes.release.set()
    page.wait_for_selector("tr[data-job] .badge.succeeded")
    worker.join(timeout=60)
    assert answer["reply"].status_code == 200, answer["reply"].text
    page.goto(base + "/dashboard#media")
    image = page.locator("[data-testid=media-grid] img").first
    image.wait_for()
    page.wait_for_function("() => { const img = document.querySelector('[data-testid=media-grid] img'); return img && img.complete && img.naturalWidth > 0 }")
    shots(page, "media")


def test_request_attempts(page, gateway, shots):
    base, _ = gateway
    assert api(base, "POST", "/v1/chat/completions", json={"model": "groq/llama-3.1-8b-instant", "messages": [{"role": "user", "content": "Hello"}]}).status_code == 200
    assert eventually(lambda: api(base, "GET", "/v1/admin/requests?model=groq/llama-3.1-8b-instant").json()["data"])
    log_in(page, base)
    page.goto(base + "/dashboard#requests")
    page.locator("tr.click", has_text="groq/llama-3.1-8b-instant").first.click()
    attempts = page.locator("[data-testid=attempts]")
    attempts.wait_for()
    assert "gsk_…key1" in attempts.inner_text() and "gsk_dashboard000key1" not in page.content()
    shots(page, "requests")


def test_other_pages_render(page, gateway, shots):
    base, _ = gateway
    log_in(page, base)
    for name, marker in (("providers", "text=groq"), ("usage", "[data-action=csv]"), ("conversations", "table")):
        page.goto(base + f"/dashboard#{name}")
        page.wait_for_selector(marker)
        assert page.locator(".error").count() == 0, page.locator(".error").all_inner_texts()
        shots(page, name)


def test_a_user_key_is_refused_the_admin_pages(gateway):
    base, _ = gateway
    created = api(base, "POST", "/v1/admin/keys", json={"name": "viewer"}).json()
    for path in ("/v1/admin/requests", "/v1/admin/providers", "/metrics"):
        assert httpx.get(base + path, headers={"Authorization": f"Bearer {created['key']}"}).status_code == 403, path


def test_a_managed_key_sees_only_its_own_pages(page, gateway):
    base, _ = gateway
    created = api(base, "POST", "/v1/admin/keys", json={"name": "dashboard-viewer"}).json()
    page.goto(base + "/dashboard")
    page.fill("input[name=key]", created["key"])
    page.click("button[type=submit]")
    page.wait_for_selector("nav a.active")
    assert page.locator("nav a").all_inner_texts() == ["Usage", "Jobs", "Media", "Conversations"]
    page.goto(base + "/dashboard#requests")
    page.wait_for_selector("nav a.active:has-text('Usage')")
    assert created["key"] not in page.content()
