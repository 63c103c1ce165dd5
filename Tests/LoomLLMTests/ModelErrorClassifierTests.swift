// ModelErrorClassifierTests: the classification table, row by row, with the providers' real error bodies.

@testable import LoomLLM
import Testing

@Suite("Error classification")
struct ModelErrorClassifierTests {
    private func classify(_ status: Int, _ body: String, delay: Duration? = nil) -> AttemptFailure {
        ModelErrorClassifier.classify(status: status, body: Array(body.utf8), serverDelay: delay)
    }

    @Test("authentication: 401 and 403, not retried")
    func authentication() {
        let failure = classify(403, #"{"type":"error","error":{"type":"permission_error","message":"no access to model"}}"#)
        #expect(failure.error == .authentication("no access to model"))
        #expect(!failure.retryable)
        #expect(classify(401, #"{"error":{"message":"Invalid Authentication","type":"invalid_request_error","code":"invalid_api_key"}}"#).error
            == .authentication("Invalid Authentication"))
    }

    @Test("quota: insufficient_quota, 402, billing_error, spend limits, credit balance")
    func quota() {
        let bodies: [(Int, String)] = [
            (429, #"{"error":{"message":"You exceeded your current quota","type":"insufficient_quota","param":null,"code":"insufficient_quota"}}"#),
            (402, #"{"error":{"code":402,"message":"Insufficient credits"}}"#),
            (402, #"{"type":"error","error":{"type":"billing_error","message":"billing issue"}}"#),
            (429, #"{"type":"error","error":{"type":"rate_limit_error","message":"spend limit","details":{"error_code":"enforced_spend_limit_reached"}}}"#),
            (400, #"{"type":"error","error":{"type":"invalid_request_error","message":"Your credit balance is too low to access the Anthropic API."}}"#),
            (400, #"{"type":"error","error":{"type":"invalid_request_error","message":"You have reached your specified API usage limits. You will regain access on 2026-01-01 at 00:00 UTC."}}"#),
        ]
        for (status, body) in bodies {
            let failure = classify(status, body, delay: .seconds(1))
            guard case .quotaExceeded = failure.error else { Issue.record("\(status) \(body) → \(failure.error)"); continue }
            #expect(!failure.retryable)
        }
    }

    @Test("context too long: OpenAI code and wording, vLLM, llama.cpp, Anthropic, 413")
    func contextTooLong() {
        let bodies: [(Int, String)] = [
            (400, #"{"error":{"message":"This model's maximum context length is 8192 tokens.","type":"invalid_request_error","param":"messages","code":"context_length_exceeded"}}"#),
            (400, #"{"object":"error","message":"This model's maximum context length is 4096 tokens. However, you requested 5000 tokens.","type":"BadRequestError","param":null,"code":400}"#),
            (400, #"{"error":{"code":400,"message":"the request exceeds the available context size, try increasing it","type":"exceed_context_size_error"}}"#),
            (400, #"{"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long: 210000 tokens > 200000 maximum"}}"#),
            (400, #"{"type":"error","error":{"type":"invalid_request_error","message":"input length and `max_tokens` exceed context limit: 198000 + 4000 > 200000"}}"#),
            (413, #"{"type":"error","error":{"type":"request_too_large","message":"Request exceeds the maximum allowed number of bytes."}}"#),
        ]
        for (status, body) in bodies {
            let failure = classify(status, body)
            guard case .contextTooLong = failure.error else { Issue.record("\(status) \(body) → \(failure.error)"); continue }
            #expect(!failure.retryable)
        }
    }

    @Test("rate limits retry with the server's delay; a token-per-minute 429 is not 'context too long'")
    func rateLimited() {
        let failure = classify(429, #"{"error":{"message":"Rate limit reached: too many tokens per min","type":"tokens","code":"rate_limit_exceeded"}}"#,
                               delay: .seconds(4))
        #expect(failure.error == .rateLimited("Rate limit reached: too many tokens per min"))
        #expect(failure.retryable)
        #expect(failure.serverDelay == .seconds(4))
    }

    @Test("5xx and 529 are server errors, retried; 408 is a timeout, retried")
    func serverAndTimeout() {
        #expect(classify(529, #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#).error
            == .server(status: 529, message: "Overloaded"))
        #expect(classify(503, "<html>unavailable</html>").retryable)
        #expect(classify(503, "").error == .server(status: 503, message: "empty response body"))
        #expect(classify(408, "").error == .timeout)
        #expect(classify(408, "").retryable)
    }

    @Test("other 4xx are rejected and not retried; Ollama's plain error string is the message")
    func rejected() {
        let failure = classify(404, #"{"error":"model \"llama9\" not found, try pulling it first"}"#)
        #expect(failure.error == .rejected(status: 404, message: #"model "llama9" not found, try pulling it first"#))
        #expect(!failure.retryable)
        #expect(classify(422, #"{"detail":"bad field"}"#).error == .rejected(status: 422, message: "bad field"))
    }
}
