import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import PrismShared
import Testing
@testable import Proxy

/// Keys of one vendor share their first characters, as real ones do; the redactor must not mask the
/// shared part of one and leave the rest of another.
private let textKeys = ["gsk-live-Q7mZp2RtX9vLk4Ws", "gsk-live-B3nHy8DcJ6fUa1Ee"]
private let imageKey = "ark-secret-Xw5Tq9Lm3Zp7Yv"

/// How an upstream echoes the key it was sent: whole, upper-cased, or cut short.
enum KeyEcho: String, CaseIterable {
    case whole, upper, truncated

    func apply(_ key: String) -> String {
        switch self {
        case .whole: return key
        case .upper: return key.uppercased()
        case .truncated: return String(key.prefix(14))
        }
    }
}

/// An upstream that echoes the key it received in every place it can: the last user word picks the
/// place (`json` error answer, mid-stream `error` event) and the echo.
private let echoingUpstream: FakeUpstream.Reply = { request, _ in
    let key = request.bearer ?? request.headers[HTTPField.Name("authorization")!] ?? ""
    let prompt = request.body?["messages"]?.arrayValue?.last?["content"]?.stringValue ?? request.text
    let echo = KeyEcho.allCases.first { prompt.contains($0.rawValue) } ?? .whole
    let said = "Incorrect API key provided: \(echo.apply(key)). You can find your key at the dashboard."
    if request.path.hasPrefix("/v1/images") {
        return OpenAIWire.error(.unauthorized, said)
    }
    if prompt.contains("midstream"), request.body?["stream"] == true {
        let events = [OpenAIWire.chunk(["role": "assistant", "content": "Hi"]).serialized(), #"{"error":{"message":"\#(said)","type":"server_error"}}"#]
        return OpenAIWire.sse(events)
    }
    return OpenAIWire.error(.unauthorized, said)
}

/// Whether `text` holds any of `keys`, or a 10-character piece of one, ignoring case.
private func leaks(_ text: String, _ keys: [String]) -> String? {
    let lowered = text.lowercased()
    for key in keys {
        let characters = Array(key.lowercased())
        for start in 0...(characters.count - 10) where lowered.contains(String(characters[start..<start + 10])) {
            return String(characters[start..<start + 10])
        }
    }
    return nil
}

@Suite("No provider key ever reaches a client, the store or the log (SPEC §10)")
struct KeyLeakTests {
    @Test("an upstream echoing its key in JSON errors and mid-stream events: every surface, stored responses and logs stay clean",
          arguments: KeyEcho.allCases)
    func everySurface(echo: KeyEcho) async throws {
        let logs = LogCapture()
        try await FakeUpstream.run(reply: echoingUpstream) { base, recorder in
            let env = [
                "GROQ_API_KEY": textKeys.joined(separator: ","), "GROQ_BASE_URL": base, "KEY_BENCH_SECONDS": "0", "DOUBAO_API_KEY": imageKey, "DOUBAO_BASE_URL": base,
            ]
            try await TestGateway.run(env, logs: logs) { client in
                var answers: [String] = []
                for place in ["json", "midstream"] {
                    let prompt = "\(place) \(echo.rawValue)"
                    for stream in [false, true] {
                        answers.append(try await client.postJSON("/v1/chat/completions", chatBody("groq/m", prompt, stream: stream)).text)
                        answers.append(try await client.postJSON("/v1/messages", [
                            "model": "groq/m", "max_tokens": 10, "stream": .bool(stream), "messages": [["role": "user", "content": .string(prompt)]],
                        ]).text)
                        let response = try await client.postJSON("/v1/responses", ["model": "groq/m", "input": .string(prompt), "stream": .bool(stream)])
                        answers.append(response.text)
                        for id in Set(response.text.matches(of: /resp_[A-Za-z0-9_-]{20,}/).map { String($0.output) }) {
                            answers.append(try await client.get("/v1/responses/\(id)").text)
                        }
                    }
                }
                answers.append(try await client.postJSON("/v1/chat/completions", chatBody("image/doubao", "A cat \(echo.rawValue)")).text)
                answers.append(try await client.get("/v1/jobs").text)
                answers.append(try await client.postJSON("/v1/chat/completions", chatBody("admin/magic", "keys")).text)

                // The upstream did echo the keys, so the test can fail.
                #expect(await recorder.requests.count >= 12)
                let all = answers.joined(separator: "\n")
                #expect(all.contains("Incorrect API key provided"), "the upstream's words should still reach the client")
                #expect(all.contains("reported an error in the middle of the answer"))
                for (index, answer) in answers.enumerated() {
                    #expect(leaks(answer, textKeys + [imageKey]) == nil, "answer \(index) leaks a key: \(answer.prefix(400))")
                }
                let leakingLines = logs.text.split(separator: "\n").filter { leaks(String($0), textKeys + [imageKey]) != nil }
                #expect(leakingLines.isEmpty, "the log leaks a key: \(leakingLines.prefix(3))")
            }
        }
    }

    @Test("a BYOK caller's own key echoed back is redacted too")
    func ownKeys() async throws {
        let ownKey = "gsk-mine-Hq4Vz8Nc2Kx6Rb0T"
        try await FakeUpstream.run(reply: echoingUpstream) { base, _ in
            try await TestGateway.run(["ALLOW_BYOK": "true", "PASSWORD": "admin-pass", "GROQ_BASE_URL": base]) { client in
                for stream in [false, true] {
                    let answer = try await client.postJSON("/v1/chat/completions", chatBody("groq/m", "midstream upper", stream: stream), key: ownKey)
                    #expect(answer.text.contains("Incorrect API key"))
                    #expect(leaks(answer.text, [ownKey]) == nil, "\(answer.text)")
                }
            }
        }
    }
}

@Suite("SecretRedactor")
struct SecretRedactorTests {
    let redactor = SecretRedactor(secrets: textKeys + ["short"])

    @Test("whole, upper-cased and cut-short echoes are masked; the longest match wins among keys sharing a prefix", arguments: [
        ("key gsk-live-Q7mZp2RtX9vLk4Ws here", "key gsk…k4Ws here"),
        ("KEY GSK-LIVE-B3NHY8DCJ6FUA1EE", "KEY gsk…a1Ee"),
        ("truncated gsk-live-B3nH…", "truncated gsk…a1Ee…"),
        ("two gsk-live-Q7mZp2RtX9vLk4Wsgsk-live-B3nHy8DcJ6fUa1Ee", "two gsk…k4Wsgsk…a1Ee"),
        ("gsk-liv is too short to be a key", "gsk-liv is too short to be a key"),
        ("a short word stays", "a short word stays"),
    ])
    func redacts(input: String, output: String) {
        #expect(redactor.redact(input) == output)
    }

    @Test("the environment's key, token, secret and password variables are its secrets, comma lists split")
    func environment() {
        let redactor = SecretRedactor(environment: [
            "GROQ_API_KEY": "gsk-aaaaaaaaaaaa1, gsk-bbbbbbbbbbbb2", "PASSWORD": "hunter2hunter2", "METRICS_TOKEN": "tok-123456789",
            "KLING_SECRET_KEY": "kl-secret-987654", "GROQ_BASE_URL": "https://api.groq.com/openai/v1",
        ])
        #expect(redactor.redact("gsk-bbbbbbbbbbbb2 hunter2hunter2 tok-123456789 kl-secret-987654") == "gsk…bbb2 hun…ter2 tok…6789 kl-…7654")
        #expect(redactor.redact("https://api.groq.com/openai/v1") == "https://api.groq.com/openai/v1")
    }
}
