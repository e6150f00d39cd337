"""Fakes of the six media providers Prism calls — Google's Gemini API (Gemini images, Veo), fal's queue,
Replicate, DashScope (Model Studio), MiniMax and Kling — on one stdlib HTTP server on 127.0.0.1, each under its
own path prefix (`/google`, `/fal`, ...; Prism's base URLs point there), each speaking its provider's wire
format as Sources/Media/Providers/*/README.md and the Swift fakes in Tests/ProxyTests describe it, including
its auth check, its failure and its content-filter answers. Result files are served under `/files/`.

A prompt's first word picks how a task goes: `broken` fails at the provider, `refused` is refused by the
provider's content filter, `hold` keeps running until `Fakes.release` is set; anything else is queued, runs
(with the provider's progress) and succeeds."""
import base64
import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from fake_upstream import MP4, PNG

GOOGLE_KEY, FAL_KEY, REPLICATE_KEY, DASHSCOPE_KEY, MINIMAX_KEY = "g-key", "fal-key", "r8-key", "ds-key", "mm-key"
KLING_ACCESS, KLING_SECRET = "ak-test", "sk-test-secret"

# Each provider's own words for a failed task (`broken`) and a refusal (`refused`), as the fakes send them.
REASONS = {
    "google": {"broken": "The input image could not be processed.", "refused": "PROHIBITED_CONTENT"},
    "fal": {"broken": "Runner crashed: CUDA out of memory.", "refused": "The content was flagged by a content checker."},
    "replicate": {"broken": "CUDA out of memory.", "refused": "NSFW content detected. Try running it again, or try a different prompt."},
    "dashscope": {"broken": "Algorithm process error.", "refused": "Input data may contain inappropriate content."},
    "minimax": {"broken": "unknown error", "refused": "input new_sensitive"},
    "kling": {"broken": "Generation timed out internally.", "refused": "Trigger the content security policy of the platform"},
}


def _b64url_decode(part):
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def kling_claims(authorization, secret=KLING_SECRET):
    """The claims of `Bearer <JWT>` when its header is HS256 and its signature checks out with `secret`, else None."""
    if not (authorization or "").startswith("Bearer "):
        return None
    parts = authorization[len("Bearer "):].split(".")
    if len(parts) != 3:
        return None
    try:
        header, claims, signature = json.loads(_b64url_decode(parts[0])), json.loads(_b64url_decode(parts[1])), _b64url_decode(parts[2])
    except ValueError:
        return None
    expected = hmac.new(secret.encode(), f"{parts[0]}.{parts[1]}".encode(), hashlib.sha256).digest()
    if header != {"alg": "HS256", "typ": "JWT"} or not hmac.compare_digest(signature, expected):
        return None
    return claims


class Call:
    """One request as a fake sees it: the path below the provider's prefix, the query, lower-cased headers, JSON body."""

    def __init__(self, provider, method, path, query, headers, body, host):
        self.provider, self.method, self.path, self.query = provider, method, path, query
        self.headers, self.body, self.host = headers, body, host

    def word(self, prompt):
        return (prompt or "ok").split(" ")[0]


class Fakes:
    def __init__(self):
        self.lock = threading.Lock()
        self.requests = []
        self.tasks = {}
        self.release = threading.Event()
        self.server = None

    @property
    def port(self):
        return self.server.server_port

    def seen(self, provider, method=None):
        """The calls `provider` received so far (optionally only those of one method), oldest first."""
        with self.lock:
            return [c for c in self.requests if c.provider == provider and method in (None, c.method)]

    def _new_task(self, provider, prompt, **extra):
        with self.lock:
            task_id = f"{provider[:2]}-{len(self.tasks) + 1}-{(prompt or 'ok').split(' ')[0]}"
            self.tasks[task_id] = dict(mode=(prompt or "ok").split(" ")[0], polls=0, **extra)
            return task_id

    def _poll(self, task_id):
        """(mode, how many times it was polled, whether it is held, the task), or None for an unknown task."""
        with self.lock:
            task = self.tasks.get(task_id)
            if task is None:
                return None
            task["polls"] += 1
            return task["mode"], task["polls"], task["mode"] == "hold" and not self.release.is_set(), task

    # --- Google (Gemini API): x-goog-api-key; generateContent; Veo's long-running operations. ---
    def google(self, c):
        if c.headers.get("x-goog-api-key") != GOOGLE_KEY:
            return 403, {"error": {"code": 403, "message": "API key not valid. Please pass a valid API key.", "status": "PERMISSION_DENIED"}}
        head, _, method = c.path.rpartition(":")
        if c.method == "POST" and head.startswith("/v1beta/models/") and method == "generateContent":
            if c.word(c.body["contents"][0]["parts"][0].get("text")) == "refused":
                return 200, {"promptFeedback": {"blockReason": REASONS["google"]["refused"]}}
            parts = [{"text": "Here it is."}, {"inlineData": {"mimeType": "image/png", "data": base64.b64encode(PNG).decode()}}]
            return 200, {"candidates": [{"content": {"role": "model", "parts": parts}, "finishReason": "STOP"}]}
        if c.method == "POST" and head.startswith("/v1beta/models/") and method == "predictLongRunning":
            model = head[len("/v1beta/models/"):]
            return 200, {"name": f"models/{model}/operations/{self._new_task('google', c.body['instances'][0]['prompt'])}"}
        if c.method == "GET" and "/operations/" in c.path:
            name = c.path[len("/v1beta/"):]
            polled = self._poll(name.rsplit("/", 1)[1])
            if polled is None:
                return 404, {"error": {"code": 404, "message": "Operation not found.", "status": "NOT_FOUND"}}
            mode, polls, held, _ = polled
            if polls == 1:
                return 200, {"name": name}  # proto3 JSON leaves out `done` while it is false
            if polls < 3 or held:
                return 200, {"name": name, "done": False}
            if mode == "broken":
                return 200, {"name": name, "done": True, "error": {"code": 3, "message": REASONS["google"]["broken"]}}
            uri = f"{c.host}/google/v1beta/files/{name.rsplit('/', 1)[1]}:download?alt=media"
            return 200, {"name": name, "done": True, "response": {
                "@type": "type.googleapis.com/google.ai.generativelanguage.v1beta.PredictLongRunningResponse",
                "generateVideoResponse": {"generatedSamples": [{"video": {"uri": uri}}]}}}
        if c.method == "GET" and c.path.startswith("/v1beta/files/") and c.path.endswith(":download"):
            return 200, MP4, "video/mp4"
        return 404, {"error": {"code": 404, "message": f"no such path {c.path}", "status": "NOT_FOUND"}}

    # --- fal's queue: Authorization: Key; submit, status (IN_QUEUE/IN_PROGRESS/COMPLETED), response, cancel. ---
    def fal(self, c):
        if c.headers.get("authorization") != f"Key {FAL_KEY}":
            return 401, {"detail": "Authentication is required to access this application."}
        segments = c.path.strip("/").split("/")
        if c.method == "POST":
            app = "/".join(segments[:2])  # status and response URLs leave out the app's sub-path, as fal's do
            task_id = self._new_task("fal", c.body.get("prompt"))
            stem = f"{c.host}/fal/{app}/requests/{task_id}"
            return 200, {"status": "IN_QUEUE", "request_id": task_id, "response_url": stem, "status_url": stem + "/status",
                         "cancel_url": stem + "/cancel", "queue_position": 3}
        if len(segments) < 4 or segments[2] != "requests":
            return 404, {"detail": "Not Found"}
        task_id, stem = segments[3], f"{c.host}/fal/{'/'.join(segments[:4])}"
        if c.method == "PUT":
            return 202, {"status": "CANCELLATION_REQUESTED"}
        if segments[-1] == "status":
            polled = self._poll(task_id)
            if polled is None:
                return 404, {"detail": "Request not found"}
            mode, polls, held, _ = polled
            status = {"request_id": task_id, "response_url": stem, "status_url": stem + "/status", "cancel_url": stem + "/cancel"}
            if polls <= 2:
                return 202, dict(status, status="IN_QUEUE", queue_position=3 if polls == 1 else 1)
            if polls == 3 or held:
                logs = [{"message": "Loading weights", "level": "INFO", "source": "USER", "timestamp": "2026-12-01T10:00:00Z"},
                        {"message": "Generating: 40% done.", "level": "INFO", "source": "USER", "timestamp": "2026-12-01T10:00:01Z"}]
                return 202, dict(status, status="IN_PROGRESS", logs=logs)
            done = dict(status, status="COMPLETED", logs=[], metrics={"inference_time": 1.5})
            if mode == "broken":
                done.update(error=REASONS["fal"]["broken"], error_type="runner_disconnected")
            return 200, done
        with self.lock:
            mode = self.tasks.get(task_id, {}).get("mode")
        if mode == "refused":
            return 422, {"detail": [{"loc": ["body", "prompt"], "msg": REASONS["fal"]["refused"], "type": "content_policy_violation",
                                     "url": "https://docs.fal.ai/errors#content_policy_violation"}]}
        return 200, {"images": [{"url": f"{c.host}/files/out.png", "width": 1, "height": 1, "content_type": "image/png"}],
                     "has_nsfw_concepts": [False], "seed": 7}

    # --- Replicate: Bearer; create a prediction (201), poll urls.get, cancel. ---
    def replicate(self, c):
        if c.headers.get("authorization") != f"Bearer {REPLICATE_KEY}":
            return 401, {"title": "Unauthenticated", "detail": "You did not pass a valid authentication token", "status": 401}

        def prediction(task_id, status, output=None, error=None, logs=""):
            base = f"{c.host}/replicate/v1/predictions/{task_id}"
            return {"id": task_id, "model": "owner/model", "status": status, "input": {}, "output": output, "error": error,
                    "logs": logs, "urls": {"get": base, "cancel": base + "/cancel"}}
        if c.method == "POST" and c.path.startswith("/v1/models/") and c.path.endswith("/predictions"):
            return 201, prediction(self._new_task("replicate", c.body["input"].get("prompt")), "starting")
        if c.method == "POST" and c.path.endswith("/cancel"):
            return 200, prediction(c.path.split("/")[-2], "canceled")
        if c.method == "GET" and c.path.startswith("/v1/predictions/"):
            task_id = c.path.rsplit("/", 1)[1]
            polled = self._poll(task_id)
            if polled is None:
                return 404, {"title": "Not found", "detail": "The requested resource could not be found.", "status": 404}
            mode, polls, held, _ = polled
            if polls < 2:
                return 200, prediction(task_id, "starting")
            if polls < 3 or held:
                return 200, prediction(task_id, "processing", logs="Loading weights\n  0%|          | 0/20\n 45%|████▌     | 9/20")
            if mode in ("broken", "refused"):
                return 200, prediction(task_id, "failed", error=REASONS["replicate"][mode])
            return 200, prediction(task_id, "succeeded", output=[f"{c.host}/files/out.png"])
        return 404, {"detail": f"unexpected {c.method} {c.path}"}

    # --- DashScope: Bearer and X-DashScope-Async: enable; task_id; poll /api/v1/tasks/<id>. ---
    def dashscope(self, c):
        if c.headers.get("authorization") != f"Bearer {DASHSCOPE_KEY}":
            return 401, {"code": "InvalidApiKey", "message": "Invalid API-key provided.", "request_id": "r-0"}
        if c.method == "POST" and c.path.startswith("/api/v1/services/aigc/"):
            if c.headers.get("x-dashscope-async") != "enable":
                return 403, {"code": "AccessDenied", "message": "current user api does not support synchronous calls", "request_id": "r-1"}
            prompt = c.body["input"].get("prompt")
            if c.word(prompt) == "refused":
                return 400, {"code": "DataInspectionFailed", "message": REASONS["dashscope"]["refused"], "request_id": "r-1"}
            task_id = self._new_task("dashscope", prompt, video=c.path.endswith("/video-synthesis"))
            return 200, {"output": {"task_id": task_id, "task_status": "PENDING"}, "request_id": "r-1"}
        if c.method == "GET" and c.path.startswith("/api/v1/tasks/"):
            task_id = c.path.rsplit("/", 1)[1]
            polled = self._poll(task_id)
            if polled is None:
                return 200, {"request_id": "r-3", "output": {"task_id": task_id, "task_status": "UNKNOWN"}}
            mode, polls, held, task = polled
            output = {"task_id": task_id, "submit_time": "2026-12-01 09:37:27.468"}
            if polls < 2:
                output["task_status"] = "PENDING"
            elif polls < 3 or held:
                output["task_status"] = "RUNNING"
            elif mode == "broken":
                output.update(task_status="FAILED", code="InternalError.Algo", message=REASONS["dashscope"]["broken"])
            elif task["video"]:
                output.update(task_status="SUCCEEDED", video_url=f"{c.host}/files/out.mp4")
            else:
                output.update(task_status="SUCCEEDED", results=[{"orig_prompt": "p", "actual_prompt": "p", "url": f"{c.host}/files/out.png"}])
            return 200, {"request_id": "r-3", "output": output}
        return 404, {"code": "NotFound", "message": f"unexpected {c.method} {c.path}"}

    # --- MiniMax: Bearer; every answer carries base_resp; create, query, retrieve the file. ---
    def minimax(self, c):
        ok = {"status_code": 0, "status_msg": "success"}
        if c.headers.get("authorization") != f"Bearer {MINIMAX_KEY}":
            return 200, {"base_resp": {"status_code": 1004, "status_msg": "login fail: Please carry the API secret key in the 'Authorization' field"}}
        if c.method == "POST" and c.path == "/v1/video_generation":
            if c.word(c.body.get("prompt")) == "refused":
                return 200, {"task_id": "", "base_resp": {"status_code": 1026, "status_msg": REASONS["minimax"]["refused"]}}
            return 200, {"task_id": self._new_task("minimax", c.body.get("prompt")), "base_resp": ok}
        if c.method == "GET" and c.path == "/v1/query/video_generation":
            task_id = c.query.get("task_id", [""])[0]
            polled = self._poll(task_id)
            if polled is None:
                return 200, {"base_resp": {"status_code": 2013, "status_msg": "invalid task_id"}}
            mode, polls, held, _ = polled
            if polls <= 3 or held:
                return 200, {"task_id": task_id, "status": ["Preparing", "Queueing", "Processing"][min(polls, 3) - 1], "file_id": "", "base_resp": ok}
            if mode == "broken":
                return 200, {"task_id": task_id, "status": "Fail", "file_id": "",
                             "base_resp": {"status_code": 1000, "status_msg": REASONS["minimax"]["broken"]}}
            return 200, {"task_id": task_id, "status": "Success", "file_id": "176844028768320", "video_width": 1366, "video_height": 768, "base_resp": ok}
        if c.method == "GET" and c.path == "/v1/files/retrieve":
            return 200, {"file": {"file_id": int(c.query.get("file_id", ["0"])[0]), "bytes": len(MP4), "created_at": 1700469398,
                                  "filename": "output_aigc.mp4", "purpose": "video_generation", "download_url": f"{c.host}/files/out.mp4"},
                         "base_resp": ok}
        return 200, {"base_resp": {"status_code": 2013, "status_msg": f"unexpected {c.method} {c.path}"}}

    # --- Kling: a HS256 JWT on every call; text2video / image2video tasks, polled until succeed or failed. ---
    def kling(self, c):
        claims = kling_claims(c.headers.get("authorization"))
        if claims is None or claims.get("iss") != KLING_ACCESS or not claims.get("nbf", 0) <= time.time() <= claims.get("exp", 0):
            return 401, {"code": 1002, "message": "Authorization is invalid", "request_id": "r-1"}
        if c.method == "POST" and c.path in ("/v1/videos/text2video", "/v1/videos/image2video"):
            if c.word(c.body.get("prompt")) == "refused":
                return 400, {"code": 1301, "message": REASONS["kling"]["refused"], "request_id": "r-2"}
            data = {"task_id": self._new_task("kling", c.body.get("prompt")), "task_status": "submitted",
                    "created_at": 1722769557708, "updated_at": 1722769557708}
            return 200, {"code": 0, "message": "SUCCEED", "request_id": "r-2", "data": data}
        if c.method == "GET" and c.path.startswith("/v1/videos/"):
            task_id = c.path.rsplit("/", 1)[1]
            polled = self._poll(task_id)
            if polled is None:
                return 404, {"code": 1203, "message": "task not found", "request_id": "r-3"}
            mode, polls, held, _ = polled
            data = {"task_id": task_id, "task_status": "submitted" if polls < 2 else "processing", "created_at": 1, "updated_at": 2}
            if polls >= 3 and not held:
                if mode == "broken":
                    data.update(task_status="failed", task_status_msg=REASONS["kling"]["broken"])
                else:
                    data.update(task_status="succeed", task_result={"videos": [{"id": "v-1", "url": f"{c.host}/files/out.mp4", "duration": "5"}]})
            return 200, {"code": 0, "message": "SUCCEED", "request_id": "r-3", "data": data}
        return 404, {"code": 1203, "message": f"unexpected {c.method} {c.path}", "request_id": "r-4"}

    def files(self, c):
        files = {"/out.png": (PNG, "image/png"), "/out.mp4": (MP4, "video/mp4")}
        return (200, *files[c.path]) if c.path in files else (404, {"error": "no such file"})


PROVIDERS = ("google", "fal", "replicate", "dashscope", "minimax", "kling", "files")


def start():
    """Starts the fakes on a free port in a daemon thread; `Fakes.server.shutdown()` stops them."""
    fakes = Fakes()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def _handle(self):
            url = urlsplit(self.path)
            provider, _, rest = url.path.lstrip("/").partition("/")
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            body = json.loads(raw) if raw else {}
            call = Call(provider, self.command, "/" + rest, parse_qs(url.query), {k.lower(): v for k, v in self.headers.items()},
                        body, f"http://127.0.0.1:{self.server.server_port}")
            with fakes.lock:
                fakes.requests.append(call)
            answer = getattr(fakes, provider)(call) if provider in PROVIDERS else (404, {"error": "no such provider"})
            status, payload = answer[0], answer[1]
            data, mime = (payload, answer[2]) if isinstance(payload, bytes) else (json.dumps(payload).encode(), "application/json")
            self.send_response(status)
            self.send_header("Content-Type", mime)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PUT = _handle

    fakes.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=fakes.server.serve_forever, daemon=True).start()
    return fakes
