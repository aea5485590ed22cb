package org.slimlab.train;

import java.util.Iterator;
import org.slimlab.data.DetBatch;
import org.slimlab.data.DetLoader;

/** Epochs of a {@link DetLoader} (shuffle and augmentation drawn from its seed and the epoch). */
public final class LoaderData {
    private LoaderData() {
    }

    /** The loader's passes, one per epoch. */
    public static EpochData of(DetLoader loader) {
        return EpochData.of(loader.batches(), epoch -> {
            loader.setEpoch(epoch);
            Iterator<DetBatch> it = loader.iterator();
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public TrainBatch next() {
                    return batch(it.next());
                }
            };
        });
    }

    /** One loader batch as a training batch. */
    public static TrainBatch batch(DetBatch b) {
        return new TrainBatch(b.images(), b.n(), b.h(), b.w(), b.targets());
    }
}
