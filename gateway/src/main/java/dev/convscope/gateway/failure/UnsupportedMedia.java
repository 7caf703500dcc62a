package dev.convscope.gateway.failure;

/**
 * The bytes sent are not of a kind the gateway takes at all (an image that is neither PNG nor JPEG,
 * a model file not of its stated format): the file's type, not its content, is wrong.
 */
public final class UnsupportedMedia extends GatewayFailure {

  public UnsupportedMedia(String message) {
    super(message, null);
  }
}
