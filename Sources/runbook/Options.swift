import ArgumentParser
import Foundation
import RunbookRuntime

/// Options shared by commands that read a guide.
struct GuideOptions: ParsableArguments {
    @Argument(help: "The Markdown guide.")
    var file: String
}

/// `--log-dir`, shared by the commands that read runs.
struct LogOptions: ParsableArguments {
    @Option(help: "Where runs are recorded.")
    var logDir = "logs"

    var store: RunStore { RunStore(directory: URL(fileURLWithPath: logDir)) }
}
