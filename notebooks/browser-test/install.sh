#!/usr/bin/env bash
# Installs what the notebooks' browser test (./nflab notebooks browser) needs, and nothing it does
# not: Debian's chromium and jupyter-notebook (apt-get, root or sudo), Node.js and npm when there is
# no node at all (Debian's nodejs; playwright-core needs Node.js 20 or later), and playwright-core
# from package-lock.json (npm ci: from npm's cache when it has the package, else from the registry).
# playwright-core downloads no browser; the test drives /usr/bin/chromium. Idempotent.
#
#   notebooks/browser-test/install.sh          # everything missing
#   notebooks/browser-test/install.sh --no-apt # npm packages only; says which Debian packages are missing
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
NO_APT=0
for arg in "$@"; do
  case "$arg" in
    --no-apt) NO_APT=1 ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "browser-test/install.sh: unknown option $arg (--help for the options)" >&2; exit 2 ;;
  esac
done
say() { printf 'browser-test/install: %s\n' "$*"; }
die() { printf 'browser-test/install: error: %s\n' "$*" >&2; exit 1; }

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -x /usr/bin/jupyter-notebook ] || need+=(jupyter-notebook)
command -v node >/dev/null || need+=(nodejs)
command -v npm >/dev/null || need+=(npm)
if [ "${#need[@]}" -gt 0 ]; then
  [ "$NO_APT" = 0 ] || die "missing Debian packages: ${need[*]} (run this script without --no-apt, as root)"
  command -v apt-get >/dev/null || die "apt-get not found: install ${need[*]} by hand"
  SUDO=()
  [ "$(id -u)" = 0 ] || SUDO=(sudo)
  say "apt-get install ${need[*]}"
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    -o DPkg::Lock::Timeout=300 "${need[@]}" >/dev/null
fi

major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$major" -ge 20 ] || die "Node.js $(node --version) is too old: playwright-core needs 20 or later"

# npm ci installs exactly the lock's versions; --prefer-offline takes them from npm's cache when it
# has them (no registry round trip), from the registry otherwise
if ! (cd "$HERE" && node -e 'require.resolve("playwright-core")' 2>/dev/null) \
   || [ "$HERE/package-lock.json" -nt "$HERE/node_modules/.package-lock.json" ]; then
  say "npm ci (playwright-core, as package-lock.json pins it)"
  (cd "$HERE" && npm ci --prefer-offline --no-audit --no-fund --loglevel=error)
fi
say "ready: $(/usr/bin/chromium --version 2>/dev/null | head -1), jupyter-notebook $(/usr/bin/jupyter-notebook --version 2>/dev/null), node $(node --version), playwright-core $(cd "$HERE" && node -p 'require("playwright-core/package.json").version')"
