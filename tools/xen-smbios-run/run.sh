#!/bin/sh
# Builds Xen's own hvmloader smbios.c from each release tag given (unmodified; util.h and
# hypercall.h replaced by stub/) and compares what it writes with hvmpack's guest view:
#   XEN_GIT=/path/to/xen.git ./run.sh 4.3.0 4.9.4 4.22.0
# Needs gcc, node, a built checkout (npx tsc -b) and ../shared/oracle/hvmloader (or ORACLE=…/4.21).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
: "${XEN_GIT:?set XEN_GIT to a clone of xen-project/xen}"
WORK=${WORK:-$(mktemp -d)}; export WORK
for tag in "$@"; do
  d=$WORK/x-$tag
  [ -x "$d/harness" ] && continue
  mkdir -p "$d/src" "$d/inc"
  git -C "$XEN_GIT" archive "RELEASE-$tag" tools/firmware/hvmloader/smbios.c tools/firmware/hvmloader/smbios_types.h xen/include/public | tar -x -C "$d/src"
  ln -sf "$d/src/xen/include/public" "$d/inc/xen"
  gcc -O1 -w -D__XEN_TOOLS__ -D'__SMBIOS_DATE__="01/01/2025"' -I"$here/stub" -I"$d/inc" -I"$d/src/tools/firmware/hvmloader" \
    -o "$d/harness" "$here/harness.c" "$d/src/tools/firmware/hvmloader/smbios.c"
done
node "$here/compare.mjs" "$@"
node "$here/crafted.mjs" "$@"
