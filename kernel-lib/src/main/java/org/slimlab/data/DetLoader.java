package org.slimlab.data;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slimlab.SlimException;

/**
 * Batches of a {@link DetDataset}, built on background threads while the caller computes.
 *
 * <p>Each pass ({@link #iterator()}) covers the dataset once in the order of the current {@link #epoch()}:
 * shuffled from (seed, epoch) when {@code shuffle} is on. Up to {@code prefetch} batches are built ahead by
 * {@code workers} threads (0 = build on the caller's thread). Every sample's augmentation draws from a random
 * stream of (seed, epoch, index), so the batches are the same for any number of workers. Close the loader to stop
 * its threads.
 *
 * <pre>{@code
 * try (DetLoader train = DetLoader.builder(ds).imgSize(256).batchSize(16).shuffle(true)
 *         .augment(Augment.defaults()).workers(2).seed(0).build()) {
 *     for (int epoch = 0; epoch < epochs; epoch++) {
 *         train.setEpoch(epoch);
 *         for (DetBatch b : train) { ... }
 *     }
 * }
 * }</pre>
 */
public final class DetLoader implements Iterable<DetBatch>, AutoCloseable {
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final DetDataset data;
    private final int imgSize;
    private final int batchSize;
    private final boolean shuffle;
    private final boolean dropLast;
    private final long seed;
    private final int prefetch;
    private final ExecutorService pool;
    private volatile Augment augment;
    private volatile int epoch;
    private volatile boolean closed;

    private DetLoader(Builder b) {
        this.data = b.data;
        this.imgSize = b.imgSize;
        this.batchSize = b.batchSize;
        this.shuffle = b.shuffle;
        this.dropLast = b.dropLast;
        this.seed = b.seed;
        this.augment = b.augment;
        this.prefetch = b.prefetch > 0 ? b.prefetch : Math.max(2, b.workers + 1);
        if (b.workers == 0) {
            this.pool = null;
        } else {
            int id = POOLS.incrementAndGet();
            AtomicInteger n = new AtomicInteger();
            this.pool = Executors.newFixedThreadPool(b.workers, r -> {
                Thread t = new Thread(r, "slim-data-" + id + "-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
    }

    /** Starts a loader over {@code data}. */
    public static Builder builder(DetDataset data) {
        return new Builder(data);
    }

    /** Sets the epoch for the next pass: it picks the shuffle order and the augmentation draws. */
    public void setEpoch(int epoch) {
        this.epoch = epoch;
    }

    /** The epoch the next pass uses. */
    public int epoch() {
        return epoch;
    }

    /** Replaces the augmentation for the next pass (e.g. mosaic off for the last epochs). */
    public void setAugment(Augment augment) {
        this.augment = augment;
    }

    /** The augmentation the next pass uses. */
    public Augment augment() {
        return augment;
    }

    /** Number of batches in one pass. */
    public int batches() {
        int n = data.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /** Images per batch (the last batch may hold fewer unless dropLast). */
    public int batchSize() {
        return batchSize;
    }

    /** The dataset it reads. */
    public DetDataset dataset() {
        return data;
    }

    /** Side of the square batch images. */
    public int imgSize() {
        return imgSize;
    }

    /** One pass over the dataset for the current epoch. */
    @Override
    public Iterator<DetBatch> iterator() {
        if (closed) {
            throw new IllegalStateException("DetLoader is closed");
        }
        return new Pass(order(epoch), new SampleBuilder(data, imgSize, augment, seed), epoch);
    }

    /** Stops the worker threads and waits (briefly) for them to end; batches being built are abandoned. */
    @Override
    public void close() {
        closed = true;
        if (pool != null) {
            pool.shutdownNow();
            try {
                pool.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private int[] order(int ep) {
        int[] idx = new int[data.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        if (shuffle) {
            SplittableRandom rng = Seeds.rng(seed, ep, -1);
            for (int i = idx.length - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = idx[i];
                idx[i] = idx[j];
                idx[j] = t;
            }
        }
        return idx;
    }

    private DetBatch assemble(int[] indices, SampleBuilder builder, int ep) {
        int n = indices.length;
        int plane = imgSize * imgSize;
        float[] images = new float[n * 3 * plane];
        List<float[]> targets = new ArrayList<>();
        List<ImageMeta> meta = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            SampleBuilder.Sample s = builder.build(indices[k], ep);
            byte[] px = s.image().data;
            int base = k * 3 * plane;
            for (int p = 0, o = 0; p < plane; p++, o += 3) {
                images[base + p] = (px[o] & 0xFF) / 255f;
                images[base + plane + p] = (px[o + 1] & 0xFF) / 255f;
                images[base + 2 * plane + p] = (px[o + 2] & 0xFF) / 255f;
            }
            for (float[] b : s.boxes()) {
                targets.add(new float[] {k, b[0], (b[1] + b[3]) / 2 / imgSize, (b[2] + b[4]) / 2 / imgSize,
                    (b[3] - b[1]) / imgSize, (b[4] - b[2]) / imgSize});
            }
            meta.add(s.meta());
        }
        return new DetBatch(images, n, imgSize, imgSize, targets.toArray(new float[0][]), List.copyOf(meta));
    }

    /** One pass: schedules batch jobs in order and hands them out in order, {@code prefetch} ahead. */
    private final class Pass implements Iterator<DetBatch> {
        private final int[] order;
        private final SampleBuilder builder;
        private final int ep;
        private final ArrayDeque<Future<DetBatch>> ahead = new ArrayDeque<>();
        private int next;
        private int handed;

        Pass(int[] order, SampleBuilder builder, int ep) {
            this.order = order;
            this.builder = builder;
            this.ep = ep;
            if (pool != null) {
                while (ahead.size() < prefetch && next < batches()) {
                    schedule();
                }
            }
        }

        private int[] indicesOf(int batch) {
            int from = batch * batchSize;
            int to = Math.min(from + batchSize, order.length);
            int[] ix = new int[to - from];
            System.arraycopy(order, from, ix, 0, ix.length);
            return ix;
        }

        private void schedule() {
            int[] ix = indicesOf(next++);
            ahead.add(pool.submit(() -> assemble(ix, builder, ep)));
        }

        @Override
        public boolean hasNext() {
            return handed < batches();
        }

        @Override
        public DetBatch next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            if (closed) {
                throw new IllegalStateException("DetLoader is closed");
            }
            handed++;
            if (pool == null) {
                return assemble(indicesOf(next++), builder, ep);
            }
            Future<DetBatch> f = ahead.poll();
            if (next < batches()) {
                schedule();
            }
            try {
                return f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a batch", e);
            } catch (ExecutionException e) {
                ahead.forEach(x -> x.cancel(true));
                if (e.getCause() instanceof SlimException se) {
                    throw new SlimException(se.getMessage(), se);
                }
                throw new IllegalStateException("building a batch failed: " + e.getCause(), e.getCause());
            }
        }
    }

    /** Options of a {@link DetLoader}; defaults: 640 px, batch 16, no shuffle, no augmentation, 2 workers, seed 0. */
    public static final class Builder {
        private final DetDataset data;
        private int imgSize = 640;
        private int batchSize = 16;
        private boolean shuffle;
        private boolean dropLast;
        private long seed;
        private int workers = 2;
        private int prefetch;
        private Augment augment = Augment.none();

        private Builder(DetDataset data) {
            this.data = data;
        }

        /** Side of the square images; a multiple of 32 (the detector's largest stride). */
        public Builder imgSize(int px) {
            if (px <= 0 || px % 32 != 0) {
                throw new SlimException("image size " + px + " must be a positive multiple of 32");
            }
            this.imgSize = px;
            return this;
        }

        /** Images per batch. */
        public Builder batchSize(int n) {
            if (n <= 0) {
                throw new SlimException("batch size must be positive, got " + n);
            }
            this.batchSize = n;
            return this;
        }

        /** Reshuffle each epoch (training). */
        public Builder shuffle(boolean on) {
            this.shuffle = on;
            return this;
        }

        /** Drop a last batch smaller than the batch size. */
        public Builder dropLast(boolean on) {
            this.dropLast = on;
            return this;
        }

        /** Seed of the shuffle order and the augmentation draws. */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /** Background threads building batches; 0 builds them on the caller's thread. */
        public Builder workers(int n) {
            if (n < 0) {
                throw new SlimException("workers must be 0 or more, got " + n);
            }
            this.workers = n;
            return this;
        }

        /** Batches built ahead (default: workers + 1, at least 2). */
        public Builder prefetch(int n) {
            if (n < 1) {
                throw new SlimException("prefetch must be 1 or more, got " + n);
            }
            this.prefetch = n;
            return this;
        }

        /** Augmentation ({@link Augment#none()} for validation). */
        public Builder augment(Augment a) {
            this.augment = a;
            return this;
        }

        public DetLoader build() {
            return new DetLoader(this);
        }
    }
}
