package dev.convscope.datasets.idx;

import java.util.Arrays;

/** Images and their labels, the i-th label belonging to the i-th image. */
public record LabelledImages(IdxImages images, IdxLabels labels) {

  public LabelledImages {
    if (images.count() != labels.count()) {
      throw new IllegalArgumentException(
          images.source()
              + " holds "
              + images.count()
              + " images but "
              + labels.source()
              + " holds "
              + labels.count()
              + " labels");
    }
  }

  public int count() {
    return images.count();
  }

  public int label(int index) {
    return labels.label(index);
  }

  /** The first {@code n} images and labels (all of them when there are fewer). */
  public LabelledImages first(int n) {
    int kept = Math.min(n, count());
    return new LabelledImages(
        new IdxImages(
            images.source(),
            kept,
            images.rows(),
            images.cols(),
            Arrays.copyOf(images.pixels(), kept * images.pixelsPerImage())),
        new IdxLabels(labels.source(), Arrays.copyOf(labels.labels(), kept)));
  }
}
