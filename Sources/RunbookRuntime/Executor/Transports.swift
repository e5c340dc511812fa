import Foundation
import RunbookCore

/// One transport per host for the whole run (one ControlMaster each).
public actor Transports {
    private let inventory: Inventory
    private let controlDirectory: URL
    private let secrets: [String]
    private let found: SecretBook?
    private var made: [String: any Transport] = [:]

    init(inventory: Inventory, controlDirectory: URL, secrets: [String], found: SecretBook? = nil) {
        self.inventory = inventory
        self.controlDirectory = controlDirectory
        self.secrets = secrets
        self.found = found
    }

    /// The transport for `host`; nil when the inventory does not bind it.
    func transport(for host: String) -> (any Transport)? {
        if let existing = made[host] { return existing }
        let transport = Self.make(host, inventory: inventory, controlDirectory: controlDirectory, secrets: secrets, found: found)
        made[host] = transport
        return transport
    }

    /// How `host` is reached, per its inventory binding. `host` is a pair's endpoint, never an `on:`
    /// host: the plan already put that host's commands inside its wrapper, sent to its base host.
    static func make(_ host: String, inventory: Inventory, controlDirectory: URL, secrets: [String],
                     found: SecretBook? = nil) -> (any Transport)? {
        switch inventory.binding(for: host) {
        case .none, .some(.on): return nil
        case .some(.local): return LocalTransport(secrets: secrets, found: found)
        case .some(.ssh(let destination, let options)):
            return SSHTransport(destination: destination, options: options, controlDirectory: controlDirectory, secrets: secrets, found: found)
        }
    }

    /// The transport `run` would use for `endpoint`, for `run --dry-run` (nothing is connected).
    public static func forDryRun(_ endpoint: String, plan: Plan) -> (any Transport)? {
        make(endpoint, inventory: plan.inventory ?? .localOnly, controlDirectory: URL(fileURLWithPath: "/tmp/runbook-CONTROL"),
             secrets: plan.secrets.values)
    }

    func closeAll() async {
        for transport in made.values { await transport.close() }
        made = [:]
        try? FileManager.default.removeItem(at: controlDirectory)
    }
}
