/**
 * Evaluation of YOLO detectors with Ultralytics semantics: non-maximum suppression ({@link org.slimlab.eval.Nms}),
 * prediction-to-label matching over IoU 0.50:0.05:0.95, average precision with 101-point interpolation
 * ({@link org.slimlab.eval.ApPerClass}), the confusion matrix, result tables and plots, prediction drawing and
 * the COCO results json. {@link org.slimlab.eval.DetectionEvaluator} ties them together batch by batch and
 * produces {@link org.slimlab.eval.DetMetrics}.
 *
 * <p>Pixel space: predictions and labels meet in the letterboxed input space unless an
 * {@link org.slimlab.eval.ImageMeta} maps both back to the original image, as Ultralytics validation does.
 */
package org.slimlab.eval;
