"""Reference numbers for ReferenceCrossCheckTest, written with NumPy to the semantics of Ultralytics'
match_predictions, ap_per_class, compute_ap, smooth and ConfusionMatrix (unmatched detections always count as
background). Regenerate with:  /usr/bin/python3 ap_reference.py > reference_cases.json
"""
import json

import numpy as np

IOUV = np.linspace(0.5, 0.95, 10).astype(np.float32)


def box_iou(a, b, eps=np.float32(1e-7)):
    """IoU of (N,4) and (M,4) xyxy float32 boxes, (N,M)."""
    lt = np.maximum(a[:, None, :2], b[None, :, :2])
    rb = np.minimum(a[:, None, 2:], b[None, :, 2:])
    wh = np.clip(rb - lt, 0, None)
    inter = wh[..., 0] * wh[..., 1]
    area_a = (a[:, 2] - a[:, 0]) * (a[:, 3] - a[:, 1])
    area_b = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
    return inter / (area_a[:, None] + area_b[None, :] - inter + eps)


def match_predictions(pred_cls, gt_cls, iou):
    correct = np.zeros((len(pred_cls), len(IOUV)), dtype=bool)
    iou = iou * (gt_cls[:, None] == pred_cls[None, :])
    for i, t in enumerate(IOUV):
        m = np.array(np.nonzero(iou >= t)).T
        if m.shape[0]:
            if m.shape[0] > 1:
                m = m[iou[m[:, 0], m[:, 1]].argsort(kind="stable")[::-1]]
                m = m[np.unique(m[:, 1], return_index=True)[1]]
                m = m[np.unique(m[:, 0], return_index=True)[1]]
            correct[m[:, 1], i] = True
    return correct


def smooth(y, f):
    nf = round(len(y) * f * 2) // 2 + 1
    p = np.ones(nf // 2)
    yp = np.concatenate((p * y[0], y, p * y[-1]), 0)
    return np.convolve(yp, np.ones(nf) / nf, mode="valid")


def compute_ap(recall, precision):
    mrec = np.concatenate(([0.0], recall, [1.0]))
    mpre = np.concatenate(([1.0], precision, [0.0]))
    mpre = np.flip(np.maximum.accumulate(np.flip(mpre)))
    x = np.linspace(0, 1, 101)
    return np.trapz(np.interp(x, mrec, mpre), x)


def ap_per_class(tp, conf, pred_cls, target_cls, eps=1e-16):
    i = np.argsort(-conf, kind="stable")
    tp, conf, pred_cls = tp[i], conf[i], pred_cls[i]
    classes, nt = np.unique(target_cls, return_counts=True)
    x = np.linspace(0, 1, 1000)
    ap = np.zeros((len(classes), tp.shape[1]))
    p_curve = np.zeros((len(classes), 1000))
    r_curve = np.zeros((len(classes), 1000))
    for ci, c in enumerate(classes):
        i = pred_cls == c
        n_l, n_p = nt[ci], i.sum()
        if n_p == 0 or n_l == 0:
            continue
        fpc = (1 - tp[i]).cumsum(0)
        tpc = tp[i].cumsum(0)
        recall = tpc / (n_l + eps)
        r_curve[ci] = np.interp(-x, -conf[i], recall[:, 0], left=0)
        precision = tpc / (tpc + fpc)
        p_curve[ci] = np.interp(-x, -conf[i], precision[:, 0], left=1)
        for j in range(tp.shape[1]):
            ap[ci, j] = compute_ap(recall[:, j], precision[:, j])
    f1 = 2 * p_curve * r_curve / (p_curve + r_curve + eps)
    best = smooth(f1.mean(0), 0.1).argmax() if len(classes) else 0
    return classes, ap, p_curve[:, best], r_curve[:, best]


def confusion(matrix, nc, dets, gts, conf=0.25, iou_thres=0.45):
    dets = dets[dets[:, 4] > np.float32(conf)]
    gt_cls = gts[:, 0].astype(int)
    det_cls = dets[:, 5].astype(int)
    if len(gts) == 0:
        for dc in det_cls:
            matrix[dc, nc] += 1
        return
    iou = box_iou(gts[:, 1:], dets[:, :4]) if len(dets) else np.zeros((len(gts), 0), np.float32)
    x = np.nonzero(iou > np.float32(iou_thres))
    if x[0].shape[0]:
        m = np.concatenate((np.stack(x, 1), iou[x[0], x[1]][:, None]), 1)
        if x[0].shape[0] > 1:
            m = m[m[:, 2].argsort(kind="stable")[::-1]]
            m = m[np.unique(m[:, 1], return_index=True)[1]]
            m = m[m[:, 2].argsort(kind="stable")[::-1]]
            m = m[np.unique(m[:, 0], return_index=True)[1]]
    else:
        m = np.zeros((0, 3))
    m0, m1 = m[:, 0].astype(int), m[:, 1].astype(int)
    for i, gc in enumerate(gt_cls):
        j = m0 == i
        if j.sum() == 1:
            matrix[det_cls[m1[j]][0], gc] += 1
        else:
            matrix[nc, gc] += 1
    for i, dc in enumerate(det_cls):
        if not (m1 == i).any():
            matrix[dc, nc] += 1


def scene(rng, images, nc, size=320.0):
    out = []
    for _ in range(images):
        n = int(rng.integers(0, 6))
        cxy = rng.uniform(40, size - 40, (n, 2))
        wh = rng.uniform(12, 80, (n, 2))
        gts = np.concatenate((rng.integers(0, nc, (n, 1)), cxy - wh / 2, cxy + wh / 2), 1).astype(np.float32)
        dets = []
        for g in gts:
            for _ in range(int(rng.integers(0, 3))):
                jitter = rng.normal(0, 0.12, 4) * np.array([g[3] - g[1], g[4] - g[2]] * 2)
                cls = g[0] if rng.random() > 0.15 else rng.integers(0, nc)
                dets.append([*(g[1:] + jitter), rng.random(), cls])
        for _ in range(int(rng.integers(0, 4))):
            c = rng.uniform(20, size - 20, 2)
            w = rng.uniform(10, 60, 2)
            dets.append([*(c - w / 2), *(c + w / 2), rng.random() * 0.6, rng.integers(0, nc)])
        dets = np.array(dets, dtype=np.float32).reshape(-1, 6)
        dets = dets[np.argsort(-dets[:, 4], kind="stable")]
        out.append((dets, gts))
    return out


def evaluate(images, nc):
    tps, confs, pcls, tcls = [], [], [], []
    matrix = np.zeros((nc + 1, nc + 1), dtype=np.int64)
    for dets, gts in images:
        tcls.append(gts[:, 0])
        confusion(matrix, nc, dets, gts)
        if len(dets) == 0:
            continue
        if len(gts):
            tp = match_predictions(dets[:, 5], gts[:, 0], box_iou(gts[:, 1:], dets[:, :4]))
        else:
            tp = np.zeros((len(dets), 10), dtype=bool)
        tps.append(tp)
        confs.append(dets[:, 4])
        pcls.append(dets[:, 5])
    tp = np.concatenate(tps) if tps else np.zeros((0, 10), bool)
    conf = np.concatenate(confs) if confs else np.zeros(0, np.float32)
    pred_cls = np.concatenate(pcls) if pcls else np.zeros(0, np.float32)
    classes, ap, p, r = ap_per_class(tp, conf, pred_cls, np.concatenate(tcls))
    n = len(classes)
    return {
        "classes": classes.astype(int).tolist(),
        "ap": ap.tolist(),
        "map50": float(ap[:, 0].mean()) if n else 0.0,
        "map50_95": float(ap.mean()) if n else 0.0,
        "precision": float(p.mean()) if n else 0.0,
        "recall": float(r.mean()) if n else 0.0,
        "confusion": matrix.tolist(),
    }


def main():
    cases = []
    for seed, images, nc in [(1, 40, 3), (2, 120, 5), (3, 15, 1)]:
        rng = np.random.default_rng(seed)
        data = scene(rng, images, nc)
        cases.append({
            "seed": seed,
            "nc": nc,
            "images": [{"dets": d.astype(float).tolist(), "gts": g.astype(float).tolist()} for d, g in data],
            "expected": evaluate(data, nc),
        })
    print(json.dumps({"cases": cases}))


if __name__ == "__main__":
    main()
