package org.edgecdn.cache.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.edgecdn.cache.policy.Fixtures.headers;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 9111 §4.4: invalidation after unsafe requests. */
class InvalidationTest {

  private static final String HOST = "www.example.com";

  @ParameterizedTest
  @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH", "M-SEARCH", "PURGE", "get"})
  void unsafeOrUnknownMethod_invalidatesRequestTarget(String method) {
    assertThat(Invalidation.targets(method, 200, "/a?b=1", headers(), HOST))
        .containsExactly("/a?b=1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"GET", "HEAD", "OPTIONS", "TRACE"})
  void safeMethod_invalidatesNothing(String method) {
    assertThat(Invalidation.targets(method, 200, "/a", headers("Location", "/b"), HOST))
        .isEmpty();
  }

  @ParameterizedTest
  @ValueSource(ints = {200, 201, 204, 301, 303, 399})
  void nonErrorStatus_invalidates(int status) {
    assertThat(Invalidation.targets("POST", status, "/a", headers(), HOST)).containsExactly("/a");
  }

  @ParameterizedTest
  @ValueSource(ints = {100, 400, 404, 500, 503})
  void errorOrInterimStatus_invalidatesNothing(int status) {
    assertThat(Invalidation.targets("POST", status, "/a", headers(), HOST)).isEmpty();
  }

  @Test
  void post_invalidatesLocationOnSameHostOnly() {
    assertThat(Invalidation.targets("POST", 201, "/items",
        headers("Location", "https://www.example.com/items/7"), HOST))
        .containsExactly("/items", "/items/7");
    assertThat(Invalidation.targets("POST", 201, "/items",
        headers("Location", "https://evil.example.net/items/7"), HOST))
        .containsExactly("/items");
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://WWW.Example.COM/x?y=1", "https://www.example.com:8443/x?y=1",
      "http://www.example.com./x?y=1", "//www.example.com/x?y=1", "http://u@www.example.com/x?y=1",
      "/x?y=1", "/x?y=1#frag"})
  void sameHost_ignoringCasePortSchemeAndTrailingDot_isInvalidated(String location) {
    assertThat(Invalidation.targets("PUT", 200, "/a", headers("Location", location),
        "www.example.com:8080")).containsExactly("/a", "/x?y=1");
  }

  @Test
  void contentLocation_isInvalidatedToo() {
    assertThat(Invalidation.targets("PUT", 200, "/a",
        headers("Location", "/l", "Content-Location", "/cl"), HOST))
        .containsExactly("/a", "/l", "/cl");
  }

  @Test
  void relativeReference_isResolvedAgainstTheRequestTarget() {
    assertThat(Invalidation.targets("POST", 303, "/shop/cart/add?id=3",
        headers("Location", "../orders/1", "Content-Location", "view"), HOST))
        .containsExactly("/shop/cart/add?id=3", "/shop/orders/1", "/shop/cart/view");
  }

  @Test
  void authorityWithoutPath_isTheRoot() {
    assertThat(Invalidation.targets("POST", 200, "/a",
        headers("Location", "https://www.example.com"), HOST)).containsExactly("/a", "/");
  }

  @ParameterizedTest
  @ValueSource(strings = {"mailto:a@example.com", "ftp://www.example.com/x", "http:x",
      "http://exa mple.com/x", "//other.example.com/x", "http://[::1]/x"})
  void otherHostSchemeOrMalformed_isNotInvalidated(String location) {
    assertThat(Invalidation.targets("POST", 200, "/a", headers("Location", location), HOST))
        .containsExactly("/a");
  }

  @Test
  void ipv6Host_isCompared() {
    assertThat(Invalidation.targets("POST", 200, "/a",
        headers("Location", "http://[::1]:8080/x"), "[::1]:80")).containsExactly("/a", "/x");
  }

  @Test
  void locationEqualToTarget_isListedOnce() {
    assertThat(Invalidation.targets("POST", 200, "/a", headers("Location", "/a"), HOST))
        .containsExactly("/a");
  }
}
