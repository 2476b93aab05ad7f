#!/usr/bin/env bash
# Quick side-by-side of a dcfs mount (DirectoryStripeStore under a temp home), gocryptfs and the
# plain directory, on the same disk: fio sequential write 1 GiB (bs 1M, end_fsync) and read after
# dropping caches, fio 4 KiB random reads, create/stat/unlink 10,000 files, 2,000 files of 16 KiB.
# Usage: fs-mount/scripts/bench.sh [WORKDIR] [dcfs|gocryptfs|plain ...]   (root, for drop_caches)
set -euo pipefail
HERE=$(dirname "$(readlink -f "$0")")
ROOT=$(dirname "$(dirname "$HERE")")
WORK=${1:-/tmp/dcfs-bench}; shift || true
TARGETS=("${@:-dcfs gocryptfs plain}")
SIZE=${SIZE:-1G}
DCFS_MOUNT_ARGS=${DCFS_MOUNT_ARGS:-}
mkdir -p "$WORK"

drop() { sync; echo 3 > /proc/sys/vm/drop_caches; }

fio_bw() { # name rw bs extra...
  local name=$1 rw=$2 bs=$3; shift 3
  fio --name="$name" --directory="$MNT" --filename=fio.dat --rw="$rw" --bs="$bs" --size="$SIZE" \
      --ioengine=psync --output-format=json "$@" 2>/dev/null |
    python3 -c 'import json,sys; j=json.load(sys.stdin)["jobs"][0]; k="write" if j["write"]["io_bytes"] else "read"; print(round(j[k]["bw_bytes"]/1e6,1), round(j[k]["iops"],1))'
}

run_one() {
  local t=$1
  case $t in
    dcfs)
      rm -rf "$WORK/dcfs"; mkdir -p "$WORK/dcfs/mnt"
      "$ROOT/tools/dcfs" mount "$WORK/dcfs/mnt" --home "$WORK/dcfs/home" $DCFS_MOUNT_ARGS >/dev/null
      MNT=$WORK/dcfs/mnt ;;
    gocryptfs)
      rm -rf "$WORK/gcfs"; mkdir -p "$WORK/gcfs/cipher" "$WORK/gcfs/mnt"
      gocryptfs -q -init -extpass 'echo pw' "$WORK/gcfs/cipher" >/dev/null
      gocryptfs -q -extpass 'echo pw' "$WORK/gcfs/cipher" "$WORK/gcfs/mnt"
      MNT=$WORK/gcfs/mnt ;;
    plain)
      rm -rf "$WORK/plain"; mkdir -p "$WORK/plain"; MNT=$WORK/plain ;;
  esac
  local w r rr meta
  w=$(fio_bw seqwrite write 1M --end_fsync=1)
  drop
  r=$(fio_bw seqread read 1M)
  drop
  rr=$(fio_bw randread randread 4k --runtime=15 --time_based)
  rm -f "$MNT/fio.dat"
  meta=$(python3 "$HERE/meta-bench.py" "$MNT/meta")
  echo "$t write_MBps=${w% *} read_MBps=${r% *} randread4k_iops=${rr#* } $meta"
  case $t in
    dcfs) "$ROOT/tools/dcfs" umount "$MNT" >/dev/null ;;
    gocryptfs) fusermount -u "$MNT" ;;
  esac
}

for t in ${TARGETS[@]}; do run_one "$t"; done
