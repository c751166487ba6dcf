#!/usr/bin/env bash
# Installs what the kit's notebooks need on a Debian/Ubuntu machine and registers the `nflab-java`
# Jupyter kernel. Idempotent: run it again after pulling or rebuilding.
#
#   notebooks/install-kernel.sh                 # Jupyter (headless), kernel build, kernelspec, check
#   notebooks/install-kernel.sh --with-notebook # also the classic notebook UI (jupyter-notebook)
#
# Options:
#   --with-notebook   also apt-get install jupyter-notebook (to open notebooks in a browser)
#   --no-apt          do not call apt-get (fail if something is missing)
#   --no-check        do not run notebooks/00-kernel-check.ipynb at the end
#   --skip-core       do not build core (use core/target as it is); the kernel is built only if stale
#   --user            register the kernelspec for this user even when root
#   --hint-for=PKG,.. only say how to install these (Debian names) with this platform's package
#                     manager (what ./nflab says on macOS, Fedora, Arch, openSUSE), and exit 1
#
# As root the kernelspec goes to /usr/local/share/jupyter/kernels/nflab-java; as a user to
# ~/.local/share/jupyter/kernels/nflab-java (apt-get then runs through sudo, if anything is missing).
# Debian's Jupyter runs with /usr/bin/python3: a python3 earlier on PATH (pyenv, venv) is not used.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
KERNEL_NAME=nflab-java

WITH_NOTEBOOK=0 NO_APT=0 NO_CHECK=0 SKIP_CORE=0 FORCE_USER=0 HINT_FOR=""
for arg in "$@"; do
  case "$arg" in
    --with-notebook) WITH_NOTEBOOK=1 ;;
    --no-apt) NO_APT=1 ;;
    --no-check) NO_CHECK=1 ;;
    --skip-core) SKIP_CORE=1 ;;
    --user) FORCE_USER=1 ;;
    --hint-for=*) HINT_FOR=${arg#--hint-for=} ;;
    -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
    *) echo "install-kernel: unknown option $arg" >&2; exit 2 ;;
  esac
done

say() { printf 'install-kernel: %s\n' "$*"; }
die() { printf 'install-kernel: error: %s\n' "$*" >&2; exit 1; }

SUDO=()
if [ "$(id -u)" -ne 0 ]; then SUDO=(sudo); fi

# install_hint DEBIAN-PKGS...: no apt-get here (not Debian or Ubuntu): the same software with this
# platform's own package manager, or the two ways in that work on any OS
install_hint() {
  local id="" like="" java=0 mvn=0 jup=0 p
  for p in "$@"; do
    case $p in openjdk-*) java=1 ;; maven) mvn=1 ;; *) jup=1 ;; esac
  done
  if [ "$(uname -s)" = Darwin ]; then id=macos
  elif [ -r "${NFLAB_OS_RELEASE:-/etc/os-release}" ]; then  # (the variable: for tests)
    local osr=${NFLAB_OS_RELEASE:-/etc/os-release}
    # shellcheck source=/dev/null
    id=$(. "$osr"; echo "${ID:-}")
    # shellcheck source=/dev/null
    like=$(. "$osr"; echo "${ID_LIKE:-}")
  fi
  # the platform's names for: a JDK 17, Maven, Jupyter (notebook, nbclient, nbconvert, jupyter_client)
  local mgr="" names=()
  case " $id $like " in
    *" macos "*) mgr="brew install"; names=(openjdk@17 maven "") ;;
    *" fedora "*|*" rhel "*|*" centos "*)
      mgr="sudo dnf install"; names=(java-17-openjdk-devel maven "python3-notebook python3-nbclient python3-nbconvert python3-jupyter-client") ;;
    *" arch "*)
      mgr="sudo pacman -S"; names=(jdk17-openjdk maven "jupyter-notebook python-nbclient jupyter-nbconvert python-jupyter-client") ;;
    *" opensuse"*|*" suse "*)
      mgr="sudo zypper install"; names=(java-17-openjdk-devel maven "python3-notebook python3-nbclient python3-nbconvert python3-jupyter-client") ;;
  esac
  local cmd=""
  if [ -n "$mgr" ]; then
    cmd=$mgr
    [ $java = 0 ] || cmd="$cmd ${names[0]}"
    [ $mvn = 0 ] || cmd="$cmd ${names[1]}"
    if [ $jup = 1 ]; then
      if [ -n "${names[2]}" ]; then cmd="$cmd ${names[2]}"
      else cmd="$cmd; /usr/bin/python3 -m pip install --user notebook nbclient nbconvert"; fi
    fi
    [ "$cmd" != "$mgr" ] || cmd=""
  fi
  printf 'install-kernel: this is not Debian or Ubuntu (no apt-get); missing: %s\n' "$*" >&2
  if [ -n "$cmd" ]; then
    printf 'install-kernel: install them with: %s\n' "$cmd" >&2
    [ $jup = 0 ] || printf 'install-kernel: (Jupyter must be importable by /usr/bin/python3), then run ./nflab notebooks again\n' >&2
  else
    printf 'install-kernel: install a JDK 17, Maven and Jupyter (notebook, nbclient, nbconvert for /usr/bin/python3) with your package manager\n' >&2
  fi
  printf 'install-kernel: or use a ready course environment: the VM (vagrant up) or the dev container (.devcontainer/); see README.md, Quick start\n' >&2
}

if [ -n "$HINT_FOR" ]; then
  IFS=, read -r -a hint_pkgs <<< "$HINT_FOR"
  install_hint "${hint_pkgs[@]}"
  exit 1
fi

APT_UPDATED=0
apt_install() {
  [ "$#" -gt 0 ] || return 0
  command -v apt-get >/dev/null || { install_hint "$@"; exit 1; }
  [ "$NO_APT" -eq 0 ] || die "missing packages: $* (run without --no-apt, or install them)"
  if [ "$APT_UPDATED" -eq 0 ]; then
    say "apt-get update"
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
    APT_UPDATED=1
  fi
  say "apt-get install $*"
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >/dev/null
}

# --- 1. Jupyter from Debian's packages -------------------------------------------------------------
PY=/usr/bin/python3
need=()
# the kernelspec needs jupyter_client; the check (and headless runs) also nbclient and nbconvert
# (which Ubuntu 20.04 does not package: there the VM serves notebooks with --no-check)
modules='import jupyter_client'; [ "$NO_CHECK" -eq 1 ] || modules='import nbclient, nbformat, jupyter_client, nbconvert'
if ! [ -x "$PY" ] || ! "$PY" -c "$modules" 2>/dev/null; then
  need+=(jupyter-client jupyter-core)
  [ "$NO_CHECK" -eq 1 ] || need+=(python3-nbclient python3-nbconvert jupyter-nbconvert)
elif ! [ -x /usr/bin/jupyter-kernelspec ]; then
  need+=(jupyter-client jupyter-core)
fi
if [ "$WITH_NOTEBOOK" -eq 1 ] && ! [ -x /usr/bin/jupyter-notebook ]; then
  need+=(jupyter-notebook)
fi

# --- 2. A JDK 17+ (JShell needs jdk.jshell and the compiler) and Maven ----------------------------
java_ok() {
  local j="$1"
  [ -x "$j" ] || return 1
  local v
  v="$("$j" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
  [ -n "$v" ] && [ "${v%%.*}" -ge 17 ] 2>/dev/null || return 1
  "$j" --list-modules 2>/dev/null | grep -q '^jdk.jshell@'
}
JAVA=""
for cand in "${JAVA_HOME:+$JAVA_HOME/bin/java}" "$(command -v java 2>/dev/null || true)"; do
  [ -n "$cand" ] || continue
  cand="$(readlink -f "$cand")"
  if java_ok "$cand"; then JAVA="$cand"; break; fi
done
if [ -z "$JAVA" ]; then need+=(openjdk-17-jdk-headless); fi
if ! command -v mvn >/dev/null; then need+=(maven); fi

apt_install "${need[@]}"

if [ -z "$JAVA" ]; then
  for cand in "$(command -v java 2>/dev/null || true)" /usr/lib/jvm/java-17-openjdk-*/bin/java; do
    [ -n "$cand" ] || continue
    cand="$(readlink -f "$cand")"
    if java_ok "$cand"; then JAVA="$cand"; break; fi
  done
fi
[ -n "$JAVA" ] || die "no JDK 17+ with jdk.jshell found (set JAVA_HOME)"
JAVA_HOME_FOR_MVN="$(dirname "$(dirname "$JAVA")")"
say "java: $JAVA"

# --- 3. Build the kernel (and the kit's core, whose jars the notebooks use) -----------------------
MVN=(mvn -q -B -DskipTests)
# The kernel's tests use core's dev.nflab.notebook.Show (the notebooks' display helper), so the kernel
# is built in the root reactor with core (-am). With --skip-core and core's jar already in
# core/target, only the kernel is built (core from that jar is enough to compile its tests).
if [ "$SKIP_CORE" -eq 1 ] && compgen -G "$ROOT/core/target/nflab-core-*.jar" >/dev/null \
   && [ -f "$ROOT/notebooks/kernel/target/nflab-kernel.jar" ] \
   && [ -z "$(find "$ROOT/notebooks/kernel/pom.xml" "$ROOT/notebooks/kernel/src/main" -newer "$ROOT/notebooks/kernel/target/nflab-kernel.jar" -type f -print -quit)" ]; then
  say "notebooks/kernel is up to date"
else
  say "building notebooks/kernel (with core, which its tests use)"
  JAVA_HOME="$JAVA_HOME_FOR_MVN" "${MVN[@]}" -f "$ROOT/pom.xml" -pl notebooks/kernel -am package \
    || die "kernel build failed"
fi
KTARGET="$ROOT/notebooks/kernel/target"
for f in nflab-kernel.jar lib; do
  [ -e "$KTARGET/$f" ] || die "missing $KTARGET/$f after the build"
done

# --- 4. The kernelspec -------------------------------------------------------------------------------
# The kernel and its libraries are copied into the kernelspec folder ({resource_dir}); the kit's jars
# are named by pattern in the checkout, so a rebuilt core is picked up without reinstalling.
STAGE="$(mktemp -d)"
trap 'rm -rf "$STAGE"' EXIT
SPEC="$STAGE/$KERNEL_NAME"
mkdir -p "$SPEC/lib"
cp "$KTARGET/nflab-kernel.jar" "$SPEC/"
cp "$KTARGET"/lib/*.jar "$SPEC/lib/"
# The kit's core, copied into the kernelspec ({resource_dir}/core): the notebooks run against a
# stable copy, so a core rebuilt meanwhile (by another build in the same checkout) cannot break a
# running kernel, and the class-data archive below can cover core's classes. The libraries are
# copied without their jar signatures (eclipse-collections is signed): the JVM verifies a signed jar
# on first use (about a second of every cold start on 2 cores) and a class-data archive cannot hold
# its classes. `./nflab notebooks run` re-stages the copy whenever core/target changed
# (kernel.json's metadata.nflab.core_stamp).
mkdir -p "$SPEC/core/lib"
CORE_JARS=("$ROOT"/core/target/nflab-core-*.jar)
if [ -f "${CORE_JARS[0]}" ] && compgen -G "$ROOT/core/target/lib/*.jar" >/dev/null; then
  cp "${CORE_JARS[@]}" "$SPEC/core/"
  cp "$ROOT"/core/target/lib/*.jar "$SPEC/core/lib/"
  "$PY" - "$SPEC/core/lib" <<'PYEOF'
import os, sys, zipfile
d = sys.argv[1]
for name in sorted(os.listdir(d)):
    path = os.path.join(d, name)
    with zipfile.ZipFile(path) as z:
        signed = [n for n in z.namelist()
                  if n.startswith("META-INF/") and n.rsplit(".", 1)[-1].upper() in ("SF", "RSA", "DSA", "EC")]
        if not signed:
            continue
        items = [(i, z.read(i.filename)) for i in z.infolist() if i.filename not in signed]
    with zipfile.ZipFile(path + ".tmp", "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in items:
            out.writestr(info, data)
    os.replace(path + ".tmp", path)
PYEOF
else
  say "warning: core is not built (core/target): notebooks that use the kit's classes will fail; build it and run this again"
fi
CORE_STAMP="$("$PY" "$HERE/tools/run_notebooks.py" --core-stamp "$SPEC")"  # of the copies
USER_CP="{resource_dir}/core/*.jar:{resource_dir}/core/lib/*.jar"
"$PY" - "$SPEC/kernel.json" "$JAVA" "$USER_CP" "$ROOT" "$CORE_STAMP" <<'PYEOF'
import json, sys
path, java, cp, root, stamp = sys.argv[1:6]
spec = {
    "argv": [java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
             "-Dfile.encoding=UTF-8", "-Djava.awt.headless=true",
             "-jar", "{resource_dir}/nflab-kernel.jar",
             "--class-path", cp, "{connection_file}"],
    "display_name": "Java (nflab)",
    "language": "java",
    "interrupt_mode": "message",
    "env": {},
    "metadata": {"nflab": {"class_path": cp, "checkout": root, "core_stamp": stamp}},
}
with open(path, "w") as f:
    json.dump(spec, f, indent=1)
    f.write("\n")
PYEOF

SCOPE=()
if [ "$(id -u)" -ne 0 ] || [ "$FORCE_USER" -eq 1 ]; then SCOPE=(--user); fi
/usr/bin/jupyter-kernelspec install --replace --name "$KERNEL_NAME" "${SCOPE[@]}" "$SPEC" >/dev/null 2>&1 \
  || /usr/bin/jupyter-kernelspec install --replace --name "$KERNEL_NAME" "${SCOPE[@]}" "$SPEC"
DEST="$(/usr/bin/jupyter-kernelspec list 2>/dev/null | awk -v n="$KERNEL_NAME" '$1==n {print $2}')"
[ -n "$DEST" ] || die "kernelspec $KERNEL_NAME not registered"
say "kernelspec $KERNEL_NAME -> $DEST"

# A class-data archive of JShell and the compiler, written by one training run of the installed
# kernel, makes each cold start about a second cheaper. Best effort: without it the kernel is the same.
JSA="$DEST/nflab-kernel.jsa"
rm -f "$JSA"
RESOLVED_CP="${USER_CP//\{resource_dir\}/$DEST}"
# The training runs the code cells of the kit's notebooks too (from the notebooks folder, where
# their relative paths hold), so the archive covers the classes they load.
TRAIN_CELLS="$STAGE/train-cells.txt"
"$PY" - "$HERE" "$TRAIN_CELLS" <<'PYEOF'
import glob, json, os, sys
here, out = sys.argv[1:3]
with open(out, "w", encoding="utf-8") as f:
    for path in sorted(glob.glob(os.path.join(here, "[0-9][0-9]-*.ipynb"))):
        for cell in json.load(open(path, encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "code" and "raises-exception" not in cell.get("metadata", {}).get("tags", []):
                f.write("".join(cell["source"]) + "\n//--nflab-cell--\n")
PYEOF
if (cd "$HERE" && "$JAVA" -XX:ArchiveClassesAtExit="$JSA" -Xlog:cds=off -Xlog:cds+dynamic=off -XX:+UseSerialGC \
     -XX:TieredStopAtLevel=1 -jar "$DEST/nflab-kernel.jar" --class-path "$RESOLVED_CP" --train-cells "$TRAIN_CELLS" \
     >/dev/null 2>&1) && [ -s "$JSA" ]; then
  "$PY" - "$DEST/kernel.json" <<'PYEOF'
import json, sys
path = sys.argv[1]
spec = json.load(open(path))
argv = spec["argv"]
i = argv.index("-jar")
spec["argv"] = argv[:i] + ["-XX:SharedArchiveFile={resource_dir}/nflab-kernel.jsa",
                           "-Xlog:cds=off", "-Xlog:cds+dynamic=off"] + argv[i:]
with open(path, "w") as f:
    json.dump(spec, f, indent=1)
    f.write("\n")
PYEOF
  say "class-data archive written ($(du -h "$JSA" | cut -f1))"
else
  rm -f "$JSA"
  say "note: no class-data archive (the kernel starts a little slower)"
fi

# --- 5. Check ------------------------------------------------------------------------------------------
if [ "$NO_CHECK" -eq 0 ] && [ -f "$HERE/00-kernel-check.ipynb" ]; then
  say "checking: notebooks/00-kernel-check.ipynb"
  "$PY" "$HERE/tools/run_notebooks.py" --kernel "$KERNEL_NAME" "$HERE/00-kernel-check.ipynb" \
    || die "the kernel check failed (see above)"
fi
say "done. Run all notebooks: /usr/bin/python3 notebooks/tools/run_notebooks.py"
