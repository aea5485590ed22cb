package org.slimlab.train;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The trainer's counters at a batch boundary: everything besides tensors that an exact resume needs.
 * Torch's random generator is re-seeded from {@code (seed, globalBatch)} before every batch, so the seed and the
 * position are its whole state; the data order is a function of the epoch.
 */
final class TrainState {
    /** The epoch in progress (or the next one, at a boundary), from 0. */
    int epoch;
    /** The next batch to train within {@link #epoch}. */
    int batch;
    /** Global batch index of the last optimizer step ({@code -1}: none yet). */
    long lastOptStep = -1;
    /** Batches back-propagated since the last optimizer step (their gradients are pending). */
    int pending;
    /** Sums of the loss parts over the batches of the current epoch. */
    double[] lossSums;
    /** Batches summed in {@link #lossSums}. */
    int lossCount;
    /** Wall seconds spent in the current epoch so far. */
    double epochSeconds;
    /** Wall seconds of the finished epochs, validation included (what a time budget counts). */
    double trainSeconds;
    double bestFitness = Double.NEGATIVE_INFINITY;
    int bestEpoch = -1;

    TrainState(int parts) {
        lossSums = new double[parts];
    }

    void addLoss(float[] parts) {
        for (int i = 0; i < parts.length; i++) {
            lossSums[i] += parts[i];
        }
        lossCount++;
    }

    float[] meanLoss() {
        float[] m = new float[lossSums.length];
        for (int i = 0; i < m.length; i++) {
            m[i] = lossCount == 0 ? 0f : (float) (lossSums[i] / lossCount);
        }
        return m;
    }

    void startEpoch(int next) {
        epoch = next;
        batch = 0;
        lossSums = new double[lossSums.length];
        lossCount = 0;
        epochSeconds = 0;
    }

    void write(DataOutputStream out) throws IOException {
        out.writeInt(epoch);
        out.writeInt(batch);
        out.writeLong(lastOptStep);
        out.writeInt(pending);
        out.writeInt(lossSums.length);
        for (double v : lossSums) {
            out.writeDouble(v);
        }
        out.writeInt(lossCount);
        out.writeDouble(epochSeconds);
        out.writeDouble(bestFitness);
        out.writeInt(bestEpoch);
    }

    static TrainState read(DataInputStream in) throws IOException {
        int epoch = in.readInt();
        int batch = in.readInt();
        long last = in.readLong();
        int pending = in.readInt();
        TrainState s = new TrainState(in.readInt());
        s.epoch = epoch;
        s.batch = batch;
        s.lastOptStep = last;
        s.pending = pending;
        for (int i = 0; i < s.lossSums.length; i++) {
            s.lossSums[i] = in.readDouble();
        }
        s.lossCount = in.readInt();
        s.epochSeconds = in.readDouble();
        s.bestFitness = in.readDouble();
        s.bestEpoch = in.readInt();
        return s;
    }
}
