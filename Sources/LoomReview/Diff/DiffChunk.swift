// DiffChunk: the files (or parts of files) one model call reviews, and the plan of all chunks.

public import LoomCore

/// One model call's share of the diff.
public struct DiffChunk: Hashable, Sendable {
    /// A file, or the part of it in this chunk.
    public struct Part: Hashable, Sendable {
        /// The file holding only this part's hunks (a split hunk has its own numbers, counted
        /// from its first line, so line numbers stay those of the real file).
        public var file: FileDiff
        /// 1-based number of this part among the file's parts.
        public var index: Int
        /// How many parts the file was cut into; 1 when the whole file is here.
        public var count: Int

        public init(file: FileDiff, index: Int = 1, count: Int = 1) {
            self.file = file
            self.index = index
            self.count = count
        }
    }

    public var parts: [Part]
    /// The estimate the chunk was packed with (`{{diff}}` rendering).
    public var estimatedTokens: Int

    public init(parts: [Part], estimatedTokens: Int) {
        self.parts = parts
        self.estimatedTokens = estimatedTokens
    }

    /// The files (or file parts) of this chunk, for `{{raw_diff}}` and `{{files}}`.
    public var files: [FileDiff] { parts.map(\.file) }

    /// `{{diff}}` for this chunk, with `part i of n` on split files.
    public var annotated: String {
        parts.map { PromptDiffRenderer.annotated($0.file, part: ($0.index, $0.count)) }.joined()
    }
}

/// How a diff was cut for a model's context window, and what could not be included.
public struct ChunkPlan: Hashable, Sendable {
    public var chunks: [DiffChunk]
    /// Files and lines left out, with the reason, for the summary. Nothing else is left out.
    public var skipped: [SkippedFile]

    public init(chunks: [DiffChunk], skipped: [SkippedFile]) {
        self.chunks = chunks
        self.skipped = skipped
    }
}
