package org.edgecdn.loadtest;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * Refuses to send load anywhere but this machine unless told to. A load generator pointed at
 * the wrong host is a denial of service; on loopback it is only a benchmark.
 */
public final class LoopbackGuard {

  private LoopbackGuard() {}

  /**
   * The address {@code host} stands for, checked: every address it resolves to must be a
   * loopback address (127.0.0.0/8, ::1) unless {@code allowRemote}. Resolving here and
   * connecting to the answer means the check and the connection see the same address.
   *
   * @throws IllegalArgumentException the host does not resolve, or is not loopback
   */
  public static String resolveChecked(String host, boolean allowRemote, String what) {
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(host);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(what + ": cannot resolve " + host
          + " (give an address, or --dns to ask a DNS server)");
    }
    if (!allowRemote && !Arrays.stream(addresses).allMatch(InetAddress::isLoopbackAddress)) {
      throw new IllegalArgumentException(what + ": " + host + " ("
          + addresses[0].getHostAddress() + ") is not a loopback address; load is sent to "
          + "127.0.0.0/8 or ::1 only, unless --allow-remote is given");
    }
    return addresses[0].getHostAddress();
  }
}
