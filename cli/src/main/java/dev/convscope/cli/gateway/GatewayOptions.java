package dev.convscope.cli.gateway;

import dev.convscope.cli.gateway.GatewayClient.GatewayException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** Where the gateway is and its key: the options every command that talks to it shares. */
public final class GatewayOptions {

  @Option(
      names = "--gateway",
      paramLabel = "URL",
      scope = CommandLine.ScopeType.INHERIT,
      defaultValue = "${env:CONVSCOPE_GATEWAY_URL:-http://localhost:8080}",
      description = "The gateway's address (default: ${DEFAULT-VALUE}).")
  URI url;

  @Option(
      names = "--api-key",
      paramLabel = "KEY",
      scope = CommandLine.ScopeType.INHERIT,
      defaultValue = "${env:CONVSCOPE_API_KEY}",
      description = "The gateway's API key, when it requires one (default: CONVSCOPE_API_KEY).")
  String apiKey;

  GatewayClient client() {
    return new GatewayClient(url, apiKey);
  }

  /**
   * Runs a call on the gateway, turning its refusals into a message and an exit code: 1 refused
   * (the gateway's words), 3 no gateway there.
   */
  int talk(CommandLine.Model.CommandSpec spec, Callable<Integer> call) throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    String command = spec.root().name();
    try {
      return call.call();
    } catch (ConnectException e) {
      err.println(
          command
              + ": no gateway answers at "
              + url
              + "; start one with ./convscope up, or name it with --gateway");
      return 3;
    } catch (GatewayException e) {
      err.println(command + ": " + e.getMessage());
      return 1;
    }
  }
}
