package dev.convscope.contract.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.OneofDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The wire form read through descriptors. The messages are built here from the field names and
 * numbers of proto/convscope/v1/tensor.proto, as dynamic messages: this module has no generated
 * classes, and every service's generated ones share these descriptors.
 */
class WireOptionsTest {

  private static final FileDescriptor TENSOR = tensorProto();
  private static final Descriptor RENDER = TENSOR.findMessageTypeByName("RenderOptions");
  private static final Descriptor CHANNELS = TENSOR.findMessageTypeByName("ChannelSelection");
  private static final Descriptor INDICES = TENSOR.findMessageTypeByName("IndexList");
  private static final Descriptor REQUEST = TENSOR.findMessageTypeByName("VisualizeRequest");

  private static FieldDescriptorProto field(String name, int number, Type type) {
    return FieldDescriptorProto.newBuilder()
        .setName(name)
        .setNumber(number)
        .setType(type)
        .setLabel(Label.LABEL_OPTIONAL)
        .build();
  }

  private static FieldDescriptorProto message(String name, int number, String type) {
    return field(name, number, Type.TYPE_MESSAGE).toBuilder().setTypeName(type).build();
  }

  private static FileDescriptor tensorProto() {
    FileDescriptorProto file =
        FileDescriptorProto.newBuilder()
            .setName("convscope/v1/tensor.proto")
            .setPackage("convscope.v1")
            .setSyntax("proto3")
            .addMessageType(
                DescriptorProto.newBuilder()
                    .setName("IndexList")
                    .addField(
                        field("values", 1, Type.TYPE_INT32).toBuilder()
                            .setLabel(Label.LABEL_REPEATED)))
            .addMessageType(
                DescriptorProto.newBuilder()
                    .setName("ChannelSelection")
                    .addOneofDecl(OneofDescriptorProto.newBuilder().setName("selection"))
                    .addField(field("first", 1, Type.TYPE_INT32).toBuilder().setOneofIndex(0))
                    .addField(
                        message("indices", 2, ".convscope.v1.IndexList").toBuilder()
                            .setOneofIndex(0)))
            .addMessageType(
                DescriptorProto.newBuilder()
                    .setName("RenderOptions")
                    .addOneofDecl(OneofDescriptorProto.newBuilder().setName("_normalize"))
                    .addField(field("colormap", 1, Type.TYPE_STRING))
                    .addField(field("max_width", 2, Type.TYPE_INT32))
                    .addField(
                        field("normalize", 3, Type.TYPE_BOOL).toBuilder()
                            .setProto3Optional(true)
                            .setOneofIndex(0))
                    .addField(message("channels", 4, ".convscope.v1.ChannelSelection")))
            .addMessageType(
                DescriptorProto.newBuilder()
                    .setName("VisualizeRequest")
                    .addField(field("top_k", 3, Type.TYPE_INT32))
                    .addField(message("options", 4, ".convscope.v1.RenderOptions"))
                    .addField(
                        field("layers", 5, Type.TYPE_STRING).toBuilder()
                            .setLabel(Label.LABEL_REPEATED))
                    .addField(field("skip_weights", 6, Type.TYPE_BOOL))
                    .addField(field("export_npy", 7, Type.TYPE_BOOL)))
            .build();
    try {
      return FileDescriptor.buildFrom(file, new FileDescriptor[0]);
    } catch (com.google.protobuf.Descriptors.DescriptorValidationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static DynamicMessage.Builder render() {
    return DynamicMessage.newBuilder(RENDER);
  }

  @Test
  void anEmptyMessageIsEveryDefault() {
    assertThat(WireOptions.render(render().build())).isEqualTo(RenderOptions.defaults());
    assertThat(WireOptions.run(DynamicMessage.newBuilder(REQUEST).build()))
        .isEqualTo(RunOptions.defaults());
  }

  @Test
  void everyFieldIsRead() {
    DynamicMessage channels =
        DynamicMessage.newBuilder(CHANNELS)
            .setField(
                CHANNELS.findFieldByName("indices"),
                DynamicMessage.newBuilder(INDICES)
                    .addRepeatedField(INDICES.findFieldByName("values"), 5)
                    .addRepeatedField(INDICES.findFieldByName("values"), 2)
                    .build())
            .build();
    DynamicMessage options =
        render()
            .setField(RENDER.findFieldByName("colormap"), "viridis")
            .setField(RENDER.findFieldByName("max_width"), 200)
            .setField(RENDER.findFieldByName("normalize"), false)
            .setField(RENDER.findFieldByName("channels"), channels)
            .build();
    DynamicMessage request =
        DynamicMessage.newBuilder(REQUEST)
            .setField(REQUEST.findFieldByName("top_k"), 2)
            .setField(REQUEST.findFieldByName("options"), options)
            .addRepeatedField(REQUEST.findFieldByName("layers"), "conv1")
            .setField(REQUEST.findFieldByName("skip_weights"), true)
            .setField(REQUEST.findFieldByName("export_npy"), true)
            .build();

    RunOptions read = WireOptions.run(request);

    assertThat(read)
        .isEqualTo(
            RunOptions.of(
                    2,
                    RenderOptions.of("viridis", 200, false, ChannelSelection.indices(5, 2)),
                    List.of("conv1"),
                    true)
                .withExportNpy(true));
  }

  @Test
  void anOptionOutOfTheContractIsNamed() {
    DynamicMessage first =
        DynamicMessage.newBuilder(CHANNELS).setField(CHANNELS.findFieldByName("first"), -3).build();
    assertThatThrownBy(
            () ->
                WireOptions.render(
                    render().setField(RENDER.findFieldByName("channels"), first).build()))
        .isInstanceOf(InvalidOptionException.class)
        .extracting(e -> ((InvalidOptionException) e).option())
        .isEqualTo("options.channels");
    assertThatThrownBy(
            () ->
                WireOptions.render(
                    render().setField(RENDER.findFieldByName("colormap"), "plasma").build()))
        .isInstanceOf(InvalidOptionException.class)
        .hasMessageContaining("plasma");
  }

  @Test
  void anotherMessageIsNotReadAsOptions() {
    assertThatThrownBy(() -> WireOptions.render(DynamicMessage.newBuilder(CHANNELS).build()))
        .hasMessageContaining("not a convscope.v1.RenderOptions");
  }
}
