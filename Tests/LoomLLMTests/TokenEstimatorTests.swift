// TokenEstimatorTests: the estimate errs high against known tokenizer counts and stays within sane bounds.

import LoomLLM
import Testing

@Suite("Token estimate")
struct TokenEstimatorTests {
    @Test("at or above cl100k/o200k counts for known texts")
    func aboveKnownCounts() {
        // Known counts (cl100k_base): "Hello, world!" = 4, the pangram = 10, "hello world" = 2.
        #expect(TokenEstimator.estimate("Hello, world!") >= 4)
        #expect(TokenEstimator.estimate("The quick brown fox jumps over the lazy dog.") >= 10)
        #expect(TokenEstimator.estimate("hello world") >= 2)
        #expect(TokenEstimator.estimate("") == 0)
    }

    @Test("code and diffs: at least one token per 3 bytes, never more than one per byte")
    func codeBounds() {
        let samples = [
            "diff --git a/Sources/App/main.swift b/Sources/App/main.swift\nindex 3b18e51..a9c2f4d 100644\n--- a/Sources/App/main.swift\n+++ b/Sources/App/main.swift\n@@ -1,4 +1,5 @@\n import Foundation\n+let retries = max(0, min(config.retries, 5))\n",
            "    func send(_ request: HTTPClientRequest) async throws(HTTPClientError) -> HTTPClientResponse {\n        guard let url = URL(string: request.url) else { throw .invalidURL(request.url) }\n    }\n",
            "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"temperature\":0.0}",
        ]
        for text in samples {
            let estimate = TokenEstimator.estimate(text)
            #expect(estimate * 3 >= text.utf8.count, "\(estimate) for \(text.utf8.count) bytes")
            #expect(estimate <= text.utf8.count)
        }
    }

    @Test("CJK costs at least a token per character; emoji two")
    func nonASCII() {
        let chinese = "这个函数没有处理空指针的情况"
        #expect(TokenEstimator.estimate(chinese) >= chinese.count)
        #expect(TokenEstimator.estimate("日本語のコメント") >= 8)
        #expect(TokenEstimator.estimate("🚀") >= 2)
    }

    @Test("pieces ending in a line break never sum below the whole (DiffChunker relies on it)")
    func subadditiveAtLineBreaks() {
        let pieces = ["diff --git a/a.swift b/a.swift\n", "@@ -1,3 +1,4 @@\n", "+    let x = 42 // 日本\n", " \tfoo()\r\n", "-}\n"]
        let sum = pieces.map(TokenEstimator.estimate).reduce(0, +)
        #expect(sum >= TokenEstimator.estimate(pieces.joined()))
    }

    @Test("grows with the text; messages add their overhead")
    func monotonic() {
        let line = "let value = compute(input, options: .default)\n"
        #expect(TokenEstimator.estimate(String(repeating: line, count: 100)) == 100 * TokenEstimator.estimate(line))
        let messages = [ChatMessage(role: .system, content: "a"), ChatMessage(role: .user, content: line)]
        #expect(TokenEstimator.estimate(messages) > TokenEstimator.estimate("a") + TokenEstimator.estimate(line))
    }
}
