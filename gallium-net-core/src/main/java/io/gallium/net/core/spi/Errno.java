package io.gallium.net.core.spi;

import io.gallium.net.core.testing.InMemoryHost;
import java.util.Objects;

/**
 * A kernel-style error number with its symbolic name, e.g. {@code EEXIST (17)}. Providers report
 * failures with the errno the kernel gave; {@link InMemoryHost} uses the one Linux would.
 *
 * <p>The one errno table of gallium-net: the Linux driver names the errors of its system calls and
 * netlink acks with it too, so a number has the same name in a change's failure and in the driver's
 * exception.
 *
 * @param number the errno value (Linux numbering)
 * @param symbol the symbolic name, e.g. {@code EEXIST}
 */
public record Errno(int number, String symbol) {

  /** Operation not permitted. */
  public static final Errno EPERM = new Errno(1, "EPERM");

  /** No such file or directory (here: no such entry, e.g. VLAN or altname). */
  public static final Errno ENOENT = new Errno(2, "ENOENT");

  /** Interrupted system call (a signal arrived; the call is retried). */
  public static final Errno EINTR = new Errno(4, "EINTR");

  /** I/O error. */
  public static final Errno EIO = new Errno(5, "EIO");

  /** Try again (here: nothing to read on a non-blocking socket). */
  public static final Errno EAGAIN = new Errno(11, "EAGAIN");

  /** Out of memory. */
  public static final Errno ENOMEM = new Errno(12, "ENOMEM");

  /** Permission denied. */
  public static final Errno EACCES = new Errno(13, "EACCES");

  /** Device or resource busy. */
  public static final Errno EBUSY = new Errno(16, "EBUSY");

  /** File exists (a device or name exists already). */
  public static final Errno EEXIST = new Errno(17, "EEXIST");

  /** No such device. */
  public static final Errno ENODEV = new Errno(19, "ENODEV");

  /** Invalid argument. */
  public static final Errno EINVAL = new Errno(22, "EINVAL");

  /** Numerical result out of range (e.g. a name too long for its attribute). */
  public static final Errno ERANGE = new Errno(34, "ERANGE");

  /**
   * Exchange full (a bridge has no port number left: BR_MAX_PORTS, linux/net/bridge/br_private.h).
   */
  public static final Errno EXFULL = new Errno(54, "EXFULL");

  /** Too many levels of links (e.g. a device enslaved to itself). */
  public static final Errno ELOOP = new Errno(40, "ELOOP");

  /** No buffer space available. */
  public static final Errno ENOBUFS = new Errno(105, "ENOBUFS");

  /** Cannot assign requested address (here: a device does not have the address removed). */
  public static final Errno EADDRNOTAVAIL = new Errno(99, "EADDRNOTAVAIL");

  /** No such process (here: no such route, as the kernel answers a delete of one). */
  public static final Errno ESRCH = new Errno(3, "ESRCH");

  /** Network is unreachable (a route's gateway lies in no subnet of its device). */
  public static final Errno ENETUNREACH = new Errno(101, "ENETUNREACH");

  /** Operation not supported. */
  public static final Errno EOPNOTSUPP = new Errno(95, "EOPNOTSUPP");

  /**
   * The symbolic name of every errno number, from {@code /usr/include/asm-generic/errno-base.h} and
   * {@code errno.h}: kernel ABI on every architecture using the generic numbers (x86, arm64,
   * riscv), so a driver's error reads {@code EMSGSIZE (90)} whatever the number.
   */
  private static final String[] SYMBOLS = new String[134];

  static {
    String[] s = SYMBOLS;
    s[1] = "EPERM";
    s[2] = "ENOENT";
    s[3] = "ESRCH";
    s[4] = "EINTR";
    s[5] = "EIO";
    s[6] = "ENXIO";
    s[7] = "E2BIG";
    s[8] = "ENOEXEC";
    s[9] = "EBADF";
    s[10] = "ECHILD";
    s[11] = "EAGAIN";
    s[12] = "ENOMEM";
    s[13] = "EACCES";
    s[14] = "EFAULT";
    s[15] = "ENOTBLK";
    s[16] = "EBUSY";
    s[17] = "EEXIST";
    s[18] = "EXDEV";
    s[19] = "ENODEV";
    s[20] = "ENOTDIR";
    s[21] = "EISDIR";
    s[22] = "EINVAL";
    s[23] = "ENFILE";
    s[24] = "EMFILE";
    s[25] = "ENOTTY";
    s[26] = "ETXTBSY";
    s[27] = "EFBIG";
    s[28] = "ENOSPC";
    s[29] = "ESPIPE";
    s[30] = "EROFS";
    s[31] = "EMLINK";
    s[32] = "EPIPE";
    s[33] = "EDOM";
    s[34] = "ERANGE";
    s[35] = "EDEADLK";
    s[36] = "ENAMETOOLONG";
    s[37] = "ENOLCK";
    s[38] = "ENOSYS";
    s[39] = "ENOTEMPTY";
    s[40] = "ELOOP";
    s[42] = "ENOMSG";
    s[43] = "EIDRM";
    s[44] = "ECHRNG";
    s[45] = "EL2NSYNC";
    s[46] = "EL3HLT";
    s[47] = "EL3RST";
    s[48] = "ELNRNG";
    s[49] = "EUNATCH";
    s[50] = "ENOCSI";
    s[51] = "EL2HLT";
    s[52] = "EBADE";
    s[53] = "EBADR";
    s[54] = "EXFULL";
    s[55] = "ENOANO";
    s[56] = "EBADRQC";
    s[57] = "EBADSLT";
    s[59] = "EBFONT";
    s[60] = "ENOSTR";
    s[61] = "ENODATA";
    s[62] = "ETIME";
    s[63] = "ENOSR";
    s[64] = "ENONET";
    s[65] = "ENOPKG";
    s[66] = "EREMOTE";
    s[67] = "ENOLINK";
    s[68] = "EADV";
    s[69] = "ESRMNT";
    s[70] = "ECOMM";
    s[71] = "EPROTO";
    s[72] = "EMULTIHOP";
    s[73] = "EDOTDOT";
    s[74] = "EBADMSG";
    s[75] = "EOVERFLOW";
    s[76] = "ENOTUNIQ";
    s[77] = "EBADFD";
    s[78] = "EREMCHG";
    s[79] = "ELIBACC";
    s[80] = "ELIBBAD";
    s[81] = "ELIBSCN";
    s[82] = "ELIBMAX";
    s[83] = "ELIBEXEC";
    s[84] = "EILSEQ";
    s[85] = "ERESTART";
    s[86] = "ESTRPIPE";
    s[87] = "EUSERS";
    s[88] = "ENOTSOCK";
    s[89] = "EDESTADDRREQ";
    s[90] = "EMSGSIZE";
    s[91] = "EPROTOTYPE";
    s[92] = "ENOPROTOOPT";
    s[93] = "EPROTONOSUPPORT";
    s[94] = "ESOCKTNOSUPPORT";
    s[95] = "EOPNOTSUPP";
    s[96] = "EPFNOSUPPORT";
    s[97] = "EAFNOSUPPORT";
    s[98] = "EADDRINUSE";
    s[99] = "EADDRNOTAVAIL";
    s[100] = "ENETDOWN";
    s[101] = "ENETUNREACH";
    s[102] = "ENETRESET";
    s[103] = "ECONNABORTED";
    s[104] = "ECONNRESET";
    s[105] = "ENOBUFS";
    s[106] = "EISCONN";
    s[107] = "ENOTCONN";
    s[108] = "ESHUTDOWN";
    s[109] = "ETOOMANYREFS";
    s[110] = "ETIMEDOUT";
    s[111] = "ECONNREFUSED";
    s[112] = "EHOSTDOWN";
    s[113] = "EHOSTUNREACH";
    s[114] = "EALREADY";
    s[115] = "EINPROGRESS";
    s[116] = "ESTALE";
    s[117] = "EUCLEAN";
    s[118] = "ENOTNAM";
    s[119] = "ENAVAIL";
    s[120] = "EISNAM";
    s[121] = "EREMOTEIO";
    s[122] = "EDQUOT";
    s[123] = "ENOMEDIUM";
    s[124] = "EMEDIUMTYPE";
    s[125] = "ECANCELED";
    s[126] = "ENOKEY";
    s[127] = "EKEYEXPIRED";
    s[128] = "EKEYREVOKED";
    s[129] = "EKEYREJECTED";
    s[130] = "EOWNERDEAD";
    s[131] = "ENOTRECOVERABLE";
    s[132] = "ERFKILL";
    s[133] = "EHWPOISON";
  }

  public Errno {
    Objects.requireNonNull(symbol, "symbol");
  }

  /**
   * The errno of that number (its sign ignored: the kernel answers {@code -errno}): its symbolic
   * name, or {@code E<number>} for one the table lacks.
   */
  public static Errno of(int number) {
    int n = Math.abs(number);
    return new Errno(n, n < SYMBOLS.length && SYMBOLS[n] != null ? SYMBOLS[n] : "E" + n);
  }

  /** Whether this is the errno of {@code number} (positive, as {@code errno} holds it). */
  public boolean is(int number) {
    return this.number == number;
  }

  /** {@code EEXIST (17)}. */
  @Override
  public String toString() {
    return symbol + " (" + number + ")";
  }
}
