import Testing
@testable import RunbookCore

/// Host rule 3: a prompt's host (`[root@redis-01 ~]#`), resolved through the guide's host tables.
@Suite("host rule 3: the prompts' hosts")
struct PromptHostRuleTests {
    @Test("GFM host tables with English and Chinese headers; a prompt names a host by inventory name")
    func pipeTables() {
        let runbook = plan("""
        | Hostname | IP Address | Role |
        |----------|------------|------|
        | redis-01 | 10.1.0.11  | master |
        | redis-02 | 10.1.0.12  | replica |

        | 主机名 | IP地址 | 角色 |
        | --- | --- | --- |
        | db-01 | 10.1.0.21 | 数据库 |

        ```console
        [root@redis-01 ~]# redis-cli ping
        PONG
        ```
        """)
        #expect(runbook.inventory.map(\.address) == ["10.1.0.11", "10.1.0.12", "10.1.0.21"])
        #expect(runbook.inventory.map(\.role) == ["master", "replica", "数据库"])
        let step = runbook.steps[0]
        #expect(step.kind == .transcript && step.hosts == ["10.1.0.11"] && step.hostSource == .prompt)
        #expect(step.commands.first?.expect == ["PONG"])
    }
}
