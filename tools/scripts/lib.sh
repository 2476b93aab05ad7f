# Shared by tools/dcfs and tools/run-tests: find JDK 25, install what is missing from Debian.
# Sourced, not run. Every failure ends in one clear line on stderr.

dcfs_die() { echo "dcfs: $*" >&2; exit 1; }

# Prints the home of a JDK whose feature version is 25 or newer, or fails with a clear message.
# Looks at JAVA_HOME, then the java on PATH, then /usr/lib/jvm/*.
dcfs_find_jdk() {
  local c candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for c in /usr/lib/jvm/*; do candidates+=("$c"); done
  for c in "${candidates[@]}"; do
    [ -x "$c/bin/java" ] && [ -x "$c/bin/javac" ] || continue
    local v
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$c/release" 2>/dev/null)
    if [ -n "$v" ] && [ "$v" -ge 25 ]; then echo "$c"; return 0; fi
  done
  dcfs_die "needs a JDK 25 (Temurin's, under /usr/lib/jvm); none found in JAVA_HOME, on PATH or in /usr/lib/jvm. Install one or set JAVA_HOME."
}

# Installs Debian packages that are missing; refuses clearly when it cannot.
# Usage: dcfs_ensure_packages pkg:probe-path ...
dcfs_ensure_packages() {
  local spec pkg probe missing=()
  for spec in "$@"; do
    pkg=${spec%%:*}; probe=${spec#*:}
    [ -e "$probe" ] || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    dcfs_die "missing Debian packages: ${missing[*]}. Install them (apt-get install -y ${missing[*]}) and run again."
  fi
  echo "dcfs: installing ${missing[*]} (apt-get)..." >&2
  if ! { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/tmp/dcfs-apt.log 2>&1 ||
         { apt-get update -qq >>/tmp/dcfs-apt.log 2>&1 &&
           DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >>/tmp/dcfs-apt.log 2>&1; }; }; then
    tail -5 /tmp/dcfs-apt.log >&2
    dcfs_die "could not install ${missing[*]} (log: /tmp/dcfs-apt.log)"
  fi
}

dcfs_ensure_fuse() {
  dcfs_ensure_packages fuse:/usr/bin/fusermount libfuse2:/usr/lib/x86_64-linux-gnu/libfuse.so.2
  [ -e /dev/fuse ] || dcfs_die "/dev/fuse is missing: this machine (or container) has no FUSE; load the fuse module or run with --device /dev/fuse"
}

# The JVM flags every dcfs process needs; the one copy lives in the root pom (dcfs.jvm.flags).
dcfs_jvm_flags() {
  sed -n 's:.*<dcfs.jvm.flags>\(.*\)</dcfs.jvm.flags>.*:\1:p' "$1/pom.xml"
}
