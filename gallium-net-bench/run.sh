#!/bin/bash
# Runs every gallium-net benchmark; see RESULTS.md for the latest table.
#
#   gallium-net-bench/run.sh            build, JMH benchmarks, peer comparison on this kernel
#   gallium-net-bench/run.sh --vm       the peer comparison parts this kernel lacks (bonding,
#                                       802.1q, VLAN filtering), in the real-kernel VM lane
#   gallium-net-bench/run.sh --vm-attach  one VM port's attach on a real kernel (4 000-port host,
#                                       10-port host, ip + bridge), in the real-kernel VM lane
#   gallium-net-bench/run.sh --quick    the same as the default, fewer iterations (a smoke run)
#
# Real-kernel parts need root; each creates and deletes network namespaces of its own.
# Output: gallium-net-bench/target/results/{jmh.txt,peers.txt,peers-vm.txt}.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-full}
out=gallium-net-bench/target/results
jar=gallium-net-bench/target/benchmarks.jar

mvn -B -q -pl gallium-net-bench -am package -DskipTests
mkdir -p "$out"

if [ "$mode" = --vm ]; then
  # Under TCG emulation absolute times are meaningless; ratios still hold. C2 miscompiles under
  # TCG now and then (see shared/vm/README.md), so C1 only.
  # The guest writes its output straight to the shared directory, so a run that is cut short
  # (VM_TIMEOUT) still leaves every scenario it finished.
  status=0
  VM_TIMEOUT=${VM_TIMEOUT:-3600} VM_MEM=${VM_MEM:-3072} /work/shared/vm/run-in-vm.sh sh -c \
    "java -XX:TieredStopAtLevel=1 -Xmx1g '-Donly=${ONLY:-port VLANs,group}' -Drounds=${ROUNDS:-3} \
      -Dgroups=${GROUPS_:-100,1000,4094} -cp $jar io.gallium.net.bench.PeerComparison > $out/peers-vm.txt 2>&1" || status=$?
  cat "$out/peers-vm.txt"
  exit $status
fi

# gallium-net logs every apply, attach and detach at INFO; benchmark JVMs run without those lines
# (QuietLogging, in the jar; the JMH benchmarks of attach add it to their forks themselves).
quiet=-Djava.util.logging.config.class=io.gallium.net.bench.QuietLogging

if [ "$mode" = --vm-attach ]; then
  # Builds a host of 4 groups x 1000 networks x 1000 ports in the guest first (minutes under TCG).
  status=0
  LANE_TIMEOUT=${LANE_TIMEOUT:-3300} LANE_MEM=${LANE_MEM:-3072} \
    bash gallium-net-linux/src/test/vm/lane.sh run java -XX:TieredStopAtLevel=1 -Xmx2g "$quiet" \
      -Drounds=${ROUNDS:-7} -cp "$jar" io.gallium.net.bench.KernelAttach \
      > "$out/kernel-attach-vm.txt" 2>&1 || status=$?
  cat "$out/kernel-attach-vm.txt"
  exit $status
fi

if [ "$mode" = --quick ]; then
  jmh=(-wi 1 -w 1 -i 2 -r 1)
  peers=(-Drounds=1 -DquiesceMillis=300)
  burst=(-Drounds=2)
else
  jmh=()
  peers=()
  burst=()
fi

# The planner, codec and in-memory apply up to 1000 networks; then 4094, where one in-memory
# apply takes seconds (see RESULTS.md), so that one single-shot.
java -jar "$jar" 'PlannerBenchmark|CodecBenchmark|InMemoryApplyBenchmark' -p networks=10,100,1000 "${jmh[@]}" \
  -rf text -rff "$out/jmh-small.txt" | tee "$out/jmh.txt"
java -jar "$jar" PlannerBenchmark -p networks=4094 -wi 2 -w 3 -i 4 -r 3 \
  -rf text -rff "$out/jmh-4094.txt" | tee -a "$out/jmh.txt"
java -jar "$jar" InMemoryApplyBenchmark -p networks=4094 -bm ss -wi 1 -i 3 \
  -rf text -rff "$out/jmh-4094-inmemory.txt" | tee -a "$out/jmh.txt"
# A VM port's attach + detach on hosts of 10, 1000 and 4000 ports; 64 threads attaching at once.
java -jar "$jar" PortAttachBenchmark -p ports=10,1000,4000 "${jmh[@]}" \
  -rf text -rff "$out/jmh-attach.txt" | tee -a "$out/jmh.txt"
java "$quiet" "${burst[@]}" -cp "$jar" io.gallium.net.bench.ConcurrentAttach | tee "$out/concurrent-attach.txt"
if [ "$(id -u)" = 0 ]; then
  java -jar "$jar" RealApplyBenchmark "${jmh[@]}" -rf text -rff "$out/jmh-real.txt" | tee -a "$out/jmh.txt"
  java "${peers[@]}" -cp "$jar" io.gallium.net.bench.PeerComparison | tee "$out/peers.txt"
else
  echo "not root: real-kernel benchmarks and the peer comparison skipped (they need network namespaces)"
fi
