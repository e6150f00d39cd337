"""A fake OpenAI-compatible upstream on 127.0.0.1: real HTTP, real JSON and SSE wire format."""
import base64
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Recorder:
    def __init__(self):
        self.requests = []
        self.lock = threading.Lock()

    def add(self, entry):
        with self.lock:
            self.requests.append(entry)


# An MP4 as far as a sniffer can tell: an `ftyp` box, then bytes whose values say where they are.
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + bytes(i % 251 for i in range(4000))

PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")


def _chunk(delta, finish=None):
    return {"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": 1700000000,
            "model": "fake-model", "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}


class VideoTasks:
    """Ark's video tasks: queued at the first poll, running (with a percentage) until the third, then
    succeeded; a prompt with `[hold]` stays running until `release` is set."""

    def __init__(self):
        self.lock = threading.Lock()
        self.tasks = {}
        self.release = threading.Event()

    def create(self, prompt):
        with self.lock:
            task_id = f"cgt-{len(self.tasks) + 1}"
            self.tasks[task_id] = {"polls": 0, "hold": "[hold]" in prompt}
            return task_id

    def poll(self, task_id, port):
        with self.lock:
            task = self.tasks.get(task_id)
            if task is None:
                return None
            task["polls"] += 1
            polls, hold = task["polls"], task["hold"] and not self.release.is_set()
        if polls == 1:
            return {"id": task_id, "status": "queued"}
        if polls < 3 or hold:
            return {"id": task_id, "status": "running"}
        return {"id": task_id, "status": "succeeded", "content": {"video_url": f"http://127.0.0.1:{port}/files/result.mp4"}}


def start(recorder):
    videos = VideoTasks()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def _send_json(self, status, body):
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            recorder.add({"method": "GET", "path": self.path, "auth": self.headers.get("Authorization")})
            if self.path.startswith("/v1/contents/generations/tasks/"):
                task = videos.poll(self.path.rsplit("/", 1)[1], self.server.server_port)
                self._send_json(200 if task else 404, task or {"error": {"message": "no such task"}})
                return
            if self.path == "/files/result.mp4":
                self.send_response(200)
                self.send_header("Content-Type", "video/mp4")
                self.send_header("Content-Length", str(len(MP4)))
                self.end_headers()
                self.wfile.write(MP4)
                return
            if self.path == "/files/result.png":
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.send_header("Content-Length", str(len(PNG)))
                self.end_headers()
                self.wfile.write(PNG)
                return
            if self.path.endswith("/models"):
                self._send_json(200, {"object": "list", "data": [{"id": "m1", "object": "model"}, {"id": "m2", "object": "model"}]})
            else:
                self._send_json(404, {"error": {"message": "no such path"}})

        def _tool_call_stream(self, name, arguments):
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Connection", "close")
            self.end_headers()
            calls = [{"index": 0, "id": "call_fake", "type": "function", "function": {"name": name, "arguments": arguments}}]
            for event in [_chunk({"role": "assistant", "tool_calls": calls}), _chunk({}, "tool_calls")]:
                self.wfile.write(b"data: " + json.dumps(event).encode() + b"\n\n")
            self.wfile.write(b"data: [DONE]\n\n")
            self.wfile.flush()
            self.close_connection = True

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length) or b"{}")
            recorder.add({"method": "POST", "path": self.path, "auth": self.headers.get("Authorization"), "body": body,
                          "traceparent": self.headers.get("traceparent")})
            if self.path == "/v1/images/generations":
                url = f"http://127.0.0.1:{self.server.server_port}/files/result.png"
                self._send_json(200, {"model": body.get("model"), "created": 1, "data": [{"url": url}]})
                return
            if self.path == "/v1/contents/generations/tasks":
                prompt = next((c.get("text", "") for c in body.get("content", []) if c.get("type") == "text"), "")
                self._send_json(200, {"id": videos.create(prompt)})
                return
            if self.path == "/search":
                self._send_json(200, {"query": body.get("query"), "results": [
                    {"title": "Swift.org", "url": "https://swift.org", "content": "Swift is a language."}]})
                return
            tool_names = [t.get("function", {}).get("name") for t in body.get("tools") or []]
            messages = body.get("messages", [{}])
            answered = any(m.get("role") == "tool" for m in messages)
            if not answered and "get_weather" in tool_names:
                self._tool_call_stream("get_weather", json.dumps({"city": "Oslo"}))
                return
            if not answered and "web_search" in tool_names:
                self._tool_call_stream("web_search", json.dumps({"query": "swift"}))
                return
            last = messages[-1].get("content", "") or ""
            if isinstance(last, str) and last.startswith("fail:"):
                self._send_json(int(last[5:8]), {"error": {"message": "upstream says no"}})
                return
            words = ["Hello", " from", " the", " fake"]
            if body.get("stream"):
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Connection", "close")
                self.end_headers()
                events = [_chunk({"role": "assistant", "content": ""})] + [_chunk({"content": w}) for w in words]
                events.append(_chunk({}, "stop"))
                if (body.get("stream_options") or {}).get("include_usage"):
                    events.append({"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": 1700000000, "model": "fake-model",
                                   "choices": [], "usage": {"prompt_tokens": 3, "completion_tokens": 4, "total_tokens": 7}})
                for event in events:
                    self.wfile.write(b"data: " + json.dumps(event).encode() + b"\n\n")
                    self.wfile.flush()
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()
                self.close_connection = True
                return
            self._send_json(200, {
                "id": "chatcmpl-fake", "object": "chat.completion", "created": 1700000000, "model": body.get("model"),
                "choices": [{"index": 0, "message": {"role": "assistant", "content": "".join(words)}, "finish_reason": "stop"}],
                "usage": {"prompt_tokens": 3, "completion_tokens": 4, "total_tokens": 7},
            })

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.videos = videos
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
