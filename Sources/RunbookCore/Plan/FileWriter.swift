/// How a file step puts its content on a host: the content comes on stdin, the destination and
/// mode as arguments (`sh -c SCRIPT sh DEST MODE`). POSIX sh and coreutils or busybox, so it also
/// works inside an `on:` wrapper's container.
///
/// - Write: into a temporary file beside the destination, then renamed over it, so a reader never
///   sees half a file and a failure leaves the old one. The mode is the guide's, else the existing
///   file's (its owner kept too, where the login may set it), else 0644.
/// - Append: the same, with the old content first; when the old content already holds the block,
///   nothing is written (appending twice, e.g. on a resume, leaves the lines once).
/// - Missing folders are created (0755 by the umask); a destination that is a directory or a
///   symbolic link is refused with a message, never written through.
public enum FileWriter {
    /// The two scripts, as they stand in a shell line (`exec sh -c '…'`): `run --dry-run` shows each once.
    public static var quotedScripts: [String] { [writeScript, appendScript].map(SessionScript.word) }

    static func argv(destination: String, mode: String?, append: Bool) -> [String] {
        ["sh", "-c", append ? appendScript : writeScript, "sh", destination, mode ?? ""]
    }

    private static let prologue = #"""
        set -eu
        f=$1
        case $f in '~/'*) f=$HOME/${f#'~/'} ;; esac
        if [ -L "$f" ]; then echo "runbook: $f is a symbolic link; not writing through it" >&2; exit 1; fi
        if [ -d "$f" ]; then echo "runbook: $f is a directory; not replacing it with a file" >&2; exit 1; fi
        d=$(dirname -- "$f")
        mkdir -p -- "$d"
        t=$(mktemp "$d/.runbook-write.XXXXXX")
        trap 'rm -f -- "$t"' EXIT

        """#

    private static let epilogue = #"""
        if [ -n "$2" ]; then chmod "$2" "$t"
        elif [ -e "$f" ]; then chmod "$(stat -c %a -- "$f")" "$t"; chown "$(stat -c %u:%g -- "$f")" "$t" 2>/dev/null || :
        else chmod 0644 "$t"; fi
        mv -f -- "$t" "$f"
        trap - EXIT
        """#

    static let writeScript = prologue + "cat > \"$t\"\n" + epilogue

    static let appendScript = prologue + #"""
        new=$(cat; printf x); new=${new%x}
        old=
        if [ -e "$f" ]; then old=$(cat -- "$f"; printf x); old=${old%x}; fi
        case $old in *"$new"*) echo "runbook: $f already holds these lines; not added again"; exit 0 ;; esac
        { printf '%s' "$old"; case $old in '' | *'
        ') ;; *) echo ;; esac; printf '%s' "$new"; } > "$t"

        """# + epilogue
}
