package dev.convscope.gateway.batch;

import java.nio.file.Path;

/** The shard Job template cannot be used; the message names the file and why. */
public final class InvalidShardJobTemplateException extends RuntimeException {

  public InvalidShardJobTemplateException(Path path, String why) {
    super("the shard Job template " + path + " cannot be used: " + why);
  }
}
