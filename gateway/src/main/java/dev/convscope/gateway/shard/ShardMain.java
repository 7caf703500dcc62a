package dev.convscope.gateway.shard;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The gateway image's entry point for a shard pod: {@code shard --job ID --index I}, the same
 * command line as {@code ./convscope batch shard}. The rest of {@code batch} is a client of the
 * gateway and lives with the other commands.
 */
@Command(
    name = "convscope batch",
    mixinStandardHelpOptions = true,
    description = "Runs a shard of a data-set job with the gateway's own shard code.",
    subcommands = ShardCommand.class)
public final class ShardMain {

  public ShardMain() {}

  public static void main(String[] args) {
    System.exit(new CommandLine(new ShardMain()).execute(args));
  }
}
