package org.edgecdn.purge;

/**
 * One purge as submitted: which site, what, and whether soft (mark stale: revalidate on next
 * use, still usable for {@code stale-if-error}) or hard (unusable at once). Purging everything
 * is always hard.
 */
public record PurgeCommand(String site, PurgeTarget target, boolean soft) {

  public PurgeCommand {
    if (target instanceof PurgeTarget.Everything) {
      soft = false;
    }
  }
}
