package org.slimlab.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.slimlab.train.DetectionLoss;
import org.slimlab.train.LossConfig;
import org.slimlab.train.NesterovSgd;
import org.slimlab.train.ParamGroup;
import org.slimlab.train.TrainConfig;
import org.slimlab.train.TrainableParams;
import org.slimlab.train.YoloDetector;

/**
 * A model with the trainer's optimizer for timing training steps: forward in training mode, a loss, backward and
 * the Nesterov SGD step (momentum 0.937, learning rate 0.01, weight decay 5e-4 on convolution weights), each step's
 * arrays in a scope of their own. The loss is either SlimLab's detection loss or the benchmark loss that the
 * PyTorch side computes too: the sum over levels of the mean squared raw head output.
 */
final class BenchTrainer implements AutoCloseable {
    private final int img;
    private final NDManager manager;
    private final Block net;
    private final TrainableParams params;
    private final NesterovSgd optimizer;
    private final DetectionLoss loss;
    private final int nc;

    /** Builds {@code cfg} (a config file or built-in name) for {@code img}-pixel batches of {@code batch}, seed 0. */
    BenchTrainer(String cfg, int img, int batch) {
        YoloDetector detector = YoloDetector.of(cfg);
        this.img = img;
        this.nc = detector.head().nc();
        Engine.getInstance().setRandomSeed(0);
        manager = NDManager.newBaseManager();
        net = detector.newBlock();
        net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, img, img));
        params = TrainableParams.of(net);
        optimizer = new NesterovSgd(params, 5e-4, 0.937, manager);
        for (ParamGroup g : ParamGroup.values()) {
            optimizer.setLearningRate(g, 0.01);
        }
        TrainConfig config = TrainConfig.of().withImgSize(img).withBatch(batch);
        loss = DetectionLoss.forHead(detector.head(), LossConfig.of(detector.head(), config));
    }

    /** Number of classes of the head. */
    int nc() {
        return nc;
    }

    /** Number of trainable parameter values. */
    long parameters() {
        long count = 0;
        for (TrainableParams.Entry e : params.entries()) {
            count += e.parameter().getArray().size();
        }
        return count;
    }

    /**
     * Milliseconds of one step on {@code n} images in NCHW order; the clock starts once the input array exists.
     *
     * @param targets normalised {@code image, class, cx, cy, w, h} rows, used by the detection loss
     * @param realLoss the detection loss instead of the benchmark loss
     */
    double step(float[] images, int n, float[][] targets, boolean realLoss) {
        NDManager scope = manager.newSubManager();
        NDArray x = scope.create(images, new Shape(n, 3, img, img));
        long t0 = System.nanoTime();
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDList out = net.forward(new ParameterStore(scope, false), new NDList(x), true);
            gc.backward(realLoss ? loss.compute(out, targets, img, img).total() : squares(out));
        }
        optimizer.step(params);
        scope.close();
        return (System.nanoTime() - t0) / 1e6;
    }

    private static NDArray squares(NDList out) {
        NDArray total = null;
        for (NDArray o : out) {
            NDArray term = o.mul(o).mean();
            total = total == null ? term : total.add(term);
        }
        return total;
    }

    @Override
    public void close() {
        manager.close();
    }
}
