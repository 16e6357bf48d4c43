package org.edgecdn.cluster.domains;

import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Objects;

/**
 * A customer's own domain onboarded while the network runs ({@code cdn domains add}), as the
 * cluster keeps it. Only an {@link State#ACTIVE} domain is served by edges, shields and DNS.
 *
 * @param name the host name, lower case, no trailing dot
 * @param site the site it belongs to
 * @param state whether its DNS pointed at the network at the last check
 * @param found what the last check found ({@code CNAME shop.cdn.test.}, {@code NXDOMAIN} ...)
 * @param requiredRecord the record the customer must create, as a zone-file line
 * @param addedAtMillis when it was first added, epoch milliseconds
 * @param checkedAtMillis when its DNS was last checked, epoch milliseconds
 */
public record CustomDomain(
    String name,
    String site,
    State state,
    String found,
    String requiredRecord,
    long addedAtMillis,
    long checkedAtMillis) {

  /** Where a domain stands. */
  public enum State {
    /** Its DNS points at the network: served. */
    ACTIVE,
    /** Added, but its DNS did not point at the network at the last check: not served yet. */
    PENDING;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static State fromWire(String text) {
      return valueOf(text.toUpperCase(Locale.ROOT));
    }
  }

  public CustomDomain {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(site, "site");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(found, "found");
    Objects.requireNonNull(requiredRecord, "requiredRecord");
  }

  public boolean active() {
    return state == State.ACTIVE;
  }

  /** The same domain after a new check. */
  public CustomDomain checked(State newState, String newFound, long atMillis) {
    return new CustomDomain(name, site, newState, newFound, requiredRecord, addedAtMillis,
        atMillis);
  }

  /** The form kept in the cluster and sent by the admin API. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("domain", name)
        .put("site", site)
        .put("state", state.wireName())
        .put("found", found)
        .put("required_record", requiredRecord)
        .put("added_at_ms", addedAtMillis)
        .put("checked_at_ms", checkedAtMillis);
  }

  /** Reads {@link #toJson()}; throws {@link IllegalArgumentException} on anything else. */
  public static CustomDomain fromJson(JsonObject json) {
    try {
      return new CustomDomain(
          json.getString("domain"),
          json.getString("site"),
          State.fromWire(json.getString("state")),
          json.getString("found"),
          json.getString("required_record"),
          json.getLong("added_at_ms"),
          json.getLong("checked_at_ms"));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a custom domain: " + json.encode(), e);
    }
  }
}
