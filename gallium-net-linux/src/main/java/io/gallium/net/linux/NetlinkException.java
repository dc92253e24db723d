package io.gallium.net.linux;

import java.util.Objects;
import java.util.Optional;

/**
 * The kernel refused a netlink request.
 *
 * <p>Carries what was asked ({@link #operation()}, e.g. {@code RTM_NEWLINK}), of which device, the
 * errno the kernel answered with, and the kernel's own explanation when it gave one (netlink
 * extended ack). The message reads like {@code RTM_NEWLINK gb-uplink: File exists (EEXIST)}; a
 * permission error adds that CAP_NET_ADMIN is needed, and a kernel lacking a feature gallium-net
 * needs says which and what to do ({@link #explanation()}), e.g. {@code RTM_NEWLINK gb-uplink:
 * Operation not supported (EOPNOTSUPP): kernel says "Unknown device type"; this kernel has no
 * bonding driver ...}.
 */
public final class NetlinkException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String operation;
  private final String device;
  private final int errno;
  private final String errnoName;
  private final String kernelMessage;
  private final String explanation;

  /**
   * Creates the exception for one refused request.
   *
   * @param operation the request type, e.g. {@code RTM_NEWLINK}
   * @param device the device the request was about (empty for a dump)
   * @param errno the positive errno value the kernel answered with
   * @param errnoName its symbolic name, e.g. {@code EEXIST}
   * @param errnoText its description, e.g. {@code File exists}
   * @param kernelMessage the kernel's extended-ack text, or null when it sent none
   */
  public NetlinkException(
      String operation,
      String device,
      int errno,
      String errnoName,
      String errnoText,
      String kernelMessage) {
    this(operation, device, errno, errnoName, errnoText, kernelMessage, null);
  }

  /**
   * Creates the exception for one refused request, with what the refusal means.
   *
   * @param operation the request type, e.g. {@code RTM_NEWLINK}
   * @param device the device the request was about (empty for a dump)
   * @param errno the positive errno value the kernel answered with
   * @param errnoName its symbolic name, e.g. {@code EEXIST}
   * @param errnoText its description, e.g. {@code File exists}
   * @param kernelMessage the kernel's extended-ack text, or null when it sent none
   * @param explanation what the refusal means and what to do (e.g. a missing kernel module), or
   *     null when the errno says it all
   */
  public NetlinkException(
      String operation,
      String device,
      int errno,
      String errnoName,
      String errnoText,
      String kernelMessage,
      String explanation) {
    super(
        format(operation, device, errnoName, errnoText, kernelMessage, errno)
            + (explanation == null || explanation.isEmpty() ? "" : "; " + explanation));
    this.operation = Objects.requireNonNull(operation, "operation");
    this.device = Objects.requireNonNull(device, "device");
    this.errno = errno;
    this.errnoName = Objects.requireNonNull(errnoName, "errnoName");
    this.kernelMessage = kernelMessage == null || kernelMessage.isEmpty() ? null : kernelMessage;
    this.explanation = explanation == null || explanation.isEmpty() ? null : explanation;
  }

  private static String format(
      String operation,
      String device,
      String errnoName,
      String errnoText,
      String kernelMessage,
      int errno) {
    StringBuilder text = new StringBuilder(operation);
    if (device != null && !device.isEmpty()) {
      text.append(' ').append(device);
    }
    text.append(": ").append(errnoText).append(" (").append(errnoName).append(')');
    if (kernelMessage != null && !kernelMessage.isEmpty()) {
      text.append(": kernel says \"").append(kernelMessage).append('"');
    }
    if (errnoName.equals("EPERM") || errnoName.equals("EACCES")) {
      text.append(
          "; changing network devices needs CAP_NET_ADMIN in the namespace's user namespace"
              + " (run as root or grant the capability)");
    }
    return text.toString();
  }

  /** The netlink request type that failed, e.g. {@code RTM_NEWLINK}. */
  public String operation() {
    return operation;
  }

  /** The device the request was about, or the empty string when it was about none. */
  public String device() {
    return device;
  }

  /** The positive errno value the kernel answered with. */
  public int errno() {
    return errno;
  }

  /** The errno's symbolic name, e.g. {@code EEXIST}. */
  public String errnoName() {
    return errnoName;
  }

  /** The kernel's own explanation (netlink extended ack), when it gave one. */
  public Optional<String> kernelMessage() {
    return Optional.ofNullable(kernelMessage);
  }

  /**
   * What the refusal means beyond its errno and what to do, when gallium-net knows (e.g. that the
   * kernel has no bonding driver).
   */
  public Optional<String> explanation() {
    return Optional.ofNullable(explanation);
  }

  /** True when the request failed for lack of privilege (EPERM or EACCES). */
  public boolean isPermissionDenied() {
    return errnoName.equals("EPERM") || errnoName.equals("EACCES");
  }
}
