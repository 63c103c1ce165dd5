// CurlTLSTests: certificate verification is on by default; a configured CA bundle makes a private CA trusted.

import Foundation
import LoomHTTPClient
import Testing

/// `openssl s_server` with a fresh self-signed certificate for 127.0.0.1, for the length of a test.
private final class OpenSSLServer {
    let port: Int
    let certificatePath: String
    private let process: Process

    init() throws {
        let directory = makeTemporaryDirectory("loom-tls")
        certificatePath = directory + "/cert.pem"
        let keyPath = directory + "/key.pem"
        try Self.run(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
                      "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                      "-keyout", keyPath, "-out", certificatePath])
        port = Int.random(in: 40_000...59_000)
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = ["s_server", "-accept", "127.0.0.1:\(port)", "-cert", certificatePath, "-key", keyPath, "-www", "-quiet"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    /// SIGKILL, because SIGTERM may be blocked: children inherit the test process's signal mask.
    func stop() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    private static func run(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
    }
}

@Suite("CurlHTTPClient TLS", .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl")))
struct CurlTLSTests {
    @Test("A self-signed server is refused by default and accepted with its certificate as the CA bundle")
    func verification() async throws {
        let server = try OpenSSLServer()
        defer { server.stop() }
        let url = "https://127.0.0.1:\(server.port)/"
        let trusting = try ClientFixture(configuration: CurlHTTPClientConfiguration(caBundlePath: server.certificatePath))
        // Wait for s_server to listen; until then the trusting client sees refused connections.
        var response: HTTPClientResponse?
        for _ in 0..<100 {
            do {
                response = try await trusting.client.send(HTTPClientRequest(url: url, timeout: .seconds(2)))
                break
            } catch {
                guard case .connectionFailed = error else { throw error }
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        #expect(response?.status == 200)
        await trusting.stop()

        let fixture = try ClientFixture()
        let error = await #expect(throws: HTTPClientError.self) {
            try await fixture.client.send(HTTPClientRequest(url: url))
        }
        if case .tls(let message)? = error {
            #expect(message.contains("certificate"))
        } else {
            Issue.record("expected a TLS error, got \(String(describing: error))")
        }
        await fixture.stop()
    }

    @Test("https to a plain HTTP server is a TLS error")
    func plainServer() async throws {
        try await withServerAndClient { server, client in
            let url = "https://127.0.0.1:\(server.address.port)/hello"
            let error = await #expect(throws: HTTPClientError.self) { try await client.send(HTTPClientRequest(url: url)) }
            if case .tls? = error {} else { Issue.record("expected a TLS error, got \(String(describing: error))") }
        }
    }
}
