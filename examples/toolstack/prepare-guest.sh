#!/usr/bin/env bash
# A toolstack script: prepare a guest from a host dump with hvmpack, then print (dry run) the
# commands that would start it: xl create -p, the xenstore writes, xl unpause.
#   prepare-guest.sh NAME [HOST_SMBIOS [HOST_ACPI]]     (no host files: the built-in example host)
# HVMPACK names the CLI (default: this checkout's); OUT the folder for guests (default: out/guests).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
hvmpack() { ${HVMPACK:-node "$here/../../packages/cli/bin/hvmpack.js"} "$@"; }

[ "$#" -ge 1 ] || { echo "usage: $0 NAME [HOST_SMBIOS [HOST_ACPI]]" >&2; exit 2; }
name=$1; shift
out=${OUT:-out/guests}/$name
[ "$#" -gt 0 ] && host=("$@") || host=(--example)

# 1. One guest description; flags could override any of it.
mkdir -p "$(dirname "$out")"
guest="$out.guest.json"
cat > "$guest" <<JSON
{ "firmware": "seabios", "vcpus": 2, "memoryMiB": 2048, "biosStrings": { "oem-1": "toolstack=$name" } }
JSON

# 2. Host tables -> blobs, checks, placement, xl.cfg settings, xenstore script (a new folder).
rm -rf "$out"
hvmpack prepare "${host[@]}" --guest "$guest" -o "$out" -q

# 3. The guest's own xl.cfg, with hvmpack's settings merged in (a new file; the base stays).
base="$out.base.cfg"
printf 'name = "%s"\ntype = "hvm"\n# disks, network, ... as the toolstack has them\n' "$name" > "$base"
hvmpack xl-cfg --guest "$guest" --smbios-firmware "$out/smbios.bin" --acpi-firmware "$out/acpi.bin" --merge "$base" -o "$out.cfg"

# 4. Dry run: what would start the guest (DOMID stands for the domid xl create gives it).
domid=${DOMID:-1}
echo "xl create -p $out.cfg"
echo "sh $out/xenstore.sh $domid   # runs:"
XENSTORE_WRITE=echo sh "$out/xenstore.sh" "$domid" | sed 's/^/  xenstore-write /'
echo "xl unpause $name"
