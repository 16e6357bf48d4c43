package org.edgecdn.predictor.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The successors of one context, at most {@code k}, counted with the Space-Saving algorithm
 * [Metwally, Agrawal, El Abbadi, "Efficient computation of frequent and top-k elements in data
 * streams", ICDT 2005]: a new successor when the table is full takes the slot of the smallest
 * count and inherits that count, so a successor whose true share exceeds 1/k is never lost, and
 * counts overestimate by at most the smallest count.
 *
 * <p>The denominator is the context's views, not its transitions: a view after which the visit
 * ended counts too, so a probability is that of the visitor's next page being this one, not of
 * this one among the pages visitors went on to (which would overstate every successor of a page
 * people often leave from). Weights are already decayed by the caller (forward decay), so
 * adding is all this table does. Not thread-safe: its model locks.
 */
final class SuccessorTable {

  private final String[] pages;
  private final double[] counts;
  private int size;
  private double total;

  SuccessorTable(int k) {
    this.pages = new String[k];
    this.counts = new double[k];
  }

  /** One view of the context (the denominator). */
  void addView(double weight) {
    total += weight;
  }

  /** One transition from the context to {@code page}. */
  void add(String page, double weight) {
    for (int i = 0; i < size; i++) {
      if (pages[i].equals(page)) {
        counts[i] += weight;
        return;
      }
    }
    if (size < pages.length) {
      pages[size] = page;
      counts[size++] = weight;
      return;
    }
    int min = 0;
    for (int i = 1; i < size; i++) {
      if (counts[i] < counts[min]) {
        min = i;
      }
    }
    pages[min] = page;
    counts[min] += weight;
  }

  /** All weights times {@code factor} (the model moved its decay landmark). */
  void scale(double factor) {
    total *= factor;
    for (int i = 0; i < size; i++) {
      counts[i] *= factor;
    }
  }

  /** The weight of the context's views. */
  double total() {
    return total;
  }

  int size() {
    return size;
  }

  String page(int i) {
    return pages[i];
  }

  double count(int i) {
    return counts[i];
  }

  /** Predictions, most likely first; {@code weightNow} turns stored weights into counts now. */
  List<Prediction> predictions(double weightNow, int order) {
    List<Prediction> out = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      out.add(new Prediction(pages[i], probability(i), counts[i] / weightNow, order));
    }
    out.sort((a, b) -> Double.compare(b.probability(), a.probability()));
    return out;
  }

  /**
   * The share of views followed by successor {@code i}; at most 1 (a transition whose source
   * view was not counted, e.g. a Referer from a page seen before the model admitted it, could
   * otherwise push it over).
   */
  double probability(int i) {
    return total <= 0 ? 0 : Math.min(1, counts[i] / total);
  }

  /** Approximate heap bytes: object, two arrays and the successor strings. */
  long footprintBytes() {
    long bytes = 16 + 16 + 4L * pages.length + 16 + 8L * counts.length + 16;
    for (int i = 0; i < size; i++) {
      bytes += Footprint.stringBytes(pages[i]);
    }
    return bytes;
  }
}
