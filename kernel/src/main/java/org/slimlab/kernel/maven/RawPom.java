package org.slimlab.kernel.maven;

import java.util.List;
import java.util.Map;

/**
 * The parts of a pom that matter for resolving run-time dependencies, as written (not yet
 * inherited or interpolated).
 *
 * @param parent null when the pom has no parent
 */
record RawPom(Coordinates parent, String groupId, String artifactId, String version,
              Map<String, String> properties, List<Dependency> dependencies, List<Dependency> managed) {
}
