package dev.convscope.gateway.batch;

/**
 * How far a job has come, read from the bucket by any replica.
 *
 * @param state "running", "finished", "cancelled" or "failed"
 * @param imagesPerSecond items counted per second since the job was created
 * @param secondsLeft at that rate; null when nothing is known yet or the job has ended
 */
public record JobStatus(
    String jobId,
    String model,
    String state,
    String createdAt,
    int items,
    int done,
    int failed,
    int shards,
    int shardsFinished,
    double imagesPerSecond,
    Double secondsLeft,
    String reason) {}
