// TokenEstimator: a cheap, deliberately high token count for sizing prompts against a context window.

/// Estimates how many tokens a text costs, without a tokenizer.
///
/// The estimate over-counts on purpose: it decides how a diff is split into chunks (SPEC §6.4), and
/// an estimate that is too high costs one more chunk, while one that is too low costs a
/// `context_too_long` failure and a pipeline without findings. It must also hold for tokenizers
/// we do not know (Llama, Qwen and Mistral count more tokens per character than OpenAI's).
///
/// The rules, each erring high against BPE tokenizers (cl100k, o200k, Claude's):
/// - a run of letters costs one token per 4 letters, rounded up (common words are one token;
///   long identifiers split into several);
/// - a run containing digits costs one token per 2 characters (tokenizers cut numbers into
///   groups of at most 3 digits, and hashes in diffs split badly);
/// - each punctuation character costs a token (`(`, `{`, `->` pieces: code is punctuation-heavy);
/// - whitespace is free inside a line (a space joins the next word's token) except runs of two
///   or more (indentation), which cost one; each line break costs one;
/// - anything beyond ASCII costs half a token per UTF-8 byte: 1.5 per CJK character, 1 per
///   accented letter, 2 per emoji, which is at or above what byte-level BPEs produce for them.
///
/// A line break resets all state, so for texts cut after line breaks the estimates of the pieces
/// add up to at least the estimate of the whole: chunkers may sum per-line costs safely.
public enum TokenEstimator {
    /// The estimated token count of `text`; 0 only for the empty string.
    public static func estimate(_ text: String) -> Int {
        var halves = 0  // half-tokens, so CJK's 1.5 stays exact in integer arithmetic
        var letters = 0
        var runHasDigit = false
        var runLength = 0
        var spaces = 0

        func closeRun() {
            guard runLength > 0 else { return }
            halves += 2 * (runHasDigit ? (runLength + 1) / 2 : (letters + 3) / 4)
            runLength = 0
            letters = 0
            runHasDigit = false
        }
        func closeSpaces() {
            if spaces >= 2 { halves += 2 }
            spaces = 0
        }

        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"):
                closeSpaces()
                letters += 1
                runLength += 1
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                closeSpaces()
                runHasDigit = true
                runLength += 1
            case UInt8(ascii: " "), UInt8(ascii: "\t"):
                closeRun()
                spaces += 1
            case UInt8(ascii: "\n"):
                closeRun()
                closeSpaces()
                halves += 2
            case UInt8(ascii: "\r"):
                closeRun()
            case 0x80...0xFF:
                // Every byte of a multi-byte scalar: half a token each.
                closeRun()
                closeSpaces()
                halves += 1
            default:
                closeRun()
                closeSpaces()
                halves += 2
            }
        }
        closeRun()
        closeSpaces()
        return (halves + 1) / 2
    }

    /// The estimate for a conversation: the texts plus a few tokens per message for the role and
    /// the chat template's delimiters, which every provider bills.
    public static func estimate(_ messages: [ChatMessage]) -> Int {
        messages.reduce(3) { $0 + estimate($1.content) + 4 }
    }
}
