package org.edgecdn.edge.conformance;

/** The suite's scenarios through one edge, asked over HTTP/1.1. */
class CacheTestsOverHttpTest extends SuiteRun {

  @Override
  ConformanceRig newRig() {
    return new ConformanceRig();
  }
}
