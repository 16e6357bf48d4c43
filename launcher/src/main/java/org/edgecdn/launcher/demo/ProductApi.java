package org.edgecdn.launcher.demo;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON API of the shop, {@code /api/products} and {@code /api/products/{id}}, rendered once.
 * Prices are integer cents: JSON numbers are floating point in most clients.
 */
final class ProductApi {

  static final String JSON = "application/json";
  static final String PREFIX = "/api/";
  static final String PRODUCTS = "/api/products";

  private final Map<String, Resource> resources;
  private final Resource productNotFound;
  private final Resource notFound;

  ProductApi(Instant deployedAt) {
    Map<String, Resource> built = new LinkedHashMap<>();
    JsonArray list = new JsonArray();
    List<String> listTags = new ArrayList<>(List.of("api", "products"));
    for (Product product : Product.CATALOG) {
      JsonObject json = json(product);
      list.add(json);
      listTags.add(product.tag());
      built.put(PRODUCTS + "/" + product.id(), Resource.ok(JSON, json.encode(),
          CachePolicy.API, deployedAt, List.of("api", "products", product.tag())));
    }
    built.put(PRODUCTS, Resource.ok(JSON, new JsonObject().put("products", list).encode(),
        CachePolicy.API, deployedAt, listTags));
    this.resources = Map.copyOf(built);
    // Tagged "products": purging the products also drops a cached "no such product", so a
    // product added by the next deploy is visible at once.
    this.productNotFound = Resource.error(404, JSON, error("not_found", "No such product."),
        CachePolicy.NOT_FOUND, List.of("api", "products"));
    this.notFound = Resource.error(404, JSON, error("not_found", "No such API resource."),
        CachePolicy.NOT_FOUND, List.of("api"));
  }

  /** The resource at {@code path}, or the matching 404; {@code path} starts with /api/. */
  Resource resolve(String path) {
    Resource found = resources.get(path);
    if (found != null) {
      return found;
    }
    return path.startsWith(PRODUCTS + "/") ? productNotFound : notFound;
  }

  private static JsonObject json(Product product) {
    return new JsonObject()
        .put("id", product.id())
        .put("name", product.name())
        .put("tagline", product.tagline())
        .put("description", product.description())
        .put("price_cents", product.priceCents())
        .put("currency", "USD")
        .put("url", product.path())
        .put("image", product.imagePath());
  }

  private static String error(String code, String message) {
    return new JsonObject()
        .put("error", new JsonObject().put("code", code).put("message", message))
        .encode();
  }
}
