// LLMMetricsTests: calls show up in a fresh Prometheus-backed registry under the SPEC §8 names.

import LoomLLM
import LoomMetrics
import Testing

@Suite("Model call metrics", .serialized)
struct LLMMetricsTests {
    @Test("success and failure outcomes, token totals and the duration histogram are recorded")
    func recorded() async throws {
        let server = try await FakeProviderServer([
            .json(200, ProviderBodies.openAISuccess),
            .json(401, ProviderBodies.openAIError(message: "bad key", type: "invalid_request_error", code: "invalid_api_key")),
        ])
        defer { Task { await server.stop() } }
        let registry = MetricsRegistry()
        let model = makeTestModel(server, registry: registry)
        _ = try await model.complete(ChatRequest(messages: reviewMessages))
        _ = await capture { try await model.complete(ChatRequest(messages: reviewMessages)) }

        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        let lines = String(decoding: buffer, as: UTF8.self).split(separator: "\n").map(String.init)
        func value(_ prefix: String) -> String? {
            lines.first { $0.hasPrefix(prefix + " ") }.map { String($0.dropFirst(prefix.count + 1)) }
        }
        #expect(value(#"loom_llm_requests_total{model="gpt-4o-mini",outcome="success"}"#) == "1")
        #expect(value(#"loom_llm_requests_total{model="gpt-4o-mini",outcome="auth_error"}"#) == "1")
        #expect(value(#"loom_llm_requests_total{model="gpt-4o-mini",outcome="timeout"}"#) == "0")
        #expect(value(#"loom_llm_tokens_total{model="gpt-4o-mini",direction="input"}"#) == "1117")
        #expect(value(#"loom_llm_tokens_total{model="gpt-4o-mini",direction="output"}"#) == "46")
        #expect(value("loom_llm_request_duration_seconds_count") == "2")
    }
}
