package dev.convscope.gateway.wire;

/**
 * The contract's enums and the gateway's by name: {@code TENSOR_KIND_WEIGHTS} is {@code WEIGHTS},
 * and back. A value this gateway does not know (a newer service's) reads as {@code UNSPECIFIED}.
 */
final class Enums {

  private static final String UNSPECIFIED = "UNSPECIFIED";

  private Enums() {}

  static <D extends Enum<D>> D read(Class<D> type, Enum<?> wire, String prefix) {
    String name = wire.name();
    String bare = name.startsWith(prefix) ? name.substring(prefix.length()) : UNSPECIFIED;
    try {
      return Enum.valueOf(type, bare);
    } catch (IllegalArgumentException e) {
      return Enum.valueOf(type, UNSPECIFIED);
    }
  }

  static <W extends Enum<W>> W write(Class<W> type, Enum<?> value, String prefix) {
    return Enum.valueOf(type, prefix + value.name());
  }
}
