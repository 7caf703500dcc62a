package dev.convscope.cli.models;

import dev.convscope.models.catalog.ModelNotFoundException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code convscope}: the inference side's commands, run without a server. Exit codes: 0 done, 2 bad
 * input (one line saying what is wrong, no stack trace), 1 anything unexpected.
 */
@Command(
    name = "convscope",
    mixinStandardHelpOptions = true,
    description = "Trains, evaluates and describes Convscope's models.",
    subcommands = {
      TrainCommand.class,
      EvaluateCommand.class,
      SummaryCommand.class,
      ExplainCommand.class
    })
public final class ConvscopeCli implements Runnable {

  public static final int BAD_INPUT = 2;

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "name a command: train, evaluate, summary or explain");
  }

  /** The command line with convscope's error handling; tests swap its output writers. */
  public static CommandLine commandLine() {
    return new CommandLine(new ConvscopeCli())
        .setParameterExceptionHandler(
            (error, args) -> {
              CommandLine failed = error.getCommandLine();
              failed
                  .getErr()
                  .println(
                      failed.getCommandSpec().qualifiedName()
                          + ": "
                          + error.getMessage()
                          + " (see "
                          + failed.getCommandSpec().qualifiedName()
                          + " --help)");
              return BAD_INPUT;
            })
        .setExecutionExceptionHandler(
            (error, failed, parseResult) -> {
              if (error instanceof IllegalArgumentException
                  || error instanceof IOException
                  || error instanceof ModelNotFoundException) {
                failed
                    .getErr()
                    .println(failed.getCommandSpec().qualifiedName() + ": " + message(error));
                return BAD_INPUT;
              }
              throw error;
            });
  }

  public static int run(String... args) {
    return commandLine().execute(args);
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  private static String message(Exception error) {
    if (error instanceof NoSuchFileException missing) {
      return "no such file: " + missing.getFile();
    }
    return error.getMessage() == null ? error.toString() : error.getMessage();
  }
}
