#!/usr/bin/python3
"""PyTorch side of the training-step benchmark (driven by train_step_bench.py; see bench/README.md).

Builds the model from the same yaml as SlimLab (torch_yolo.py), checks its parameter count, then waits
for commands on standard input:

  run N     N training steps; prints 'ms t1 t2 ... tN' (milliseconds per step)
  quit      exits

A step is forward in training mode, the loss (the sum over levels of the mean squared raw head output),
backward, and an SGD step (Nesterov momentum 0.937, learning rate 0.01, weight decay 5e-4 on
convolution weights only, as SlimLab's trainer groups them). The input batch is made before the clock
starts; the step's tensors are released before it stops.
"""
import argparse
import sys
import time

import torch

import torch_yolo


def optimizer(model, lr=0.01, momentum=0.937, decay=5e-4):
    """Three groups as SlimLab and Ultralytics form them: decayed conv weights, BatchNorm weights, biases."""
    weights, norms, biases = [], [], []
    for module in model.modules():
        for name, p in module.named_parameters(recurse=False):
            if name == "bias":
                biases.append(p)
            elif name == "weight" and not isinstance(module, torch.nn.BatchNorm2d):
                weights.append(p)
            else:
                norms.append(p)
    return torch.optim.SGD([{"params": weights, "weight_decay": decay}, {"params": norms, "weight_decay": 0.0},
                            {"params": biases, "weight_decay": 0.0}], lr=lr, momentum=momentum, nesterov=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cfg", required=True)
    parser.add_argument("--img", type=int, default=320)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--expect-params", type=int, help="fail unless the model has exactly this many parameters")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)
    torch.manual_seed(args.seed)
    model = torch_yolo.build(args.cfg).train()
    params = torch_yolo.parameter_count(model)
    if args.expect_params is not None and params != args.expect_params:
        sys.exit("%s: PyTorch model has %d parameters, SlimLab's summary %d" % (args.cfg, params, args.expect_params))
    opt = optimizer(model)
    host = torch.rand(args.batch, 3, args.img, args.img)
    print("ready params=%d threads=%d torch=%s" % (params, torch.get_num_threads(), torch.__version__), flush=True)
    for line in sys.stdin:
        words = line.split()
        if not words or words[0] == "quit":
            break
        times = []
        for _ in range(int(words[1])):
            x = host.clone()
            start = time.perf_counter()
            out = model(x)
            loss = sum((o * o).mean() for o in out)
            loss.backward()
            opt.step()
            opt.zero_grad()
            del out, loss
            times.append((time.perf_counter() - start) * 1000)
        print("ms " + " ".join("%.3f" % t for t in times), flush=True)


if __name__ == "__main__":
    main()
