package dev.convscope.gateway.batch;

/**
 * How far a job has come, read from the bucket by any replica.
 *
 * @param dataset the data set the job runs on, in a few words (its IDX file, prefix or key count)
 * @param state "running", "finished", "cancelled" or "failed"
 * @param finishedAt when the job ended (its shards' last stored state); null while it runs
 * @param imagesPerSecond items counted per second from the job's creation until now, or until it
 *     ended
 * @param secondsLeft at that rate; null when nothing is known yet or the job has ended
 */
public record JobStatus(
    String jobId,
    String model,
    String dataset,
    String state,
    String createdAt,
    String finishedAt,
    int items,
    int done,
    int failed,
    int shards,
    int shardsFinished,
    double imagesPerSecond,
    Double secondsLeft,
    String reason) {}
