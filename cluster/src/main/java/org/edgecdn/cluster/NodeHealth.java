package org.edgecdn.cluster;

import io.vertx.core.json.JsonObject;
import org.edgecdn.http.NodeIdentity;

/** The {@code /healthz} report of an edge or shield: who it is and how many members it sees. */
public final class NodeHealth {

  private NodeHealth() {}

  public static JsonObject report(NodeIdentity node, MemberSlot cluster) {
    JsonObject report = new JsonObject()
        .put("status", "ok")
        .put("node", node.name())
        .put("tier", node.tier().wireName());
    cluster.member().ifPresent(member -> report.put("cluster_members", member.memberCount()));
    return report;
  }
}
