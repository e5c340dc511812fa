#!/usr/bin/env python3
"""Writes a large guide in milvus.md's style: numbered sections, host prose, per-host comment
segments, transcripts, yaml and python blocks. Usage: gen-guide.py OUT BLOCKS"""
import sys

out, blocks = sys.argv[1], int(sys.argv[2])
parts = ["# Generated guide\n\n| hostname | ip | role |\n|---|---|---|\n"]
parts += [f"| node{i:03d} | 10.9.{i // 250}.{i % 250 + 1} | role{i % 7} |\n" for i in range(200)]
parts.append("\n")
for b in range(blocks):
    if b % 4 == 0:
        parts.append(f"## {b // 4}. Section {b // 4} 部署\n\n")
    a = b % 250 + 1
    kind = b % 4
    parts.append("我们在``/mnt/data``目录下建立相应的目录供工作节点使用，保存日志和数据信息。" * 3 + "\n"
                 f"在``10.9.0.{a}~10.9.0.{min(a + 2, 254)}``共3个节点上分别执行如下操作：\n")
    if kind == 0:
        body = "".join(f"# {i}. 在10.9.0.{min(a + i, 254)}上执行如下命令\nmkdir -p /mnt/data/app/{b}/{i}\nchown -R app /mnt/data/app/{b}/{i}\n\n" for i in range(3))
        parts.append(f"```bash\n{body}```\n\n")
    elif kind == 1:
        parts.append(f"```bash\n[dcos@node{b % 200:03d} ~]$ docker stack deploy --compose-file app-{b}.yaml app\n"
                     + "".join(f"Creating service app_svc{i}\n" for i in range(6)) + "```\n\n")
    elif kind == 2:
        parts.append("```yaml\nservice:\n  name: app\n  port: 8080\n  replicas: 3\n  env:\n"
                     + "".join(f"    KEY{i}: value{i}\n" for i in range(12)) + "```\n\n")
    else:
        parts.append("```bash\nroot@node001:/app# curl -i http://localhost:9091/healthz\nHTTP/1.1 200 OK\n"
                     "Date: Thu, 21 Sep 2023 08:07:43 GMT\nContent-Length: 2\n\n```\n\n")
with open(out, "w") as f:
    f.write("".join(parts))
