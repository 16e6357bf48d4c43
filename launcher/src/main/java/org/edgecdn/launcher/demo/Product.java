package org.edgecdn.launcher.demo;

import java.util.List;
import java.util.Locale;

/** One item of the Edge Shop, and the names the site and the API give it. */
record Product(
    int id, String name, String tagline, String description, int priceCents, String color) {

  String path() {
    return "/products/" + id;
  }

  String imagePath() {
    return "/static/img/product-" + id + ".svg";
  }

  /** The purge tag of everything that shows this product. */
  String tag() {
    return "product-" + id;
  }

  String price() {
    return String.format(Locale.ROOT, "$%d.%02d", priceCents / 100, priceCents % 100);
  }

  /** The catalog: fixed, so every page and every ETag is the same on every start. */
  static final List<Product> CATALOG = List.of(
      new Product(1, "Cache Mug", "Keeps coffee hot for max-age=3600.",
          "A 350 ml stoneware mug for long revalidation meetings. Dishwasher safe, purge safe.",
          1200, "#e4572e"),
      new Product(2, "Anycast Hoodie", "Wherever you are, it is the nearest one.",
          "Heavy cotton hoodie with a globe of PoPs on the back. Routes you to warmth.",
          4900, "#17bebb"),
      new Product(3, "Purge Button", "One press, every edge, milliseconds.",
          "A big red USB button. Press it after a deploy and feel the invalidation propagate.",
          1900, "#d7263d"),
      new Product(4, "Shield Sticker Pack", "Protect your origin and your laptop.",
          "Twelve vinyl stickers: shields, edges, PoPs and one very tired origin server.",
          500, "#2e86ab"),
      new Product(5, "TTL Hourglass", "Exactly 300 seconds of s-maxage.",
          "A glass hourglass that runs for five minutes, the life of a page at the edge.",
          2400, "#f2a541"),
      new Product(6, "Packet Socks", "Never dropped, rarely reordered.",
          "Soft socks with a packet-header pattern. Sold in pairs, delivered in order.",
          900, "#7b4b94"));

  /** The product for a path segment such as {@code "3"}, or null. */
  static Product byId(String id) {
    for (Product product : CATALOG) {
      if (String.valueOf(product.id()).equals(id)) {
        return product;
      }
    }
    return null;
  }

  /** Two other products to link from this one, so visitors (and the predictor) move on. */
  List<Product> related() {
    int size = CATALOG.size();
    return List.of(CATALOG.get(id % size), CATALOG.get((id + 1) % size));
  }
}
