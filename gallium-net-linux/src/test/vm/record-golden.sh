#!/bin/bash
# record-golden.sh: record what iproute2 sends to the kernel for each rtnetlink request that
# gallium-net's Linux codec encodes, as golden fixtures for the codec's tests.
#
# Why iproute2: it is the reference client of rtnetlink; where our encoder and `ip`/`bridge` ask
# the kernel for the same thing, the bytes should match (modulo sequence number and port id).
#
# Run it as root in the lane (the host kernel lacks bonding and VLAN filtering):
#   gallium-net-linux/src/test/vm/lane.sh run gallium-net-linux/src/test/vm/record-golden.sh
# It needs strace (on the host root the guest shares). Each fixture is recorded in a namespace of
# its own, built from the same base, so interface indexes are the same on every run.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT=${1:-$HERE/../resources/golden}
NS=golden-rec
RECORDED=()
mkdir -p "$OUT"
command -v strace >/dev/null || { echo "record-golden: strace is needed" >&2; exit 2; }

KERNEL="$(uname -r) ($(uname -v))"
IPROUTE2=$(ip -V)
STRACE=$(strace -V | head -1)

# The base every fixture starts from: three "adapters" (veth ends nic0..2, their peers sw0..2),
# a VM port vm0 (veth, peer vm0p), bond0 (active-backup) over nic0 + nic1, and br0 (VLAN
# filtering, default PVID 0) with bond0 and vm0 as ports. nic2 stays free.
base() {
  ip netns add $NS
  # Fail closed: never build the base in the host's namespace.
  [ "$(ip netns exec $NS readlink /proc/self/ns/net)" != "$(readlink /proc/1/ns/net)" ] ||
    { echo "record-golden: $NS is the host's namespace" >&2; exit 3; }
  local i
  for i in 0 1 2; do ip -n $NS link add nic$i type veth peer name sw$i; done
  ip -n $NS link add vm0 type veth peer name vm0p
  ip -n $NS link add bond0 type bond mode active-backup miimon 100
  ip -n $NS link set dev nic0 master bond0
  ip -n $NS link set dev nic1 master bond0
  ip -n $NS link add br0 type bridge vlan_filtering 1 vlan_default_pvid 0
  ip -n $NS link set dev bond0 master br0
  ip -n $NS link set dev vm0 master br0
}

# The base of the host/ fixtures: nothing but lo, as the host-kernel recordings had.
empty() {
  ip netns add $NS
  [ "$(ip netns exec $NS readlink /proc/self/ns/net)" != "$(readlink /proc/1/ns/net)" ] ||
    { echo "record-golden: $NS is the host's namespace" >&2; exit 3; }
}

# Netlink message types and flags, for the comment above each message (linux/rtnetlink.h,
# linux/netlink.h).
type_name() {
  case $1 in
    2) echo NLMSG_ERROR ;; 16) echo RTM_NEWLINK ;; 17) echo RTM_DELLINK ;; 18) echo RTM_GETLINK ;;
    19) echo RTM_SETLINK ;; 20) echo RTM_NEWADDR ;; 21) echo RTM_DELADDR ;; 22) echo RTM_GETADDR ;;
    24) echo RTM_NEWROUTE ;; 25) echo RTM_DELROUTE ;; 26) echo RTM_GETROUTE ;; 108) echo RTM_NEWLINKPROP ;; 109) echo RTM_DELLINKPROP ;;
    112) echo RTM_NEWVLAN ;; 113) echo RTM_DELVLAN ;; 114) echo RTM_GETVLAN ;; *) echo "type$1" ;;
  esac
}
flag_names() {   # flag_names TYPE FLAGS
  local t=$1 f=$2 n=()
  ((f & 0x1)) && n+=(REQUEST); ((f & 0x2)) && n+=(MULTI); ((f & 0x4)) && n+=(ACK); ((f & 0x8)) && n+=(ECHO)
  if [ "$t" -eq 18 ] || [ "$t" -eq 22 ] || [ "$t" -eq 114 ]; then   # GET requests: ROOT|MATCH = DUMP
    ((f & 0x100)) && n+=(ROOT); ((f & 0x200)) && n+=(MATCH)
  else
    ((f & 0x100)) && n+=(REPLACE); ((f & 0x200)) && n+=(EXCL); ((f & 0x400)) && n+=(CREATE); ((f & 0x800)) && n+=(APPEND)
  fi
  local IFS='|'; echo "${n[*]}"
}

# What a message is for. iproute2 sends more than the request itself; a codec test compares only
# the message marked "the request".
role() {   # role INDEX TYPE FLAGS LEN SEQ BYTES...
  local i=$1 type=$2 flags=$3 len=$4 seq=$5; shift 5
  local b=("$@") off=32 alen atype
  if [ "$i" -eq "${REQUEST_AT:-$TOTAL}" ]; then echo "the request"; return; fi
  if [ "$type" -eq 16 ] && [ "$len" -eq 32 ] && [ "$seq" -eq 0 ]; then
    echo "iproute2's probe (does the kernel accept RTM_NEWLINK?), not part of the request"; return
  fi
  if [ "$type" -eq 18 ] && (( flags & 0x300 )); then
    echo "dump of all links: iproute2's name cache (ll_init_map), not part of the request"; return
  fi
  if [ "$type" -eq 18 ]; then
    while [ $((off + 4)) -le "$len" ]; do   # look for IFLA_IFNAME (3) among the attributes
      alen=$((16#${b[off+1]}${b[off]})); atype=$((16#${b[off+3]}${b[off+2]}))
      [ "$atype" -eq 3 ] && { echo "name -> ifindex lookup, not part of the request"; return; }
      [ "$alen" -ge 4 ] || break; off=$((off + ((alen + 3) & ~3)))
    done
    echo "ifindex -> name lookup, not part of the request"; return
  fi
  echo "other"
}

# Turns strace's `-e write=all` hex dumps into one hex line per netlink message, each after a
# comment line that decodes its header.
emit_messages() {   # emit_messages STRACE-LOG
  local line bytes=() count=0
  TOTAL=$(count_messages "$1")
  flush() {
    local off=0 len type flags seq total=${#bytes[@]}
    while [ $((off + 16)) -le "$total" ]; do
      len=$((16#${bytes[off+3]}${bytes[off+2]}${bytes[off+1]}${bytes[off]}))
      type=$((16#${bytes[off+5]}${bytes[off+4]}))
      flags=$((16#${bytes[off+7]}${bytes[off+6]}))
      seq=$((16#${bytes[off+11]}${bytes[off+10]}${bytes[off+9]}${bytes[off+8]}))
      [ "$len" -ge 16 ] && [ $((off + len)) -le "$total" ] || { echo "# (unparsable rest of a datagram)"; break; }
      count=$((count + 1))
      printf '# message %d: %s (%d) flags=0x%04x %s len=%d seq=%d: %s\n' \
        "$count" "$(type_name $type)" "$type" "$flags" "$(flag_names $type $flags)" "$len" "$seq" \
        "$(role "$count" "$type" "$flags" "$len" "$seq" "${bytes[@]:off:len}")"
      local IFS=''; echo "${bytes[*]:off:len}"; unset IFS
      off=$(((off + len + 3) & ~3))   # NLMSG_ALIGN
    done
    bytes=()
  }
  while IFS= read -r line; do
    case "$line" in
      ' | '[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]' '*)   # " | 00010  09 00 03 00 ...  ascii |"
        # shellcheck disable=SC2206
        bytes+=(${line:10:48}) ;;
      ' * '*) ;;                                          # " * 60 bytes in buffer 0"
      *) [ ${#bytes[@]} -gt 0 ] && flush ;;               # the next syscall: previous one complete
    esac
  done <"$1"
  [ ${#bytes[@]} -gt 0 ] && flush
  return 0
}

# shellcheck disable=SC2206  # splitting the hex columns into bytes is the point
count_messages() {   # the number of netlink messages in a strace log (for "the request" = last)
  local found=0 line len off total bytes=()
  while IFS= read -r line; do
    case "$line" in
      ' | '[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]' '*) bytes+=(${line:10:48}) ;;
      ' * '*) ;;
      *) off=0; total=${#bytes[@]}
         while [ $((off + 16)) -le "$total" ]; do
           len=$((16#${bytes[off+3]}${bytes[off+2]}${bytes[off+1]}${bytes[off]})); [ "$len" -ge 16 ] || break
           found=$((found + 1)); off=$(((off + len + 3) & ~3))
         done; bytes=() ;;
    esac
  done < <(cat "$1"; echo end)
  echo "$found"
}

# record NAME "EXTRA SETUP" TOOL ARGS...: record `TOOL -n $NS ARGS...` after base + EXTRA SETUP.
record() {
  local name=$1 setup=$2 tool=$3; shift 3
  local log ifindexes file=$OUT/$name.txt from="base namespace from record-golden.sh"
  mkdir -p "$(dirname "$file")"
  if [ "${BASE:-full}" = empty ]; then empty; from="an empty namespace"; else base; fi
  [ -z "$setup" ] || eval "$setup"
  ifindexes=$(ip -n $NS -o link show | sed 's/^\([0-9]*\): \([^:@]*\).*/\2=\1/' | tr '\n' ' ')
  log=$(mktemp)
  strace -f -qq -e trace=sendmsg,sendto -e write=all -xx -o "$log" "$tool" -n $NS "$@" >/dev/null
  {
    echo "# golden: $tool -n $NS $*"
    echo "# kernel: $KERNEL; $IPROUTE2; $STRACE"
    echo "# setup (not recorded): $from${setup:+, then: }${setup}"
    echo "# ifindex before the command: $ifindexes"
    echo "# compare with bytes 8..11 (nlmsg_seq) and 12..15 (nlmsg_pid) of every message masked"
    emit_messages "$log"
  } >"$file"
  rm -f "$log"
  ip netns del $NS
  RECORDED+=("$name")
  echo "recorded $name ($(grep -vc '^#' "$file") message(s))"
}

# --- links -------------------------------------------------------------------------------------
record bond-add '' ip link add bond1 type bond mode active-backup miimon 100
record bond-enslave '' ip link set dev nic2 master bond0
record bond-primary '' ip link set dev bond0 type bond primary nic0
record bond-miimon '' ip link set dev bond0 type bond miimon 100
record bridge-add '' ip link add br1 type bridge vlan_filtering 1 vlan_default_pvid 0
record bridge-vlan-settings '' ip link set dev br0 type bridge vlan_filtering 1 vlan_default_pvid 0
record bridge-enslave '' ip link set dev nic2 master br0
record link-nomaster '' ip link set dev nic1 nomaster
record link-altname-add '' ip link property add dev bond0 altname gallium-group-a
record link-altname-del "ip -n $NS link property add dev bond0 altname gallium-group-a" \
  ip link property del dev bond0 altname gallium-group-a
record link-alias '' ip link set dev bond0 alias gallium:owner=test
record link-up '' ip link set dev bond0 up
record link-down "ip -n $NS link set dev bond0 up" ip link set dev bond0 down
record link-mtu '' ip link set dev bond0 mtu 9000
record link-group '' ip link set dev nic2 group 7
record link-del '' ip link del br0
record link-del-group "ip -n $NS link set dev nic2 group 7" ip link del group 7
# --- bridge VLANs ------------------------------------------------------------------------------
record vlan-add-range '' bridge vlan add vid 2-4094 dev bond0
record vlan-add-one '' bridge vlan add vid 100 dev bond0
record vlan-add-pvid-untagged '' bridge vlan add vid 100 dev vm0 pvid untagged
record vlan-del-range "bridge -n $NS vlan add vid 2-4094 dev bond0" bridge vlan del vid 2-100 dev bond0
record vlan-del-one "bridge -n $NS vlan add vid 100 dev vm0 pvid untagged" bridge vlan del vid 100 dev vm0
record vlan-add-native-master '' bridge vlan add vid 1 dev bond0 pvid untagged master
record vlan-add-self '' bridge vlan add vid 1 dev br0 self
# --- dumps -------------------------------------------------------------------------------------
record addr-add-v4 '' ip addr add 192.0.2.10/24 dev br0
record addr-add-v6 '' ip addr add 2001:db8::10/64 dev br0
record addr-del-v4 "ip -n $NS addr add 192.0.2.10/24 dev br0" ip addr del 192.0.2.10/24 dev br0
record link-add-vlan '' ip link add link br0 name br0.100 type vlan id 100
record link-address '' ip link set dev br0 address 52:54:00:12:34:56
record route-add-default "ip -n $NS link set br0 up; ip -n $NS addr add 192.0.2.10/24 dev br0" ip route add default via 192.0.2.1 dev br0
record route-del-default "ip -n $NS link set br0 up; ip -n $NS addr add 192.0.2.10/24 dev br0; ip -n $NS route add default via 192.0.2.1 dev br0" ip route del default via 192.0.2.1 dev br0
record route-add-default-v6 "ip -n $NS link set br0 up; ip -n $NS addr add 2001:db8::10/64 dev br0 nodad" ip -6 route add default via 2001:db8::1 dev br0
record dump-vlan '' bridge -j vlan show
# iproute2 6.1: `-c` is taken for -color here; only the long option asks for ranges.
record dump-vlan-compressed '' bridge -compressvlans -j vlan show
record dump-link '' ip -d -j link show
# The request is the lookup of bond0 by name; what follows resolves its master's name for printing.
REQUEST_AT=3 record get-link '' ip -d -j link show dev bond0

# --- host/: the same requests from an empty namespace (first recorded on a host kernel without
# bonding or VLAN filtering; the names GoldenBytesTest uses) ----------------------------------
BR="ip -n $NS link add gb-br0 type bridge"
VETH="ip -n $NS link add gv-a type veth peer name gv-b"
PORT="$BR; $VETH; ip -n $NS link set gv-a master gb-br0"
BASE=empty record host/bridge-create '' ip link add gb-br0 type bridge
BASE=empty record host/bridge-create-vlan-aware '' ip link add gb-br0 type bridge vlan_filtering 1 vlan_default_pvid 0
BASE=empty record host/bond-create '' ip link add gb-bond0 type bond mode active-backup miimon 100
BASE=empty record host/veth-create '' ip link add gv-a type veth peer name gv-b
BASE=empty record host/link-delete "$BR" ip link del gb-br0
BASE=empty record host/link-up "$BR" ip link set gb-br0 up
BASE=empty record host/link-down "$BR" ip link set gb-br0 down
BASE=empty record host/link-mtu "$BR" ip link set gb-br0 mtu 9000
BASE=empty record host/link-master "$BR; $VETH" ip link set gv-a master gb-br0
BASE=empty record host/link-nomaster "$PORT" ip link set gv-a nomaster
BASE=empty record host/link-alias "$BR" ip link set gb-br0 alias gallium:group-a
BASE=empty record host/altname-add "$BR" ip link property add dev gb-br0 altname uplink-group-a
BASE=empty record host/altname-del "$BR; ip -n $NS link property add dev gb-br0 altname uplink-group-a" \
  ip link property del dev gb-br0 altname uplink-group-a
BASE=empty record host/bridge-vlan-add-range "$PORT" bridge vlan add vid 2-4094 dev gv-a
BASE=empty record host/bridge-vlan-add-pvid "$PORT" bridge vlan add vid 7 dev gv-a pvid untagged
BASE=empty record host/bridge-vlan-del-range "$PORT" bridge vlan del vid 2-4094 dev gv-a
BASE=empty record host/dump-links '' ip link show
BASE=empty record host/dump-bridge-vlans '' bridge vlan show
BASE=empty record host/dump-addresses '' ip addr show
# LinuxHost.observe(names): one device's VLANs from the bridge VLAN database (RTM_GETVLAN; iproute2
# dumps with ifindex 0 and filters itself, the codec puts the port's ifindex there) and one
# device's addresses (RTM_GETADDR with ifa_index, honoured on a NETLINK_GET_STRICT_CHK socket).
BASE=empty REQUEST_AT=2 record host/dump-vlandb-of-port "$PORT" bridge -d vlan show dev gv-a
BASE=empty REQUEST_AT=3 record host/dump-addresses-of-link "$PORT" ip addr show dev gv-a

# The list GoldenRequest.names() reads (a class path cannot be listed portably).
{ echo "# Golden fixtures, one name per line (golden/NAME.txt); written by record-golden.sh."
  printf '%s\n' "${RECORDED[@]}" | sort; } >"$OUT/index.txt"
