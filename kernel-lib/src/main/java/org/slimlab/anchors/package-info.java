/**
 * Anchor fitting for anchor-based heads, as YOLOv5's autoanchor does it: the labelled box sizes of a dataset at
 * the training image size ({@link org.slimlab.anchors.BoxSizes}), the width-height ratio metric that decides
 * whether an anchor can learn a box ({@link org.slimlab.anchors.AnchorStats}), k-means on whitened sizes
 * ({@link org.slimlab.anchors.KMeans}) and a mutation loop on the fitness ({@link org.slimlab.anchors.AnchorFit}).
 */
package org.slimlab.anchors;
