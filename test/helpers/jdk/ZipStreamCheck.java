import java.io.BufferedInputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.jar.JarInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Reads an archive the way a Hadoop 3.3.6 NodeManager unpacks an ARCHIVE resource: streaming, from the
 * first local header on, with java.util.zip.ZipInputStream (FileUtil.unZip(InputStream, File), for
 * .zip) or JarInputStream (RunJar.unJar(InputStream, File, Pattern), for .jar, with --jar). Every
 * entry's bytes are read to the end, so CRC and size checks run as they do when Hadoop copies them.
 *
 * Prints one line per entry: name, TAB, byte count, TAB, SHA-256 of the bytes. On failure prints the
 * exception (Throwable.toString) on stderr and exits 1.
 *
 * Usage: java ZipStreamCheck [--jar] FILE
 */
public class ZipStreamCheck {
  public static void main(String[] args) throws Exception {
    boolean jar = args.length == 2 && args[0].equals("--jar");
    String file = args[args.length - 1];
    try (InputStream in = new BufferedInputStream(new FileInputStream(file));
         ZipInputStream zip = jar ? new JarInputStream(in) : new ZipInputStream(in)) {
      byte[] buffer = new byte[8192];
      for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        long count = 0;
        for (int n = zip.read(buffer); n != -1; n = zip.read(buffer)) {
          sha.update(buffer, 0, n);
          count += n;
        }
        System.out.println(entry.getName() + "\t" + count + "\t" + hex(sha.digest()));
      }
    } catch (IOException e) {
      System.err.println(e);
      System.exit(1);
    }
  }

  private static String hex(byte[] bytes) {
    StringBuilder out = new StringBuilder();
    for (byte b : bytes) out.append(String.format("%02x", b));
    return out.toString();
  }
}
