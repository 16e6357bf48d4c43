package org.edgecdn.cluster.purge;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.edgecdn.purge.PurgeCommand;
import org.edgecdn.purge.PurgeTarget;

/** A purge command as JSON in the cluster's records, and back. */
final class PurgeRecords {

  /** Every {@link PurgeTarget#kind()}, so each node's counters exist before the first purge. */
  static final List<String> KINDS = List.of("files", "tags", "prefixes", "hosts", "everything");

  private PurgeRecords() {}

  static JsonObject targets(PurgeTarget target) {
    JsonArray values = new JsonArray();
    if (target instanceof PurgeTarget.Urls urls) {
      urls.urls().forEach(u -> values.add(u.toString()));
    } else if (target instanceof PurgeTarget.Tags tags) {
      tags.tags().forEach(values::add);
    } else if (target instanceof PurgeTarget.Prefixes prefixes) {
      prefixes.prefixes().forEach(p -> values.add(new JsonObject()
          .put("host", p.host().orElse(null)).put("path", p.pathPrefix())));
    } else if (target instanceof PurgeTarget.Hosts hosts) {
      hosts.hosts().forEach(values::add);
    }
    return new JsonObject().put("kind", target.kind()).put("values", values);
  }

  static PurgeCommand command(JsonObject record) {
    JsonObject targets = record.getJsonObject("target", new JsonObject()
        .put("kind", record.getString("kind")).put("values", new JsonArray()));
    JsonArray values = targets.getJsonArray("values", new JsonArray());
    PurgeTarget target = switch (targets.getString("kind", "everything")) {
      case "files" -> {
        List<URI> urls = new ArrayList<>();
        values.forEach(v -> urls.add(URI.create((String) v)));
        yield new PurgeTarget.Urls(urls);
      }
      case "tags" -> new PurgeTarget.Tags(strings(values));
      case "hosts" -> new PurgeTarget.Hosts(strings(values));
      case "prefixes" -> {
        List<PurgeTarget.Prefix> prefixes = new ArrayList<>();
        values.forEach(v -> {
          JsonObject p = (JsonObject) v;
          prefixes.add(new PurgeTarget.Prefix(Optional.ofNullable(p.getString("host")),
              p.getString("path")));
        });
        yield new PurgeTarget.Prefixes(prefixes);
      }
      default -> new PurgeTarget.Everything();
    };
    return new PurgeCommand(record.getString("site"), target, record.getBoolean("soft", false));
  }

  private static List<String> strings(JsonArray values) {
    List<String> out = new ArrayList<>();
    values.forEach(v -> out.add((String) v));
    return out;
  }
}
