import Foundation

/// A sentence telling the reader to put a file on hosts: "我们将``milvus.yaml``文件上传到``29.16.21.73~74``节点的
/// ``/home/dcos``目录", "将[./yaml/milvus-coord.yaml](…)上传到80节点", "upload app.conf to 10.0.0.5 in /etc/app",
/// "copy app.conf to 10.0.0.5:/etc/app".
struct UploadSentence: Sendable {
    /// The file as written (a link destination, a code span or a bare file name).
    var source: String
    /// Hosts named after the verb.
    var mentions: [HostMention]
    /// Words that name hosts without addresses (`上述11个节点`, `3个管理节点`), when there are no mentions.
    var hostPhrase: String?
    /// The count in `hostPhrase`, if any.
    var phraseCount: Int?
    /// True when the phrase points back (`上述`, `以上`, `the above`).
    var pointsBack: Bool
    /// The destination folder, when the sentence names one.
    var directory: String?

    private static let verb = try! NSRegularExpression(pattern: #"上传|拷贝到|复制到|(?i:\b(?:upload|copy|scp)\b)"#)
    private static let fileName = try! NSRegularExpression(pattern: #"(?<![A-Za-z0-9_./-])[A-Za-z0-9_./-]*[A-Za-z0-9_-]\.(?:ya?ml|json|toml|conf|cfg|ini|sh|py|sql|env|service|txt|tar\.gz|tgz|zip|properties|xml)(?![A-Za-z0-9_])"#)
    private static let phrase = try! NSRegularExpression(pattern: #"(上述|以上|前述|所述)?\s*(\d+|[一二两三四五六七八九十]+)\s*个\s*[^\s，。,、]{0,6}?(?:节点|主机|机器|服务器)|(?i:\bthe\s+(?:above\s+)?(two|three|four|five|six|seven|eight|nine|ten|\d+)\s+(?:above\s+)?(?:nodes|hosts|machines|servers)(\s+above)?)"#)
    private static let path = try! NSRegularExpression(pattern: #"(?<![A-Za-z0-9_.])(/[A-Za-z0-9_.-]+)+/?"#)

    /// Parses `sentence`; `links` are the link destinations of its paragraph, `finder` resolves hosts.
    static func parse(_ sentence: String, links: [String], finder: HostFinder) -> UploadSentence? {
        let ns = sentence as NSString
        let whole = NSRange(location: 0, length: ns.length)
        guard let verbMatch = verb.firstMatch(in: sentence, range: whole) else { return nil }
        let before = ns.substring(to: verbMatch.range.location)
        let after = ns.substring(from: verbMatch.range.location + verbMatch.range.length)
        // The source: the last file named before the verb ("copy X to …"); English puts it right after "upload".
        var source: String?
        for link in links where before.contains(link) || before.contains((link as NSString).lastPathComponent) {
            source = link
        }
        if source == nil {
            let candidates = fileName.matches(in: before, range: NSRange(location: 0, length: (before as NSString).length))
            source = candidates.last.map { (before as NSString).substring(with: $0.range) }
        }
        var target = after
        if source == nil {
            // "upload app.conf to 10.0.0.5": the file follows the verb, the hosts follow "to".
            let afterNS = after as NSString
            guard let first = fileName.firstMatch(in: after, range: NSRange(location: 0, length: afterNS.length)) else { return nil }
            source = afterNS.substring(with: first.range)
            target = afterNS.substring(from: first.range.location + first.range.length)
        }
        guard let source else { return nil }
        // Hosts and folder follow the verb directly; a later clause or aside ("(两个coord的机器上已经有了…)") is not a target.
        if let cut = target.firstIndex(where: { "(（，,;；".contains($0) }) { target = String(target[..<cut]) }
        let targetNS = target as NSString
        let targetRange = NSRange(location: 0, length: targetNS.length)
        var result = UploadSentence(source: source, mentions: finder.mentions(in: target), hostPhrase: nil, phraseCount: nil,
                                    pointsBack: false, directory: nil)
        if let match = phrase.firstMatch(in: target, range: targetRange) {
            result.hostPhrase = targetNS.substring(with: match.range)
            for group in [2, 3] where match.range(at: group).location != NSNotFound {
                result.phraseCount = HostFinder.number(targetNS.substring(with: match.range(at: group)))
            }
            result.pointsBack = match.range(at: 1).location != NSNotFound || (result.hostPhrase ?? "").lowercased().contains("above")
        }
        // The folder: the first absolute path after the hosts (`/home/dcos`), also in `host:/dir` form.
        for match in path.matches(in: target, range: targetRange) {
            var candidate = targetNS.substring(with: match.range)
            while candidate.count > 1, candidate.hasSuffix("/") || candidate.hasSuffix(".") { candidate.removeLast() }   // "/etc/app." ends a sentence
            if candidate.count > 1 { result.directory = candidate; break }
        }
        return result
    }
}
