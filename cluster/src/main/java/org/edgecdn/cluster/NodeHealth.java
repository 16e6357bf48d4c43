package org.edgecdn.cluster;

import io.vertx.core.json.JsonObject;
import org.edgecdn.http.NodeIdentity;
import org.edgecdn.purge.GenerationReplica;
import org.edgecdn.purge.PurgeGenerations;

/** The {@code /healthz} report of an edge or shield: who it is and how many members it sees. */
public final class NodeHealth {

  private NodeHealth() {}

  /**
   * A node cut off from the cluster longer than the isolation timeout reports
   * {@code "status":"isolated"} (503): it still answers, revalidating everything, but DNS should
   * prefer other PoPs until it is back (DESIGN §5).
   */
  public static JsonObject report(NodeIdentity node, MemberSlot cluster,
      PurgeGenerations generations) {
    String status = generations instanceof GenerationReplica replica && replica.isolated()
        ? "isolated" : "ok";
    JsonObject report = new JsonObject()
        .put("status", status)
        .put("node", node.name())
        .put("tier", node.tier().wireName())
        .put("purge_applied_seq", generations.appliedSeq())
        .put("cache_trusted", !generations.distrustCache());
    cluster.member().ifPresent(member -> report.put("cluster_members", member.memberCount()));
    return report;
  }
}
