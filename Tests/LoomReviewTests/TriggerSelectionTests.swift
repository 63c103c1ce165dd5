// TriggerSelectionTests: which changed files each pipeline reviews (include_paths minus exclude_paths).

import LoomCore
import LoomReview
import Testing

@Suite("Pipeline file selection")
struct TriggerSelectionTests {
    @Test("no globs: every file")
    func all() {
        let pipeline = PipelineConfig(name: "p", model: "m")
        #expect(pipeline.selectPaths(["a", "b/c.d"]) == ["a", "b/c.d"])
    }

    @Test("include minus exclude")
    func includeExclude() {
        let pipeline = PipelineConfig(name: "p", model: "m", includePaths: [Glob("src/**"), Glob("*.py")],
                                      excludePaths: [Glob("**/*_test.go"), Glob("src/generated")])
        let paths = ["src/a.go", "src/a_test.go", "src/generated/x.go", "tools/run.py", "README.md", "src/deep/b.c"]
        #expect(pipeline.selectPaths(paths) == ["src/a.go", "tools/run.py", "src/deep/b.c"])
    }

    @Test("selection from a parsed config, with a leading / and trailing / in globs")
    func fromConfig() throws {
        let yaml = """
            models:
              m: {base_url: "https://x.test", model: x}
            pipelines:
              - name: web
                model: m
                include_paths: ["/web/", "*.ts"]
                exclude_paths: ["web/vendor/"]
            """
        let pipeline = try #require(try ConfigLoader.parse(yaml: yaml).get().pipelines.first)
        #expect(pipeline.selectPaths(["web/index.html", "web/vendor/lib.js", "api/types.ts", "api/main.go"])
                == ["web/index.html", "api/types.ts"])
    }

    @Test("selecting FileDiffs uses each file's path")
    func fileDiffs() {
        let pipeline = PipelineConfig(name: "p", model: "m", excludePaths: [Glob("*.lock")])
        let files = [FileDiff(oldPath: "Cargo.lock", newPath: "Cargo.lock", status: .modified),
                     FileDiff(oldPath: nil, newPath: "src/lib.rs", status: .added)]
        #expect(pipeline.selectFiles(files).map(\.path) == ["src/lib.rs"])
    }
}
