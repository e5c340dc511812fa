@testable import RunbookCore

/// The runbook of `markdown` read as guide.md; every file it links exists unless `fileExists` says otherwise.
func plan(_ markdown: String, fileExists: @escaping @Sendable (String) -> Bool = { _ in true }) -> Runbook {
    RunbookBuilder.build(path: "guide.md", bytes: Array(markdown.utf8), context: GuideContext(fileExists: fileExists))
}
