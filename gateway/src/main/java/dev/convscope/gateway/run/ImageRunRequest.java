package dev.convscope.gateway.run;

import dev.convscope.contract.options.RunOptions;
import java.util.Objects;

/**
 * One image to run through one model, as a front end (REST, gRPC, a shard) asks for it. The options
 * are already read into the contract's form, so a bad one never gets this far.
 *
 * @param model a model's name or digest; blank for the gateway's default model
 */
public record ImageRunRequest(String model, ImageSource image, RunOptions options) {

  public ImageRunRequest {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(options, "options");
  }
}
