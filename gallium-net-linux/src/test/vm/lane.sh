#!/bin/bash
# The real-kernel lane of gallium-net.
#
# Why: the kernels on our workstations and in CI lack bonding, 802.1q and bridge VLAN filtering,
# which are the heart of the product (adapter groups, VLAN networks, failover). This script boots
# Debian's stock kernel under qemu and runs commands -- above all the JUnit tests of
# gallium-net-linux -- as root inside it, so those features meet a real kernel on every change.
#
# Usage (from anywhere; paths are resolved from this script's location):
#   lane.sh test [CONSOLE-LAUNCHER ARGS...]
#       Build gallium-net-linux's test classpath with Maven on the host, then run its JUnit 5 tests
#       in the guest with the JUnit Platform Console Launcher. XML reports land in
#       gallium-net-linux/target/lane-reports. Exit status: 0 only if no test failed AND at least
#       one test passed. With arguments, they replace the default selection (the test classes tagged
#       "lane" in the module), e.g.  lane.sh test --select-class io.gallium.net.linux.lane.KernelFeaturesLaneTest;
#       lane.sh test --all runs every test class of the module.
#   lane.sh run CMD [ARGS...]
#       Run CMD as root in the guest; exit status = CMD's. The working directory is the caller's
#       if it lies inside the repository, else the repository root.
#   lane.sh prepare
#       Only install prerequisites and build the cached kernel + initramfs (nothing is booted).
#
# What the guest sees: this machine's root filesystem read-only over 9p (so java, ip, bridge,
# strace and ~/.m2 are the host's), fresh tmpfs on /tmp and /run, and the repository read-write
# at its host path. Its kernel is Debian's linux-image-amd64, unpacked -- never installed -- into
# the cache, so the host's /boot and /lib/modules stay untouched.
#
# Environment (all optional):
#   LANE_CACHE     cache dir for kernel + initramfs (default ${XDG_CACHE_HOME:-~/.cache}/gallium-net-lane)
#   LANE_TIMEOUT   hard limit in seconds for the whole invocation, retry included (default 840)
#   LANE_CPUS      guest vCPUs (default 2)          LANE_MEM   guest MiB (default 2048)
#   LANE_ACCEL     tcg or kvm (default: kvm only if /proc/cpuinfo shows vmx/svm AND /dev/kvm exists)
#   LANE_JAVA_OPTS extra JVM options for the tests in the guest
#   LANE_MAVEN_OPTS extra Maven options for the host build (e.g. -o)
set -euo pipefail

LANE_START=$SECONDS
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../../../.." && pwd)          # gallium-net-linux/src/test/vm -> repository root
MODULE=gallium-net-linux
DEADLINE=${LANE_TIMEOUT:-840}                   # 14 min: the lane must finish within 15 on 2 cores
CACHE=${LANE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gallium-net-lane}

say() { echo "lane: $*" >&2; }
die() { say "error: $*"; exit 2; }
remaining() { echo $((DEADLINE - (SECONDS - LANE_START))); }

# ---------------------------------------------------------------------------------------------
# 1. Prerequisites. Installed here because a fresh CI machine has none of them; dpkg-query first,
#    so a machine that has them costs nothing and needs no network.
# ---------------------------------------------------------------------------------------------
install_prerequisites() {
  local want=(qemu-system-x86 busybox-static xz-utils iproute2) missing=() p
  for p in "${want[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" -eq 0 ] || die "missing packages ${missing[*]}; run as root or: apt-get install ${missing[*]}"
  say "installing ${missing[*]}"
  # --no-install-recommends: qemu's recommends pull in ~100 MB of firmware and GUI bits we never use.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1 ||
    { DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; } ||
    die "could not install ${missing[*]}"
}

# ---------------------------------------------------------------------------------------------
# 2. Kernel + modules, cached per Debian kernel package (e.g. linux-image-6.1.0-56-amd64).
#    `apt-get download` + `dpkg -x` instead of `apt-get install linux-image-amd64`: installing would
#    run initramfs-tools and bootloader hooks on the host for a kernel the host never boots.
# ---------------------------------------------------------------------------------------------
kernel_package() {
  local p
  p=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/{print $2; exit}')
  if [ -z "$p" ]; then   # no package lists yet (fresh machine): fetch them once
    apt-get update -qq >/dev/null 2>&1 || true
    p=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/{print $2; exit}')
  fi
  [ -n "$p" ] || die "cannot resolve linux-image-amd64 to a kernel package (apt-cache depends linux-image-amd64)"
  echo "$p"
}

prepare_kernel() {
  # A cached kernel is reused without asking apt (works offline); LANE_KERNEL_PACKAGE pins one.
  local pkg=${LANE_KERNEL_PACKAGE:-}
  if [ -z "$pkg" ]; then
    pkg=$(ls -d "$CACHE"/linux-image-*/k/lib/modules 2>/dev/null | head -1 | sed 's|.*/\(linux-image-[^/]*\)/k/.*|\1|' || true)
    [ -n "$pkg" ] || pkg=$(kernel_package)
  fi
  KDIR=$CACHE/$pkg
  if [ ! -d "$KDIR/k/lib/modules" ]; then
    say "fetching $pkg"
    rm -rf "$KDIR.tmp" && mkdir -p "$KDIR.tmp"
    # apt's sandbox user cannot write to root-owned cache dirs; it warns and downloads as root.
    (cd "$KDIR.tmp" && apt-get download -qq "$pkg" >/dev/null 2>&1) || die "apt-get download $pkg failed"
    dpkg -x "$KDIR.tmp/$pkg"_*.deb "$KDIR.tmp/k" && rm -f "$KDIR.tmp/$pkg"_*.deb
    # The package ships no modules.dep (the postinst makes it); busybox depmod makes it without kmod.
    busybox depmod -b "$KDIR.tmp/k" "$(ls "$KDIR.tmp/k/lib/modules")"
    rm -rf "$KDIR" && mv "$KDIR.tmp" "$KDIR"
  fi
  KVER=$(ls "$KDIR/k/lib/modules")
  KMODS=$KDIR/k/lib/modules/$KVER
  # qemu can boot the uncompressed ELF vmlinux directly (PVH entry); that skips the in-guest XZ
  # decompression, which costs ~4 s under TCG. Fall back to the bzImage if extraction fails.
  if [ ! -s "$KDIR/vmlinux" ]; then
    local img=$KDIR/k/boot/vmlinuz-$KVER off
    off=$(grep -abo $'\xfd7zXZ\x00' "$img" | head -1 | cut -d: -f1 || true)
    [ -n "$off" ] && tail -c +$((off + 1)) "$img" | xz -dc >"$KDIR/vmlinux.tmp" 2>/dev/null || true
    if [ "$(head -c4 "$KDIR/vmlinux.tmp" 2>/dev/null | tail -c3)" = ELF ]; then mv "$KDIR/vmlinux.tmp" "$KDIR/vmlinux"
    else rm -f "$KDIR/vmlinux.tmp"; cp "$img" "$KDIR/vmlinux"; fi
  fi
}

# ---------------------------------------------------------------------------------------------
# 3. Initramfs: static busybox, the modules needed to mount 9p and the ones the tests need, and an
#    init that mounts the host root and chroots into it. Cached under a hash of the init script,
#    so editing it here rebuilds the image automatically.
# ---------------------------------------------------------------------------------------------
GUEST_INIT=$(cat <<'EOF'
#!/bin/sh
# PID 1 of the lane guest. Everything the command needs comes from the host over 9p.
mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev
modprobe -a virtio_pci 9pnet_virtio 9p
# max_bonds=0 / numdummies=0: otherwise loading the module creates bond0 / dummy0 on its own.
modprobe bonding max_bonds=0; modprobe dummy numdummies=0; modprobe -a 8021q bridge veth tun
busybox ip link set lo up
O=trans=virtio,version=9p2000.L,msize=262144
mount -t 9p -o $O,ro,cache=loose hostroot /host       # cache=loose: the host root does not change under us
mount -t 9p -o $O ctl /ctl
mount -t 9p -o $O,ro kmods /lib/modules                # the whole module tree, for autoloading the rest
mount -t tmpfs -o mode=1777 tmp /host/tmp; mount -t tmpfs run /host/run   # /run: ip netns needs it writable
mount -t proc proc /host/proc; mount -t sysfs sys /host/sys; mount -t devtmpfs dev /host/dev
mkdir -p /host/dev/pts /host/dev/shm; mount -t devpts pts /host/dev/pts; mount -t tmpfs shm /host/dev/shm
# devtmpfs lacks what udev/systemd would add; bash's <(...) needs /dev/fd.
ln -s /proc/self/fd /host/dev/fd; ln -s fd/0 /host/dev/stdin; ln -s fd/1 /host/dev/stdout; ln -s fd/2 /host/dev/stderr
[ -d /host/lib/modules ] && mount --bind /lib/modules /host/lib/modules
# The repository, read-write, at its host path (created if it lies on a guest tmpfs such as /tmp).
R=$(cat /ctl/repo); mkdir -p "/host$R" 2>/dev/null
mount -t 9p -o $O repo "/host$R" || { echo "lane: cannot mount the repository at $R"; echo 253 > /ctl/rc; poweroff -f; }
mkdir /host/tmp/.lane; mount --bind /ctl /host/tmp/.lane
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/tmp LANG=C.UTF-8 \
  chroot /host /bin/sh /tmp/.lane/cmd.sh
echo $? > /ctl/rc
sync; poweroff -f
EOF
)

prepare_initramfs() {
  local sum r f
  sum=$(printf '%s\n%s\n' "$GUEST_INIT" "$KVER" | md5sum | cut -c1-12)
  INITRD=$KDIR/initrd-$sum.gz
  [ -s "$INITRD" ] && return 0
  r=$(mktemp -d)
  mkdir -p "$r"/{bin,sbin,proc,sys,dev,host,ctl,lib/modules/"$KVER"}
  cp /bin/busybox "$r/bin/"   # busybox-static's: the initramfs has no libc
  for f in sh mount modprobe poweroff cat mkdir chroot sync; do ln -s busybox "$r/bin/$f"; done
  # The kernel's module autoloader runs /sbin/modprobe in PID 1's root, i.e. here.
  ln -s ../bin/busybox "$r/sbin/modprobe"
  cp "$KMODS/modules.dep" "$r/lib/modules/$KVER/"
  # Each wanted module plus everything modules.dep says it depends on.
  grep -E '/(virtio_pci|9pnet_virtio|9p|bonding|8021q|bridge|veth|dummy|tun)\.ko:' "$KMODS/modules.dep" |
    tr -d : | tr ' ' '\n' | sort -u | while read -r f; do
      mkdir -p "$r/lib/modules/$KVER/${f%/*}" && cp "$KMODS/$f" "$r/lib/modules/$KVER/$f"
    done
  printf '%s\n' "$GUEST_INIT" >"$r/init" && chmod +x "$r/init"
  (cd "$r" && find . | busybox cpio -o -H newc 2>/dev/null | gzip -1) >"$INITRD.tmp" && mv "$INITRD.tmp" "$INITRD"
  rm -rf "$r"
}

prepare() {
  mkdir -p "$CACHE"
  install_prerequisites
  # Two lanes starting at once on a fresh cache (parallel CI jobs) must not unpack into each other.
  exec 9>"$CACHE/.lock"
  flock 9
  prepare_kernel
  prepare_initramfs
  flock -u 9
}

# ---------------------------------------------------------------------------------------------
# 4. Boot once: write the command into a control dir shared over 9p, boot, read back its status.
# ---------------------------------------------------------------------------------------------
boot_once() {   # boot_once WORKDIR CMD... ; sets BOOT_RC
  local wd=$1; shift
  local ctl left accel cpu
  ctl=$(mktemp -d)
  echo 255 >"$ctl/rc"          # stays 255 if the guest never gets to run the command (253: no repository)
  echo "$REPO" >"$ctl/repo"
  # stdin from /dev/null: with the serial console as stdin, the JVM sees a terminal and JUnit's
  # option parser then runs `stty`, which fails without a controlling tty.
  { printf 'cd %q || exit 254\nexec' "$wd"; printf ' %q' "$@"; echo ' </dev/null'; } >"$ctl/cmd.sh"
  accel=${LANE_ACCEL:-$( { grep -qwE 'vmx|svm' /proc/cpuinfo && [ -e /dev/kvm ]; } && echo kvm || echo tcg)}
  [ "$accel" = kvm ] && cpu=host || cpu=max
  BOOT_ACCEL=$accel
  left=$(remaining)
  [ "$left" -gt 10 ] || { say "no time left for a boot (LANE_TIMEOUT=$DEADLINE)"; BOOT_RC=124; rm -rf "$ctl"; return; }
  local fs=security_model=none,multidevs=remap   # multidevs: host root spans several filesystems
  local t0=$SECONDS qrc=0
  # qboot + PVH vmlinux + no NIC: the fastest path to PID 1 under TCG (seconds, not tens of them).
  # mitigations=off: speculative-execution fences are pure cost in an emulated throwaway guest.
  timeout -k 10 "$left" qemu-system-x86_64 -accel "$accel" -cpu "$cpu" -smp "${LANE_CPUS:-2}" -m "${LANE_MEM:-2048}" \
    -bios /usr/share/qemu/qboot.rom -nographic -no-reboot -nic none \
    -kernel "$KDIR/vmlinux" -initrd "$INITRD" \
    -append "console=ttyS0 panic=-1 quiet loglevel=3 mitigations=off" \
    -virtfs local,path=/,mount_tag=hostroot,readonly=on,$fs \
    -virtfs local,path="$ctl",mount_tag=ctl,$fs \
    -virtfs local,path="$KMODS/..",mount_tag=kmods,readonly=on,$fs \
    -virtfs local,path="$REPO",mount_tag=repo,$fs \
    </dev/null | tr -d '\r' || qrc=$?
  BOOT_RC=$(cat "$ctl/rc")
  rm -rf "$ctl"
  if [ "$qrc" -eq 124 ] || [ "$qrc" -eq 137 ]; then
    say "hard timeout: the guest was killed after ${left}s (LANE_TIMEOUT=$DEADLINE)"; BOOT_RC=124
  fi
  say "guest run took $((SECONDS - t0))s, exit status $BOOT_RC"
}

# Boot, and boot once more if the first run died of a JVM crash: under TCG the JVM's JIT has been
# seen to crash in freshly compiled code (exit 134 + hs_err file) a few times in a hundred runs.
run_in_guest() {   # run_in_guest WORKDIR CMD...
  local stamp crashes
  stamp=$(mktemp)
  boot_once "$@"
  # KVM can exist and still fail to start a guest (seen: "failed to set MSR 0x10a" in nested
  # setups); the command never ran then, so run it under TCG instead.
  if [ "$BOOT_RC" -eq 255 ] && [ "$BOOT_ACCEL" = kvm ] && [ -z "${LANE_ACCEL:-}" ]; then
    say "the guest did not start under KVM; retrying with TCG"
    LANE_ACCEL=tcg; boot_once "$@"
  fi
  if [ "$BOOT_RC" -eq 134 ]; then
    crashes=$(find "$REPO" -path "$REPO/.git" -prune -o -name 'hs_err_pid*.log' -newer "$stamp" -print 2>/dev/null)
    if [ -n "$crashes" ]; then
      say "the JVM crashed under emulation ($(echo "$crashes" | tr '\n' ' ')); retrying once"
      boot_once "$@"
    fi
  fi
  rm -f "$stamp"
  return "$BOOT_RC"
}

# ---------------------------------------------------------------------------------------------
# 5. JUnit mode: Maven builds and resolves on the host (the guest has no network), the guest only
#    runs `java`. Directories on the class path become jars because a CDS archive refuses a
#    non-empty directory on the class path.
# ---------------------------------------------------------------------------------------------
DEP_PLUGIN=org.apache.maven.plugins:maven-dependency-plugin:3.8.1   # not in the root pom's pluginManagement

junit_platform_version() {   # JUnit 5.X.Y ships Platform 1.X.Y
  local v
  v=$(sed -n 's|.*<junit.version>\(5\.[^<]*\)</junit.version>.*|\1|p' "$REPO/pom.xml" | head -1)
  [ -n "$v" ] || die "no <junit.version>5.x.y</junit.version> in $REPO/pom.xml"
  echo "1.${v#5.}"
}

build_classpath() {   # sets CP (host paths, colon-separated) and TEST_JAR
  local out=$REPO/$MODULE/target/lane mvn_sel launcher_v entry jar name cp=() t0=$SECONDS
  rm -rf "$out" && mkdir -p "$out/jars"
  launcher_v=$(junit_platform_version)
  # In the reactor (root pom lists the module) build its dependencies too; until then, the module alone.
  if grep -q "<module>$MODULE</module>" "$REPO/pom.xml"; then mvn_sel=(-f "$REPO/pom.xml" -pl "$MODULE" -am)
  else mvn_sel=(-f "$REPO/$MODULE/pom.xml"); fi
  say "building $MODULE's tests with Maven"
  # outputFile is relative to each reactor module; only the one of $MODULE is read.
  # shellcheck disable=SC2086
  mvn -B -q ${LANE_MAVEN_OPTS:-} "${mvn_sel[@]}" test-compile \
    "$DEP_PLUGIN:build-classpath" -Dmdep.includeScope=test -Dmdep.outputFile=target/lane/classpath.txt \
    "$DEP_PLUGIN:copy" -Dartifact="org.junit.platform:junit-platform-console-standalone:$launcher_v" \
    -DoutputDirectory="$out" -Dmdep.stripVersion=true >"$out/maven.log" 2>&1 ||
    { cat "$out/maven.log" >&2; die "Maven build of $MODULE failed (log above, and in $out/maven.log)"; }
  CP_LAUNCHER=$out/junit-platform-console-standalone.jar
  [ -s "$CP_LAUNCHER" ] || die "Maven did not fetch the console launcher"
  cp+=("$CP_LAUNCHER")
  jar_dir() {   # jar_dir DIR NAME -> path of the jar made from DIR (nothing if DIR is empty)
    [ -d "$1" ] && [ -n "$(ls -A "$1")" ] || return 0
    jar --create --file "$out/jars/$2.jar" -C "$1" . && echo "$out/jars/$2.jar"
  }
  TEST_JAR=$(jar_dir "$REPO/$MODULE/target/test-classes" "$MODULE-tests")
  [ -n "$TEST_JAR" ] || die "$MODULE has no compiled test classes"
  cp+=("$TEST_JAR")
  jar=$(jar_dir "$REPO/$MODULE/target/classes" "$MODULE"); [ -n "$jar" ] && cp+=("$jar")
  local entries=()
  IFS=: read -r -a entries <"$out/classpath.txt" || true   # one line, no trailing newline
  for entry in "${entries[@]}"; do
    case "$entry" in
      # The standalone launcher bundles the JUnit Platform and Jupiter (same version): one copy only.
      */org/junit/platform/*|*/org/junit/jupiter/*|*/org/junit/vintage/*|*/org/opentest4j/*|*/org/apiguardian/*) ;;
      */target/classes|*/target/test-classes)   # sibling reactor modules
        name=$(basename "$(dirname "$(dirname "$entry")")")-$(basename "$entry")
        jar=$(jar_dir "$entry" "$name"); [ -n "$jar" ] && cp+=("$jar") ;;
      # The guest's /tmp is a fresh tmpfs: a Maven repository under /tmp is not there. Copy such
      # jars next to ours, in the repository the guest shares.
      /tmp/*) cp "$entry" "$out/jars/" && cp+=("$out/jars/$(basename "$entry")") ;;
      ?*) cp+=("$entry") ;;
    esac
  done
  CP=$(IFS=:; echo "${cp[*]}")
  say "class path ready in $((SECONDS - t0))s (${#cp[@]} entries)"
}

# Class-data sharing: a dynamic archive of every class a discovery run loads (JDK, JUnit, test
# classes), made on the host in a few seconds, saves the guest from parsing and verifying them
# under emulation. The JVM ignores an archive that does not match the class path, so it is safe.
make_cds_archive() {
  local jsa=$REPO/$MODULE/target/lane/lane.jsa t0=$SECONDS
  java -XX:ArchiveClassesAtExit="$jsa" -XX:TieredStopAtLevel=1 -Xlog:cds=off -Xlog:cds+dynamic=off \
    -cp "$CP" org.junit.platform.console.ConsoleLauncher discover --disable-banner \
    --scan-classpath "$TEST_JAR" >/dev/null 2>&1 || true
  if [ -s "$jsa" ]; then CDS_OPTS="-XX:SharedArchiveFile=$jsa -Xlog:cds=off -Xlog:cds+dynamic=off"
  else CDS_OPTS=""; say "no CDS archive (the guest JVM will be slower)"; fi
  say "CDS archive took $((SECONDS - t0))s"
}

run_tests() {
  local reports=$REPO/$MODULE/target/lane-reports out=$REPO/$MODULE/target/lane script rc=0
  build_classpath
  make_cds_archive
  rm -rf "$reports" && mkdir -p "$reports"
  # By default only the tests tagged "lane" (they need bonding, 802.1q or VLAN filtering, which the
  # host's kernel lacks): everything else already ran on the host in `mvn verify`.
  local select=(--scan-classpath "$TEST_JAR" --include-tag lane)
  if [ "${1:-}" = --all ]; then select=(--scan-classpath "$TEST_JAR")   # every test class of the module
  elif [ $# -gt 0 ]; then select=("$@"); fi
  script=$out/guest-test.sh
  # -XX:TieredStopAtLevel=1 (C1 only): the default tiered JIT crashed the JVM now and then under TCG;
  # C1 did not, and it compiles faster too. ErrorFile puts crash logs where the retry looks for them.
  {
    echo '#!/bin/sh'
    echo '# Generated by lane.sh: the JUnit run inside the lane guest.'
    printf 'exec java -XX:TieredStopAtLevel=1 %s -XX:ErrorFile=%q -Dgallium.lane=true %s' \
      "${CDS_OPTS:-}" "$out/hs_err_pid%p.log" "${LANE_JAVA_OPTS:-}"
    printf ' -cp %q org.junit.platform.console.ConsoleLauncher execute' "$CP"
    printf ' --disable-banner --details=tree --fail-if-no-tests --reports-dir=%q' "$reports"
    [ -t 1 ] || printf ' --disable-ansi-colors'   # CI logs are files, not terminals
    printf ' %q' "${select[@]}"; echo
  } >"$script"
  chmod +x "$script"
  run_in_guest "$REPO" /bin/sh "$script" || rc=$?
  summarize_reports "$reports" "$rc"
}

# The launcher's exit status says "a test failed" or "none was found"; a run where every test was
# skipped (e.g. the guest was not root) would still look green, so the lane also demands >= 1 pass.
summarize_reports() {   # summarize_reports REPORTS-DIR LAUNCHER-RC
  local dir=$1 rc=$2 tests=0 failures=0 errors=0 skipped=0 f a
  for f in "$dir"/TEST-*.xml; do
    [ -e "$f" ] || continue
    for a in tests failures errors skipped; do
      local n
      n=$(grep -o "<testsuite [^>]*" "$f" | grep -o " $a=\"[0-9]*\"" | head -1 | tr -dc 0-9)
      eval "$a=\$(( $a + ${n:-0} ))"
    done
  done
  local passed=$((tests - failures - errors - skipped))
  # The plain closing line that CI reads.
  echo "lane: $passed passed, $((failures + errors)) failed, $skipped skipped"
  if [ "$rc" -ne 0 ]; then say "the test run failed (status $rc); reports in $dir"; return "$rc"; fi
  if [ "$passed" -eq 0 ]; then say "no test passed in the guest; reports in $dir"; return 3; fi
  return 0
}

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }

case "${1:-}" in
  prepare) prepare; say "ready: $KDIR (kernel $KVER)" ;;
  run)
    shift; [ $# -gt 0 ] || usage
    prepare
    case "$PWD/" in "$REPO"/*) wd=$PWD ;; *) wd=$REPO ;; esac
    run_in_guest "$wd" "$@" ;;
  test) shift; prepare; run_tests "$@" ;;
  *) usage ;;
esac
