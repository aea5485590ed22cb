package org.slimlab.eval;

/**
 * One entry of a COCO results json: {@code {"image_id", "category_id", "bbox": [x, y, w, h], "score"}}, the box
 * in pixels of the original image, {@code (x, y)} its top-left corner.
 *
 * @param imageId    the image file stem
 * @param categoryId the 0-based class
 * @param x          left edge
 * @param y          top edge
 * @param width      box width
 * @param height     box height
 * @param score      confidence
 */
public record CocoDetection(String imageId, int categoryId, double x, double y, double width, double height,
                            double score) {

    /** The box as {@code [x, y, w, h]}. */
    public double[] bbox() {
        return new double[] {x, y, width, height};
    }
}
