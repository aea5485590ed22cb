#!/usr/bin/python3
"""Peak resident memory of a real training run: `./slim train` at batch 16 and 320 px for one epoch on a small
FashionDet set (--train-images, default 256, and 32 validation images, generated once into bench/out), validation
included. The peak is the kernel's own account of the process (ru_maxrss from wait4), the whole JVM: heap,
libtorch tensors, loader buffers. Prints a table and writes bench/out/memory.csv.

  /usr/bin/python3 bench/memory_bench.py [--cfg yolov5n,yolov7-tiny] [--img 320] [--batch 16] [--epochs 1]
      [--train-images 256]
"""
import argparse
import csv
import os
import pathlib
import platform
import shutil
import subprocess
import time

BENCH = pathlib.Path(__file__).resolve().parent
REPO = BENCH.parent
SLIM = str(REPO / "slim")


def peak_rss(cmd):
    """(peak RSS in MiB, wall seconds, exit status) of a command run to its end."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return usage.ru_maxrss / 1024, time.perf_counter() - start, proc.returncode


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cfg", default="yolov5n")
    parser.add_argument("--img", type=int, default=320)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--train-images", type=int, default=256)
    parser.add_argument("--out", default=str(BENCH / "out"))
    args = parser.parse_args()

    out = pathlib.Path(args.out)
    data = out / ("memory-data-%d-%d" % (args.train_images, args.img))
    if not (data / "data.yaml").is_file():
        subprocess.run([SLIM, "data", "fashion-det", "--out", str(data), "--train", str(args.train_images), "--val", "32",
                        "--img", str(args.img)], cwd=REPO, check=True, stdout=subprocess.DEVNULL)
    rows = []
    for cfg in args.cfg.split(","):
        project = out / "memory-runs"
        shutil.rmtree(project / cfg, ignore_errors=True)
        mib, seconds, code = peak_rss([SLIM, "train", "--cfg", cfg, "--data", str(data / "data.yaml"),
                                       "--epochs", str(args.epochs), "--img", str(args.img), "--batch", str(args.batch),
                                       "--project", str(project), "--name", cfg, "--seed", "0"])
        if code != 0:
            raise SystemExit("%s: slim train exited with %d" % (cfg, code))
        rows.append({"cfg": cfg, "img": args.img, "batch": args.batch, "epochs": args.epochs, "train_images": args.train_images,
                     "peak_rss_mib": round(mib), "wall_s": round(seconds, 1), "load_1min": round(os.getloadavg()[0], 2),
                     "cpus": os.cpu_count(), "machine": platform.node()})
    print("%-12s %5s %6s %14s %10s" % ("config", "img", "batch", "peak RSS", "wall"))
    for r in rows:
        print("%-12s %5d %6d %10d MiB %8.1f s" % (r["cfg"], r["img"], r["batch"], r["peak_rss_mib"], r["wall_s"]))
    out.mkdir(parents=True, exist_ok=True)
    with (out / "memory.csv").open("w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    print("wrote", out / "memory.csv")


if __name__ == "__main__":
    main()
