package org.slimlab.train;

import java.nio.file.Path;

/**
 * A training run in its own JVM, for the kill-and-resume test: {@code <runDir> fresh|resume <delayMs>}. Prints
 * {@code step <epoch> <batch>} after every batch and {@code done} at the end.
 */
public final class ResumeChild {
    private ResumeChild() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        boolean resume = args[1].equals("resume");
        long delay = Long.parseLong(args[2]);
        TrainerTest.Setup s = TrainerTest.anchorSetup();
        try (Trainer t = Trainer.builder(s.detector(), s.data(), dir).config(s.config()).resume(resume)
                .validator(s.validator())
                .listener(new TrainListener() {
                    @Override
                    public void onStep(StepReport r) {
                        System.out.println("step " + r.step().epoch() + " " + r.step().batch());
                        System.out.flush();
                        try {
                            Thread.sleep(delay);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }).build()) {
            t.run();
        }
        System.out.println("done");
        System.out.flush();
    }
}
