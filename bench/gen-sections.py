#!/usr/bin/env python3
"""Writes a guide of many small sections in the shape of public English guides: prose paragraphs,
unlabelled fences, $ prompts, variables, cd, file sentences, output labels, placeholders.
Usage: gen-sections.py OUT SECTIONS"""
import sys
out, n = sys.argv[1], int(sys.argv[2])
parts = ["# Operations guide\n\nThis guide sets up the service on a few machines. Read each section before you run it.\n\n"]
for s in range(n):
    h = f"10.1.{s % 4}.{s % 200 + 10}"
    parts.append(f"## Step {s}: configure part {s}\n\n")
    parts.append("The service keeps its state under a data folder; make sure the disk has room, and that the clock is in sync. "
                 "Nothing here restarts other services, so it is safe to repeat. See the notes at the end for details.\n\n")
    k = s % 5
    if k == 0:
        parts.append(f"On {h}, run:\n\n```\nsudo mkdir -p /srv/app{s}\ncd /srv/app{s}\nexport APP_HOME=/srv/app{s}\nls -la $APP_HOME\n```\n\n")
    elif k == 1:
        parts.append(f"Add the following to /etc/app/app{s}.conf:\n\n```\nlisten = 0.0.0.0:{8000 + s}\ndata = /srv/app{s}\nworkers = 4\n```\n\n")
    elif k == 2:
        parts.append(f"Check that it answers:\n\n```\n$ curl -s http://localhost:{8000 + s}/health\nok\n$ systemctl is-active app{s}\nactive\n```\n\n")
    elif k == 3:
        parts.append(f"Then, on {h}, set the password:\n\n```bash\napp-admin --user admin --password <your-password> --port {8000 + s}\necho \"done for ${{APP_HOME:-/srv}}\"\n```\n\n")
    else:
        parts.append("The output looks like this:\n\n```\nINFO started\nINFO listening on 0.0.0.0\n```\n\n"
                     "A second paragraph says more about it; it names no host and asks for nothing in particular.\n\n")
with open(out, "w") as f:
    f.write("".join(parts))
