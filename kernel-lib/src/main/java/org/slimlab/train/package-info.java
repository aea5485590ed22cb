/**
 * Training of YOLO detectors on DJL/libtorch.
 *
 * <ul>
 *   <li>Losses over raw head outputs ({@link org.slimlab.train.HeadSpec}): {@link org.slimlab.train.AnchorBasedLoss}
 *       (YOLOv5 Detect, YOLOv7 IDetect) and {@link org.slimlab.train.AnchorFreeLoss} (YOLOv8 Detect), chosen by
 *       {@link org.slimlab.train.DetectionLoss#forHead}.</li>
 *   <li>Optimizers with Ultralytics parameter groups: {@link org.slimlab.train.NesterovSgd},
 *       {@link org.slimlab.train.DecoupledAdamW}; {@link org.slimlab.train.Schedule} for warm-up, cosine or linear
 *       learning rate and gradient accumulation; {@link org.slimlab.train.ModelEma}.</li>
 *   <li>{@link org.slimlab.train.Trainer}: the loop, the run directory ({@link org.slimlab.train.RunDir}),
 *       checkpoints and exact resume, with extension points {@link org.slimlab.train.GradientHook} (e.g. sparsity
 *       training), {@link org.slimlab.train.ExtraLoss} (e.g. distillation), {@link org.slimlab.train.Validator}
 *       (evaluation) and {@link org.slimlab.train.TrainListener} ({@link org.slimlab.train.ConsoleProgress},
 *       {@link org.slimlab.train.NotebookProgress}).</li>
 * </ul>
 */
package org.slimlab.train;
