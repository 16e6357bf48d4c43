package org.edgecdn.purge.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.edgecdn.purge.api.PurgeTokens.Authorization;
import org.edgecdn.purge.api.PurgeTokens.Scope;
import org.edgecdn.purge.api.PurgeTokens.TokenGrant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PurgeTokensTest {

  private static final String SHOP = "shop-token-0123456789";
  private static final String SHOP_PURGE_ONLY = "shop-purge-only-0123456789";
  private static final String BLOG = "blog-token-0123456789";

  private final PurgeTokens tokens = new PurgeTokens(List.of(
      new TokenGrant("shop", SHOP, Set.of(Scope.PURGE, Scope.PURGE_ALL)),
      new TokenGrant("shop", SHOP_PURGE_ONLY, Set.of(Scope.PURGE)),
      new TokenGrant("blog", BLOG, Set.of(Scope.PURGE))));

  @Test
  void identify_withoutHeader_isMissing() {
    assertThat(tokens.identify(null)).isEqualTo(new Authorization.Missing());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Bearer", "Bearer ", "Basic dXNlcjpwYXNz", SHOP})
  void identify_withoutBearerCredentials_isMissing(String header) {
    assertThat(tokens.identify(header)).isEqualTo(new Authorization.Missing());
  }

  @Test
  void identify_withAnUnknownToken_isUnknown() {
    assertThat(tokens.identify("Bearer not-a-token-of-anyone")).isEqualTo(
        new Authorization.Unknown());
  }

  @Test
  void identify_withAPrefixOfAToken_isUnknown() {
    assertThat(tokens.identify("Bearer " + SHOP.substring(0, SHOP.length() - 1)))
        .isEqualTo(new Authorization.Unknown());
  }

  @ParameterizedTest
  @ValueSource(strings = {"Bearer ", "bearer ", "BEARER  "})
  void identify_schemeIgnoresCase_rfc9110Section11_1(String scheme) {
    assertThat(tokens.identify(scheme + SHOP))
        .isEqualTo(new Authorization.Granted("shop", Set.of(Scope.PURGE, Scope.PURGE_ALL)));
  }

  @Test
  void authorize_withAnotherSitesToken_isWrongSiteNamingTheTokensSite() {
    assertThat(tokens.authorize("Bearer " + BLOG, "shop", Scope.PURGE))
        .isEqualTo(new Authorization.WrongSite("blog"));
  }

  @Test
  void authorize_withoutTheScope_isMissingScope() {
    assertThat(tokens.authorize("Bearer " + SHOP_PURGE_ONLY, "shop", Scope.PURGE_ALL))
        .isEqualTo(new Authorization.MissingScope(Scope.PURGE_ALL));
  }

  @Test
  void authorize_withTheScope_isGranted() {
    assertThat(tokens.authorize("Bearer " + SHOP_PURGE_ONLY, "shop", Scope.PURGE))
        .isEqualTo(new Authorization.Granted("shop", Set.of(Scope.PURGE)));
  }

  @Test
  void authorize_withoutToken_isMissingWhateverTheSite() {
    assertThat(tokens.authorize(null, "shop", Scope.PURGE)).isEqualTo(new Authorization.Missing());
  }

  @Test
  void constructor_oneTokenForTwoSites_isRefusedWithoutPrintingIt() {
    assertThatThrownBy(() -> new PurgeTokens(List.of(
        new TokenGrant("shop", SHOP, Set.of(Scope.PURGE)),
        new TokenGrant("blog", SHOP, Set.of(Scope.PURGE)))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shop").hasMessageContaining("blog")
        .hasMessageNotContaining(SHOP);
  }

  @Test
  void constructor_oneTokenTwiceForOneSite_mergesItsScopes() {
    PurgeTokens merged = new PurgeTokens(List.of(
        new TokenGrant("shop", SHOP, Set.of(Scope.PURGE)),
        new TokenGrant("shop", SHOP, Set.of(Scope.PURGE_ALL))));

    assertThat(merged.identify("Bearer " + SHOP))
        .isEqualTo(new Authorization.Granted("shop", Set.of(Scope.PURGE, Scope.PURGE_ALL)));
  }

  @Test
  void grant_toString_hidesTheToken() {
    assertThat(new TokenGrant("shop", SHOP, Set.of(Scope.PURGE)).toString())
        .doesNotContain(SHOP).contains("shop");
  }

  @Test
  void scope_fromWire_knowsBothScopes() {
    assertThat(Scope.fromWire("purge")).contains(Scope.PURGE);
    assertThat(Scope.fromWire("purge_all")).contains(Scope.PURGE_ALL);
    assertThat(Scope.fromWire("admin")).isEmpty();
  }
}
