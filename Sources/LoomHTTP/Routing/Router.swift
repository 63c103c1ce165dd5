// Router: maps method and path to a handler, with `{name}` parameters, 404 and 405 with Allow.

import LoomCore

/// Routes requests by method and path pattern. Patterns are literal (`/health`) or have
/// `{name}` segments (`/api/jobs/{id}`); literal routes are found by one dictionary lookup.
public struct Router: Sendable {
    /// The outcome of routing one request.
    public enum Resolution: Sendable {
        case matched(HTTPHandler, route: String, parameters: [String: String])
        /// The path exists but not for this method; `allow` lists the methods that do.
        case methodNotAllowed(allow: [String])
        case notFound
    }

    private struct PatternRoute: Sendable {
        let pattern: String
        let segments: [Segment]
        var handlers: [HTTPMethod: HTTPHandler]
    }

    private enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
    }

    private var literalRoutes: [String: [HTTPMethod: HTTPHandler]] = [:]
    private var patternRoutes: [PatternRoute] = []

    public init() {}

    /// Adds `handler` for `method` on `pattern`. `GET` routes also answer `HEAD`.
    public mutating func add(_ method: HTTPMethod, _ pattern: String, _ handler: HTTPHandler) {
        precondition(pattern.hasPrefix("/"), "route patterns start with /")
        let segments = Router.split(pattern).map { part -> Segment in
            part.hasPrefix("{") && part.hasSuffix("}") ? .parameter(String(part.dropFirst().dropLast())) : .literal(String(part))
        }
        if segments.allSatisfy({ if case .literal = $0 { true } else { false } }) {
            literalRoutes[pattern, default: [:]][method] = handler
        } else if let index = patternRoutes.firstIndex(where: { $0.segments == segments }) {
            patternRoutes[index].handlers[method] = handler
        } else {
            patternRoutes.append(PatternRoute(pattern: pattern, segments: segments, handlers: [method: handler]))
        }
    }

    /// Adds a synchronous `GET` handler.
    public mutating func get(_ pattern: String, _ handler: @escaping @Sendable (HTTPRequest, RequestContext) -> HTTPResponse) {
        add(.get, pattern, .sync(handler))
    }

    /// Adds an async handler for `method`.
    public mutating func on(_ method: HTTPMethod, _ pattern: String,
                            _ handler: @escaping @Sendable (HTTPRequest, RequestContext) async -> HTTPResponse) {
        add(method, pattern, .async(handler))
    }

    /// Finds the handler for a request.
    public func resolve(method: HTTPMethod, path: String) -> Resolution {
        if let handlers = literalRoutes[path] {
            if let handler = handlers[method] ?? (method == .head ? handlers[.get] : nil) {
                return .matched(handler, route: path, parameters: [:])
            }
            return .methodNotAllowed(allow: Router.allowed(handlers))
        }
        guard !patternRoutes.isEmpty else { return .notFound }
        let parts = Router.split(path)
        for route in patternRoutes {
            guard let parameters = Router.match(route.segments, parts) else { continue }
            if let handler = route.handlers[method] ?? (method == .head ? route.handlers[.get] : nil) {
                return .matched(handler, route: route.pattern, parameters: parameters)
            }
            return .methodNotAllowed(allow: Router.allowed(route.handlers))
        }
        return .notFound
    }

    private static func split(_ path: String) -> [Substring] {
        path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map { $0 }
    }

    private static func match(_ segments: [Segment], _ parts: [Substring]) -> [String: String]? {
        guard segments.count == parts.count else { return nil }
        var parameters: [String: String] = [:]
        for (segment, part) in zip(segments, parts) {
            switch segment {
            case .literal(let literal):
                guard part == literal else { return nil }
            case .parameter(let name):
                guard !part.isEmpty, let value = PercentDecoding.decode(part) else { return nil }
                parameters[name] = value
            }
        }
        return parameters
    }

    private static func allowed(_ handlers: [HTTPMethod: HTTPHandler]) -> [String] {
        var methods = Set(handlers.keys.map(\.rawValue))
        if methods.contains("GET") { methods.insert("HEAD") }
        return methods.sorted()
    }
}
