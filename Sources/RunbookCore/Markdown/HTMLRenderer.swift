internal import CCmark
import Foundation

/// Renders a guide to HTML with libcmark, inserting raw HTML after chosen blocks: the executed
/// document of `runbook report` (each block followed by its per-host verdicts and output).
public enum HTMLRenderer {
    /// The body HTML of `markdown`, with `after[line]` inserted after the block that starts on that line.
    /// The inserted HTML is trusted (built by runbook); the guide's own raw HTML is kept as cmark renders it.
    public static func render(_ markdown: String, insertingAfter after: [Int: String]) -> String {
        var source = markdown
        return source.withUTF8 { buffer -> String in
            let root = buffer.withMemoryRebound(to: CChar.self) { chars in
                cmark_parse_document(chars.baseAddress, chars.count, CMARK_OPT_SOURCEPOS | CMARK_OPT_VALIDATE_UTF8)
            }
            guard let root else { return "" }
            defer { cmark_node_free(root) }
            // Collect first, then insert: inserting while iterating would visit the new nodes.
            var targets: [(OpaquePointer, String)] = []
            if let iterator = cmark_iter_new(root) {
                var done = Set<Int>()
                while true {
                    let event = cmark_iter_next(iterator)
                    if event == CMARK_EVENT_DONE { break }
                    guard event == CMARK_EVENT_EXIT || isLeaf(cmark_iter_get_node(iterator)), let node = cmark_iter_get_node(iterator) else { continue }
                    let type = cmark_node_get_type(node)
                    guard type == CMARK_NODE_CODE_BLOCK || type == CMARK_NODE_PARAGRAPH || type == CMARK_NODE_HTML_BLOCK else { continue }
                    let line = Int(cmark_node_get_start_line(node))
                    if let html = after[line], done.insert(line).inserted { targets.append((node, html)) }
                }
                cmark_iter_free(iterator)
            }
            for (node, html) in targets {
                guard let block = cmark_node_new(CMARK_NODE_HTML_BLOCK) else { continue }
                _ = cmark_node_set_literal(block, html)
                // A paragraph inside a list item: insert after the item's paragraph all the same.
                _ = cmark_node_insert_after(node, block)
            }
            guard let rendered = cmark_render_html(root, CMARK_OPT_UNSAFE) else { return "" }
            defer { free(rendered) }
            return String(cString: rendered)
        }
    }

    private static func isLeaf(_ node: OpaquePointer?) -> Bool {
        guard let node else { return false }
        let type = cmark_node_get_type(node)
        return type == CMARK_NODE_CODE_BLOCK || type == CMARK_NODE_HTML_BLOCK
    }

    /// `text` safe inside HTML.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}
