#!/usr/bin/env bash
# Logins for the become: tests (run as root; idempotent; safe to run concurrently):
#
#   printf '%s\n' PASSWORD | scripts/test-sudo-users.sh
#
#   - rbsudo:   sudo without a password (NOPASSWD), like a cloud image's default user;
#   - rbsudopw: sudo with its own password, PASSWORD (read on stdin, never in argv).
# Each has a home of its own, /home/USER (0700, made here), and no shell start-up files, and
# both take the test hosts' shared key (scripts/test-hosts.sh). The rules are one file,
# /etc/sudoers.d/runbook-tests, checked with visudo -cf before it is installed.
set -euo pipefail
umask 022
[ "$(id -u)" -eq 0 ] || { echo "test-sudo-users: must run as root" >&2; exit 1; }
command -v visudo >/dev/null || { echo "test-sudo-users: sudo is not installed (scripts/deps.sh)" >&2; exit 1; }
IFS= read -r password || [ -n "$password" ] || { echo "test-sudo-users: the password comes on stdin" >&2; exit 1; }

# Serialised with other scripts creating users (milvus-sim/cluster.sh): two useradd or chpasswd at
# once fail on the shadow suite's own lock.
(
    flock 9
    for user in rbsudo rbsudopw; do
        id "$user" >/dev/null 2>&1 || useradd -M -d "/home/$user" -s /bin/bash -p '*' "$user"
        install -d -m 0700 -o "$user" -g "$user" "/home/$user"
    done
    # '*' (no password, not locked): sshd refuses key logins to a locked account when PAM is off.
    [ "$(getent shadow rbsudo | cut -d: -f2)" = '*' ] || usermod -p '*' rbsudo
    printf 'rbsudopw:%s\n' "$password" | chpasswd
) 9</etc/passwd

rules=$(mktemp)
trap 'rm -f "$rules"' EXIT
cat >"$rules" <<'EOF'
# Written by runbook's scripts/test-sudo-users.sh for its become: tests.
rbsudo ALL=(ALL:ALL) NOPASSWD: ALL
rbsudopw ALL=(ALL:ALL) ALL
EOF
visudo -cqf "$rules" >/dev/null
if ! cmp -s "$rules" /etc/sudoers.d/runbook-tests 2>/dev/null; then
    install -m 0440 "$rules" /etc/sudoers.d/.runbook-tests.new
    mv -f /etc/sudoers.d/.runbook-tests.new /etc/sudoers.d/runbook-tests
fi
visudo -cq >/dev/null
