package dev.convscope.cli.models;

import dev.convscope.contract.digest.Sha256;
import dev.convscope.models.CnnModel;
import dev.convscope.models.caffe.CaffeModel;
import dev.convscope.models.caffe.CaffeModelReader;
import dev.convscope.models.caffe.graph.CaffeGraph;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** A Caffe network and its weights on this machine, imported as an upload would be. */
public final class CaffeFiles {

  private CaffeFiles() {}

  public static CnnModel load(Path prototxt, Path caffemodel) throws IOException {
    CaffeModel caffe = CaffeModelReader.read(prototxt, caffemodel);
    return CaffeGraph.build(caffe)
        .toModel(
            prototxt.getFileName().toString(),
            Sha256.hex(caffemodel),
            CaffeGraph.defaultPreprocessing(caffe.network()),
            List.of());
  }
}
