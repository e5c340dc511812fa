import Foundation
import Testing
@testable import RunbookCore

/// `Redactor.yamlSecrets` as it was written with Foundation (split, trimming, lowercased, range(of:)),
/// with two fixes since: lines are split at every LF and lose a CR at their end (before, a CRLF file
/// was one line, its "value" the rest of the file, and its secrets went unmasked), and the blanks before
/// a comment are not part of the value. The reference for the one-pass version.
private func referenceYamlSecrets(in text: String) -> [String] {
    var found: [String] = []
    for rawLine in text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: true) {
        var line = String(String.UnicodeScalarView(rawLine))
        if line.unicodeScalars.last == "\r" { line = String(String.UnicodeScalarView(line.unicodeScalars.dropLast())) }
        guard let colon = line.firstIndex(of: ":") else { continue }
        let key = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
        guard ["password", "passwd", "secret", "token", "accesskey", "secretaccesskey", "accesskeyid", "apikey", "api_key"]
                .contains(where: { key.hasSuffix($0) }) else { continue }
        var value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        if let hash = value.range(of: #"[ \t]#"#, options: .regularExpression) {
            value = value[..<hash.lowerBound].trimmingCharacters(in: .whitespaces)
        }
        value = value.trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
        if value.count >= 3 { found.append(value) }
    }
    return found
}

/// `Redactor.mask` as it was written with Foundation: each secret in turn, everywhere.
private func referenceMask(_ text: String, _ values: [String]) -> String {
    var result = text
    for value in values where result.contains(value) { result = result.replacingOccurrences(of: value, with: "****") }
    return result
}

@Suite("Redactor")
struct RedactorTests {
    @Test("YAML secrets: quotes, comments, case, short values, key suffixes")
    func yamlSecrets() {
        let yaml = """
            service:
              name: app
              password: "s3cr3t-one" # the admin's
              adminPassword: 'two-2'
              DB_PASSWD:\tthree333\t
              secretAccessKey: AKIA/four+4 # rotate
              accessKeyId: AKIAFIVE
              api_key: five-5-5
              apiKey: "'six666'"
              token: ab
              github_token: "xy"
              keyName: not-a-secret
              KEY0: value0
              passwords: plural-is-not-a-key
              url: http://host:8080/password
            minio:
              secret: seven#7
              Secret: eight 8 #comment
            """
        #expect(Redactor.yamlSecrets(in: yaml) == [
            "s3cr3t-one", "two-2", "three333", "AKIA/four+4", "AKIAFIVE", "five-5-5", "six666", "seven#7", "eight 8",
        ])
    }

    @Test("a CRLF file's secrets are its values, and blanks before a comment are not part of one")
    func crlfAndComments() {
        #expect(Redactor.yamlSecrets(in: "user: dcos\r\npassword: hunter22\r\ntoken: abc\t# note\r\n") == ["hunter22", "abc"])
        #expect(Redactor.yamlSecrets(in: "password: s3cret   # rotate monthly\n") == ["s3cret"])
        let redactor = Redactor(values: Redactor.yamlSecrets(in: "password: hunter22\r\n"))
        #expect(redactor.mask("mysql -phunter22 -e 'select 1'") == "mysql -p**** -e 'select 1'")
    }

    @Test("YAML secrets match the Foundation version line for line", arguments: [
        "password: abc  # two spaces before the comment\n",
        "password:    \n  token:\n",
        "password: \"\"\"quoted\"'\n",
        "password: x\r\ny\r\n",
        "key: v\r\npassword: crlf-line\r\nnext: line\r\n",
        "password: ab\r\n",
        "password:\u{00A0}nbsp-value\u{00A0}\n",
        "パスワード password: 秘密の値 # 注\n",
        "api\u{212A}ey: kelvin-sign\n",
        "password:\u{301}combining\n",
        "\u{600}password: prepend\n",
        "\n\n\npassword: a\n\npassword: abc\n\n",
        "no newline at the end token: abc",
        ":\n:::\npassword::::\n",
    ])
    func yamlSecretsMatchReference(_ yaml: String) {
        #expect(Redactor.yamlSecrets(in: yaml) == referenceYamlSecrets(in: yaml))
    }

    @Test("YAML with no secret key gives no secret")
    func noSecrets() {
        let yaml = (0..<12).map { "    KEY\($0): value\($0)\n" }.joined()
        #expect(Redactor.yamlSecrets(in: yaml).isEmpty)
        #expect(Redactor(values: Redactor.yamlSecrets(in: yaml)).values.isEmpty)
    }

    @Test("masking a large text: every occurrence, longest secret first, as the Foundation version")
    func maskLargeText() {
        let redactor = Redactor(values: ["hunter2-long", "hunter2", "AKIA/xyz", "ab", "kelvin\u{212A}", "ter2-lo"])
        #expect(redactor.values == ["hunter2-long", "AKIA/xyz", "hunter2", "kelvin\u{212A}", "ter2-lo"])
        var text = String(repeating: "plain line of plan output with no secret in it at all\n", count: 40_000)
        text += "x hunter2-long y hunter2 z AKIA/xyzAKIA/xyz 部署 kelvin\u{212A} ter2-lo hunter2hunter2-long\n"
        text += String(repeating: "tail\n", count: 1_000)
        let masked = redactor.mask(text)
        #expect(masked == referenceMask(text, redactor.values))
        #expect(masked.contains("x **** y **** z ******** 部署 **** **** ********\n"))
        #expect(redactor.mask(Array(text.utf8)) == Array(masked.utf8))
    }

    @Test("masking leaves text without secrets untouched, and masks across earlier masks")
    func maskEdges() {
        let redactor = Redactor(values: ["s3cret", "**s3", "t**"])
        let clean = String(repeating: "nothing here\n", count: 10_000)
        #expect(redactor.mask(clean) == clean)
        #expect(redactor.mask(Array(clean.utf8)) == Array(clean.utf8))
        for text in ["a s3cret b", "s3cret**", "**s3cret", "s3cres3cret", "t**s3", "ts3cret"] {
            #expect(redactor.mask(text) == referenceMask(text, redactor.values))
        }
        #expect(Redactor(values: []).mask("s3cret") == "s3cret")
    }
}
