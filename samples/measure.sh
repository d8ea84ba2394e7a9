#!/usr/bin/env bash
# Reproduces the table in samples/README.md: the bundled policy dense, 2:4 magnitude and 2:4 Wanda
# pruned, and GLUESTICK-recovered at several uniform ranks, each evaluated closed-loop on the
# fixed 200-episode evaluation set with the correction applied factored (Wp x + A (B x)).
# Usage: samples/measure.sh [MODEL] [RANKS...]   (after `mvn -q -B package -DskipTests`;
# GLUESTICK_JAR overrides the jar)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
G=(java -jar "${GLUESTICK_JAR:-$here/app/target/gluestick.jar}")
model="${1:-$here/samples/nav-policy}"
shift || true
ranks=("${@:-8 16 32 64 128 256}")
ranks=(${ranks[*]})
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

row() { # label eval-args... -> one markdown row (success, unsafe, mean length, EXTRA)
  local label="$1"; shift
  "${G[@]}" sample eval "$@" --json 2>/dev/null | python3 -c 'import json, sys
j = json.load(sys.stdin); a = sys.argv
print("| %s | %.1f%% | %.1f%% | %.1f | %s |" % (a[1], 100 * j["success_rate"], 100 * j["unsafe_rate"], j["mean_steps"], a[2]))' "$label" "${EXTRA:-}"
}
size() { python3 -c 'import json, sys
t = json.load(open(sys.argv[1]))["totals"]
print("%.3f x dense, weight error %.3f -> %.3f" % (t["ratio_to_dense"], t["rel_error_before"], t["rel_error_after"]))' "$1"; }

echo "| policy | success | unsafe | mean length (steps) | memory / weight error |"
echo "|---|---|---|---|---|"
EXTRA="1.000 x dense" row "dense" "$model"
"${G[@]}" prune "$model" --prune magnitude --nm 2:4 --out "$work/mag" -q >/dev/null 2>&1
EXTRA="pruned 2:4, stored dense" row "2:4 magnitude" "$work/mag/model"
"${G[@]}" sample calibrate "$model" --out "$work/calib.safetensors" >/dev/null 2>&1
"${G[@]}" prune "$model" --prune wanda --nm 2:4 --calibration "$work/calib.safetensors" --out "$work/wanda" -q >/dev/null 2>&1
EXTRA="pruned 2:4, stored dense" row "2:4 Wanda" "$work/wanda/model"
for r in "${ranks[@]}"; do
  "${G[@]}" recover "$model" --prune magnitude --nm 2:4 --rank "$r" --out "$work/r$r" -q >/dev/null 2>&1
  EXTRA="$(size "$work/r$r/report.json")" row "2:4 magnitude + GLUESTICK r=$r" "$work/r$r/model" --adapter "$work/r$r/adapter"
done
for r in "${ranks[@]}"; do
  "${G[@]}" recover "$model" --prune wanda --nm 2:4 --calibration "$work/calib.safetensors" --rank "$r" --out "$work/w$r" -q >/dev/null 2>&1
  EXTRA="$(size "$work/w$r/report.json")" row "2:4 Wanda + GLUESTICK r=$r" "$work/w$r/model" --adapter "$work/w$r/adapter"
done
