import Foundation

/// A sentence telling the reader to put the next block's content in a file: "Add the following to
/// /etc/redis/redis.conf:", "Create /etc/etcd/etcd.conf with:", "将以下内容写入/etc/hosts", "在
/// /etc/my.cnf 中添加：". Adding appends (once: appending again leaves the lines once); creating and
/// writing replace the file's content.
public struct FileSentence: Sendable, Equatable {
    /// The destination as written (`/etc/redis/redis.conf`, `~/.bashrc`, `conf/app.ini`).
    public var path: String
    /// True for "add", "append", "添加", "追加": the block is added to the file, not the whole file.
    public var append: Bool
    /// The mode the sentence states ("with mode 0600", "权限为600"), if any.
    public var mode: String?
    /// The words that said so, for the plan's provenance.
    public var evidence: String

    // A destination: an absolute, home or relative path, or a file name with a config file's extension.
    private static let path = #"(?<![A-Za-z0-9_.~/@+-])(~?/[A-Za-z0-9_.@+-][A-Za-z0-9_./@+-]*|\.{1,2}/[A-Za-z0-9_./@+-]+|[A-Za-z0-9_@+-][A-Za-z0-9_.@+-]*/[A-Za-z0-9_./@+-]*\.[A-Za-z0-9]+|[A-Za-z0-9_.-]*[A-Za-z0-9_-]\.(?:conf|cnf|cfg|ini|ya?ml|toml|json|properties|env|service|repo|list|xml|txt|rules|sh))(?![A-Za-z0-9_/@+-])"#
    private static let notAFile = #"(?<!(?i:directory|folder|dir)\s)(?<!目录)(?<!文件夹)"#
    private static let appendForms: [NSRegularExpression] = [
        #"(?i)\b(?:add|append)\b[^.;:!?]{0,60}?\b(?:to|into|at the end of)\s+(?:the\s+)?(?:end\s+of\s+(?:the\s+)?)?(?:file\s+)?`?"# + notAFile + path,
        #"(?:在|向|往)\s*`?"# + path + #"`?\s*(?:文件)?\s*(?:中|里|内|末尾|的末尾|最后)?\s*(?:添加|追加|加入|增加)"#,
        #"(?:添加|追加|加入|增加)(?:到|至|进)\s*`?"# + path,
    ].map { try! NSRegularExpression(pattern: $0) }
    private static let writeForms: [NSRegularExpression] = [
        #"(?i)\b(?:create|write|save|put|place|paste)\b[^.;!?]{0,60}?\b(?:to|into|in|as|at|file|named|called|create)?\s*`?"# + notAFile + path + #"`?[^.;!?]*?(?:\bwith\b|\bcontaining\b|\bfollowing\b|\bas follows\b|:\s*$)"#,
        #"(?i)\b(?:write|save|put|place|paste)\b[^.;!?]{0,40}?\bfollowing\b[^.;!?]{0,30}?\b(?:to|into|in|as)\s+(?:the\s+)?(?:file\s+)?`?"# + notAFile + path,
        #"(?:写入|写到|写进|保存为|保存到|覆盖)\s*`?"# + path,
        #"(?:创建|新建|编辑)\s*(?:文件|配置文件)?\s*`?"# + path + #"`?\s*[，,]?\s*(?:的)?(?:内容如下|如下|写入|内容为|并写入)"#,
        "`?" + path + #"`?\s*(?:文件|配置文件)?\s*的?内容(?:如下|为)"#,
    ].map { try! NSRegularExpression(pattern: $0) }
    /// How many of the forms above (the first ones) are English: the others need Chinese text.
    private static let appendEnglish = 1, writeEnglish = 2

    private static let modeForm = try! NSRegularExpression(pattern: #"(?i)\b(?:mode|permissions?)\s+(?:of\s+)?(0?[0-7]{3,4})\b|权限(?:设置)?为\s*(0?[0-7]{3,4})"#)

    /// What each form needs literally, tested on the bytes first (this runs on every paragraph): the English verbs as whole words (the
    /// forms put `\b` on both sides), 保存 only as 保存为/保存到 and 内容 only as 内容如下/内容为;
    /// and every form needs a path, so a `/` or a `.`.
    static let chineseForms = ByteWords(["添加", "追加", "加入", "增加", "写入", "写到", "写进", "保存为", "保存到", "覆盖", "创建", "新建", "编辑",
                                         "内容如下", "内容为"])
    static let englishVerbs = ByteWords(["add", "append", "create", "write", "save", "put", "place", "paste"])

    /// False when `parse` cannot find a sentence in `bytes` (a paragraph's UTF-8): no form's literal
    /// words occur. A word is whole unless an ASCII letter, digit or `_` touches it (other bytes may
    /// be Unicode word characters: then `parse` decides); a character that case folding turns into
    /// ASCII letters (`ſ`, `ﬅ`) also leaves it to `parse`. Read by bytes: this runs on every paragraph.
    /// Judge: `parse` itself (FileSentenceGateTests).
    static func mayHold(_ bytes: [UInt8]) -> Bool {
        guard bytes.contains(UInt8(ascii: "/")) || bytes.contains(UInt8(ascii: ".")) else { return false }
        if chineseForms.occur(in: bytes) || RunbookBuilder.foldingTraps.occur(in: bytes) { return true }
        func isWordByte(_ i: Int) -> Bool {
            guard i >= 0, i < bytes.count else { return false }
            let b = bytes[i]
            return (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F
        }
        for (offset, word) in englishVerbs.occurrences(in: bytes)
            where !isWordByte(offset - 1) && !isWordByte(offset + englishVerbs.words[word].count) {
            return true
        }
        return false
    }

    /// The file sentence of `text` (one paragraph), the last one when several say so.
    public static func parse(_ text: String) -> FileSentence? {
        let ns = text as NSString
        let whole = NSRange(location: 0, length: ns.length)
        var best: (location: Int, sentence: FileSentence)?
        // English forms need an ASCII verb, Chinese ones a non-ASCII byte: each set read only when it can match.
        let ascii = text.utf8.allSatisfy { $0 < 0x80 }
        for (forms, append) in [(appendForms, true), (writeForms, false)] {
            for (index, form) in forms.enumerated() where !(ascii && index >= (append ? appendEnglish : writeEnglish)) {
                for match in form.matches(in: text, range: whole) {
                    guard let group = (1..<match.numberOfRanges).first(where: { match.range(at: $0).location != NSNotFound }) else { continue }
                    var path = ns.substring(with: match.range(at: group))
                    while let last = path.last, ".,:".contains(last) { path.removeLast() }
                    guard path.count > 1, path != "~/" else { continue }
                    if let best, best.location >= match.range.location { continue }
                    let evidence = ns.substring(with: match.range).trimmingCharacters(in: .whitespaces)
                    best = (match.range.location, FileSentence(path: path, append: append, mode: nil,
                                                              evidence: evidence.count > 70 ? String(evidence.prefix(69)) + "…" : evidence))
                }
            }
        }
        guard var sentence = best?.sentence else { return nil }
        if let mode = modeForm.firstMatch(in: text, range: whole) {
            for group in 1...2 where mode.range(at: group).location != NSNotFound {
                let digits = ns.substring(with: mode.range(at: group))
                sentence.mode = digits.count == 3 ? "0" + digits : digits
            }
        }
        return sentence
    }
}

/// A block that is an editor session on a file: `nano /etc/mysql/mariadb.conf.d/50-server.cnf`
/// (also `vi`, `vim`, `emacs`, after `sudo` or a prompt), alone or followed by the file's content.
struct EditorCommand {
    var path: String
    var editor: String
    /// The lines after the editor command: the file's content (empty when the block holds only the command).
    var content: String

    private static let editors: [[UInt8]] = ["vi", "vim", "nano", "emacs", "gedit", "nvim", "vim.tiny"].map { Array($0.utf8) }

    private static let form = try! NSRegularExpression(pattern: #"^(?:sudo\s+(?:-\S+\s+)*)?(nano|vi|vim|vim\.tiny|nvim|emacs|gedit)\s+(?:[-+]\S*\s+)*([^\s;&|<>]+)\s*$"#)

    /// Reads `text` (a block's content); the first non-empty line may carry a shell prompt.
    static func parse(_ text: String) -> EditorCommand? {
        // The first line that is not blank, found without splitting the block: this runs on every shell block.
        let utf8 = text.utf8
        let firstLine = utf8.drop { $0 == 0x20 || $0 == 0x0A || $0 == 0x09 }.prefix { $0 != 0x0A }
        guard firstLine.split(separator: 0x20).contains(where: { word in Self.editors.contains { $0.elementsEqual(word) } }) else { return nil }
        let lines = text.linesAtNewlines
        guard let first = lines.firstIndex(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else { return nil }
        var command = lines[first].trimmingCharacters(in: .whitespaces)
        if let prompt = Prompt.parse(Substring(command)) { command = prompt.command.trimmingCharacters(in: .whitespaces) }
        let ns = command as NSString
        guard let match = form.firstMatch(in: command, range: NSRange(location: 0, length: ns.length)) else { return nil }
        var content = lines[(first + 1)...].joined(separator: "\n")
        while content.hasPrefix("\n") { content.removeFirst() }
        if !content.isEmpty, !content.hasSuffix("\n") { content += "\n" }
        return EditorCommand(path: ns.substring(with: match.range(at: 2)), editor: ns.substring(with: match.range(at: 1)), content: content)
    }
}
