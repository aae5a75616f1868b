# Sourced by the study scripts (bench/scaling_full.sh, bench/entropix_sweep.sh): WORKERS processes, one pinned to each
# core, each running the caller's `run` on its shard of the problems (problems i, i+k, ...); returns when all have.
#   run_shards NAME    each shard's executed notebook goes to runs/NAME-shard-i
run_shards() {
  local pids=() i p
  for i in $(seq 0 $((WORKERS - 1))); do
    PIN="taskset -c $((i % $(nproc)))" run --out "runs/$1-shard-$i" -p shard "[$i, $WORKERS]" & pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p"; done
}
