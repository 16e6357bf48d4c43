package org.edgecdn.launcher.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files under {@code /static/}: the stylesheet, the script and the logo from the classpath,
 * and one SVG per product drawn here, so six images need no six files. All are immutable for
 * a year (see {@link CachePolicy#ASSET}).
 */
final class StaticAssets {

  static final String CSS = "/static/app.css";
  static final String JS = "/static/app.js";
  static final String LOGO = "/static/img/logo.svg";

  private static final String SVG = "image/svg+xml";

  private StaticAssets() {}

  /** Path to resource, built once. */
  static Map<String, Resource> build(Instant deployedAt) {
    Map<String, Resource> assets = new LinkedHashMap<>();
    assets.put(CSS, asset("text/css; charset=utf-8", classpath("static/app.css"), deployedAt,
        List.of("static", "css")));
    assets.put(JS, asset("text/javascript; charset=utf-8", classpath("static/app.js"),
        deployedAt, List.of("static", "js")));
    assets.put(LOGO, asset(SVG, classpath("static/img/logo.svg"), deployedAt,
        List.of("static", "img")));
    for (Product product : Product.CATALOG) {
      assets.put(product.imagePath(), asset(SVG, Resource.utf8(productImage(product)),
          deployedAt, List.of("static", "img", product.tag())));
    }
    return assets;
  }

  private static Resource asset(String type, byte[] body, Instant deployedAt, List<String> tags) {
    return Resource.ok(type, body, CachePolicy.ASSET, deployedAt, tags);
  }

  /** A flat product card: the product's colour, a simple shape and its name. */
  static String productImage(Product product) {
    String name = Html.escape(product.name());
    return """
        <svg xmlns="http://www.w3.org/2000/svg" width="480" height="360" viewBox="0 0 480 360">
          <title>%s</title>
          <rect width="480" height="360" fill="%s"/>
          <circle cx="240" cy="150" r="%d" fill="#ffffff" fill-opacity="0.85"/>
          <rect x="%d" y="%d" width="120" height="24" rx="12" fill="#1d2330" fill-opacity="0.2"/>
          <text x="240" y="318" font-family="system-ui, sans-serif" font-size="30"
              font-weight="700" fill="#ffffff" text-anchor="middle">%s</text>
        </svg>
        """.formatted(name, product.color(), 60 + 8 * product.id(), 180, 138, name);
  }

  private static byte[] classpath(String name) {
    try (InputStream in = StaticAssets.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("demo origin: missing classpath resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("demo origin: cannot read " + name, e);
    }
  }
}
