/**
 * The one translation between the gateway's own types and the contract's generated messages: every
 * transport (the gRPC server, the inference client, the shard pod, the stored manifest) maps here,
 * so a field added to the contract is mapped once.
 */
package dev.convscope.gateway.wire;
