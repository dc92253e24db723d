package io.gallium.net.bench;

import io.gallium.net.linux.LinuxHost;
import io.gallium.net.linux.internal.netlink.Request;
import io.gallium.net.linux.internal.route.CreateBridge;
import io.gallium.net.linux.internal.route.CreateVethPair;
import io.gallium.net.linux.internal.route.LinkRef;
import io.gallium.net.linux.internal.route.RouteHandle;
import io.gallium.net.linux.internal.route.SetMaster;
import io.gallium.net.linux.internal.route.SetUp;
import java.util.ArrayList;
import java.util.List;

/**
 * A fresh network namespace with a netlink handle verified to be in it, for one benchmark run: it
 * prepares devices (untimed) and opens {@link LinuxHost}s there, each verified before use. Closing
 * it deletes the namespace and all in it.
 */
public final class Lab implements AutoCloseable {
  private final Namespace namespace;
  private final RouteHandle handle;

  private Lab(Namespace namespace, RouteHandle handle) {
    this.namespace = namespace;
    this.handle = handle;
  }

  /** A new namespace; fails closed if the handle's socket is not in it. */
  public static Lab open() {
    Namespace ns = Namespace.create();
    try {
      RouteHandle handle = RouteHandle.open(ns.namespace());
      try {
        ns.requireIsolated(handle.namespaceInode());
      } catch (RuntimeException e) {
        handle.close();
        throw e;
      }
      return new Lab(ns, handle);
    } catch (RuntimeException e) {
      ns.close();
      throw e;
    }
  }

  /** The namespace. */
  public Namespace namespace() {
    return namespace;
  }

  /** The verified handle (the linux module's batch API). */
  public RouteHandle handle() {
    return handle;
  }

  /** A verified handle of its own, opened now. */
  public RouteHandle newHandle() {
    RouteHandle h = RouteHandle.open(namespace.namespace());
    try {
      namespace.requireIsolated(h.namespaceInode());
    } catch (RuntimeException e) {
      h.close();
      throw e;
    }
    return h;
  }

  /** A {@link LinuxHost} in the namespace, verified to be there. */
  public LinuxHost host() {
    LinuxHost host = LinuxHost.inNamespace(namespace.name());
    try {
      namespace.requireIsolated(host.namespaceInode());
    } catch (RuntimeException e) {
      host.close();
      throw e;
    }
    return host;
  }

  /** Creates veth pairs {@code PREFIX i} / {@code PEERPREFIX i}, i in 0..n-1. */
  public Lab vethPairs(String prefix, String peerPrefix, int n) {
    List<Request> requests = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      requests.add(new CreateVethPair(prefix + i, peerPrefix + i));
    }
    handle.executeAll(requests);
    return this;
  }

  /** Creates a bridge, up. */
  public Lab bridge(String name, boolean vlanAware) {
    handle.executeAll(List.of(new CreateBridge(name, vlanAware, 0)));
    handle.executeAll(List.of(new SetUp(LinkRef.named(name), true)));
    return this;
  }

  /**
   * A Linux bridge takes at most 1023 ports (BR_MAX_PORTS, EXFULL beyond): port {@code i} of a
   * benchmark goes to bridge {@code br<i / PORTS_PER_BRIDGE>}.
   */
  public static final int PORTS_PER_BRIDGE = 1000;

  /** The bridge port {@code i} goes to. */
  public static String bridgeOf(int port) {
    return "br" + port / PORTS_PER_BRIDGE;
  }

  /** Creates the bridges (up) that {@code ports} ports need, see {@link #bridgeOf(int)}. */
  public Lab bridgesFor(int ports, boolean vlanAware) {
    for (int b = 0; b * PORTS_PER_BRIDGE < ports; b++) {
      bridge("br" + b, vlanAware);
    }
    return this;
  }

  /** Enslaves {@code PREFIX i}, i in 0..n-1, to {@link #bridgeOf(int) its bridge}. */
  public Lab enslave(String prefix, int n) {
    List<Request> requests = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int index = handle.link(bridgeOf(i)).orElseThrow().index();
      requests.add(new SetMaster(LinkRef.named(prefix + i), index));
    }
    handle.executeAll(requests);
    return this;
  }

  /** How many devices the namespace has now. */
  public int linkCount() {
    return handle.links().size();
  }

  @Override
  public void close() {
    try {
      handle.close();
    } finally {
      namespace.close();
    }
  }
}
