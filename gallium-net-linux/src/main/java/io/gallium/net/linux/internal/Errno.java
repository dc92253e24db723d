package io.gallium.net.linux.internal;

/**
 * Names of errno values, so that errors read {@code File exists (EEXIST)} rather than {@code -17}.
 *
 * <p>Generated from {@code /usr/include/asm-generic/errno-base.h} and {@code errno.h}; the table is
 * kernel ABI on every architecture using the generic errno numbers (x86, arm64, riscv).
 */
public final class Errno {
  public static final int EPERM = 1;
  public static final int ENOENT = 2;
  public static final int EINTR = 4;
  public static final int EAGAIN = 11;
  public static final int EACCES = 13;
  public static final int EEXIST = 17;
  public static final int ENODEV = 19;
  public static final int EINVAL = 22;
  public static final int EOPNOTSUPP = 95;
  public static final int ENOBUFS = 105;

  private static final String[] NAMES = new String[134];

  static {
    String[] names = NAMES;
    names[1] = "EPERM";
    names[2] = "ENOENT";
    names[3] = "ESRCH";
    names[4] = "EINTR";
    names[5] = "EIO";
    names[6] = "ENXIO";
    names[7] = "E2BIG";
    names[8] = "ENOEXEC";
    names[9] = "EBADF";
    names[10] = "ECHILD";
    names[11] = "EAGAIN";
    names[12] = "ENOMEM";
    names[13] = "EACCES";
    names[14] = "EFAULT";
    names[15] = "ENOTBLK";
    names[16] = "EBUSY";
    names[17] = "EEXIST";
    names[18] = "EXDEV";
    names[19] = "ENODEV";
    names[20] = "ENOTDIR";
    names[21] = "EISDIR";
    names[22] = "EINVAL";
    names[23] = "ENFILE";
    names[24] = "EMFILE";
    names[25] = "ENOTTY";
    names[26] = "ETXTBSY";
    names[27] = "EFBIG";
    names[28] = "ENOSPC";
    names[29] = "ESPIPE";
    names[30] = "EROFS";
    names[31] = "EMLINK";
    names[32] = "EPIPE";
    names[33] = "EDOM";
    names[34] = "ERANGE";
    names[35] = "EDEADLK";
    names[36] = "ENAMETOOLONG";
    names[37] = "ENOLCK";
    names[38] = "ENOSYS";
    names[39] = "ENOTEMPTY";
    names[40] = "ELOOP";
    names[42] = "ENOMSG";
    names[43] = "EIDRM";
    names[44] = "ECHRNG";
    names[45] = "EL2NSYNC";
    names[46] = "EL3HLT";
    names[47] = "EL3RST";
    names[48] = "ELNRNG";
    names[49] = "EUNATCH";
    names[50] = "ENOCSI";
    names[51] = "EL2HLT";
    names[52] = "EBADE";
    names[53] = "EBADR";
    names[54] = "EXFULL";
    names[55] = "ENOANO";
    names[56] = "EBADRQC";
    names[57] = "EBADSLT";
    names[59] = "EBFONT";
    names[60] = "ENOSTR";
    names[61] = "ENODATA";
    names[62] = "ETIME";
    names[63] = "ENOSR";
    names[64] = "ENONET";
    names[65] = "ENOPKG";
    names[66] = "EREMOTE";
    names[67] = "ENOLINK";
    names[68] = "EADV";
    names[69] = "ESRMNT";
    names[70] = "ECOMM";
    names[71] = "EPROTO";
    names[72] = "EMULTIHOP";
    names[73] = "EDOTDOT";
    names[74] = "EBADMSG";
    names[75] = "EOVERFLOW";
    names[76] = "ENOTUNIQ";
    names[77] = "EBADFD";
    names[78] = "EREMCHG";
    names[79] = "ELIBACC";
    names[80] = "ELIBBAD";
    names[81] = "ELIBSCN";
    names[82] = "ELIBMAX";
    names[83] = "ELIBEXEC";
    names[84] = "EILSEQ";
    names[85] = "ERESTART";
    names[86] = "ESTRPIPE";
    names[87] = "EUSERS";
    names[88] = "ENOTSOCK";
    names[89] = "EDESTADDRREQ";
    names[90] = "EMSGSIZE";
    names[91] = "EPROTOTYPE";
    names[92] = "ENOPROTOOPT";
    names[93] = "EPROTONOSUPPORT";
    names[94] = "ESOCKTNOSUPPORT";
    names[95] = "EOPNOTSUPP";
    names[96] = "EPFNOSUPPORT";
    names[97] = "EAFNOSUPPORT";
    names[98] = "EADDRINUSE";
    names[99] = "EADDRNOTAVAIL";
    names[100] = "ENETDOWN";
    names[101] = "ENETUNREACH";
    names[102] = "ENETRESET";
    names[103] = "ECONNABORTED";
    names[104] = "ECONNRESET";
    names[105] = "ENOBUFS";
    names[106] = "EISCONN";
    names[107] = "ENOTCONN";
    names[108] = "ESHUTDOWN";
    names[109] = "ETOOMANYREFS";
    names[110] = "ETIMEDOUT";
    names[111] = "ECONNREFUSED";
    names[112] = "EHOSTDOWN";
    names[113] = "EHOSTUNREACH";
    names[114] = "EALREADY";
    names[115] = "EINPROGRESS";
    names[116] = "ESTALE";
    names[117] = "EUCLEAN";
    names[118] = "ENOTNAM";
    names[119] = "ENAVAIL";
    names[120] = "EISNAM";
    names[121] = "EREMOTEIO";
    names[122] = "EDQUOT";
    names[123] = "ENOMEDIUM";
    names[124] = "EMEDIUMTYPE";
    names[125] = "ECANCELED";
    names[126] = "ENOKEY";
    names[127] = "EKEYEXPIRED";
    names[128] = "EKEYREVOKED";
    names[129] = "EKEYREJECTED";
    names[130] = "EOWNERDEAD";
    names[131] = "ENOTRECOVERABLE";
    names[132] = "ERFKILL";
    names[133] = "EHWPOISON";
  }

  private Errno() {}

  /** The symbolic name of an errno value, or {@code errno <n>} for one this table lacks. */
  public static String name(int errno) {
    if (errno > 0 && errno < NAMES.length && NAMES[errno] != null) {
      return NAMES[errno];
    }
    return "errno " + errno;
  }

  /** True for the errors that mean the caller lacks a capability (CAP_NET_ADMIN here). */
  public static boolean isPermissionError(int errno) {
    return errno == EPERM || errno == EACCES;
  }
}
