package apx.channel;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.HttpURLConnection;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The job side of apx's channel (docs/channel.md): log, UI and app messages from the driver to apx,
 * and commands from apx to the driver. Every call returns at once: records go to a bounded queue
 * that a daemon thread appends to {@code apx-channel.ndjson} in the container's log directory.
 * Nothing here throws into the job; outside a YARN container (no LOG_DIRS) every call is a no-op.
 */
public final class Channel {
  /** A handler for a command sent with {@code apx send <appId> <name> [payload]}. */
  public interface Handler {
    void handle(String payload) throws Exception;
  }

  public static final String FILE = "apx-channel.ndjson";
  /** The most the file grows to; past it only the final values of updates are written, at exit. */
  public static final long CAP_BYTES = 8L * 1024 * 1024;
  /** Records waiting for the writer; past it progress/update records coalesce (latest per task/key) and log records are counted, not kept. */
  static final int QUEUE_LIMIT = 16384;

  private static final Object LOCK = new Object();
  private static final ArrayDeque<Rec> QUEUE = new ArrayDeque<Rec>();
  private static final LinkedHashMap<String, Rec> LATEST = new LinkedHashMap<String, Rec>();
  private static final LinkedHashMap<String, Rec> RESULT = new LinkedHashMap<String, Rec>();

  /**
   * One record as the caller hands it over: progress and update keep their raw values and are
   * formatted by the writer thread, so a call costs the job a lock and a queue slot, not JSON.
   */
  private static final class Rec {
    final String category;
    final String kind;
    final long time = System.currentTimeMillis();
    /** Pre-formatted fields (logs, acks), or null for a raw progress/update. */
    String fields;
    String name;
    String text;
    double number;
    boolean numeric;

    Rec(String category, String kind, String fields) {
      this.category = category;
      this.kind = kind;
      this.fields = fields;
    }

    String fields() {
      if (fields != null) return fields;
      if (kind.equals("progress")) return str("task", name) + "," + num("value", number) + opt("message", text);
      return str("key", name) + "," + (numeric ? num("value", number) : str("value", text));
    }
  }
  private static final Map<String, Handler> HANDLERS = Collections.synchronizedMap(new LinkedHashMap<String, Handler>());
  private static long dropped;
  /** The writer holds a batch taken from the queue and not yet in the file. */
  private static boolean writing;
  /** The file reached CAP_BYTES: nothing more is written until the result at exit. */
  private static volatile boolean capped;
  private static boolean started;
  private static boolean disabled;
  private static OutputStream out;
  private static long seq;
  private static long written;
  private static Thread poller;

  private Channel() {}

  public static void info(String format, Object... args) { log("info", format, args, null); }
  public static void warn(String format, Object... args) { log("warn", format, args, null); }
  public static void debug(String format, Object... args) { log("debug", format, args, null); }
  public static void error(String message, Throwable error) { log("error", "%s", new Object[] {message}, error); }
  public static void error(String format, Object... args) { log("error", format, args, null); }

  /** A progress bar of the job's own task: {@code fraction} from 0 to 1. */
  public static void progress(String task, double fraction, String message) {
    Rec r = new Rec("ui", "progress", null);
    r.name = task;
    r.number = fraction;
    r.text = message;
    offer(r);
  }

  /** A line of text for the user, under the task's section. */
  public static void display(String task, String message) {
    offer(new Rec("ui", "display", str("task", task) + opt("message", message)));
  }

  /** A key/value the client acts on; numbers form a series (a chart); the last value of each key is the app's result. */
  public static void update(String key, double value) {
    Rec r = new Rec("app", "update", null);
    r.name = key;
    r.number = value;
    r.numeric = true;
    offer(r);
  }

  public static void update(String key, String value) {
    Rec r = new Rec("app", "update", null);
    r.name = key;
    r.text = value;
    offer(r);
  }

  /** Calls {@code handler} with the payload when the user sends {@code name}: once per command, in order, on a channel thread. */
  public static void onCommand(String name, Handler handler) {
    try {
      HANDLERS.put(name, handler);
      StringBuilder names = new StringBuilder("\"names\":[");
      synchronized (HANDLERS) {
        int i = 0;
        for (String n : HANDLERS.keySet()) names.append(i++ > 0 ? "," : "").append(quote(n));
      }
      offer(new Rec("app", "commands", names.append(']').toString()));
      startPoller();
    } catch (Throwable ignored) {
      // never into the job
    }
  }

  /** Waits (at most {@code millis}) until everything offered so far is in the file. */
  public static void flush(long millis) {
    long end = System.currentTimeMillis() + millis;
    synchronized (LOCK) {
      while ((!QUEUE.isEmpty() || !LATEST.isEmpty() || writing) && !disabled && System.currentTimeMillis() < end) {
        try { LOCK.wait(10); } catch (InterruptedException e) { Thread.currentThread().interrupt(); return; }
      }
    }
  }

  private static void log(String kind, String format, Object[] args, Throwable error) {
    try {
      String message = args == null || args.length == 0 ? format : String.format(Locale.ROOT, format, args);
      if (error != null) {
        StringWriter trace = new StringWriter();
        error.printStackTrace(new PrintWriter(trace));
        message = message + "\n" + trace;
      }
      offer(new Rec("log", kind, str("message", message)));
    } catch (Throwable e) {
      offer(new Rec("log", kind, str("message", String.valueOf(format))));
    }
  }

  /** Queues one record; when the writer is behind, progress/update coalesce to the latest per task/key, logs are counted. */
  private static void offer(Rec r) {
    try {
      synchronized (LOCK) {
        if (!started) start();
        if (disabled) return;
        if (r.fields == null && r.kind.equals("update")) RESULT.put(r.name, r);
        if (QUEUE.size() < QUEUE_LIMIT) QUEUE.add(r);
        else if (r.fields == null) {
          String key = r.kind + ":" + r.name;
          LATEST.remove(key);
          LATEST.put(key, r);
          dropped++;
        } else dropped++;
        if (QUEUE.size() == 1) LOCK.notifyAll();
      }
    } catch (Throwable ignored) {
      // never into the job
    }
  }

  private static void start() {
    started = true;
    String dirs = System.getenv("LOG_DIRS");
    if (dirs == null || dirs.isEmpty()) { disabled = true; return; }
    File file = new File(dirs.split(",")[0], FILE);
    try {
      out = new FileOutputStream(file, true);
      written = file.length();
    } catch (Exception e) {
      disabled = true;
      System.err.println("apx-channel: cannot write " + file + ": " + e);
      return;
    }
    System.err.println("apx-channel: writing " + file);
    Thread writer = new Thread(new Runnable() { public void run() { writeLoop(); } }, "apx-channel-writer");
    writer.setDaemon(true);
    writer.start();
    Runtime.getRuntime().addShutdownHook(new Thread(new Runnable() { public void run() { atExit(); } }, "apx-channel-exit"));
  }

  private static void writeLoop() {
    List<Rec> batch = new ArrayList<Rec>();
    for (;;) {
      long lost;
      synchronized (LOCK) {
        while (QUEUE.isEmpty() && LATEST.isEmpty()) {
          try { LOCK.wait(); } catch (InterruptedException e) { return; }
        }
        batch.addAll(QUEUE);
        QUEUE.clear();
        batch.addAll(LATEST.values());
        LATEST.clear();
        lost = dropped;
        dropped = 0;
        writing = true;
      }
      StringBuilder text = new StringBuilder();
      long[] pending = new long[] {0};
      if (lost > 0) addLine(text, pending, new Rec("log", "coalesced", num("value", lost)));
      for (Rec r : batch) if (!addLine(text, pending, r)) break;
      batch.clear();
      if (text.length() > 0) append(text.toString(), true);
      synchronized (LOCK) {
        writing = false;
        LOCK.notifyAll();
      }
    }
  }

  /**
   * Adds one record's line unless it would take the file past the cap; at the cap, one last record
   * says so and the channel stops (sequence numbers stay contiguous: a dropped record takes none).
   */
  private static boolean addLine(StringBuilder text, long[] pending, Rec r) {
    if (capped) return false;
    String l = line(r);
    int len = l.getBytes(StandardCharsets.UTF_8).length;
    if (written + pending[0] + len <= CAP_BYTES - 1024) {
      text.append(l);
      pending[0] += len;
      return true;
    }
    synchronized (LOCK) { seq--; }
    capped = true;
    text.append(line(new Rec("log", "coalesced", str("message", "the channel reached its cap of " + CAP_BYTES + " bytes: later messages are dropped; update values are written at exit"))));
    return false;
  }

  private static String line(Rec r) {
    String fields = r.fields();
    synchronized (LOCK) {
      return "{\"seq\":" + (++seq) + ",\"time\":" + r.time + ",\"category\":\"" + r.category + "\",\"kind\":\"" + r.kind + "\"," + fields + "}\n";
    }
  }

  /** Appends whole lines, within the cap; the file is never left with half a record. */
  private static synchronized void append(String text, boolean pastCap) {
    try {
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      if (!pastCap && written + bytes.length > CAP_BYTES) return;
      out.write(bytes);
      out.flush();
      written += bytes.length;
    } catch (Throwable ignored) {
      // a full disk must not stop the job
    }
  }

  /** At exit: what is queued, then every update key's last value (so the result survives the cap). */
  private static void atExit() {
    flush(2000);
    StringBuilder text = new StringBuilder();
    synchronized (LOCK) {
      if (capped) {
        for (Rec r : RESULT.values()) text.append(line(r));
      }
    }
    if (text.length() > 0) append(text.toString(), true);
  }

  // ---- commands: <staging dir>/apx-commands/<seq>.json over WebHDFS ----

  private static synchronized void startPoller() {
    if (poller != null) return;
    poller = new Thread(new Runnable() { public void run() { pollLoop(); } }, "apx-channel-commands");
    poller.setDaemon(true);
    poller.start();
  }

  private static void pollLoop() {
    String staging = System.getenv("SPARK_YARN_STAGING_DIR");
    String webhdfs = webhdfsBase();
    if (staging == null || webhdfs == null) {
      log("warn", "apx channel: no staging dir or NameNode address, commands cannot arrive", null, null);
      return;
    }
    String dir = staging.replaceFirst("^[a-z]+://[^/]*", "") + "/apx-commands";
    String user = System.getenv("SPARK_USER");
    String auth = user == null ? "" : "&user.name=" + enc(user);
    long handled = 0;
    long interval = Long.getLong("apx.channel.pollMillis", 1000L);
    for (;;) {
      try {
        Thread.sleep(interval);
        String listing = get(webhdfs + dir + "?op=LISTSTATUS" + auth);
        if (listing == null) continue;
        TreeSet<Long> pending = new TreeSet<Long>();
        Matcher m = Pattern.compile("\"pathSuffix\"\\s*:\\s*\"(\\d+)\\.json\"").matcher(listing);
        while (m.find()) { long n = Long.parseLong(m.group(1)); if (n > handled) pending.add(n); }
        for (long n : pending) {
          String body = get(webhdfs + dir + "/" + n + ".json?op=OPEN" + auth);
          if (body == null) break;
          handled = n;
          run(n, jsonString(body, "name"), jsonString(body, "payload"));
        }
      } catch (InterruptedException e) {
        return;
      } catch (Throwable ignored) {
        // the next poll tries again
      }
    }
  }

  private static void run(long n, String name, String payload) {
    Handler h = name == null ? null : HANDLERS.get(name);
    String head = num("command", n) + "," + str("name", name == null ? "" : name);
    if (h == null) {
      offer(new Rec("app", "ack", head + ",\"ok\":false," + str("message", "no handler for \"" + name + "\"")));
      return;
    }
    try {
      h.handle(payload);
      offer(new Rec("app", "ack", head + ",\"ok\":true"));
    } catch (Throwable e) {
      offer(new Rec("app", "ack", head + ",\"ok\":false," + str("message", String.valueOf(e))));
    }
  }

  /** The NameNode's WebHDFS root: APX_WEBHDFS, else dfs.namenode.http-address from the Hadoop conf Spark ships with the app. */
  static String webhdfsBase() {
    String given = System.getenv("APX_WEBHDFS");
    if (given != null && !given.isEmpty()) return given.replaceAll("/+$", "") + "/webhdfs/v1";
    // The app's shipped Hadoop conf first, then the node's (HADOOP_CONF_DIR); an explicit HTTP address anywhere beats a guess from fs.defaultFS.
    String[] dirs = new String[] {"__spark_conf__/__hadoop_conf__", System.getenv("HADOOP_CONF_DIR")};
    for (String dir : dirs) {
      String addr = dir == null ? null : xmlValue(new File(dir, "hdfs-site.xml"), "dfs.namenode.http-address");
      if (addr != null) return "http://" + addr.replace("0.0.0.0", "localhost") + "/webhdfs/v1";
    }
    for (String dir : dirs) {
      String fs = dir == null ? null : xmlValue(new File(dir, "core-site.xml"), "fs.defaultFS");
      if (fs != null && fs.startsWith("hdfs://")) return "http://" + fs.substring(7).replaceAll("[:/].*$", "") + ":9870/webhdfs/v1";
    }
    return null;
  }

  private static String xmlValue(File file, String name) {
    try {
      if (!file.isFile()) return null;
      String xml = new String(readAll(new FileInputStream(file)), StandardCharsets.UTF_8);
      Matcher m = Pattern.compile("<name>\\s*" + Pattern.quote(name) + "\\s*</name>\\s*<value>\\s*([^<]*?)\\s*</value>").matcher(xml);
      return m.find() ? m.group(1) : null;
    } catch (Exception e) {
      return null;
    }
  }

  private static String get(String url) throws Exception {
    HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
    c.setConnectTimeout(5000);
    c.setReadTimeout(10000);
    try {
      if (c.getResponseCode() != 200) return null;
      return new String(readAll(c.getInputStream()), StandardCharsets.UTF_8);
    } finally {
      c.disconnect();
    }
  }

  private static byte[] readAll(InputStream in) throws Exception {
    try {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      for (int r; (r = in.read(buf)) > 0;) b.write(buf, 0, r);
      return b.toByteArray();
    } finally {
      in.close();
    }
  }

  // ---- JSON, by hand: no dependency ----

  static String jsonString(String json, String key) {
    Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(json);
    if (!m.find()) return null;
    String s = m.group(1);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch != '\\' || i + 1 >= s.length()) { b.append(ch); continue; }
      char e = s.charAt(++i);
      switch (e) {
        case 'n': b.append('\n'); break;
        case 't': b.append('\t'); break;
        case 'r': b.append('\r'); break;
        case 'b': b.append('\b'); break;
        case 'f': b.append('\f'); break;
        case 'u': b.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16)); i += 4; break;
        default: b.append(e);
      }
    }
    return b.toString();
  }

  static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') b.append('\\').append(c);
      else if (c == '\n') b.append("\\n");
      else if (c == '\r') b.append("\\r");
      else if (c == '\t') b.append("\\t");
      else if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
      else b.append(c);
    }
    return b.append('"').toString();
  }

  private static String str(String k, String v) { return "\"" + k + "\":" + quote(v == null ? "" : v); }
  private static String opt(String k, String v) { return v == null ? "" : "," + str(k, v); }
  private static String num(String k, double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) return str(k, String.valueOf(v));
    return "\"" + k + "\":" + (v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v));
  }
  private static String enc(String s) {
    try { return URLEncoder.encode(s, "UTF-8"); } catch (Exception e) { return s; }
  }
}
