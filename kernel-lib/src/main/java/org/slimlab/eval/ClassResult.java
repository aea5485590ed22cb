package org.slimlab.eval;

/**
 * One row of the validation table.
 *
 * @param classId   class index
 * @param name      class name
 * @param images    images that contain at least one label of the class
 * @param instances labels of the class
 * @param precision precision at the best-F1 confidence
 * @param recall    recall at the best-F1 confidence
 * @param map50     AP at IoU 0.5
 * @param map50_95  AP averaged over IoU 0.5:0.95
 */
public record ClassResult(int classId, String name, int images, int instances, double precision, double recall,
                          double map50, double map50_95) {
}
