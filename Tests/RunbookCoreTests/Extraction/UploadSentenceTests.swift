import Testing
@testable import RunbookCore

/// Sentences that tell the reader to put a file on hosts become upload steps (Extraction/UploadSentence.swift).
@Suite("upload sentences")
struct UploadSentenceTests {
    @Test("English upload sentences: copy X to HOST:DIR, upload X to HOSTS in DIR; an annotation pins hosts")
    func englishUploads() {
        let runbook = plan("""
        Copy [app.conf](./conf/app.conf) to 10.0.0.5:/etc/app.

        Upload `agent.yaml` to 10.0.0.6 and 10.0.0.7 in /opt/agent.

        <!-- runbook: hosts=10.0.0.9 -->
        Then upload [app.conf](./conf/app.conf) to the managers.
        """)
        let uploads = runbook.steps.filter { $0.kind == .upload }
        #expect(uploads.map(\.hosts) == [["10.0.0.5"], ["10.0.0.6", "10.0.0.7"], ["10.0.0.9"]])
        #expect(uploads.map { $0.file?.destination } == ["/etc/app/app.conf", "/opt/agent/agent.yaml", "app.conf"])
        #expect(uploads[2].hostSource == .annotation)
        #expect(!runbook.diagnostics.contains { $0.code == .danglingAnnotation })
    }
}
