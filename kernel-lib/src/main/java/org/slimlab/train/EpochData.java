package org.slimlab.train;

import java.util.Iterator;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The training batches, epoch by epoch. A given epoch must always yield the same batches (a data loader that
 * shuffles and augments from {@code (seed, epoch)} does): an interrupted run resumes mid-epoch by replaying
 * the epoch and skipping the batches it already trained on.
 */
public interface EpochData {

    /** Batches in one epoch. */
    int batches();

    /** The batches of {@code epoch}, in order. */
    Iterator<TrainBatch> epoch(int epoch);

    /**
     * The batches of {@code epoch} of a run now planned to last {@code epochs} epochs (the plan changes under a
     * time budget); by default those of {@link #epoch(int)}.
     */
    default Iterator<TrainBatch> epoch(int epoch, int epochs) {
        return epoch(epoch);
    }

    /** Epochs from a function of the epoch number. */
    static EpochData of(int batches, IntFunction<Iterator<TrainBatch>> epochs) {
        return new EpochData() {
            @Override
            public int batches() {
                return batches;
            }

            @Override
            public Iterator<TrainBatch> epoch(int epoch) {
                return epochs.apply(epoch);
            }
        };
    }

    /** The same fixed list of batches every epoch. */
    static EpochData fixed(List<TrainBatch> batches) {
        return of(batches.size(), e -> batches.iterator());
    }
}
