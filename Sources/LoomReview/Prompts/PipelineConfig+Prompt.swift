// PipelineConfig+Prompt: a pipeline's parsed prompt template, from its built-in text or its prompt file.

extension PipelineConfig {
    /// The pipeline's template: its built-in text when it has one, else `fileText`, the prompt
    /// file as read from the repository at the base commit (nil when the file does not exist).
    /// Errors name `.loom/<prompt_file>` and the line.
    public func promptTemplate(fileText: String?) -> Result<PromptTemplate, ConfigErrors> {
        if let builtInPrompt {
            return PromptTemplate.parse(builtInPrompt, source: "built-in prompt \(name)")
        }
        guard let fileText else {
            return .failure(ConfigErrors([ConfigError(
                source: repositoryPromptPath, line: 1, keyPath: "",
                message: "prompt file of pipeline \(name) not found (set prompt_file, or add \(repositoryPromptPath))")]))
        }
        return PromptTemplate.parse(fileText, source: repositoryPromptPath)
    }
}
