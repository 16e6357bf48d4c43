package org.edgecdn.purge.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.net.URI;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.edgecdn.http.Site;
import org.edgecdn.purge.PurgeCommand;
import org.edgecdn.purge.PurgeTarget;
import org.edgecdn.purge.PurgeTarget.Prefix;
import org.edgecdn.purge.api.PurgeRequestParser.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PurgeRequestParserTest {

  static final Site SHOP = new Site("shop", List.of("www.shop.example", "shop.example"),
      List.of(URI.create("http://127.0.0.1:8000")), Optional.empty());

  // ---- Each kind ----

  @Test
  void files_becomeUrls_withTheHostLowerCasedAndNoFragment() {
    assertThat(parsed("{\"files\":[\"https://WWW.Shop.Example/a/b?x=1#top\","
        + "\"http://shop.example\"]}"))
        .isEqualTo(new PurgeCommand("shop", new PurgeTarget.Urls(List.of(
            URI.create("https://www.shop.example/a/b?x=1"), URI.create("http://shop.example/"))),
            false));
  }

  @Test
  void tags_becomeTags_soft() {
    assertThat(parsed("{\"tags\":[\"product-42\",\"catalog\"],\"soft\":true}"))
        .isEqualTo(new PurgeCommand("shop",
            new PurgeTarget.Tags(List.of("product-42", "catalog")), true));
  }

  @Test
  void prefixes_takeThreeForms() {
    assertThat(parsed("{\"prefixes\":[\"www.shop.example/static/\","
        + "\"https://shop.example/img\",\"/api/v1/\",\"shop.example\"]}"))
        .isEqualTo(new PurgeCommand("shop", new PurgeTarget.Prefixes(List.of(
            new Prefix(Optional.of("www.shop.example"), "/static/"),
            new Prefix(Optional.of("shop.example"), "/img"),
            new Prefix(Optional.empty(), "/api/v1/"),
            new Prefix(Optional.of("shop.example"), "/"))), false));
  }

  @Test
  void hosts_becomeHosts_lowerCasedWithoutTrailingDot() {
    assertThat(parsed("{\"hosts\":[\"WWW.shop.example.\"]}"))
        .isEqualTo(new PurgeCommand("shop", new PurgeTarget.Hosts(List.of("www.shop.example")),
            false));
  }

  @Test
  void everything_isAlwaysHard() {
    assertThat(parsed("{\"everything\":true,\"soft\":true}"))
        .isEqualTo(new PurgeCommand("shop", new PurgeTarget.Everything(), false));
  }

  @Test
  void emptyListsAndFalseFlags_doNotCountAsKinds() {
    assertThat(parsed("{\"files\":[],\"tags\":[\"t\"],\"prefixes\":[],\"hosts\":[],"
        + "\"everything\":false,\"soft\":false}"))
        .isEqualTo(new PurgeCommand("shop", new PurgeTarget.Tags(List.of("t")), false));
  }

  // ---- Shape ----

  @ParameterizedTest
  @ValueSource(strings = {"{\"files\": [", "not json", "{\"tags\":[\"a\"]} extra", ""})
  void malformedJson_is400(String body) {
    assertThat(rejected(body)).satisfies(r -> {
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.message()).startsWith("body is not valid JSON: ");
    });
  }

  @Test
  void malformedJson_saysWhere() {
    assertThat(rejected("{\"tags\": [\"a\",]}").message()).contains("line 1, column");
  }

  @Test
  void aJsonArray_is400() {
    assertThat(rejected("[\"https://www.shop.example/\"]").message())
        .startsWith("body must be a JSON object");
  }

  @Test
  void unknownField_is400NamingIt() {
    assertThat(rejected("{\"tags\":[\"a\"],\"site\":\"blog\"}"))
        .isEqualTo(new Result.Rejected(400, "unknown field \"site\" (expected one of: files, "
            + "tags, prefixes, hosts, everything, soft)"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"files\":\"https://www.shop.example/\"}|\"files\" must be a list of strings",
      "{\"tags\":[1]}|\"tags\" must be a list of strings",
      "{\"prefixes\":{}}|\"prefixes\" must be a list of strings",
      "{\"hosts\":[null]}|\"hosts\" must be a list of strings",
      "{\"everything\":\"yes\"}|\"everything\" must be true or false",
      "{\"tags\":[\"a\"],\"soft\":1}|\"soft\" must be true or false"})
  void wrongType_is400NamingTheField(String body, String message) {
    assertThat(rejected(body)).isEqualTo(new Result.Rejected(400, message));
  }

  @ParameterizedTest
  @ValueSource(strings = {"{}", "{\"files\":[],\"everything\":false}",
      "{\"files\":[\"https://www.shop.example/\"],\"tags\":[\"a\"]}",
      "{\"hosts\":[\"shop.example\"],\"everything\":true}"})
  void notExactlyOneKind_is400(String body) {
    assertThat(rejected(body)).isEqualTo(new Result.Rejected(400,
        "give exactly one of files, tags, prefixes, hosts, everything"));
  }

  @Test
  void moreThan100Targets_is413() {
    String tags = String.join(",", Collections.nCopies(101, "\"t\""));

    assertThat(rejected("{\"tags\":[" + tags + "]}"))
        .isEqualTo(new Result.Rejected(413, "at most 100 targets per purge, got 101"));
  }

  @Test
  void exactly100Targets_isAccepted() {
    String tags = String.join(",", Collections.nCopies(100, "\"t\""));

    assertThat(parsed("{\"tags\":[" + tags + "]}").target().size()).isEqualTo(100);
  }

  @Test
  void bodyOver64KiB_is413() {
    String body = "{\"tags\":[\"" + "a".repeat(PurgeRequestParser.MAX_BODY_BYTES) + "\"]}";

    assertThat(rejected(body).status()).isEqualTo(413);
  }

  // ---- Targets ----

  @Test
  void file_onAnotherSitesDomain_is400NamingTheUrl() {
    assertThat(rejected("{\"files\":[\"https://www.shop.example/\","
        + "\"https://blog.example/post\"]}").message())
        .isEqualTo("\"files\"[1]: \"https://blog.example/post\": \"blog.example\" is not a domain"
            + " of site shop (www.shop.example, shop.example)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/relative", "www.shop.example/a", "ftp://www.shop.example/a",
      "https://user:pw@www.shop.example/", "https://www.shop.example/a b", "mailto:a@b"})
  void file_thatIsNotAnAbsoluteHttpUrl_is400NamingIt(String url) {
    assertThat(rejected("{\"files\":[\"" + url + "\"]}").message())
        .startsWith("\"files\"[0]: bad file \"" + url + "\"");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "''|a tag must not be empty",
      "'a b'|no spaces, commas or control characters",
      "'a,b'|no spaces, commas or control characters"})
  void badTag_is400(String tag, String reason) {
    assertThat(rejected("{\"tags\":[\"" + tag + "\"]}").message())
        .startsWith("\"tags\"[0]: ").contains(reason);
  }

  @Test
  void tagOver1024Characters_is400() {
    assertThat(rejected("{\"tags\":[\"" + "t".repeat(1025) + "\"]}").message())
        .isEqualTo("\"tags\"[0]: a tag has at most 1024 characters, got 1025");
  }

  @ParameterizedTest
  @ValueSource(strings = {"blog.example/x", "https://blog.example/x", "/a?b=1", "/a b",
      "www.shop.example:8080/x", "/bad%zz"})
  void badPrefix_is400(String prefix) {
    assertThat(rejected("{\"prefixes\":[\"" + prefix + "\"]}").message())
        .startsWith("\"prefixes\"[0]: ");
  }

  @Test
  void host_ofAnotherSite_is400() {
    assertThat(rejected("{\"hosts\":[\"blog.example\"]}").message())
        .startsWith("\"hosts\"[0]: \"blog.example\": \"blog.example\" is not a domain of site"
            + " shop");
  }

  // ---- Helpers ----

  private static PurgeCommand parsed(String body) {
    Result result = PurgeRequestParser.parse(Buffer.buffer(body), SHOP);
    assertThat(result).isInstanceOf(Result.Parsed.class);
    return ((Result.Parsed) result).command();
  }

  private static Result.Rejected rejected(String body) {
    Result result = PurgeRequestParser.parse(Buffer.buffer(body), SHOP);
    assertThat(result).isInstanceOf(Result.Rejected.class);
    return (Result.Rejected) result;
  }
}
