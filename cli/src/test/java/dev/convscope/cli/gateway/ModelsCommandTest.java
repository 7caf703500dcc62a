package dev.convscope.cli.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convscope.localstore.RunningSystem;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ./convscope models} against a running gateway: a Caffe model added, listed, removed. */
class ModelsCommandTest {

  private final URI gateway = RunningSystem.shared().gateway();

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @TempDir Path folder;

  /** A file of the PyTorch-checked Caffe networks, as a user has it on disk. */
  private Path net(String file) throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/caffe/nets/" + file)) {
      Path copy = folder.resolve(file);
      Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
      return copy;
    }
  }

  @Test
  void aCaffeModelIsAddedWithItsLabelsListedByItsNameAndRemoved() throws IOException {
    Path labels = folder.resolve("synset_words.txt");
    Files.writeString(
        labels,
        "n01440764 tench\nn01443537 goldfish\nn01484850 great white shark\nn01491361 tiger"
            + " shark\nn01494475 hammerhead\nn01496331 electric ray\nn01498041 stingray\n"
            + "n01514668 cock\nn01514859 hen\nn01518878 ostrich\n",
        StandardCharsets.UTF_8);

    int added =
        models(
            "add",
            net("vgg_like.prototxt").toString(),
            net("vgg_like.caffemodel").toString(),
            "--labels",
            labels.toString(),
            "--name",
            "vgg-like",
            "--preset",
            "digits");

    assertThat(added).as(err.toString()).isZero();
    String name = out.toString().strip();
    assertThat(name).matches("sha256:[0-9a-f]{64}");
    assertThat(err.toString())
        .contains("[==============================] 100%")
        .contains("vgg-like: 13 layers, input 3x32x32")
        .contains("resize to 256x256, centre crop");

    out.getBuffer().setLength(0);
    assertThat(models("list")).isZero();
    assertThat(out.toString())
        .containsPattern("(?m)^" + name + " +upload +trained weights +vgg-like$")
        .containsPattern("(?m)^fashion-mnist ");

    out.getBuffer().setLength(0);
    assertThat(models("remove", name)).isZero();
    assertThat(out.toString()).contains("removed " + name);
    out.getBuffer().setLength(0);
    assertThat(models("list")).isZero();
    assertThat(out.toString()).doesNotContain(name);
  }

  @Test
  void anOnnxFileThatLeavesItsSizeOpenTakesItFromTheCommandLine() throws IOException {
    Path onnx = folder.resolve("squeeze_like.onnx");
    try (InputStream in = getClass().getResourceAsStream("/onnx/nets/squeeze_like.onnx")) {
      Files.copy(in, onnx);
    }
    assertThat(models("add", onnx.toString())).isEqualTo(1);
    assertThat(err.toString()).contains("symbolic height");

    assertThat(models("add", onnx.toString(), "--height", "32", "--width", "32"))
        .as(err.toString())
        .isZero();
    assertThat(out.toString().strip()).matches("sha256:[0-9a-f]{64}");
    assertThat(err.toString()).contains("input 3x32x32").contains("std");
  }

  @Test
  void filesThatAreNoModelAndRefusalsAreOneLineAndAnExitCode() throws IOException {
    Path notes = Files.writeString(folder.resolve("notes.txt"), "hello");
    assertThat(models("add", notes.toString())).isEqualTo(1);
    assertThat(err.toString()).contains("models: cannot tell what notes.txt is");

    assertThat(models("add", net("vgg_like.prototxt").toString())).isEqualTo(1);
    assertThat(err.toString()).contains("weights").contains("(HTTP 400)");

    assertThat(
            models(
                "add",
                net("vgg_like.prototxt").toString(),
                net("vgg_like.caffemodel").toString(),
                "--preset",
                "keras"))
        .isEqualTo(1);
    assertThat(err.toString()).contains("keras").contains("torchvision");

    assertThat(models("remove", "fashion-mnist")).isEqualTo(1);
    assertThat(err.toString()).contains("cannot be removed");
  }

  private int models(String... args) {
    String[] withGateway = new String[args.length + 2];
    withGateway[0] = "--gateway";
    withGateway[1] = gateway.toString();
    System.arraycopy(args, 0, withGateway, 2, args.length);
    return new CommandLine(new ModelsCommand())
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .execute(withGateway);
  }
}
