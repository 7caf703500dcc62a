package dev.convscope.models.caffe;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import dev.convscope.models.caffe.format.CaffeMessages.LayerParameter;
import dev.convscope.models.caffe.format.CaffeMessages.NetParameter;
import dev.convscope.models.caffe.format.CaffeMessages.V1LayerParameter;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the learned blobs out of a caffemodel (a binary NetParameter, current or V1) as a stream:
 * only each layer's name and blobs are decoded, the blobs of layers the network does not have are
 * skipped unread, and every value is copied once, from the stream into its float array. A 244 MB
 * CaffeNet file costs its weights' size in memory, not several times that.
 */
final class CaffemodelDecoder {

  /** The stream is read through a buffer of this size. */
  private static final int BUFFER_BYTES = 1 << 16;

  private final Set<String> wanted;
  private final Map<String, List<StoredBlob>> blobs = new HashMap<>();
  private int currentLayers;
  private int v1Layers;

  private CaffemodelDecoder(Set<String> wanted) {
    this.wanted = wanted;
  }

  /**
   * The blobs of the layers named in {@code wanted}, by layer name, in their file order (a name
   * given twice: the later layer's, as Caffe copies them). Layers without blobs map to none.
   *
   * @param sizeBytes the stream's length: lengths declared beyond it are refused as truncation
   */
  static Map<String, List<StoredBlob>> read(InputStream stream, long sizeBytes, Set<String> wanted)
      throws IOException {
    if (sizeBytes > Integer.MAX_VALUE) {
      throw new CaffeFormatException(
          "the caffemodel is " + sizeBytes + " bytes; Caffe's format stops at 2 GiB");
    }
    CaffemodelDecoder decoder = new CaffemodelDecoder(wanted);
    CodedInputStream in = CodedInputStream.newInstance(stream, BUFFER_BYTES);
    try {
      in.pushLimit((int) sizeBytes);
      decoder.readNet(in);
    } catch (InvalidProtocolBufferException e) {
      throw new CaffeFormatException(
          "the caffemodel is truncated or corrupt (found at byte "
              + in.getTotalBytesRead()
              + " of "
              + sizeBytes
              + "): "
              + e.getMessage(),
          e);
    }
    if (decoder.currentLayers > 0 && decoder.v1Layers > 0) {
      throw new CaffeFormatException(
          "the caffemodel mixes current layers (layer) with V1 layers (layers); a file uses one");
    }
    if (decoder.currentLayers == 0 && decoder.v1Layers == 0) {
      throw new CaffeFormatException(
          "the caffemodel holds no layers: it is not a Caffe weights file, or it is empty");
    }
    return decoder.blobs;
  }

  private void readNet(CodedInputStream in) throws IOException {
    while (!in.isAtEnd()) {
      int tag = in.readTag();
      int field = WireFormat.getTagFieldNumber(tag);
      boolean message = WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED;
      if (message && field == NetParameter.LAYER_FIELD_NUMBER) {
        currentLayers++;
        readLayer(in, LayerParameter.NAME_FIELD_NUMBER, LayerParameter.BLOBS_FIELD_NUMBER, -1);
      } else if (message && field == NetParameter.LAYERS_FIELD_NUMBER) {
        v1Layers++;
        readLayer(
            in,
            V1LayerParameter.NAME_FIELD_NUMBER,
            V1LayerParameter.BLOBS_FIELD_NUMBER,
            V1LayerParameter.LAYER_FIELD_NUMBER);
      } else {
        in.skipField(tag);
      }
    }
  }

  /**
   * One layer: its name and, if it is wanted, its blobs. Caffe writes the name first; blobs met
   * before a name are decoded in case the name turns out wanted.
   */
  private void readLayer(CodedInputStream in, int nameField, int blobsField, int v0Field)
      throws IOException {
    int outer = BlobDecoder.pushMessage(in);
    String name = null;
    List<StoredBlob> found = new ArrayList<>();
    while (!in.isAtEnd()) {
      int tag = in.readTag();
      int field = WireFormat.getTagFieldNumber(tag);
      boolean message = WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED;
      if (message && field == nameField) {
        name = in.readString();
      } else if (message && field == blobsField && (name == null || wanted.contains(name))) {
        found.add(readBlob(in, name));
      } else if (field == v0Field) {
        throw new CaffeFormatException(
            "the caffemodel is in the V0 format of 2014 and before, which is not supported;"
                + " upgrade it with Caffe's upgrade_net_proto_binary");
      } else {
        in.skipField(tag);
      }
    }
    in.popLimit(outer);
    if (name != null && wanted.contains(name)) {
      blobs.put(name, found);
    }
  }

  private static StoredBlob readBlob(CodedInputStream in, String layer) throws IOException {
    try {
      return BlobDecoder.read(in);
    } catch (CaffeFormatException e) {
      String where =
          layer == null ? "a layer of the caffemodel" : "the caffemodel's layer '" + layer + "'";
      throw new CaffeFormatException(where + ": " + e.getMessage(), e);
    }
  }
}
