package org.edgecdn.launcher.demo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The HTML of the Edge Shop: home, product list, six product pages, about, the cart and the
 * 404 page. Every page links the others with root-relative links (so the site works under any
 * host the CDN serves it as) and references the stylesheet, the script and images under
 * {@code /static/}, so one page view fans out into the requests a real site makes.
 *
 * <p>Pages are rendered once, at start; the cart alone has a per-visitor part, filled into a
 * template rendered once.
 */
final class DemoSite {

  static final String HTML = "text/html; charset=utf-8";
  static final String CART = "/cart";

  private static final String CART_ID_SLOT = "\u0000cart-id\u0000";

  private final Map<String, Resource> pages;
  private final Resource notFound;
  private final String[] cartTemplate;

  DemoSite(Instant deployedAt) {
    Map<String, Resource> built = new LinkedHashMap<>();
    built.put("/", page(deployedAt, "Home", home(), List.of("page", "home")));
    List<String> listTags = new ArrayList<>(List.of("page", "products"));
    Product.CATALOG.forEach(product -> listTags.add(product.tag()));
    built.put("/products", page(deployedAt, "Products", productList(), listTags));
    for (Product product : Product.CATALOG) {
      built.put(product.path(), page(deployedAt, product.name(), productPage(product),
          List.of("page", "products", product.tag())));
    }
    built.put("/about", page(deployedAt, "About", about(), List.of("page", "about")));
    this.pages = Map.copyOf(built);
    this.notFound = Resource.error(404, HTML, layout("Not found", notFoundBody()),
        CachePolicy.NOT_FOUND, List.of("page", "not-found"));
    this.cartTemplate =
        layout("Your cart", cartBody(CART_ID_SLOT)).split(Pattern.quote(CART_ID_SLOT), -1);
  }

  /** The page at {@code path} (without query), or null. */
  Resource page(String path) {
    return pages.get(path);
  }

  Resource notFound() {
    return notFound;
  }

  /** The cart page of one visitor; {@code cartId} comes from a cookie we set, still escaped. */
  String cart(String cartId) {
    return String.join(Html.escape(cartId), cartTemplate);
  }

  private static Resource page(Instant deployedAt, String title, String main, List<String> tags) {
    return Resource.ok(HTML, layout(title, main), CachePolicy.PAGE, deployedAt, tags);
  }

  private static String layout(String title, String main) {
    return """
        <!doctype html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <title>%s · Edge Shop</title>
          <link rel="stylesheet" href="%s">
          <link rel="icon" href="%s" type="image/svg+xml">
          <script src="%s" defer></script>
        </head>
        <body>
          <header class="site-header">
            <a class="brand" href="/"><img src="%s" alt="" width="32" height="32"> Edge Shop</a>
            <nav>
              <a href="/">Home</a>
              <a href="/products">Products</a>
              <a href="/about">About</a>
              <a href="/cart">Cart <span class="cart-count" data-cart-count>0</span></a>
            </nav>
          </header>
          <main>
        %s
          </main>
          <footer>
            Served by the edgecdn demo origin. <span data-origin-time></span>
          </footer>
        </body>
        </html>
        """.formatted(Html.escape(title), StaticAssets.CSS, StaticAssets.LOGO, StaticAssets.JS,
        StaticAssets.LOGO, main.stripTrailing());
  }

  private static String home() {
    StringBuilder featured = new StringBuilder();
    Product.CATALOG.subList(0, 3).forEach(product -> featured.append(card(product)));
    return """
            <section class="hero">
              <h1>Fast things, served from the edge</h1>
              <p>Merchandise for people who read Cache-Control headers for fun.</p>
            </section>
            <h2>Featured</h2>
            <ul class="grid">
        %s    </ul>
            <p><a class="button" href="/products">See all products</a></p>
        """.formatted(featured);
  }

  private static String productList() {
    StringBuilder cards = new StringBuilder();
    Product.CATALOG.forEach(product -> cards.append(card(product)));
    return """
            <h1>Products</h1>
            <ul class="grid">
        %s    </ul>
        """.formatted(cards);
  }

  private static String card(Product product) {
    return """
              <li class="card">
                <a href="%s">
                  <img src="%s" alt="%s" width="480" height="360">
                  <h3>%s</h3>
                </a>
                <p class="tagline">%s</p>
                <p class="price">%s</p>
              </li>
        """.formatted(product.path(), product.imagePath(), Html.escape(product.name()),
        Html.escape(product.name()), Html.escape(product.tagline()), product.price());
  }

  private static String productPage(Product product) {
    StringBuilder related = new StringBuilder();
    product.related().forEach(other -> related.append(card(other)));
    return """
            <article class="product">
              <img src="%s" alt="%s" width="480" height="360">
              <div>
                <h1>%s</h1>
                <p class="tagline">%s</p>
                <p>%s</p>
                <p class="price">%s</p>
                <button class="button" type="button" data-add-to-cart="%d">Add to cart</button>
                <p><a href="/products">Back to all products</a></p>
              </div>
            </article>
            <h2>You may also like</h2>
            <ul class="grid">
        %s    </ul>
        """.formatted(product.imagePath(), Html.escape(product.name()),
        Html.escape(product.name()), Html.escape(product.tagline()),
        Html.escape(product.description()), product.price(), product.id(), related);
  }

  private static String about() {
    return """
            <h1>About the Edge Shop</h1>
            <p>This shop is the demo origin of edgecdn. Nothing is for sale; every response is
            here to show what a CDN does with it.</p>
            <ul>
              <li>Pages: <code>public, max-age=60, s-maxage=300,
                stale-while-revalidate=30</code>, with an ETag and Last-Modified.</li>
              <li>Files under <code>/static/</code>: a year, <code>immutable</code>.</li>
              <li><a href="/cart">The cart</a>: <code>private, no-store</code> and a cookie.</li>
              <li><a href="/api/products">/api/products</a>: JSON for 30 seconds;
                <a href="/api/time">/api/time</a> is never stored.</li>
              <li>Every page and image names its purge tags in <code>Surrogate-Key</code>
                and <code>Cache-Tag</code>.</li>
            </ul>
            <p><a class="button" href="/products">Browse the products</a></p>
        """;
  }

  private static String cartBody(String cartIdSlot) {
    return """
            <h1>Your cart</h1>
            <p class="muted">Cart <code>%s</code>. This page is private: no CDN may store it.</p>
            <p>Your cart is empty.</p>
            <p><a class="button" href="/products">Continue shopping</a></p>
        """.formatted(cartIdSlot);
  }

  private static String notFoundBody() {
    return """
            <h1>Page not found</h1>
            <p>There is nothing here. Try <a href="/">the home page</a> or
            <a href="/products">the products</a>.</p>
        """;
  }
}
