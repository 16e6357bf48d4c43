package org.edgecdn.edge.conformance;

import java.util.List;

/**
 * The suite's {@code tests/partial.mjs}: storing partial content and serving ranges. The edge
 * never stores a 206 and serves ranges only from whole stored bodies; on a miss it drops the
 * client's {@code Range} from the fill (docs/caching.md §5 and §12, "206 never stored; ranges
 * served only from whole bodies"). The rows storing a 206 expect that behaviour.
 */
final class PartialScenarios {

  private PartialScenarios() {}

  static List<Scenario> all() {
    return List.of(
        // §12: 206 never stored, Range dropped from the fill; the suite's optimal answer is a
        // cached 206 "01234" and the origin getting Range: bytes=-5.
        Scenario.of("partial-store-partial-reuse-partial (206 never stored)",
            partial("bytes 4-9/10").expectRequestMissing("Range"),
            Step.get().header("Range", "bytes=-5").expect(Step.Type.NOT_CACHED)),
        Scenario.of("partial-store-complete-reuse-partial",
            whole("01234567890"),
            Step.get().header("Range", "bytes=0-1").expect(Step.Type.CACHED).expectStatus(206)
                .expectBody("01")),
        Scenario.of("partial-store-complete-reuse-partial-no-last",
            whole("01234567890"),
            Step.get().header("Range", "bytes=1-").expect(Step.Type.CACHED).expectStatus(206)
                .expectBody("1234567890")),
        Scenario.of("partial-store-complete-reuse-partial-suffix",
            whole("0123456789A"),
            Step.get().header("Range", "bytes=-1").expect(Step.Type.CACHED).expectStatus(206)
                .expectBody("A")),
        // §12 (206 never stored): the suite's optimal answer is a cached 206 "234".
        Scenario.of("partial-store-partial-reuse-partial-byterange (206 never stored)",
            partial("bytes 4-9/10"),
            Step.get().header("Range", "bytes=6-8").expect(Step.Type.NOT_CACHED)),
        // §12 (206 never stored): the suite's optimal answer is a cached 206 "234".
        Scenario.of("partial-store-partial-reuse-partial-absent (206 never stored)",
            partial("bytes 4-9/10"),
            Step.get().header("Range", "bytes=6-").expect(Step.Type.NOT_CACHED)),
        // §12 (206 never stored): the suite's optimal answer is a cached 206 "4".
        Scenario.of("partial-store-partial-reuse-partial-suffix (206 never stored)",
            partial("bytes 4-9/10"),
            Step.get().header("Range", "bytes=-1").expect(Step.Type.NOT_CACHED)),
        // §12 (partial-response storage not implemented): the suite's optimal cache asks the
        // origin for the rest (Range: bytes=5-); the edge fetches the whole object.
        Scenario.of("partial-store-partial-complete (206 never stored)",
            partial("bytes 0-4/10"),
            Step.get().expectRequestMissing("Range").expect(Step.Type.NOT_CACHED)),
        Scenario.of("partial-use-headers",
            whole("01234567890").respond("A", "1"),
            Step.get().header("Range", "bytes=0-1").respond("A", "2").expect(Step.Type.CACHED)
                .expectStatus(206).expectBody("01")),
        Scenario.of("partial-use-stored-headers",
            whole("01234567890").respond("A", "1"),
            Step.get().header("Range", "bytes=0-1").expect(Step.Type.CACHED).expectStatus(206)
                .expectBody("01").expectHeaders("A", "1")));
  }

  /** A fresh complete answer with this body. */
  private static Step whole(String body) {
    return Step.get().respond("Cache-Control", "max-age=3600").body(body);
  }

  /** The suite's first request for the last five bytes, answered 206 "01234". */
  private static Step partial(String contentRange) {
    return Step.get().header("Range", "bytes=-5").status(206)
        .respond("Cache-Control", "max-age=3600", "Content-Range", contentRange).body("01234");
  }
}
