#!/bin/sh
# Records what real iptables prints for an extension's cases: lab/iptables-cases/NAME.cases ->
# OUTDIR/NAME.nft.txt and OUTDIR/NAME.legacy.txt, one transcript per back end. Each paragraph of
# the cases file runs in its own new network namespace (unshare -n, lo up): nothing outside it
# changes. In the transcript, "## namespace N" starts a paragraph, "$ COMMAND" is followed by what
# the command printed (stdout and stderr together) and "[exit N]" when N is not 0; ping's own
# output is left out.
# Usage (as root): lab/record-iptables.sh lab/iptables-cases/length.cases data/real-iptables-1.8.9/extensions
set -eu

[ "$#" -eq 2 ] || { echo "usage: $0 CASES OUTDIR" >&2; exit 2; }
cases=$1
outdir=$2
[ -r "$cases" ] || { echo "lab: error: cannot read $cases" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || { echo "lab: error: run as root (unshare -n)" >&2; exit 1; }
mkdir -p "$outdir"
name=$(basename "$cases" .cases)

# Runs one paragraph (the commands on stdin, IPT replaced) in a new network namespace.
run_case() {
    # shellcheck disable=SC2016 # the inner shell expands these
    unshare -n sh -c '
        ip link set lo up
        while IFS= read -r cmd; do
            printf "\$ %s\\n" "$cmd"
            case $cmd in
                *ping\ *) status=0; sh -c "$cmd" >/dev/null 2>&1 || status=$? ;;
                *) status=0; sh -c "$cmd" 2>&1 || status=$? ;;
            esac
            [ "$status" -eq 0 ] || echo "[exit $status]"
        done'
}

for backend in nft legacy; do
    out="$outdir/$name.$backend.txt"
    {
        echo "# $("iptables-$backend" --version), Linux $(cat /proc/sys/kernel/osrelease), $(date -u +%Y-%m-%d)"
        echo "# recorded by lab/record-iptables.sh $cases (one namespace per paragraph)"
        paragraph=""
        n=0
        while IFS= read -r line || [ -n "$line" ]; do
            case $line in
                '#'*) continue ;;
                '') if [ -n "$paragraph" ]; then n=$((n + 1)); echo "## namespace $n"; printf '%s\n' "$paragraph" | run_case; paragraph=""; fi ;;
                *) line=$(printf '%s\n' "$line" | sed "s/^IPT /iptables-$backend /")
                   paragraph="${paragraph:+$paragraph
}$line" ;;
            esac
        done < "$cases"
        if [ -n "$paragraph" ]; then n=$((n + 1)); echo "## namespace $n"; printf '%s\n' "$paragraph" | run_case; fi
    } > "$out"
    echo "[lab] wrote $out" >&2
done
