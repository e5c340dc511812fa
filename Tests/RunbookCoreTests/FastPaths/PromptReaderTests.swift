import Foundation
import Testing
import TestSupport
@testable import RunbookCore

// `Prompt.parse` and `ShellReader` read UTF-8 bytes; these tests hold them to the grammar
// (`Prompt.parseByGrammar`) and to the `Character` code they replaced (`ReferenceShellReader`, FastPaths/ShellReader.swift).

/// Lines where `Prompt.parse` and the reference differ, described.
private func promptMismatches<S: Sequence>(_ lines: S) -> [String] where S.Element == Substring {
    lines.compactMap { line in
        let new = Prompt.parse(line), old = Prompt.parseByGrammar(line)
        return new == old ? nil : "\(line.debugDescription): \(String(describing: new)) ≠ \(String(describing: old))"
    }
}

/// Where the two readers disagree on `isComplete` when fed `lines` one after another, described, or nil.
private func shellMismatch(_ lines: [Substring]) -> String? {
    var new = ShellReader(), old = ReferenceShellReader()
    for (i, line) in lines.enumerated() {
        new.feed(line)
        old.feed(line)
        if new.isComplete != old.isComplete {
            return "\(lines.debugDescription) after line \(i): isComplete \(new.isComplete) ≠ \(old.isComplete)"
        }
    }
    return nil
}

/// Shell text split into lines as `ShellBlock` splits a code block.
private func lines(_ text: String) -> [Substring] { text.split(separator: "\n", omittingEmptySubsequences: false) }

/// The code blocks of a Markdown file (fenced with ``` or ~~~), each as its lines.
private func codeBlocks(of path: String) throws -> [[Substring]] {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    var blocks: [[Substring]] = []
    var fence: Substring?
    for line in lines(text) {
        let trimmed = line.drop(while: { $0 == " " })
        if let open = fence {
            if trimmed.hasPrefix(open), trimmed.allSatisfy({ $0 == open.first || $0 == " " }) { fence = nil } else { blocks[blocks.count - 1].append(line) }
        } else if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
            fence = trimmed.prefix(while: { $0 == trimmed.first })
            blocks.append([])
        }
    }
    return blocks
}

private let guidePaths = ["milvus.md", "milvus.corrected.md"].map(Checkout.runbook)

@Suite("Prompt.parse and ShellReader read bytes exactly as the regex and Character code did")
struct PromptReaderTests {
    @Test("every line of the milvus guides, and of their code blocks, parses to the same prompt", arguments: guidePaths)
    func guidePrompts(path: String) throws {
        let blocks = try codeBlocks(of: path)
        #expect(blocks.count >= 10)
        #expect(blocks.joined().filter { Prompt.parse($0) != nil }.count >= 5)
        let mismatches = promptMismatches(lines(try String(contentsOfFile: path, encoding: .utf8))) + promptMismatches(blocks.joined())
        #expect(mismatches.isEmpty, "\(mismatches.count) lines differ, first: \(mismatches.prefix(5))")
    }

    @Test("the milvus guides' code blocks read to the same completeness, line after line and from every line", arguments: guidePaths)
    func guideShell(path: String) throws {
        var mismatches: [String] = []
        for block in try codeBlocks(of: path) {
            if let mismatch = shellMismatch(block) { mismatches.append(mismatch) }
            for start in block.indices {
                // As ShellBlock reads: a command from each line, and from each prompt's command on.
                if let mismatch = shellMismatch(Array(block[start...].prefix(12))) { mismatches.append(mismatch) }
                if let prompt = Prompt.parse(block[start]),
                   let mismatch = shellMismatch([Substring(prompt.command)] + block[(start + 1)...].prefix(12)) {
                    mismatches.append(mismatch)
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) differ, first: \(mismatches.prefix(3))")
    }

    @Test("tricky prompt lines")
    func trickyPrompts() {
        let tricky: [Substring] = [
            "[root@host ~]# ls", "[dcos@m3~]$ x", "(venv) user@h:/dir$ cmd", "root@rootcoord:/milvus# ", "$ ", "$", "user@host$ cmd",
            "a@b#", "a@b# ", "a@b #x", "a@b # x", "a@b$x", "[x@y z]#cmd", "[x@y z]# cmd", "[x@y]$", "[x@y]  $ ls", "[x@y] $ ls", "[x@y]$  ls  ",
            "[root@主机 ~]# ls", "root@主机:/root# ls", "root@host:/数据# ls", "用户@host$ ls", "u中@h$ ls", "[u@h 中文]$ ls", "[u@h]$ 中文",
            "root@host:~#\tls", "root@host:~\t# ls", "[u@h\t~]# ls", "(venv)\tu@h:~$ ls", "(venv)  [u@h ~]$ ls", "(venv)$ x", "(venv) $ x",
            "(v e) $ x", "() $ x", "(venv) ", "(venv) u@h", "(中) $ x", "(venv)\u{A0}$ x", "(venv) \u{3000}$ x",
            "#", "# comment", "#!/bin/bash", "$HOME", "$(pwd)", "$$", "$ $", "$ echo $HOME # x", "echo $HOME", "a=b # c", "x#y",
            "[x@y z]#cmd", "[x@y z]]#  cmd", "[x@y ~/a b]$ cd", "[x@y~/dir]$ ls", "[x@y ~]", "[x@y ~]#", "[x@@y]$ ls", "[@y]$ ls", "[x@]$ ls",
            "x@y:$ ls", "x@y::$ ls", "x@y:/a b# ls", "x@y:/a#b# ls", "x@y: # ls", "x@y:  # ls", "x@y.z-1:/d$ ls", "-x@y$ ls", ".x@y$ ls", "_x@y$ ls",
            "root@host:/milvus# echo \"a\" | grep a", "$ ls\r", "$ ls\r\n", "$ ls\n\r", "$\r", "$\r\n", "$ ls\u{85}", "$ ls\u{2028}", "$ ls\u{2028}x",
            "$ a\u{85}b", "u@h$ ls\r", "[u@h]$\u{0B}", "[u@h]\u{0C}$ ls", "u@h\u{0B}$ ls", "u@h:\u{0B}$ ls", "$ 中文 命令", "$ é", "$ \u{301}",
            "[u@h ]]$ ls", "[u@h ~]$ ls ]", "1@2$ 3", "9.9.9.9@host# ls", "root@29.16.21.73:/data# ls", "[root@ip-10-0-0-1 ~]# ",
        ]
        let mismatches = promptMismatches(tricky)
        #expect(mismatches.isEmpty, "\(mismatches)")
        #expect(Prompt.parse("[root@host ~]# ls") == Prompt(text: "[root@host ~]#", user: "root", host: "host", command: "ls"))
        #expect(Prompt.parse("(venv) user@h:/dir$ cmd") == Prompt(text: "(venv) user@h:/dir$", user: "user", host: "h", command: "cmd"))
        #expect(Prompt.parse("[dcos@m3~]$ x")?.host == "m3")
        #expect(Prompt.parse("$") == Prompt(text: "$", user: nil, host: nil, command: ""))
        #expect(Prompt.parse("[root@主机 ~]# ls")?.host == "主机")
        #expect(Prompt.parse("$HOME") == nil && Prompt.parse("# comment") == nil)
    }

    @Test("tricky shell text")
    func trickyShell() {
        let scripts = [
            "cat <<EOF\nhello $x\nEOF\necho done", "cat <<-'EOF'\n\tbody\n\tEOF\nls", "cat << \"EOF\" > f\nEOF", "cat <<E\\OF\nEOF", "cat <<<word",
            "cat <<< \"$x\"", "a <<EOF <<END\n1\nEOF\n2\nEND", "cat <<EOF;ls\nEOF", "cat <<EOF|grep a\nEOF", "cat <<\nx", "cat <<-\nx", "<<EOF\nEOF",
            "echo 'a\nb' x", "echo \"a\\\"\nb\"", "echo \"a\\\nb\"", "echo \"a\\", "echo 'it''s'\nls", "echo \"$(date \"+%F\")\"",
            "if [ -f x ]; then\n  echo y\nfi", "if true\nthen\necho\nelif false; then :\nelse\n:\nfi", "for i in 1 2; do\necho $i\ndone", "while read l; do :; done < f",
            "until false; do :; done", "select x in a b; do break; done", "case $x in\n  a) echo a;;\n  b|c) echo b;;\nesac", "case x in (a) :;; esac",
            "{ echo a\necho b\n}", "{echo a}", "f() {\n  echo\n}", "( cd /x\n ls )", "x=$(ls\n)", "$(\necho)", "echo a \\\n  b \\\n  c", "echo \\ # not a comment",
            "ls |\ngrep a", "ls &&\necho ok", "ls ||\necho no", "ls &\n", "ls | # comment\nx", "ls # x |", "echo a#b |", "echo a#b", "ls;# c\n{",
            "echo 中文 if", "中文 && \\\nx", "echo “引号” |\nx", "if 中文; then\nfi", "é\nfi", "if\u{301} x\nfi", "fi\u{301}", "x \u{600}|", "x \u{600}&&",
            "echo \"\u{301}\nx\"", "echo '\u{301}x'\n'", "echo a\u{37E}# c", "echo a \u{37E}{ b", "\u{1F1E8}\u{1F1F3} {\n}", "echo 😀|\nx", "echo a\r\n|",
            "  if true; then\n  fi", "\tif x\nfi", "done\ndone", "esac\nesac", "echo }", "} ; {", "echo ${x}", "echo $((1+2))", "a && b &&",
        ]
        let mismatches = scripts.compactMap { shellMismatch(lines($0)) }
        #expect(mismatches.isEmpty, "\(mismatches)")
        var reader = ShellReader()
        reader.feed("cat <<EOF")
        #expect(!reader.isComplete)
        reader.feed("EOF")
        #expect(reader.isComplete)
        reader.feed("echo a |")
        #expect(!reader.isComplete)
    }

    @Test("30,000 seeded random lines, 20,000 of them prompt-shaped")
    func randomPrompts() {
        var random = SplitMix(seed: 2024)
        let pieces = ["a", "b", "z", "R", "0", "7", "_", ".", "-", "$", "#", "@", "[", "]", "(", ")", ":", "~", "/", " ", " ", "\t",
                      "<", ">", "'", "\"", "\\", "|", "&", ";", "{", "}", "!", "=", "*", "\r", "\n", "\u{0B}", "\u{0C}",
                      "中", "é", "ß", "٣", "‿", "\u{A0}", "\u{3000}", "\u{85}", "\u{2028}", "\u{301}", "\u{200D}", "！", "😀"]
        let words = ["root", "user", "host", "m3", "10.0.0.1", "rootcoord", "/milvus", "~", "/dir", "ls", "cmd", "(venv) ", "主机", "dir"]
        var lines: [Substring] = []
        for n in 0..<30_000 {
            let shaped = n % 3 != 0
            var line = ""
            if shaped {
                // Prompt-shaped: optional venv, optional bracket, user@host, a separator and directory, a sign, a command.
                if Bool.random(using: &random) { line += ["(venv) ", "(v) ", "(venv)\t", "(v.1-x)  "].randomElement(using: &random)! }
                let bracket = Int.random(in: 0..<3, using: &random) == 0
                if bracket { line += "[" }
                if Int.random(in: 0..<6, using: &random) > 0 {
                    let names = Int.random(in: 0..<4, using: &random) == 0 ? words : ["root", "dcos", "u_1", "x.y-z", "m3", "10.0.0.1", "host", "主机"]
                    line += names.randomElement(using: &random)! + "@" + names.randomElement(using: &random)!
                }
                line += ["", " ", ":", "~", ":/d", " ~", "\t", ":~ "].randomElement(using: &random)!
                if bracket, Int.random(in: 0..<5, using: &random) > 0 { line += "]" }
                line += ["$", "#", " $", " #", "$", "#", "$$", ""].randomElement(using: &random)!
                if Int.random(in: 0..<3, using: &random) > 0 { line += " " + words.randomElement(using: &random)! }
            }
            for _ in 0..<Int.random(in: 0..<(shaped ? 3 : 14), using: &random) {
                line += Int.random(in: 0..<4, using: &random) == 0 ? words.randomElement(using: &random)! : pieces.randomElement(using: &random)!
            }
            if shaped, Int.random(in: 0..<4, using: &random) == 0 {
                // One odd character anywhere, user and host included.
                var characters = Array(line)
                characters.insert(Character(pieces.randomElement(using: &random)!), at: Int.random(in: 0...characters.count, using: &random))
                line = String(characters)
            }
            lines.append(Substring(line))
        }
        #expect(lines.filter { Prompt.parseByGrammar($0) != nil }.count > 3_000)
        let mismatches = promptMismatches(lines)
        #expect(mismatches.isEmpty, "\(mismatches.count) lines differ, first: \(mismatches.prefix(5))")
    }

    @Test("20,000 seeded random shell line sequences")
    func randomShell() {
        var random = SplitMix(seed: 7)
        let pieces = ["a", "x", "Z", "1", "_", " ", " ", "\t", "$", "#", "@", "[", "]", "(", ")", "{", "}", ":", "~", "/", ".", "-", "<", ">",
                      "'", "\"", "\\", "|", "&", ";", "=", "*", "\r", "中", "é", "，", "😀", "\u{301}", "\u{37E}", "\u{600}", "\u{200D}", "🇨🇳"]
        let words = ["if ", "then", "fi", "for ", "while ", "until ", "do", "done", "case ", "esac", "in ", "else", "elif ", "select ", "echo ",
                     "<<EOF", "<<-EOF", "<<'EOF'", "<< \"EOF\"", "<<<", "&&", "||", "|", "; ", "$(", "\\", "a#b", " # c", "{ ", " }", "中文"]
        let terminators = ["EOF", "\tEOF", "\t\tEOF", "EOF ", "fi", "done", "esac", "}", ")", "\"", "'", ""]
        var mismatches: [String] = []
        for _ in 0..<20_000 {
            var sequence: [Substring] = []
            for _ in 0..<Int.random(in: 1...5, using: &random) {
                if Int.random(in: 0..<5, using: &random) == 0 { sequence.append(Substring(terminators.randomElement(using: &random)!)); continue }
                var line = ""
                for _ in 0..<Int.random(in: 0..<10, using: &random) {
                    line += Int.random(in: 0..<3, using: &random) == 0 ? words.randomElement(using: &random)! : pieces.randomElement(using: &random)!
                }
                sequence.append(Substring(line))
            }
            if let mismatch = shellMismatch(sequence) { mismatches.append(mismatch) }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) sequences differ, first: \(mismatches.prefix(5))")
    }
}
