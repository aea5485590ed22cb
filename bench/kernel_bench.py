#!/usr/bin/python3
"""Kernel latency benchmark: the SlimLab Java kernel next to Debian's IPython kernel, measured in the
same run on the same machine.

  cold start   launching the kernel process until the result of a trivial first cell arrives
               (median of --starts fresh kernels)
  round trip   sending a trivial cell to a warm kernel until its execute_reply arrives
               (median of --cells cells, after a few unmeasured ones)

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
    """Seconds from launching the kernel to the result of its first cell."""
    km = jupyter_client.KernelManager(kernel_name=name)
    start = time.perf_counter()
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=TIMEOUT)
        first_result(kc, code)
        return time.perf_counter() - start
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def round_trips(name, code, cells):
    """Seconds per trivial cell on a warm kernel, one value per cell."""
    km, kc = jupyter_client.manager.start_new_kernel(kernel_name=name, startup_timeout=TIMEOUT)
    try:
        for _ in range(WARM_UP_CELLS):
            kc.execute(code, reply=True, timeout=TIMEOUT)
        times = []
        for _ in range(cells):
            start = time.perf_counter()
            reply = kc.execute(code, reply=True, timeout=TIMEOUT)
            times.append(time.perf_counter() - start)
            assert reply["content"]["status"] == "ok", reply["content"]
        return times
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
        starts = [cold_start(name, code) for _ in range(args.starts)]
        trips = round_trips(name, code, args.cells)
        rows.append({
            "kernel": name,
            "cold_start_median_s": round(statistics.median(starts), 3),
            "cold_start_min_s": round(min(starts), 3),
            "cold_start_max_s": round(max(starts), 3),
            "round_trip_median_ms": round(1000 * statistics.median(trips), 1),
            "round_trip_p90_ms": round(1000 * statistics.quantiles(trips, n=10)[-1], 1),
            "starts": args.starts,
            "cells": args.cells,
            "cpus": os.cpu_count(),
            "load_1min": round(os.getloadavg()[0], 2),
            "machine": platform.node(),
        })

    print("%-10s %18s %14s %20s %16s" % ("kernel", "cold start (med)", "(min-max)", "round trip (med)", "(p90)"))
    for r in rows:
        print("%-10s %16.2f s %5.2f-%5.2f s %17.1f ms %13.1f ms" % (
            r["kernel"], r["cold_start_median_s"], r["cold_start_min_s"], r["cold_start_max_s"],
            r["round_trip_median_ms"], r["round_trip_p90_ms"]))
    out = pathlib.Path(args.csv)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    print("wrote", out)


if __name__ == "__main__":
    main()
