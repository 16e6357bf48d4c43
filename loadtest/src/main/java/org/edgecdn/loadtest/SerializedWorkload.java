package org.edgecdn.loadtest;

import org.edgecdn.loadtest.workload.LoadRequest;
import org.edgecdn.loadtest.workload.ParseReport;
import org.edgecdn.loadtest.workload.Workload;

/** A workload that several lanes share: one request at a time, in the workload's order. */
final class SerializedWorkload implements Workload {

  private final Workload workload;

  SerializedWorkload(Workload workload) {
    this.workload = workload;
  }

  @Override
  public synchronized LoadRequest next() {
    return workload.next();
  }

  @Override
  public String describe() {
    return workload.describe();
  }

  @Override
  public ParseReport parseReport() {
    return workload.parseReport();
  }
}
