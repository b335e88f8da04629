#!/usr/bin/env bash
# The long random regression as a Slurm array job: array task I runs shard I of N
# (make regress SHARD=I/N), each writing BUILD_DIR/regress/shard-I-of-N.xml; a job that depends
# on the array merges them into BUILD_DIR/regress/merged.xml.
#   sbatch --array=1-4 scripts/regress-slurm.sh                  # 4 shards, SEEDS=200 OPS=1000
#   sbatch --array=1-8 --export=ALL,SEEDS=800,OPS=2000 scripts/regress-slurm.sh
#   scripts/regress-slurm.sh --merge                             # after the array: one report
# Build first (make build) on a shared file system: the tasks only run the simulator.
#SBATCH --job-name=ppcosim-regress
#SBATCH --cpus-per-task=4
#SBATCH --time=02:00:00
#SBATCH --output=ppcosim-regress-%A-%a.out
set -u
root=${SLURM_SUBMIT_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$root" || exit 2
build=${BUILD_DIR:-build}
if [ "${1:-}" = "--merge" ]; then
  exec python3 scripts/regress-merge.py "$build"/regress/shard-*-of-*.xml -o "$build/regress/merged.xml"
fi
if [ $# -ne 0 ] || [ -z "${SLURM_ARRAY_TASK_ID:-}" ] || [ -z "${SLURM_ARRAY_TASK_COUNT:-}" ]; then
  echo "regress-slurm: run as an array job (sbatch --array=1-N $0), or with --merge" >&2
  exit 2
fi
# Tasks are numbered from 1 (--array=1-N): task I is shard I of N.
exec python3 scripts/regress.py --build-dir "$build" --seeds "${SEEDS:-200}" --ops "${OPS:-1000}" \
  --first "${FIRST:-1000}" --jobs "${SLURM_CPUS_PER_TASK:-1}" \
  --shard "${SLURM_ARRAY_TASK_ID}/${SLURM_ARRAY_TASK_COUNT}"
