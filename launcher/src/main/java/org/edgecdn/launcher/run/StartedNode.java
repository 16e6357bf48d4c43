package org.edgecdn.launcher.run;

import io.vertx.core.Future;
import java.util.function.Supplier;

/**
 * A running part of the network, as the banner and the shutdown see it.
 *
 * @param kind {@code origin}, {@code shield}, {@code edge}, {@code dns}, {@code cluster}
 * @param name the node's name
 * @param address where it serves ({@code http://127.0.2.1:8080}, {@code 127.0.0.1:5353 udp+tcp})
 * @param admin its admin URL, or empty
 * @param close stops it
 */
public record StartedNode(
    String kind, String name, String address, String admin, Supplier<Future<Void>> close) {}
