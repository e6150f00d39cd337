"""A seeded fuzzer of request bodies and query strings against the real gateway (SPEC §9, §10).

Each case is a mutation of a valid request — fields dropped, duplicated or retyped; numbers huge, negative,
fractional or not finite; deep nesting; invalid UTF-8; truncated JSON; wrong content types; random bytes;
junk models, messages and keys — sent to POST /v1/chat/completions, /v1/responses, /v1/messages,
/v1/messages/count_tokens and /v1/images/generations, or a GET of a list endpoint (or an id) with junk in
its query string. For every case:
- no 5xx, except a 502/504 when the fake upstream itself failed on what Prism forwarded to it;
- every 4xx is JSON in the SPEC §9 shape `{"error": {"message", "type", "param", "code"}}`, with the type
  that §9 gives its status (Anthropic's `{"type": "error", "error": {"type", "message"}}` on /v1/messages);
  a 405 says `Allow`, which does not list the method it refused;
- every 2xx is JSON, or an event stream whose every `data:` is JSON (or `[DONE]`);
and afterwards `GET /health` still answers.

PRISM_FUZZ_SEED picks the cases (default 1), PRISM_FUZZ_CASES how many (default 300, well under a minute);
PRISM_FUZZ_ONLY=<n> runs case n alone. A failure lists every failing case: its number, method, path,
headers and body.
"""
import base64
import copy
import http.client
import json
import os
import random
import threading
import time
from collections import Counter

from conftest import PASSWORD, USER_KEY
from fake_upstream import PNG

SEED = int(os.environ.get("PRISM_FUZZ_SEED", "1"))
CASES = int(os.environ.get("PRISM_FUZZ_CASES", "300"))
ONLY = os.environ.get("PRISM_FUZZ_ONLY")

TEXT_MODEL = "groq/llama-3.1-8b-instant"
IMAGE_MODEL = "image/doubao"
PNG_URL = "data:image/png;base64," + base64.b64encode(PNG).decode()

# SPEC §9: the `type` each status takes.
OPENAI_TYPES = {400: "invalid_request_error", 401: "authentication_error", 402: "insufficient_quota",
                403: "permission_error", 404: "not_found_error", 405: "invalid_request_error",
                413: "invalid_request_error", 431: "invalid_request_error", 429: "rate_limit_error"}
ANTHROPIC_TYPES = {400: "invalid_request_error", 401: "authentication_error", 403: "permission_error",
                   404: "not_found_error", 413: "request_too_large", 429: "rate_limit_error"}

ENDPOINTS = {
    "chat": "/v1/chat/completions",
    "responses": "/v1/responses",
    "messages": "/v1/messages",
    "count_tokens": "/v1/messages/count_tokens",
    "images": "/v1/images/generations",
}
# How often each kind of case comes up.
KINDS = [("chat", 24), ("responses", 16), ("messages", 14), ("count_tokens", 8), ("images", 12),
         ("list", 18), ("id", 8)]


def base_bodies(endpoint):
    """Valid requests, each answered by the fake upstream."""
    return {
        "chat": [
            {"model": TEXT_MODEL, "messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hello"}],
             "temperature": 0.7, "top_p": 1, "n": 1, "max_tokens": 64, "stream": False, "stop": ["\n\n"], "user": "fuzz",
             "store": False},
            {"model": TEXT_MODEL, "stream": True, "stream_options": {"include_usage": True}, "max_completion_tokens": 32,
             "messages": [{"role": "user", "content": [{"type": "text", "text": "What is this?"},
                                                       {"type": "image_url", "image_url": {"url": PNG_URL}}]}]},
            {"model": IMAGE_MODEL, "messages": [{"role": "user", "content": "A cat --ratio 1:1 --seed 7"}]},
            {"model": IMAGE_MODEL, "stream": True, "messages": [{"role": "user", "content": [
                {"type": "text", "text": "make it darker --seed 3"}, {"type": "image_url", "image_url": {"url": PNG_URL}}]}]},
            {"model": TEXT_MODEL, "tool_choice": "auto",
             "tools": [{"type": "function", "function": {"name": "clock", "description": "The time",
                                                         "parameters": {"type": "object", "properties": {}}}}],
             "messages": [{"role": "user", "content": "What time is it?"},
                          {"role": "assistant", "content": None, "tool_calls": [
                              {"id": "call_1", "type": "function", "function": {"name": "clock", "arguments": "{}"}}]},
                          {"role": "tool", "tool_call_id": "call_1", "content": "noon"}]},
        ],
        "responses": [
            {"model": TEXT_MODEL, "input": "Hello", "instructions": "Be brief.", "store": False, "temperature": 0.5,
             "max_output_tokens": 50, "top_p": 0.9, "metadata": {"k": "v"}},
            {"model": TEXT_MODEL, "input": [{"role": "user", "content": [{"type": "input_text", "text": "Hi"}]}],
             "stream": True, "store": True},
            {"model": TEXT_MODEL, "store": False,
             "tools": [{"type": "function", "name": "weather", "parameters": {"type": "object", "properties": {}}}],
             "input": [{"type": "message", "role": "user", "content": "Weather?"},
                       {"type": "function_call", "call_id": "c1", "name": "weather", "arguments": "{}"},
                       {"type": "function_call_output", "call_id": "c1", "output": "sunny"}]},
        ],
        "messages": [
            {"model": TEXT_MODEL, "max_tokens": 64, "system": "Be brief.", "temperature": 0.5,
             "messages": [{"role": "user", "content": "Hello"}]},
            {"model": TEXT_MODEL, "max_tokens": 64, "stream": True,
             "messages": [{"role": "user", "content": [{"type": "text", "text": "Hi"}]}, {"role": "assistant", "content": "Hello"},
                          {"role": "user", "content": "Again"}]},
            {"model": TEXT_MODEL, "max_tokens": 64,
             "tools": [{"name": "weather", "description": "The weather", "input_schema": {"type": "object", "properties": {}}}],
             "messages": [{"role": "user", "content": "Weather?"},
                          {"role": "assistant", "content": [{"type": "tool_use", "id": "t1", "name": "weather", "input": {}}]},
                          {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "t1", "content": "sunny"}]}]},
            {"model": TEXT_MODEL, "max_tokens": 64, "thinking": {"type": "enabled", "budget_tokens": 1024},
             "messages": [{"role": "user", "content": [
                 {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": base64.b64encode(PNG).decode()}},
                 {"type": "text", "text": "What is it?"}]}]},
        ],
        "count_tokens": [
            {"model": TEXT_MODEL, "system": "Be brief.", "messages": [{"role": "user", "content": "Hello there"}]},
        ],
        "images": [
            {"model": IMAGE_MODEL, "prompt": "A lighthouse", "n": 1, "size": "1024x1024", "response_format": "url"},
        ],
    }[endpoint]


# Values a mutation puts in. RAW(...) is written into the JSON text as it is (NaN, 1e999, …).
class Raw:
    def __init__(self, text):
        self.text = text


NUMBERS = [-1, 0, -0.0, 0.5, 1.5, 2, 3, 100, 2**31, 2**53 + 1, 2**63, 2**64, -2**63 - 1, 10**30, 1e308, -1e308,
           5e-324, "1", "0.5", True, None, Raw("NaN"), Raw("Infinity"), Raw("-Infinity"), Raw("1e999"),
           Raw("-1e999"), Raw("1E400"), Raw("0.1e-999"), Raw("-0"), Raw("1" + "0" * 400), Raw("01"), Raw("1."),
           Raw(".5"), Raw("+1"), Raw("0x10")]
STRINGS = ["", " ", "x" * 100_000, "\u0000", "\ud800", "\udc00x", "🙂" * 500, "\u202eevil", "null", "fail",
           "--ratio 0:0 --seed -5 --size 99999x1", "--n 9 --guidance NaN --steps 1e9", "— —ratio —seed", "/help",
           "<script>alert(1)</script>", "${jndi:ldap://x/y}", "' OR 1=1 --", "%s%n%x", "../../../../etc/passwd",
           "\r\n\r\n", "data: [DONE]\n\n", "\\u0000", "a\tb\nc", "\x7f\x1b[2J"]
MODELS = ["", " ", "groq/", "/", "//", "groq", "unknown/model", "nosuchprovider/x", "image/", "image/nope/x",
          "image/doubao/", "groq/" + "a" * 5000, "🙂", "groq/llama\u0000", "GROQ/LLAMA", "../../etc/passwd",
          "local/", "image/openai/gpt-image-1", "image/bfl/flux", "video/", "admin", "admin/", IMAGE_MODEL]
MESSAGES = [[], [{}], [{"role": "user"}], [{"role": "user", "content": None}], [{"role": "tool", "content": "x"}],
            [{"role": "nobody", "content": "x"}], ["hi"], [[]], [None], {"role": "user", "content": "hi"},
            [{"role": "user", "content": [{"type": "nope"}]}], [{"role": "user", "content": [{"type": "text"}]}],
            [{"role": "user", "content": [{"type": "image_url", "image_url": {"url": "data:image/png;base64,!!!"}}]}],
            [{"role": "user", "content": [{"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "@@"}}]}],
            [{"role": "user", "content": "hi"}] * 500,
            [{"role": "assistant", "content": "first"}, {"role": "user", "content": "then"}],
            [{"role": "user", "content": {"text": "an object"}}]]
KEYS = ["model", "messages", "input", "prompt", "max_tokens", "temperature", "top_p", "n", "stream", "size",
        "tools", "tool_choice", "stream_options", "previous_response_id", "instructions", "system", "metadata",
        "response_format", "max_output_tokens", "max_completion_tokens", "store", "stop", "user", "seed"]
CONTENT_TYPES = ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                 "application/xml", "", "application/json; charset=utf-16", "application/json; charset=latin1",
                 "application/json;;;", "*/*", "image/png"]
BAD_UTF8 = [b"\xff", b"\xc0\x80", b"\xed\xa0\x80", b"\xf5\x80\x80\x80", b"\x80", b"\xe2\x82", b"\xf0\x9f\x98"]


def random_value(rng, depth=0):
    choice = rng.randrange(9 if depth < 3 else 6)
    if choice == 0:
        return None
    if choice == 1:
        return rng.choice([True, False])
    if choice == 2:
        return rng.choice(NUMBERS)
    if choice == 3:
        return rng.choice(STRINGS)
    if choice == 4:
        return rng.choice(MODELS)
    if choice == 5:
        return "".join(rng.choice("ab \"\\{}[]:,\u00e9\U0001F642") for _ in range(rng.randrange(12)))
    if choice == 6:
        return [random_value(rng, depth + 1) for _ in range(rng.randrange(4))]
    if choice == 7:
        return {rng.choice(KEYS): random_value(rng, depth + 1) for _ in range(rng.randrange(4))}
    return rng.choice(MESSAGES)


def nested(rng):
    depth = rng.choice([30, 255, 256, 257, 300, 1000, 10_000, 100_000])
    if rng.random() < 0.5:
        return Raw("[" * depth + "1" + "]" * depth)
    return Raw('{"a":' * depth + "1" + "}" * depth)


def paths(value, prefix=()):
    if prefix:
        yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from paths(item, prefix + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from paths(item, prefix + (index,))


def parent(body, path):
    for step in path[:-1]:
        body = body[step]
    return body


def to_json(value, escape_non_ascii=True):
    """JSON text, with Raw values written as they are; non-ASCII escaped, or as UTF-8 (lone surrogates then
    become invalid UTF-8)."""
    raws = []

    def default(item):
        if isinstance(item, Raw):
            raws.append(item.text)
            return f"\u0001RAW{len(raws) - 1}\u0001"
        raise TypeError(type(item))

    text = json.dumps(value, default=default, ensure_ascii=escape_non_ascii)
    for index, raw in enumerate(raws):
        text = text.replace(json.dumps(f"\u0001RAW{index}\u0001"), raw)
    return text.encode("utf-8", "surrogatepass")


def mutate_value(rng, body):
    """One structural mutation of the body; returns its label."""
    all_paths = list(paths(body))
    kind = rng.choice(["drop", "retype", "number", "string", "deep", "model", "messages", "unknown", "add", "root"])
    if kind in ("drop", "retype") and not all_paths:
        kind = "add"
    if kind == "drop":
        path = rng.choice(all_paths)
        container = parent(body, path)
        del container[path[-1]]
        return body, f"drop {format_path(path)}"
    if kind == "retype":
        path = rng.choice(all_paths)
        parent(body, path)[path[-1]] = value = copy.deepcopy(random_value(rng))
        return body, f"retype {format_path(path)} = {short(value)}"
    if kind in ("number", "string", "deep", "model", "messages", "add"):
        if not isinstance(body, dict):
            return body, "no-op"
        key = {"number": rng.choice(["temperature", "top_p", "n", "max_tokens", "max_output_tokens",
                                      "max_completion_tokens", "seed", "stream", "store"]),
               "model": "model", "messages": "messages",
               "string": rng.choice(["model", "prompt", "input", "instructions", "system", "size", "user",
                                     "previous_response_id", "response_format"]),
               "deep": rng.choice(KEYS), "add": rng.choice(KEYS)}[kind]
        value = {"number": lambda: rng.choice(NUMBERS), "string": lambda: rng.choice(STRINGS), "deep": lambda: nested(rng),
                 "model": lambda: rng.choice(MODELS), "messages": lambda: rng.choice(MESSAGES),
                 "add": lambda: random_value(rng)}[kind]()
        body[key] = value = copy.deepcopy(value)
        return body, f"{kind} {key} = {short(value)}"
    if kind == "unknown":
        if not isinstance(body, dict):
            return body, "no-op"
        key = rng.choice(["x_fuzz", "", "\u0000", "model ", "MODEL", "🙂", "a" * 1000])
        body[key] = copy.deepcopy(random_value(rng))
        return body, f"unknown field {key[:20]!r}"
    # root
    value = copy.deepcopy(rng.choice([[], "a string", 1, None, True, [body], nested(rng)]))
    return value, f"root = {short(value)}"


def mutate_bytes(rng, data, headers):
    """One mutation of the serialised request; returns the new bytes and the label."""
    kind = rng.choice(["truncate", "utf8", "content-type", "random", "empty", "bom", "duplicate", "padding",
                       "no-content-type"])
    if kind == "truncate" and len(data) > 1:
        return data[:rng.randrange(1, len(data))], "truncated"
    if kind == "utf8":
        letters = [i for i, byte in enumerate(data) if 0x61 <= byte <= 0x7A] or [len(data)]
        at = rng.choice(letters)
        bad = rng.choice(BAD_UTF8)
        return data[:at] + bad + data[at:], f"invalid UTF-8 {bad!r}"
    if kind == "content-type":
        headers["Content-Type"] = rng.choice(CONTENT_TYPES)
        return data, f"content type {headers['Content-Type']!r}"
    if kind == "no-content-type":
        headers.pop("Content-Type", None)
        return data, "no content type"
    if kind == "random":
        return bytes(rng.getrandbits(8) for _ in range(rng.randrange(1, 600))), "random bytes"
    if kind == "empty":
        return b"", "empty body"
    if kind == "bom":
        return b"\xef\xbb\xbf" + data, "byte order mark"
    if kind == "duplicate" and data.startswith(b"{") and len(data) > 2:
        key = rng.choice(["model", "messages", "stream", "input", "prompt", "n"])
        extra = to_json(random_value(rng))
        return b'{"' + key.encode() + b'":' + extra + b"," + data[1:], f"duplicate {key}"
    return b" \r\n\t" + data + b"\n\n  ", "whitespace around"


def format_path(path):
    return "".join(f"[{step}]" if isinstance(step, int) else f".{step}" for step in path).lstrip(".")


def short(value):
    if isinstance(value, Raw):
        text = value.text
    else:
        try:
            text = json.dumps(value, ensure_ascii=False)
        except (TypeError, ValueError):
            text = repr(value)
    return text if len(text) <= 40 else text[:37] + "…"


def auth(rng, endpoint, headers):
    """Mostly the admin key; sometimes the user key, a wrong one, none, or one sent Anthropic's way."""
    roll = rng.random()
    if roll < 0.80:
        headers["Authorization"] = f"Bearer {PASSWORD}"
        return None
    if roll < 0.88:
        headers["Authorization"] = f"Bearer {USER_KEY}"
        return "user key"
    if roll < 0.91 and endpoint in ("messages", "count_tokens"):
        headers["x-api-key"] = PASSWORD
        headers["anthropic-version"] = "2023-06-01"
        return "x-api-key"
    label = rng.choice(["no key", "wrong key", "empty bearer", "huge key", "basic auth"])
    headers["Authorization"] = {"no key": None, "wrong key": "Bearer sk-wrong", "empty bearer": "Bearer ",
                                "huge key": "Bearer " + "k" * 6000, "basic auth": "Basic dXNlcjpwYXNz"}[label]
    if headers["Authorization"] is None:
        del headers["Authorization"]
    return label


QUERY_PARAMS = {
    "/v1/responses": ["limit", "after", "before", "order"],
    "/v1/conversations": ["limit", "after"],
    "/v1/media": ["limit", "after", "kind"],
    "/v1/jobs": ["limit", "after", "status"],
    "/v1/chat/completions": ["limit", "after", "model", "order", "metadata[k]"],
    "/v1/models": ["limit"],
}
QUERY_VALUES = ["", "0", "-1", "1", "2", "100", "101", "1000000", "99999999999999999999999", "1.5", "1e3", "abc",
                "null", "true", "[]", "%00", "%ff%fe", "%", "%zz", "%F0%9F%99%82", "resp_" + "x" * 3000,
                "chatcmpl-nope", "job_nope", "..%2F..%2F", "'%20OR%201=1%20--", "asc", "desc", "image", "video",
                "%E2%80%AE", "+", "a+b", "%2B1", "0x10", "NaN", "-0", "limit=1"]
IDS = ["x", "resp_nope", "chatcmpl-nope", "job_nope", "..", "%2e%2e", "%00", "a" * 3000, "%F0%9F%99%82",
       "1%20OR%201=1", "%2F", "all", "abc.png", "abc", ".png", "x.exe", "-1", "0", "null"]


def query_case(rng):
    path = rng.choice(list(QUERY_PARAMS))
    params = []
    for _ in range(rng.randrange(1, 5)):
        name = rng.choice(QUERY_PARAMS[path] + ["", "x", "limit", "%00", "a" * 200])
        value = rng.choice(QUERY_VALUES)
        params.append(rng.choice([f"{name}={value}", f"{name}={value}", name, f"{name}=", f"={value}"]))
    separator = rng.choice(["&", "&", "&&", ";"])
    return "GET", path + "?" + separator.join(params), b""


def id_case(rng):
    junk = rng.choice(IDS)
    method, template = rng.choice([("GET", "/v1/responses/{}"), ("GET", "/v1/responses/{}/input_items"),
                                   ("GET", "/v1/jobs/{}"), ("POST", "/v1/jobs/{}/cancel"),
                                   ("GET", "/v1/chat/completions/{}"), ("GET", "/v1/chat/completions/{}/messages"),
                                   ("GET", "/v1/media/{}"), ("GET", "/v1/media/{}?sig=abc"),
                                   ("GET", "/v1/media/{}?exp=1&sig=" + "0" * 64)])
    return method, template.format(junk), b""


def make_case(number):
    """Case `number` of this seed: (label, method, path, headers, body)."""
    rng = random.Random(SEED * 1_000_003 + number)
    kind = rng.choices([k for k, _ in KINDS], weights=[w for _, w in KINDS])[0]
    headers = {}
    labels = []
    if kind in ENDPOINTS:
        body = json.loads(json.dumps(rng.choice(base_bodies(kind))))
        for _ in range(rng.choice([1, 1, 1, 2, 3])):
            body, label = mutate_value(rng, body)
            labels.append(label)
        data = to_json(body, escape_non_ascii=rng.random() < 0.5)
        headers["Content-Type"] = "application/json"
        if rng.random() < 0.35:
            data, label = mutate_bytes(rng, data, headers)
            labels.append(label)
        method, path = "POST", ENDPOINTS[kind]
    elif kind == "list":
        method, path, data = query_case(rng)
        labels.append("junk query")
    else:
        method, path, data = id_case(rng)
        labels.append("junk id")
    key = auth(rng, kind, headers)
    if key:
        labels.append(key)
    return f"{kind}: " + "; ".join(labels), method, path, headers, data


def special_cases():
    """Cases every seed runs: methods a route does not take, a body over MAX_BODY_BYTES, huge headers."""
    admin = {"Authorization": f"Bearer {PASSWORD}"}
    json_admin = dict(admin, **{"Content-Type": "application/json"})
    cases = [(f"method: {method} {path}", method, path, json_admin, b"{}") for method, path in [
        ("PUT", "/v1/chat/completions"), ("DELETE", "/v1/messages"), ("PATCH", "/v1/responses"),
        ("GET", "/v1/images/generations"), ("POST", "/v1/jobs"), ("GET", "/v1/messages/count_tokens"),
        ("POST", "/v1/media"), ("PUT", "/v1/models")]]
    cases.append(("unknown path", "GET", "/v1/nothing-here", admin, b""))
    cases.append(("unknown path, no key", "POST", "/v1/nothing-here", {}, b"{}"))
    cases.append(("headers: 100 KiB header", "GET", "/v1/jobs", dict(admin, **{"X-Fuzz": "a" * 100_000}), b""))
    cases.append(("headers: 200 headers", "GET", "/v1/jobs", dict(admin, **{f"X-Fuzz-{i}": "b" * 200 for i in range(200)}), b""))
    big = b'{"model":"' + TEXT_MODEL.encode() + b'","messages":[{"role":"user","content":"' + b"x" * (33 << 20) + b'"}]}'
    cases.append(("size: 33 MiB body", "POST", "/v1/chat/completions", json_admin, big))
    return cases


class UpstreamFailures:
    """Counts handler errors of the fake upstream (it raises on shapes it does not expect, and its client then
    sees a closed connection), so that a 502 can be told apart from one Prism caused itself."""

    def __init__(self, server):
        self.server = server
        self.count = 0
        self.lock = threading.Lock()
        self.original = server.handle_error

    def __enter__(self):
        def handle_error(request, client_address):
            with self.lock:
                self.count += 1
        self.server.handle_error = handle_error
        return self

    def __exit__(self, *exc):
        self.server.handle_error = self.original

    def value(self):
        with self.lock:
            return self.count


def send(base, method, path, headers, body, timeout=60):
    host, port = base.removeprefix("http://").rsplit(":", 1)
    connection = http.client.HTTPConnection(host, int(port), timeout=timeout)
    try:
        connection.putrequest(method, path, skip_accept_encoding=True)
        for name, value in headers.items():
            connection.putheader(name, value)
        if body or method in ("POST", "PUT", "PATCH"):
            connection.putheader("Content-Length", str(len(body)))
        connection.endheaders()
        if body:
            connection.send(body)
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def error_shape_problems(status, path, payload):
    """What is wrong with a 4xx body, or an error event, against SPEC §9."""
    problems = []
    anthropic = path.split("?")[0].startswith("/v1/messages")
    if anthropic:
        error = payload.get("error") if isinstance(payload, dict) else None
        if not (isinstance(payload, dict) and payload.get("type") == "error" and isinstance(error, dict)):
            return ["not Anthropic's error shape {type: error, error: {type, message}}"]
        if not isinstance(error.get("message"), str) or not error["message"].strip():
            problems.append("error.message is not a sentence")
        expected = ANTHROPIC_TYPES.get(status)
        if not isinstance(error.get("type"), str) or (expected and error["type"] != expected):
            problems.append(f"error.type {error.get('type')!r} for {status}, expected {expected!r}")
        return problems
    error = payload.get("error") if isinstance(payload, dict) else None
    if not isinstance(error, dict):
        return ["not the SPEC §9 shape {error: {message, type, param, code}}"]
    missing = [key for key in ("message", "type", "param", "code") if key not in error]
    if missing:
        problems.append(f"error lacks {', '.join(missing)}")
    if not isinstance(error.get("message"), str) or not error.get("message", "").strip():
        problems.append("error.message is not a sentence")
    if not isinstance(error.get("code"), str) or not error.get("code"):
        problems.append(f"error.code {error.get('code')!r} is not a name")
    if error.get("param") is not None and not isinstance(error["param"], str):
        problems.append(f"error.param {error['param']!r} is neither null nor a string")
    expected = OPENAI_TYPES.get(status)
    if expected and error.get("type") != expected:
        problems.append(f"error.type {error.get('type')!r} for {status}, SPEC §9 says {expected!r}")
    return problems


def check(method, path, status, headers, payload, upstream_failed):
    """The problems of one answer; empty when it is fine."""
    content_type = headers.get("content-type", "")
    if status >= 500:
        if status in (502, 504) and upstream_failed:
            return []
        return [f"answered {status}: {payload[:300]!r}"]
    if 400 <= status < 500:
        if "application/json" not in content_type:
            return [f"{status} with content type {content_type!r}: {payload[:200]!r}"]
        try:
            body = json.loads(payload)
        except ValueError:
            return [f"{status} whose body is not JSON: {payload[:200]!r}"]
        problems = error_shape_problems(status, path, body)
        if status == 405:
            allow = [name.strip() for name in headers.get("allow", "").split(",") if name.strip()]
            if not allow:
                problems.append("405 without Allow")
            elif method in allow:
                problems.append(f"405 for {method} although Allow lists it: {headers['allow']!r}")
        return [f"{status}: {problem} — {payload[:300].decode('utf-8', 'replace')}" for problem in problems]
    if status >= 300:
        return [f"answered {status}"]
    if "text/event-stream" in content_type:
        problems = []
        for line in payload.split(b"\n"):
            line = line.rstrip(b"\r")
            if not line.startswith(b"data:"):
                continue
            data = line[5:].strip()
            if data == b"[DONE]":
                continue
            try:
                event = json.loads(data)
            except ValueError:
                problems.append(f"stream event is not JSON: {data[:200]!r}")
                continue
            failed = isinstance(event, dict) and ("error" in event and event.get("type") in (None, "error"))
            if failed and not upstream_failed:
                problems.append(f"the stream ended in an error although the upstream answered: {data[:300]!r}")
        return problems
    if "application/json" in content_type:
        try:
            json.loads(payload)
        except ValueError:
            return [f"{status} whose body is not JSON: {payload[:200]!r}"]
    return []


def describe(number, label, method, path, headers, body):
    shown = {k: (v if len(v) <= 60 else v[:57] + "…") for k, v in headers.items()}
    text = body if len(body) <= 400 else body[:300] + b"..." + body[-60:]
    return f"case {number} ({label})\n    {method} {path[:200]}\n    headers {shown}\n    body {text!r}"


def test_fuzzed_requests_get_clean_answers(prism, upstream):
    server, _ = upstream
    numbers = [int(ONLY)] if ONLY else list(range(CASES))
    cases = [(f"special {i}",) + case for i, case in enumerate(special_cases())] if not ONLY else []
    cases += [(number,) + make_case(number) for number in numbers]
    failures, allowed, statuses, forwarded = [], Counter(), Counter(), []
    started = time.monotonic()
    with UpstreamFailures(server) as upstream_failures:
        for number, label, method, path, headers, body in cases:
            before = upstream_failures.value()
            try:
                status, answer_headers, payload = send(prism, method, path, headers, body)
            except (OSError, http.client.HTTPException) as error:
                if label.startswith("size:") and isinstance(error, (BrokenPipeError, ConnectionResetError)):
                    # The gateway may answer 413 and close before the whole body is sent: that is a refusal.
                    statuses["closed"] += 1
                    continue
                failures.append(f"{describe(number, label, method, path, headers, body)}\n    no answer: {error!r}")
                continue
            upstream_failed = upstream_failures.value() > before
            statuses[status] += 1
            if status >= 500 and upstream_failed:
                allowed[label.split(":")[0]] += 1
                forwarded.append(f"case {number} ({label}) -> {status}")
            for problem in check(method, path, status, answer_headers, payload, upstream_failed):
                failures.append(f"{describe(number, label, method, path, headers, body)}\n    {problem}")
    elapsed = time.monotonic() - started
    print(f"\nfuzzed {len(cases)} requests in {elapsed:.1f} s (seed {SEED}); statuses {dict(sorted(statuses.items(), key=str))}; "
          f"upstream-caused 5xx {dict(allowed)}")
    for line in forwarded[:20]:
        print(f"  forwarded to the fake upstream, which failed on it: {line}")

    status, _, payload = send(prism, "GET", "/health", {}, b"", timeout=10)
    assert status == 200, f"/health answered {status} after fuzzing: {payload[:200]!r}"
    assert not failures, f"{len(failures)} of {len(cases)} fuzzed requests (seed {SEED}) got a bad answer:\n" + "\n".join(failures[:60])
