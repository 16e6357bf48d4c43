// Edge Shop: the demo origin's script. Served with max-age=31536000, immutable.
//
// Two small things that make the CDN visible from a browser:
//  - the footer asks /api/time (Cache-Control: no-store) on every page view, so it always shows
//    the origin's clock while the page itself may come from the edge;
//  - "Add to cart" keeps a count in localStorage, so the cached pages stay identical for
//    everyone and only the browser knows what is in its cart.
(function () {
  "use strict";

  var KEY = "edge-shop-cart";

  function cartCount() {
    return parseInt(window.localStorage.getItem(KEY) || "0", 10) || 0;
  }

  function showCartCount() {
    var badges = document.querySelectorAll("[data-cart-count]");
    for (var i = 0; i < badges.length; i++) {
      badges[i].textContent = String(cartCount());
    }
  }

  function wireAddToCart() {
    var buttons = document.querySelectorAll("[data-add-to-cart]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].addEventListener("click", function (event) {
        window.localStorage.setItem(KEY, String(cartCount() + 1));
        event.target.textContent = "Added";
        showCartCount();
      });
    }
  }

  function showOriginTime() {
    var slot = document.querySelector("[data-origin-time]");
    if (!slot || !window.fetch) {
      return;
    }
    fetch("/api/time", { cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (body) { slot.textContent = "origin clock: " + body.now; })
      .catch(function () { slot.textContent = "origin clock unavailable"; });
  }

  document.addEventListener("DOMContentLoaded", function () {
    showCartCount();
    wireAddToCart();
    showOriginTime();
  });
})();
