package dev.convscope.contract.options;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import java.util.List;

/**
 * The options as the wire carries them, read once for every service. Each service generates its own
 * classes from proto/, so this reads any of them through the message's descriptor, by the field
 * names of {@code convscope.v1.RenderOptions} and of the run requests. On the wire 0 and "" mean
 * "not given"; they become the contract's defaults here.
 */
public final class WireOptions {

  static final String RENDER_OPTIONS = "convscope.v1.RenderOptions";

  private WireOptions() {}

  /**
   * A {@code convscope.v1.RenderOptions} message as the contract's options.
   *
   * @throws InvalidOptionException naming the first option that is out of the contract
   */
  public static RenderOptions render(MessageOrBuilder wire) {
    Descriptor type = wire.getDescriptorForType();
    if (!type.getFullName().equals(RENDER_OPTIONS)) {
      throw new IllegalArgumentException("not a " + RENDER_OPTIONS + ": " + type.getFullName());
    }
    FieldDescriptor normalize = type.findFieldByName("normalize");
    int maxWidth = (Integer) wire.getField(type.findFieldByName("max_width"));
    return RenderOptions.of(
        (String) wire.getField(type.findFieldByName("colormap")),
        maxWidth == 0 ? null : maxWidth,
        wire.hasField(normalize) ? (Boolean) wire.getField(normalize) : null,
        channels((Message) wire.getField(type.findFieldByName("channels"))));
  }

  /**
   * A run request (any message with {@code top_k}, {@code options}, {@code layers} and {@code
   * skip_weights}, as the gateway's and the inference service's are) as the contract's options.
   *
   * @throws InvalidOptionException naming the first option that is out of the contract
   */
  public static RunOptions run(MessageOrBuilder request) {
    Descriptor type = request.getDescriptorForType();
    int topK = (Integer) request.getField(field(type, "top_k"));
    @SuppressWarnings("unchecked")
    List<String> layers = (List<String>) request.getField(field(type, "layers"));
    return RunOptions.of(
            topK == 0 ? null : topK,
            render((Message) request.getField(field(type, "options"))),
            layers,
            (Boolean) request.getField(field(type, "skip_weights")))
        .withExportNpy((Boolean) request.getField(field(type, "export_npy")));
  }

  /** A {@code convscope.v1.ChannelSelection}; null when none is chosen (every map). */
  private static ChannelSelection channels(Message wire) {
    Descriptor type = wire.getDescriptorForType();
    FieldDescriptor chosen = wire.getOneofFieldDescriptor(type.getOneofs().get(0));
    if (chosen == null) {
      return null;
    }
    return switch (chosen.getName()) {
      case "first" -> ChannelSelection.first((Integer) wire.getField(chosen));
      case "indices" -> {
        Message list = (Message) wire.getField(chosen);
        @SuppressWarnings("unchecked")
        List<Integer> values =
            (List<Integer>) list.getField(field(list.getDescriptorForType(), "values"));
        yield ChannelSelection.indices(values.stream().mapToInt(Integer::intValue).toArray());
      }
      default -> throw new IllegalArgumentException("unknown channel selection " + chosen);
    };
  }

  private static FieldDescriptor field(Descriptor type, String name) {
    FieldDescriptor field = type.findFieldByName(name);
    if (field == null) {
      throw new IllegalArgumentException(type.getFullName() + " has no field " + name);
    }
    return field;
  }
}
