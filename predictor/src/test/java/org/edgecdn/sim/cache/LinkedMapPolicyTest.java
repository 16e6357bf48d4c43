package org.edgecdn.sim.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.edgecdn.sim.cache.Traces.hits;
import static org.edgecdn.sim.cache.Traces.letters;

import java.util.Map;
import org.edgecdn.sim.workload.Trace;
import org.junit.jupiter.api.Test;

/** LRU and FIFO on hand-made sequences, 100-byte objects in a 300-byte cache unless said. */
class LinkedMapPolicyTest {

  @Test
  void lru_hitMovesToTheTail_headIsEvicted() {
    // A B C fill; A hits (order B C A); D evicts B (C A D); B evicts C (A D B); A hits
    // (D B A); C evicts D (B A C); D evicts B.
    Trace trace = letters("ABCADBACD", 100);
    LruPolicy lru = new LruPolicy(300);
    assertThat(hits(lru, trace)).isEqualTo("...h..h..");
    assertThat(lru.weightedBytes()).isEqualTo(300);
  }

  @Test
  void fifo_hitChangesNothing_oldestAdmittedIsEvicted() {
    // A B C fill; A hits but stays oldest; D evicts A; A misses.
    assertThat(hits(new FifoPolicy(300), letters("ABCADA", 100))).isEqualTo("...h..");
    assertThat(hits(new LruPolicy(300), letters("ABCADA", 100))).isEqualTo("...h.h");
  }

  @Test
  void lru_largeNewcomer_evictsAsManyAsItNeeds_fromTheHead() {
    // In 350 bytes: A B C (300); E of 250 evicts A and B (C E); A evicts C (E A); E hits.
    Trace trace = letters("ABCEAE", 100, Map.of('E', 250L));
    LruPolicy lru = new LruPolicy(350);
    assertThat(hits(lru, trace)).isEqualTo(".....h");
    assertThat(lru.weightedBytes()).isEqualTo(250 + 100);
  }

  @Test
  void lru_objectExactlyTheBudget_isAdmitted() {
    assertThat(hits(new LruPolicy(300), letters("XX", 300))).isEqualTo(".h");
  }
}
