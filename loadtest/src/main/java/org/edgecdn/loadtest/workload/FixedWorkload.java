package org.edgecdn.loadtest.workload;

/**
 * The same request every time: a purge storm's {@code POST /api/v1/purge}, a health probe, a
 * single hot object.
 */
public record FixedWorkload(LoadRequest request) implements Workload {

  @Override
  public LoadRequest next() {
    return request;
  }

  @Override
  public String describe() {
    return request.method() + " " + request.uri();
  }
}
