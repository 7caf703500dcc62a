package dev.convscope.models.onnx;

import dev.convscope.models.onnx.format.OnnxMessages.GraphProto;
import dev.convscope.models.onnx.format.OnnxMessages.NodeProto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The graph's nodes in an order where every node comes after the nodes it reads (ONNX asks files to
 * be so; this does not rely on it), after checking that every value read is written once: by a
 * node, an initializer or a graph input.
 */
final class NodeOrder {

  private NodeOrder() {}

  /**
   * @throws OnnxFormatException naming the node and value, for a value read that nothing provides
   *     or written twice, and naming the nodes of a cycle
   */
  static List<Node> sort(GraphProto graph) {
    Set<String> given = new HashSet<>();
    graph.getInitializerList().forEach(t -> given.add(t.getName()));
    graph.getInputList().forEach(v -> given.add(v.getName()));
    List<NodeProto> nodes = graph.getNodeList();
    Map<String, Integer> producer = new HashMap<>();
    for (int i = 0; i < nodes.size(); i++) {
      for (String output : nodes.get(i).getOutputList()) {
        if (output.isEmpty()) {
          continue;
        }
        if (given.contains(output) || producer.put(output, i) != null) {
          throw new OnnxFormatException(
              Node.describe(nodes.get(i))
                  + " writes '"
                  + output
                  + "', which "
                  + (given.contains(output) ? "an initializer or graph input" : "another node")
                  + " already provides; every value is written once");
        }
      }
    }
    List<Set<Integer>> readers = new ArrayList<>();
    int[] waiting = new int[nodes.size()];
    for (int i = 0; i < nodes.size(); i++) {
      readers.add(new LinkedHashSet<>());
    }
    for (int i = 0; i < nodes.size(); i++) {
      Set<Integer> sources = new HashSet<>();
      for (String input : nodes.get(i).getInputList()) {
        if (input.isEmpty() || (given.contains(input) && !producer.containsKey(input))) {
          continue;
        }
        Integer source = producer.get(input);
        if (source == null) {
          throw new OnnxFormatException(
              Node.describe(nodes.get(i))
                  + " reads '"
                  + input
                  + "', which no node, initializer or graph input provides");
        }
        sources.add(source);
      }
      for (int source : sources) {
        readers.get(source).add(i);
      }
      waiting[i] = sources.size();
    }
    // The earliest ready node first: a file already in order keeps its order.
    PriorityQueue<Integer> ready = new PriorityQueue<>();
    for (int i = 0; i < nodes.size(); i++) {
      if (waiting[i] == 0) {
        ready.add(i);
      }
    }
    List<Node> order = new ArrayList<>();
    while (!ready.isEmpty()) {
      int next = ready.poll();
      order.add(new Node(nodes.get(next)));
      for (int reader : readers.get(next)) {
        if (--waiting[reader] == 0) {
          ready.add(reader);
        }
      }
    }
    if (order.size() < nodes.size()) {
      List<String> cycle = new ArrayList<>();
      for (int i = 0; i < nodes.size() && cycle.size() < 5; i++) {
        if (waiting[i] > 0) {
          cycle.add(Node.describe(nodes.get(i)));
        }
      }
      throw new OnnxFormatException(
          "the graph has a cycle: "
              + (nodes.size() - order.size())
              + " nodes wait on each other's outputs, among them "
              + String.join(", ", cycle));
    }
    return order;
  }
}
