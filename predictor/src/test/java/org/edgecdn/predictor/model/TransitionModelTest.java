package org.edgecdn.predictor.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.edgecdn.predictor.model.Visits.visit;

import java.util.List;
import org.junit.jupiter.api.Test;

class TransitionModelTest {

  private static final long HOUR = 3_600_000L;

  @Test
  void counts_firstOrder_probabilityIsShareOfViews() {
    TransitionModel model = new TransitionModel(ModelOptions.defaults());
    for (int i = 0; i < 8; i++) {
      visit(model, 0, "/", "/product");
    }
    visit(model, 0, "/", "/about");
    visit(model, 0, "/");

    List<Prediction> next = model.predict(null, "/", 0);

    assertThat(next).extracting(Prediction::page).containsExactly("/product", "/about");
    assertThat(next.get(0).probability()).isCloseTo(0.8, within(1e-9));
    assertThat(next.get(0).support()).isCloseTo(8, within(1e-9));
    assertThat(next.get(0).order()).isEqualTo(1);
  }

  @Test
  void decay_oldTransitionsWeighHalfAfterOneHalfLife_modelFollowsChange() {
    TransitionModel model = new TransitionModel(ModelOptions.defaults().withHalfLifeMillis(HOUR));
    for (int i = 0; i < 10; i++) {
      visit(model, 0, "/", "/old");
    }
    assertThat(model.predict(null, "/", HOUR).get(0).support()).isCloseTo(5, within(1e-9));

    for (int i = 0; i < 10; i++) {
      visit(model, 3 * HOUR, "/", "/new");
    }
    List<Prediction> next = model.predict(null, "/", 3 * HOUR);

    assertThat(next.get(0).page()).isEqualTo("/new");
    // 10 new views against 10 old ones worth 10/8: the new link has 8/9 of the views.
    assertThat(next.get(0).probability()).isCloseTo(10 / 11.25, within(1e-9));
  }

  @Test
  void decay_manyHalfLivesLater_rescalesWithoutLosingRatios() {
    TransitionModel model = new TransitionModel(ModelOptions.defaults().withHalfLifeMillis(1));
    visit(model, 0, "/", "/a");
    visit(model, 100, "/", "/b");
    visit(model, 100, "/", "/b");

    Prediction top = model.predict(null, "/", 100).get(0);

    assertThat(top.page()).isEqualTo("/b");
    assertThat(top.probability()).isCloseTo(1, within(1e-6));
    assertThat(top.support()).isCloseTo(2, within(1e-9));
  }

  @Test
  void boundedMemory_successorsPerPage_keepsTheFrequentOnes() {
    TransitionModel model = new TransitionModel(ModelOptions.defaults());
    for (int i = 0; i < 1000; i++) {
      visit(model, 0, "/", "/random/" + i);
      visit(model, 0, "/", "/popular");
    }
    List<Prediction> next = model.predict(null, "/", 0);

    assertThat(next).hasSizeLessThanOrEqualTo(ModelOptions.DEFAULT_MAX_SUCCESSORS);
    assertThat(next.get(0).page()).isEqualTo("/popular");
    assertThat(next.get(0).probability()).isCloseTo(0.5, within(1e-9));
  }

  @Test
  void boundedMemory_randomUrls_neitherGrowTheModelNorEvictPopularPages() {
    TransitionModel model = new TransitionModel(ModelOptions.defaults().withMaxPages(100, 100));
    for (int round = 0; round < 20; round++) {
      for (int p = 0; p < 50; p++) {
        visit(model, 0, "/page/" + p, "/page/" + (p + 1));
      }
    }
    long before = model.footprintBytes();
    for (int i = 0; i < 100_000; i++) {
      visit(model, 0, "/junk/" + i + "?utm=" + i, "/junk/" + i + "/x");
    }

    assertThat(model.pages()).isLessThanOrEqualTo(100);
    assertThat(model.contexts()).isLessThanOrEqualTo(100);
    assertThat(model.predict(null, "/page/7", 0)).extracting(Prediction::page)
        .containsExactly("/page/8");
    assertThat(model.footprintBytes()).isLessThan(before * 3);
  }

  @Test
  void boundedMemory_aPageThatBecomesPopular_displacesAForgottenOne() {
    TransitionModel model = new TransitionModel(ModelOptions.defaults().withMaxPages(10, 10));
    for (int p = 0; p < 10; p++) {
      visit(model, 0, "/old/" + p, "/x");
    }
    for (int i = 0; i < 20; i++) {
      visit(model, 0, "/hot", "/next");
    }
    assertThat(model.pages()).isEqualTo(10);
    assertThat(model.predict(null, "/hot", 0)).extracting(Prediction::page)
        .containsExactly("/next");
  }

  @Test
  void order2_supportedContext_separatesPathsThatShareAPage() {
    TransitionModel model = new TransitionModel(ModelOptions.defaults());
    for (int i = 0; i < 10; i++) {
      visit(model, 0, "/search", "/product", "/reviews");
      visit(model, 0, "/home", "/product", "/cart");
    }
    assertThat(model.predict(null, "/product", 0).get(0).probability())
        .isCloseTo(0.5, within(1e-9));

    Prediction fromSearch = model.predict("/search", "/product", 0).get(0);
    Prediction fromHome = model.predict("/home", "/product", 0).get(0);

    assertThat(fromSearch.page()).isEqualTo("/reviews");
    assertThat(fromSearch.probability()).isCloseTo(1, within(1e-9));
    assertThat(fromSearch.order()).isEqualTo(2);
    assertThat(fromHome.page()).isEqualTo("/cart");
  }

  @Test
  void order2_rareContext_fallsBackToFirstOrder() {
    TransitionModel model = new TransitionModel(ModelOptions.defaults());
    for (int i = 0; i < 10; i++) {
      visit(model, 0, "/home", "/product", "/cart");
    }
    visit(model, 0, "/blog", "/product", "/reviews");

    List<Prediction> next = model.predict("/blog", "/product", 0);

    assertThat(next.get(0).order()).isEqualTo(1);
    assertThat(next.get(0).page()).isEqualTo("/cart");
  }

  @Test
  void top_listsStrongestTransitionsBySupport() {
    TransitionModel model = new TransitionModel(ModelOptions.defaults());
    for (int i = 0; i < 5; i++) {
      visit(model, 0, "/", "/a");
    }
    visit(model, 0, "/b", "/c");

    assertThat(model.top(1, 0)).singleElement()
        .satisfies(t -> {
          assertThat(t.from()).isEqualTo("/");
          assertThat(t.to()).isEqualTo("/a");
          assertThat(t.support()).isCloseTo(5, within(1e-9));
        });
  }

  @Test
  void footprint_growsWithPagesAndIsReported() {
    TransitionModel model = new TransitionModel(ModelOptions.defaults());
    long empty = model.footprintBytes();
    visit(model, 0, "/", "/a", "/b");
    assertThat(model.footprintBytes()).isGreaterThan(empty);
  }
}
