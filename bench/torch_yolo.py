"""A compact PyTorch builder for SlimLab's Ultralytics-style model yaml files, for the benchmarks only.

It reads the same yaml that SlimLab builds from (a path, or a built-in name resolved to
kernel-lib/src/main/resources/org/slimlab/configs/<name>.yaml) and supports the rows of YOLOv5n and
yolov7-tiny: Conv, C3, Bottleneck, SPPF, Concat, nn.Upsample, MP, SP, Detect and IDetect. Width and
depth scaling follow the Ultralytics rules (channels rounded up to a multiple of 8, depth rounded half
to even, as Python's round does). In training mode the head returns one raw tensor per level shaped
(batch, anchors, ny, nx, classes + 5), as Ultralytics' Detect does.
"""
import math
import pathlib
import re

import torch
import yaml
from torch import nn

CONFIGS = pathlib.Path(__file__).resolve().parent.parent / "kernel-lib/src/main/resources/org/slimlab/configs"


def load_yaml(cfg):
    """The yaml dict of a config path or built-in name."""
    path = pathlib.Path(cfg)
    if not path.is_file():
        path = CONFIGS / (cfg + ".yaml")
    if not path.is_file():
        raise SystemExit("no model config %s (neither a file nor %s)" % (cfg, path))
    return yaml.safe_load(path.read_text())


def activation(token):
    """nn.SiLU by default; the yaml token nn.LeakyReLU(s) gives a LeakyReLU with slope s."""
    if token is None or token is True:
        return nn.SiLU(inplace=True)
    m = re.fullmatch(r"nn\.LeakyReLU\(([0-9.eE+-]+)\)", str(token))
    if m:
        return nn.LeakyReLU(float(m.group(1)), inplace=True)
    if str(token) == "nn.SiLU()":
        return nn.SiLU(inplace=True)
    raise SystemExit("activation %s is not supported by this builder" % token)


class Conv(nn.Module):
    """Convolution without bias, BatchNorm, activation; padding k//2 unless given."""

    def __init__(self, c1, c2, k=1, s=1, p=None, g=1, act=None):
        super().__init__()
        self.conv = nn.Conv2d(c1, c2, k, s, k // 2 if p is None else p, groups=g, bias=False)
        self.bn = nn.BatchNorm2d(c2, eps=1e-3, momentum=0.03)
        self.act = activation(act)

    def forward(self, x):
        return self.act(self.bn(self.conv(x)))


class Bottleneck(nn.Module):
    def __init__(self, c1, c2, shortcut=True, g=1, e=0.5):
        super().__init__()
        c_ = int(c2 * e)
        self.cv1 = Conv(c1, c_, 1, 1)
        self.cv2 = Conv(c_, c2, 3, 1, g=g)
        self.add = shortcut and c1 == c2

    def forward(self, x):
        y = self.cv2(self.cv1(x))
        return x + y if self.add else y


class C3(nn.Module):
    def __init__(self, c1, c2, n=1, shortcut=True, g=1, e=0.5):
        super().__init__()
        c_ = int(c2 * e)
        self.cv1 = Conv(c1, c_, 1, 1)
        self.cv2 = Conv(c1, c_, 1, 1)
        self.cv3 = Conv(2 * c_, c2, 1)
        self.m = nn.Sequential(*(Bottleneck(c_, c_, shortcut, g, e=1.0) for _ in range(n)))

    def forward(self, x):
        return self.cv3(torch.cat((self.m(self.cv1(x)), self.cv2(x)), 1))


class SPPF(nn.Module):
    def __init__(self, c1, c2, k=5):
        super().__init__()
        c_ = c1 // 2
        self.cv1 = Conv(c1, c_, 1, 1)
        self.cv2 = Conv(c_ * 4, c2, 1, 1)
        self.m = nn.MaxPool2d(kernel_size=k, stride=1, padding=k // 2)

    def forward(self, x):
        x = self.cv1(x)
        y1 = self.m(x)
        y2 = self.m(y1)
        return self.cv2(torch.cat((x, y1, y2, self.m(y2)), 1))


class Concat(nn.Module):
    def __init__(self, dim=1):
        super().__init__()
        self.d = dim

    def forward(self, xs):
        return torch.cat(xs, self.d)


class Detect(nn.Module):
    """Anchor-based head: a 1x1 convolution with bias per level; raw outputs in training mode."""

    def __init__(self, nc, anchors, ch):
        super().__init__()
        self.no = nc + 5
        self.nl = len(anchors)
        self.na = len(anchors[0]) // 2
        self.register_buffer("anchors", torch.tensor(anchors, dtype=torch.float32).view(self.nl, -1, 2))
        self.m = nn.ModuleList(nn.Conv2d(c, self.no * self.na, 1) for c in ch)

    def level(self, i, x):
        return self.m[i](x)

    def forward(self, xs):
        out = []
        for i, x in enumerate(xs):
            y = self.level(i, x)
            bs, _, ny, nx = y.shape
            out.append(y.view(bs, self.na, self.no, ny, nx).permute(0, 1, 3, 4, 2).contiguous())
        return out


class IDetect(Detect):
    """YOLOv7's head: an implicit shift before each output convolution and an implicit scale after it."""

    def __init__(self, nc, anchors, ch):
        super().__init__(nc, anchors, ch)
        self.ia = nn.ParameterList(nn.Parameter(torch.randn(1, c, 1, 1) * 0.02) for c in ch)
        self.im = nn.ParameterList(nn.Parameter(1 + torch.randn(1, self.no * self.na, 1, 1) * 0.02) for _ in ch)

    def level(self, i, x):
        return self.m[i](x + self.ia[i]) * self.im[i]


def make_divisible(x, divisor=8):
    return int(math.ceil(x / divisor) * divisor)


class Yolo(nn.Module):
    """The model of one yaml: layers run in order, each reading the outputs its 'from' names."""

    def __init__(self, d, nc=None):
        super().__init__()
        nc = nc or d["nc"]
        anchors = d["anchors"]
        gd, gw = d.get("depth_multiple", 1.0), d.get("width_multiple", 1.0)
        no = (len(anchors[0]) // 2) * (nc + 5)
        layers, self.froms, ch = [], [], []
        for i, (f, n, m, args) in enumerate(d["backbone"] + d["head"]):
            args = [nc if a == "nc" else anchors if a == "anchors" else None if a == "None" else a for a in args]
            n = max(round(n * gd), 1) if n > 1 else n
            c_in = ch[f] if isinstance(f, int) and ch else 3
            if m in ("Conv", "C3", "SPPF", "Bottleneck"):
                c2 = args[0] if args[0] == no else make_divisible(args[0] * gw)
                args = [c_in, c2, *args[1:]]
                if m == "C3":
                    args.insert(2, n)
                    n = 1
                module = {"Conv": Conv, "C3": C3, "SPPF": SPPF, "Bottleneck": Bottleneck}[m](*args)
            elif m == "Concat":
                c2 = sum(ch[x] for x in f)
                module = Concat(*args)
            elif m in ("Detect", "IDetect"):
                c2 = no
                module = (Detect if m == "Detect" else IDetect)(args[0], args[1], [ch[x] for x in f])
            elif m == "MP":
                c2 = c_in
                module = nn.MaxPool2d(2, 2)
            elif m == "SP":
                c2 = c_in
                k = args[0] if args else 3
                module = nn.MaxPool2d(k, 1, k // 2)
            elif m == "nn.Upsample":
                c2 = c_in
                module = nn.Upsample(None, args[1], args[2])
            else:
                raise SystemExit("row %d: module %s is not supported by this builder" % (i, m))
            if n > 1:
                module = nn.Sequential(*([module] + [type(module)(*args) for _ in range(n - 1)]))
            layers.append(module)
            self.froms.append(f)
            ch.append(c2)
        self.model = nn.ModuleList(layers)

    def forward(self, x):
        outputs = []
        for layer, f in zip(self.model, self.froms):
            if f != -1:
                x = outputs[f] if isinstance(f, int) else [x if j == -1 else outputs[j] for j in f]
            x = layer(x)
            outputs.append(x)
        return x


def build(cfg, nc=None):
    """The torch model of a config path or built-in name."""
    return Yolo(load_yaml(cfg), nc)


def parameter_count(model):
    return sum(p.numel() for p in model.parameters())
