#!/usr/bin/env python3
"""Writes an MLflow file store of RUNS runs x METRICS metrics (10 points each)
in MLflow 2's layout, for timing labs' reader: make-mlflow-store.py DIR RUNS METRICS"""
import os
import sys

root, runs, metrics = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
experiment = "123456789012345678"


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as handle:
        handle.write(text)


write(f"{root}/0/meta.yaml", "experiment_id: '0'\nlifecycle_stage: active\nname: Default\n")
write(f"{root}/{experiment}/meta.yaml", f"experiment_id: '{experiment}'\nlifecycle_stage: active\nname: bench\n")
for r in range(runs):
    run_id = f"{r:032x}"
    base = f"{root}/{experiment}/{run_id}"
    write(f"{base}/meta.yaml", f"run_id: {run_id}\nrun_name: run-{r}\nexperiment_id: '{experiment}'\n"
          f"lifecycle_stage: active\nstatus: 3\nstart_time: {1700000000000 + r}\nend_time: {1700000001000 + r}\n")
    write(f"{base}/params/alpha", str(r % 97))
    write(f"{base}/params/depth", str(r % 13))
    write(f"{base}/tags/mlflow.runName", f"run-{r}")
    for m in range(metrics):
        write(f"{base}/metrics/metric_{m}",
              "".join(f"{1700000000000 + step} {0.5 + (r * m + step) % 100 / 200} {step}\n" for step in range(10)))
