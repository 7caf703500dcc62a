package dev.convscope.gateway.batch;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/** Job ids that sort by creation time and are safe in keys and URLs: 20261122-051500-3fa9c2d1. */
final class JobIds {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
  private static final Pattern FORMAT = Pattern.compile("\\d{8}-\\d{6}-[0-9a-f]{8}");

  private JobIds() {}

  static String next(Instant now) {
    byte[] random = new byte[4];
    ThreadLocalRandom.current().nextBytes(random);
    return TIME.format(now) + "-" + HexFormat.of().formatHex(random);
  }

  static boolean isWellFormed(String jobId) {
    return jobId != null && FORMAT.matcher(jobId).matches();
  }
}
