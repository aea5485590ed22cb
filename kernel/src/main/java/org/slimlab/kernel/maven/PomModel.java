package org.slimlab.kernel.maven;

import java.util.List;
import java.util.Map;

/**
 * A pom with its parents merged and properties interpolated: the dependencies it declares (management
 * already applied) and its dependency management.
 */
record PomModel(Coordinates coordinates, List<Dependency> dependencies, Map<String, Dependency> managed) {
}
