import ArgumentParser
import RunbookCore
import RunbookRuntime

struct InventoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inventory", abstract: "Print an inventory skeleton naming every host the guide uses, with the provenance of each.")

    @OptionGroup var guide: GuideOptions

    func run() throws {
        Terminal.write(InventorySkeleton.render(try reportingFailures { try GuideLoader.load(path: guide.file) }))
    }
}
