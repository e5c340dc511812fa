import Foundation
import Testing
import TestSupport
@testable import RunbookCore

/// `FileSentence.mayHold`, the byte test before the file-sentence expressions, must never turn away
/// a paragraph in which `parse` finds a sentence.
@Suite("the file-sentence byte gate turns away only what parse would not read")
struct FileSentenceGateTests {
    @Test("on seeded random paragraphs, mayHold is false only where parse finds nothing")
    func gateNeverHidesASentence() {
        let pieces = ["Add", "add", "ADD", "append", "Append", "address", "added", "padd", "_add", "add_", "3add", "éadd", "add的",
                      "create", "Create", "write", "save", "ſave", "paﬆe", "put", "output", "place", "replace", "paste", "K",
                      " the following ", " to ", " into ", " at the end of ", " file ", " with", " containing", " following", " as follows",
                      ":", " ", "\n", ".", ",", "`", "/etc/app.conf", "~/.bashrc", "conf/app.ini", "app.yaml", "./run.sh", "a.CONF", "dir ",
                      "directory ", "目录", "在", "向", "往", "添加", "追加", "加入", "增加", "添加到", "加到", "写入", "写到", "写进", "保存",
                      "保存为", "保存到", "保存日志", "覆盖", "创建", "新建", "编辑", "文件", "配置文件", "的", "内容", "内容如下", "内容为", "如下",
                      "，", "。", "mode 0600", "权限为600"]
        var rng = SplitMix(seed: 0xF11E)
        var found = 0, turnedAway = 0
        for _ in 0..<20_000 {
            let text = (0..<Int.random(in: 0...12, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            let bytes = Array(text.utf8)
            let sentence = FileSentence.parse(text)
            if sentence != nil { found += 1 }
            if !FileSentence.mayHold(bytes) {
                turnedAway += 1
                #expect(sentence == nil, "\(text.debugDescription)")
            }
        }
        #expect(found > 500, "the random paragraphs must hold file sentences often (\(found) did)")
        #expect(turnedAway > 2_000, "the gate must turn some away (\(turnedAway) did)")
    }

    @Test("a paragraph of the bench guide is turned away; real sentences are not")
    func examples() {
        #expect(!FileSentence.mayHold(Array("我们在``/mnt/data``目录下建立相应的目录供工作节点使用，保存日志和数据信息。".utf8)))
        #expect(!FileSentence.mayHold(Array("The output goes to the address in /etc/hosts.".utf8)))
        for text in ["Add the following to /etc/redis/redis.conf:", "Create /etc/etcd/etcd.conf with:", "将以下内容写入/etc/hosts",
                     "在 /etc/my.cnf 中添加：", "app.yaml 的内容如下："] {
            #expect(FileSentence.parse(text) != nil, "\(text)")
            #expect(FileSentence.mayHold(Array(text.utf8)), "\(text)")
        }
    }
}
