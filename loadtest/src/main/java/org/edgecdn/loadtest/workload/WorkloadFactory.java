package org.edgecdn.loadtest.workload;

import java.io.IOException;

/** Makes a workload from its settings and a seed; registered by name in {@link Workloads}. */
@FunctionalInterface
public interface WorkloadFactory {

  /**
   * @throws IllegalArgumentException a missing or bad setting, with a message for the user
   * @throws IOException a file the settings name could not be read
   */
  Workload create(WorkloadSettings settings, long seed) throws IOException;
}
