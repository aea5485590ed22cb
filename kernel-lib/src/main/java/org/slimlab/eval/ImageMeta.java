package org.slimlab.eval;

import org.slimlab.SlimException;

/**
 * What the evaluator needs to know about one image beyond its pixels: its file stem (the COCO
 * {@code image_id}) and how its letterboxed input maps back to the original.
 *
 * @param stem      image file name without directory and extension
 * @param letterbox the map from letterboxed to original pixels
 */
public record ImageMeta(String stem, LetterboxMap letterbox) {

    /** Checks that both parts are present. */
    public ImageMeta {
        if (stem == null || stem.isEmpty() || letterbox == null) {
            throw new SlimException("image meta: a file stem and a letterbox map are required, got stem '" + stem + "'");
        }
    }
}
