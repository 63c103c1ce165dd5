// ReviewOutput: `loom review`'s findings and prompts as text or JSON.

import LoomCore
import LoomLLM
import LoomReview

/// Formats local review results.
enum ReviewOutput {
    static func text(_ result: LocalReview.Result) -> String {
        var lines: [String] = []
        for anchored in result.findings {
            let finding = anchored.finding
            // `if let`, not `Optional.map` with a closure: the latter crashed the 6.3 optimizer in release builds.
            let place: String
            if let line = anchored.inlineLine { place = "\(finding.path):\(line)" } else { place = "\(finding.path) (outside the diff)" }
            lines.append("\(place): \(finding.severity.rawValue): \(finding.message) [\(finding.pipeline)]")
            if let suggestion = finding.suggestion { lines.append("    suggestion: \(suggestion)") }
        }
        if result.findings.isEmpty { lines.append("No findings.") }
        for pipeline in result.pipelines {
            if case .failed(let reason) = pipeline.status { lines.append("pipeline \(pipeline.name) failed: \(reason)") }
        }
        return lines.joined(separator: "\n")
    }

    static func json(_ result: LocalReview.Result) -> String {
        var writer = JSONWriter()
        writer.beginObject()
        writer.beginArray("findings")
        for anchored in result.findings {
            let finding = anchored.finding
            writer.beginObject()
            writer.field("pipeline", finding.pipeline)
            writer.field("file", finding.path)
            writer.field("line", anchored.inlineLine ?? finding.line)
            writer.field("in_diff", anchored.inlineLine != nil)
            writer.field("severity", finding.severity.rawValue)
            writer.field("category", finding.category)
            writer.field("message", finding.message)
            writer.field("suggestion", finding.suggestion)
            writer.field("fingerprint", finding.fingerprint)
            writer.endObject()
        }
        writer.endArray()
        writer.beginArray("pipelines")
        for pipeline in result.pipelines {
            writer.beginObject()
            writer.field("name", pipeline.name)
            writer.field("model", pipeline.model)
            if case .failed(let reason) = pipeline.status { writer.field("error", reason) } else { writer.field("error", nil as String?) }
            writer.field("findings", pipeline.findings)
            writer.field("tokens_in", pipeline.usage.input)
            writer.field("tokens_out", pipeline.usage.output)
            writer.endObject()
        }
        writer.endArray()
        writer.field("summary", result.summary)
        writer.endObject()
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    static func prompts(_ prompts: [LocalReview.RenderedPrompt], json: Bool) -> String {
        if json {
            var writer = JSONWriter()
            writer.beginObject()
            writer.beginArray("prompts")
            for prompt in prompts {
                writer.beginObject()
                writer.field("pipeline", prompt.pipeline)
                writer.field("chunk", prompt.chunk)
                writer.field("chunks", prompt.chunks)
                writer.beginArray("messages")
                for message in prompt.messages {
                    writer.beginObject()
                    writer.field("role", message.role.rawValue)
                    writer.field("content", message.content)
                    writer.endObject()
                }
                writer.endArray()
                writer.endObject()
            }
            writer.endArray()
            writer.endObject()
            return String(decoding: writer.bytes, as: UTF8.self)
        }
        if prompts.isEmpty { return "No prompts: no pipeline selects any changed file." }
        return prompts.map { prompt in
            "===== pipeline \(prompt.pipeline), chunk \(prompt.chunk) of \(prompt.chunks) =====\n"
                + prompt.messages.map { "--- \($0.role.rawValue) ---\n\($0.content)" }.joined(separator: "\n")
        }.joined(separator: "\n\n")
    }
}
