// YAMLScalarKind: what a YAML scalar resolves to (null, bool, int, float, string) under YAML 1.1 rules.

import Yams

/// The resolved type of a scalar node. Quoted scalars are always strings; plain ones are typed
/// by Yams' default resolver (`true`, `yes`, `0x1F`, `1e3`, `~`, …).
enum YAMLScalarKind: Equatable {
    case null, bool, int, float, string

    /// nil for mappings, lists and aliases.
    init?(_ node: Node) {
        guard case .scalar = node else { return nil }
        // `Tag.name` is internal to Yams; the raw value is the public spelling of the same thing.
        switch node.tag.rawValue {
        case Tag.Name.null.rawValue: self = .null
        case Tag.Name.bool.rawValue: self = .bool
        case Tag.Name.int.rawValue: self = .int
        case Tag.Name.float.rawValue: self = .float
        default: self = .string
        }
    }
}
