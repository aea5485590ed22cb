#!/usr/bin/python3
"""Training-step benchmark: SlimLab (DJL, libtorch) against PyTorch (Debian's python3-torch), same
architecture built from the same yaml, same optimizer, same loss, same thread count, measured alternately
in one session on one machine.

For each config, one SlimLab worker (a JVM, jemalloc preloaded as ./slim does) and one PyTorch worker
(/usr/bin/python3) build the model and stay up; the PyTorch side must have exactly the parameter count of
`./slim summary --json`. After --warmup untimed steps each, --rounds rounds follow; every round runs
--steps timed steps on one side, then on the other (the first side alternates between rounds), so that
the load of a shared machine falls on both alike. With --real-loss, each round also times SlimLab's
step with its real detection loss (not compared: PyTorch has no such loss here).

  /usr/bin/python3 bench/train_step_bench.py [--cfg yolov5n,yolov7-tiny] [--img 320] [--batch 16]
      [--rounds 5] [--steps 5] [--warmup 3] [--threads 2] [--real-loss] [--out bench/out]

Prints a table (median ms/step, interquartile range, ratio SlimLab/PyTorch) and writes
train_step.csv (one row per config and side) and train_step_raw.csv (every step) under --out.
Needs `apt-get install python3-torch`, and builds kernel-lib's test classes first (Maven, offline).
"""
import argparse
import csv
import json
import os
import pathlib
import platform
import statistics
import subprocess
import sys

BENCH = pathlib.Path(__file__).resolve().parent
REPO = BENCH.parent
LIB = REPO / "kernel-lib" / "target"
JEMALLOC = ["/usr/lib/x86_64-linux-gnu/libjemalloc.so.2", "/usr/lib/aarch64-linux-gnu/libjemalloc.so.2"]


def thread_env(threads):
    env = dict(os.environ, OMP_NUM_THREADS=str(threads), MKL_NUM_THREADS=str(threads))
    env.pop("LD_PRELOAD", None)
    return env


def jvm_env(threads):
    """The environment ./slim gives the JVM: jemalloc preloaded with decay off."""
    env = thread_env(threads)
    for lib in JEMALLOC:
        if os.path.exists(lib):
            env["LD_PRELOAD"] = lib
            env.setdefault("MALLOC_CONF", "dirty_decay_ms:-1,muzzy_decay_ms:-1")
            break
    return env


def build_java():
    """kernel-lib's classes, dependency jars and test classes (where the SlimLab worker lives)."""
    subprocess.run(["mvn", "-q", "-B", "-o", "-pl", "kernel-lib", "-DskipTests", "package"],
                   cwd=REPO, check=True)


def summary_parameters(cfg, img):
    out = subprocess.run([str(REPO / "slim"), "summary", "--cfg", cfg, "--img", str(img), "--json"],
                         cwd=REPO, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])["parameters"]


class Worker:
    """One benchmark process speaking the 'run N' protocol over its standard input and output."""

    def __init__(self, name, cmd, env):
        self.name = name
        self.proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True, bufsize=1)
        self.ready = self._line("ready")
        self.info = dict(w.split("=", 1) for w in self.ready.split()[1:])

    def _line(self, prefix):
        while True:
            line = self.proc.stdout.readline()
            if not line:
                raise SystemExit("%s worker exited (status %s)" % (self.name, self.proc.wait()))
            if line.startswith(prefix):
                return line.strip()

    def run(self, steps, mode=""):
        self.proc.stdin.write("run %d %s\n" % (steps, mode))
        self.proc.stdin.flush()
        return [float(t) for t in self._line("ms").split()[1:]]

    def close(self):
        self.proc.stdin.write("quit\n")
        self.proc.stdin.close()
        self.proc.wait(timeout=60)


def quartiles(values):
    q = statistics.quantiles(values, n=4) if len(values) > 1 else [values[0]] * 3
    return q[0], statistics.median(values), q[2]


def bench_config(cfg, args, raw):
    expected = summary_parameters(cfg, args.img)
    java = Worker("SlimLab", ["java", "-Djava.awt.headless=true", "-Dai.djl.offline=true",
                              "-Dai.djl.pytorch.num_threads=%d" % args.threads,
                              "-Dai.djl.pytorch.num_interop_threads=1",
                              "-cp", "%s/classes:%s/test-classes:%s/lib/*" % (LIB, LIB, LIB),
                              "org.slimlab.bench.TrainStepWorker", cfg, str(args.img), str(args.batch)],
                  jvm_env(args.threads))
    torch = Worker("PyTorch", [sys.executable, str(BENCH / "torch_step.py"), "--cfg", cfg, "--img", str(args.img),
                               "--batch", str(args.batch), "--threads", str(args.threads),
                               "--expect-params", str(expected)], thread_env(args.threads))
    try:
        if int(java.info["params"]) != expected:
            raise SystemExit("%s: SlimLab worker has %s parameters, summary %d" % (cfg, java.info["params"], expected))
        sides = [("slimlab", java, ""), ("pytorch", torch, "")]
        extra = [("slimlab-real-loss", java, "real")] if args.real_loss else []
        for _, worker, mode in sides + extra:
            worker.run(args.warmup, mode)
        times = {name: [] for name, _, _ in sides + extra}
        for r in range(args.rounds):
            order = sides if r % 2 == 0 else sides[::-1]
            for name, worker, mode in order + extra:
                ms = worker.run(args.steps, mode)
                times[name].extend(ms)
                raw.extend({"cfg": cfg, "side": name, "round": r, "step": i, "ms": round(t, 3)} for i, t in enumerate(ms))
            print("  %s round %d/%d: %s" % (cfg, r + 1, args.rounds, ", ".join(
                "%s %.0f ms" % (n, statistics.median(times[n][-args.steps:])) for n, _, _ in sides + extra)), flush=True)
        load = os.getloadavg()[0]
        versions = {"slimlab": "DJL libtorch " + java.info["libtorch"], "pytorch": "torch " + torch.info["torch"],
                    "slimlab-real-loss": "DJL libtorch " + java.info["libtorch"]}
        threads = {"slimlab": java.info["threads"], "pytorch": torch.info["threads"],
                   "slimlab-real-loss": java.info["threads"]}
        rows = []
        torch_median = statistics.median(times["pytorch"])
        for name in times:
            q1, med, q3 = quartiles(times[name])
            rows.append({"cfg": cfg, "side": name, "img": args.img, "batch": args.batch,
                         "median_ms": round(med, 1), "q1_ms": round(q1, 1), "q3_ms": round(q3, 1),
                         "min_ms": round(min(times[name]), 1), "steps": len(times[name]),
                         "ratio_to_pytorch": round(med / torch_median, 3), "parameters": expected,
                         "threads": threads[name], "runtime": versions[name], "load_1min": round(load, 2),
                         "cpus": os.cpu_count(), "machine": platform.node()})
        return rows
    finally:
        java.close()
        torch.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cfg", default="yolov5n,yolov7-tiny", help="comma-separated configs (names or yaml paths)")
    parser.add_argument("--img", type=int, default=320)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--steps", type=int, default=5, help="timed steps per side and round")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--real-loss", action="store_true", help="also time SlimLab's step with its detection loss")
    parser.add_argument("--no-build", action="store_true", help="skip the Maven build of the SlimLab worker")
    parser.add_argument("--out", default=str(BENCH / "out"))
    args = parser.parse_args()

    if not args.no_build:
        build_java()
    rows, raw = [], []
    for cfg in args.cfg.split(","):
        rows.extend(bench_config(cfg, args, raw))

    print("\n%-12s %-18s %10s %17s %8s %12s" % ("config", "side", "median", "(q1-q3)", "ratio", "parameters"))
    for r in rows:
        print("%-12s %-18s %7.1f ms %7.1f-%7.1f ms %7.2fx %12d" % (
            r["cfg"], r["side"], r["median_ms"], r["q1_ms"], r["q3_ms"], r["ratio_to_pytorch"], r["parameters"]))
    print("img %d, batch %d, %s threads per side, load %.2f; ratio = median / PyTorch median (goal: SlimLab <= 0.8)"
          % (args.img, args.batch, args.threads, os.getloadavg()[0]))
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for name, table in (("train_step.csv", rows), ("train_step_raw.csv", raw)):
        with (out / name).open("w", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=list(table[0]))
            writer.writeheader()
            writer.writerows(table)
    print("wrote", out / "train_step.csv", "and", out / "train_step_raw.csv")


if __name__ == "__main__":
    main()
