/// 3. The prompts' hosts (`root@rootcoord:/milvus#` → `rootcoord`), resolved through the guide's
/// tables; each prompted command runs on its prompt's host, unprompted ones (`$ cmd`) on all of them.
/// One prompt host no table lists, under prose that names the machine (or else a heading that names
/// one the tables or the inventory know: `#### Primary` over `[root@db ~]#`), is taken as that
/// machine's shell.
struct PromptHostRule: HostRule {
    func decide(_ input: HostRuleInput) -> HostDecision? {
        guard let shell = input.shell, !shell.promptHosts.isEmpty else { return nil }
        let finder = input.finder
        let names = shell.promptHosts.map(\.name).uniqued()
        let unresolved = names.filter { finder.address(of: $0) == nil }
        if names.count == 1, let name = names.first, unresolved.contains(name), !input.proseTags.isEmpty {
            let first = shell.promptHosts[0]
            let tags = input.proseTags + [HostTag(host: input.proseTags[0].host, source: .prompt, line: first.line,
                evidence: "prompt `\(first.prompt)` names `\(name)`, which no table lists; taken as the host the prose names")]
            return HostDecision(tags: tags, source: .prose)
        }
        if names.count == 1, let name = names.first, unresolved.contains(name), let heading = input.heading,
           heading.unbound.isEmpty, let hosts = heading.hosts, !hosts.isEmpty {
            let first = shell.promptHosts[0]
            var decision = HostDecision.scope(heading, source: .heading, label: "", input)
            decision.tags.append(HostTag(host: decision.tags[0].host, source: .prompt, line: first.line,
                evidence: "prompt `\(first.prompt)` names `\(name)`, which no table lists; taken as the host the heading names"))
            return decision
        }
        var decision = HostDecision(tags: [], source: .prompt, also: input.proseTags)
        var hostByName: [String: String] = [:]
        for prompt in shell.promptHosts {
            if let resolved = finder.resolve(name: prompt.name) {
                hostByName[prompt.name] = resolved.address
                decision.tags.append(HostTag(host: resolved.address, source: .prompt, line: prompt.line,
                                             evidence: "`\(prompt.prompt)` → \(resolved.how)"))
            } else {
                hostByName[prompt.name] = prompt.name
                decision.tags.append(HostTag(host: prompt.name, source: .prompt, line: prompt.line, evidence: "`\(prompt.prompt)`"))
            }
        }
        for name in unresolved.sorted() {
            let line = shell.promptHosts.first { $0.name == name }!.line
            decision.diagnostics.append(Diagnostic(.unresolvedHost, line: line,
                "prompt host `\(name)` is not in the guide's tables; `run` needs the inventory to bind it",
                hint: "bind it in the inventory, e.g. `\(name): { on: <host>, wrap: \"docker exec -i <container> sh\" }`"))
        }
        decision.commands = input.step.commands.map { command in
            var c = command
            if let prompt = command.prompt, let parsed = Prompt.parse(Substring(prompt + " x")), let name = parsed.host {
                c.host = hostByName[name]
            }
            return c
        }
        return decision
    }
}
