// ModelEndpointTests: URL joining, key handling, clamping, and the factory's choice of client.

import LoomLLM
import Testing

@Suite("Model endpoint")
struct ModelEndpointTests {
    @Test("base URL and path join with exactly one slash", arguments: [
        ("https://api.openai.com/v1", "https://api.openai.com/v1/chat/completions"),
        ("https://api.openai.com/v1/", "https://api.openai.com/v1/chat/completions"),
        ("http://localhost:11434/v1", "http://localhost:11434/v1/chat/completions"),
        ("https://openrouter.ai/api/v1//", "https://openrouter.ai/api/v1/chat/completions"),
    ])
    func join(base: String, expected: String) {
        #expect(ModelEndpoint(baseURL: base, model: "m").url(for: "chat/completions") == expected)
        #expect(ModelEndpoint(baseURL: base, model: "m").url(for: "/chat/completions") == expected)
    }

    @Test("max retries is clamped to 0–5; request(_:) carries the configured knobs; budget leaves room for the reply")
    func clampsAndDefaults() {
        #expect(ModelEndpoint(baseURL: "x", model: "m", maxRetries: 9).maxRetries == 5)
        #expect(ModelEndpoint(baseURL: "x", model: "m", maxRetries: -1).maxRetries == 0)
        let endpoint = ModelEndpoint(baseURL: "x", model: "m", temperature: 0.7, maxTokens: 900, contextWindow: 8000, jsonMode: true)
        let request = endpoint.request([ChatMessage(role: .user, content: "hi")])
        #expect(request.temperature == 0.7)
        #expect(request.maxTokens == 900)
        #expect(request.jsonMode)
        #expect(endpoint.promptBudget == 7100)
    }

    @Test("the factory picks the client by provider, named after the model")
    func factory() {
        let openAI = makeChatModel(endpoint: ModelEndpoint(baseURL: "http://x/v1", model: "gpt"), client: SocketHTTPClient())
        let anthropic = makeChatModel(endpoint: ModelEndpoint(provider: .anthropic, baseURL: "http://x/v1", model: "claude"),
                                      client: SocketHTTPClient())
        #expect(openAI is OpenAIChatModel)
        #expect(anthropic is AnthropicChatModel)
        #expect(openAI.name == "gpt")
        #expect(anthropic.name == "claude")
    }

    @Test("a blank key counts as no key")
    func blankKey() async throws {
        let server = try await FakeProviderServer([.json(200, ProviderBodies.openAISuccess)])
        defer { Task { await server.stop() } }
        _ = try await makeTestModel(server, apiKey: "  ").complete(ChatRequest(messages: reviewMessages))
        #expect(server.received.first?.header("Authorization") == nil)
    }
}
