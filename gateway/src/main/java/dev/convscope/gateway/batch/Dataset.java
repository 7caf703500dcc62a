package dev.convscope.gateway.batch;

/** The images of a job, by index. */
public interface Dataset {

  int size();

  DatasetItem item(int index);

  /** True when the items carry class labels, so accuracy and a confusion matrix make sense. */
  boolean labelled();
}
