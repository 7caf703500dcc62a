package dev.convscope.cli.render;

import dev.convscope.contract.options.ChannelSelection;
import dev.convscope.contract.options.Colormap;
import dev.convscope.contract.options.View;
import dev.convscope.render.ChannelOrder;
import dev.convscope.render.DrawingOptions;
import dev.convscope.render.RgbImage;
import dev.convscope.render.Tensor;
import dev.convscope.render.TensorRenderer;
import dev.convscope.render.TensorStatistics;
import dev.convscope.render.conformance.CaseDirectory;
import dev.convscope.render.npy.NpyFile;
import dev.convscope.render.png.PngEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code convscope render}: draws one tensor from a file, with no server running. */
@Command(
    name = "render",
    mixinStandardHelpOptions = true,
    description = {
      "Draws a tensor as DIGITS did (tiles, colormap, statistics) and writes a PNG and a statistics JSON.",
      "INPUT is a conformance case directory (its case.json gives the options; flags override them)",
      "or a .npy file of float32 or float64 (np.save), shaped as a layer sends it: (N), (C,H,W),",
      "(out,in,kh,kw) or (out,in)."
    },
    sortOptions = false)
public final class RenderCommand implements Callable<Integer> {

  @Parameters(paramLabel = "INPUT", description = "a case directory or a .npy file")
  Path input;

  @Option(
      names = "--png",
      paramLabel = "FILE",
      required = true,
      description = "where to write the picture")
  Path png;

  @Option(
      names = "--stats",
      paramLabel = "FILE",
      description = "where to write the statistics JSON")
  Path stats;

  @Option(
      names = "--colormap",
      paramLabel = "NAME",
      description = "jet (default), hot, rainbow, winter, simple, white, gray or viridis")
  String colormap;

  @Option(
      names = "--max-width",
      paramLabel = "N",
      description = "width budget in pixels (default 600)")
  Integer maxWidth;

  @Option(
      names = "--normalize",
      negatable = true,
      description =
          "rescale values to 0..255 before drawing (default: on; --no-normalize draws them as they are)")
  Boolean normalize;

  @Option(
      names = "--channels",
      paramLabel = "SPEC",
      description = "which maps to draw: all, N (the first N), or indices like 0,5,7-9")
  String channels;

  @Option(
      names = "--rgb",
      description = "colour planes are in RGB order (default: BGR, as Caffe stored them)")
  boolean rgb;

  @Option(
      names = "--view",
      paramLabel = "VIEW",
      defaultValue = "tiles",
      description = "tiles (default), heatmap (2-D weights), line or histogram (1-D vectors)")
  String view;

  @Override
  public Integer call() throws Exception {
    Tensor tensor;
    DrawingOptions options;
    if (Files.isDirectory(input)) {
      if (!CaseDirectory.looksLikeOne(input)) {
        throw new IllegalArgumentException(input + " is a directory without a case.json");
      }
      CaseDirectory found = CaseDirectory.read(input);
      tensor = found.tensor();
      options = found.options();
    } else if (Files.isRegularFile(input)) {
      tensor = NpyFile.read(input);
      options = DrawingOptions.digits();
    } else {
      throw new IllegalArgumentException(input + ": no such file or directory");
    }
    options = overridden(options);

    View chosen = View.named(view);
    TensorStatistics statistics = TensorStatistics.of(tensor.values());
    RgbImage image = TensorRenderer.draw(chosen, tensor, statistics, options);
    write(png, PngEncoder.DEFAULT.encode(image));
    if (stats != null) {
      write(stats, StatisticsJson.write(statistics).getBytes(StandardCharsets.UTF_8));
    }
    System.err.printf(
        "%s: %dx%d %s picture of shape %s -> %s%n",
        input.getFileName(),
        image.width(),
        image.height(),
        chosen.keyName(),
        java.util.Arrays.toString(tensor.shape()),
        png);
    return 0;
  }

  private DrawingOptions overridden(DrawingOptions options) {
    if (colormap != null) {
      options = options.withColormap(Colormap.named(colormap));
    }
    if (maxWidth != null) {
      options = options.withMaxWidth(maxWidth);
    }
    if (normalize != null) {
      options = options.withNormalize(normalize);
    }
    if (channels != null) {
      options = options.withChannels(ChannelSelection.parse(channels));
    }
    if (rgb) {
      options = options.withChannelOrder(ChannelOrder.RGB);
    }
    return options;
  }

  private static void write(Path target, byte[] bytes) throws java.io.IOException {
    Path parent = target.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.write(target, bytes);
  }

  public static int run(String... args) {
    return new CommandLine(new RenderCommand())
        .setExecutionExceptionHandler(
            (error, commandLine, parseResult) -> {
              if (error instanceof IllegalArgumentException
                  || error instanceof java.io.IOException) {
                commandLine.getErr().println("convscope render: " + error.getMessage());
                return 2;
              }
              throw error;
            })
        .execute(args);
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }
}
