#!/usr/bin/python3
"""Kernel latency benchmark: the SlimLab Java kernel next to Debian's IPython kernel, measured in the
same run on the same machine.

  cold start   launching the kernel process until the result of a trivial first cell arrives
               (median of --starts fresh kernels), and the CPU time the kernel process used for it
  round trip   sending a trivial cell to a warm kernel until its execute_reply arrives
               (median of --cells cells, after a few unmeasured ones), and the kernel's CPU time per cell

Wall times depend on what else the machine runs; the CPU times much less so (the CSV records the load).

Prints a table and writes a CSV. Run it with /usr/bin/python3; the slimlab kernel is looked up like any
kernelspec (the installed one, or JUPYTER_PATH=build/jupyter as environment/test sets it up):

  /usr/bin/python3 bench/kernel_bench.py [--starts 5] [--cells 100] [--csv bench/out/kernel_bench.csv]
"""
import argparse
import csv
import os
import pathlib
import platform
import statistics
import time

import jupyter_client

KERNELS = {"slimlab": "1 + 1", "python3": "1 + 1"}
WARM_UP_CELLS = 5
TIMEOUT = 180


def cpu_seconds(pid):
    """User plus system CPU time of a process, from /proc (Linux)."""
    fields = pathlib.Path("/proc/%d/stat" % pid).read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def first_result(kc, code):
    """Executes code and waits for its execute_result; returns when it has arrived."""
    msg_id = kc.execute(code)
    while True:
        msg = kc.get_iopub_msg(timeout=TIMEOUT)
        if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "execute_result":
            return
        if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "error":
            raise RuntimeError("%s failed: %s" % (code, msg["content"]["evalue"]))


def cold_start(name, code):
    """(wall seconds, kernel CPU seconds) from launching the kernel to the result of its first cell."""
    km = jupyter_client.KernelManager(kernel_name=name)
    start = time.perf_counter()
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=TIMEOUT)
        first_result(kc, code)
        return time.perf_counter() - start, cpu_seconds(km.provisioner.process.pid)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def round_trips(name, code, cells):
    """(seconds per trivial cell on a warm kernel, one value per cell; kernel CPU seconds per cell)."""
    km, kc = jupyter_client.manager.start_new_kernel(kernel_name=name, startup_timeout=TIMEOUT)
    pid = km.provisioner.process.pid
    try:
        for _ in range(WARM_UP_CELLS):
            kc.execute(code, reply=True, timeout=TIMEOUT)
        times = []
        cpu = cpu_seconds(pid)
        for _ in range(cells):
            start = time.perf_counter()
            reply = kc.execute(code, reply=True, timeout=TIMEOUT)
            times.append(time.perf_counter() - start)
            assert reply["content"]["status"] == "ok", reply["content"]
        return times, (cpu_seconds(pid) - cpu) / cells
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--starts", type=int, default=5, help="cold starts per kernel (default 5)")
    parser.add_argument("--cells", type=int, default=100, help="timed round trips per kernel (default 100)")
    parser.add_argument("--csv", default=str(pathlib.Path(__file__).parent / "out" / "kernel_bench.csv"))
    parser.add_argument("--kernels", default=",".join(KERNELS), help="kernelspec names (default slimlab,python3)")
    args = parser.parse_args()

    rows = []
    for name in args.kernels.split(","):
        code = KERNELS.get(name, "1 + 1")
        measured = [cold_start(name, code) for _ in range(args.starts)]
        starts = [wall for wall, _ in measured]
        trips, cpu_per_cell = round_trips(name, code, args.cells)
        rows.append({
            "kernel": name,
            "cold_start_median_s": round(statistics.median(starts), 3),
            "cold_start_min_s": round(min(starts), 3),
            "cold_start_max_s": round(max(starts), 3),
            "cold_start_cpu_median_s": round(statistics.median(cpu for _, cpu in measured), 2),
            "round_trip_median_ms": round(1000 * statistics.median(trips), 1),
            "round_trip_p90_ms": round(1000 * statistics.quantiles(trips, n=10)[-1], 1),
            "round_trip_cpu_ms": round(1000 * cpu_per_cell, 1),
            "starts": args.starts,
            "cells": args.cells,
            "cpus": os.cpu_count(),
            "load_1min": round(os.getloadavg()[0], 2),
            "machine": platform.node(),
        })

    print("%-9s %17s %14s %10s %17s %10s %10s" % (
        "kernel", "cold start (med)", "(min-max)", "(CPU)", "round trip (med)", "(p90)", "(CPU)"))
    for r in rows:
        print("%-9s %15.2f s %5.2f-%5.2f s %8.2f s %14.1f ms %7.1f ms %7.1f ms" % (
            r["kernel"], r["cold_start_median_s"], r["cold_start_min_s"], r["cold_start_max_s"],
            r["cold_start_cpu_median_s"], r["round_trip_median_ms"], r["round_trip_p90_ms"], r["round_trip_cpu_ms"]))
    out = pathlib.Path(args.csv)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    print("wrote", out)


if __name__ == "__main__":
    main()
