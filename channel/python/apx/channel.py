"""The job side of apx's channel (docs/channel.md), standard library only, Python >= 3.8.

Log, UI and app messages from a PySpark driver to apx, and commands from apx to the driver::

    from apx import channel
    channel.info("loaded %d rows", n)
    channel.progress("training", 0.42, "epoch 42/100")
    channel.display("training", "loss is plateauing")
    channel.update("loss", 0.137)
    channel.on_command("stop", lambda payload: stop.set())

Every call returns at once: records go to a bounded queue that a daemon thread appends to
``apx-channel.ndjson`` in the container's log directory. Nothing here raises into the job; outside a
YARN container (no LOG_DIRS) every call is a no-op.
"""
import atexit
import collections
import json
import os
import re
import sys
import threading
import time
import traceback
import urllib.parse
import urllib.request

FILE = "apx-channel.ndjson"
CAP_BYTES = 8 * 1024 * 1024
QUEUE_LIMIT = 16384

_lock = threading.Condition()
_queue = collections.deque()
_latest = collections.OrderedDict()
_result = collections.OrderedDict()
_handlers = collections.OrderedDict()
_state = {"started": False, "disabled": False, "dropped": 0, "seq": 0, "written": 0, "writing": False, "poller": None, "out": None, "capped": False}


def info(fmt, *args):
    _log("info", fmt, args)


def warn(fmt, *args):
    _log("warn", fmt, args)


def debug(fmt, *args):
    _log("debug", fmt, args)


def error(fmt, *args, exc=None):
    """An error message; ``exc`` (an exception) adds its traceback, as does calling it inside ``except``."""
    _log("error", fmt, args, exc if exc is not None else sys.exc_info()[1])


def progress(task, fraction, message=None):
    # Raw values: the writer thread formats them, so the call costs the job a lock and a queue slot.
    _offer("ui", "progress", ("progress", task, fraction, message))


def display(task, message):
    _offer("ui", "display", {"task": str(task), "message": str(message)})


def update(key, value):
    _offer("app", "update", ("update", key, value, None))


def on_command(name, handler):
    """Calls ``handler(payload)`` when the user runs ``apx send <appId> <name> [payload]``: once per command, in order."""
    try:
        _handlers[str(name)] = handler
        _offer("app", "commands", {"names": list(_handlers.keys())})
        _start_poller()
    except Exception:  # never into the job
        pass


def flush(timeout=5.0):
    """Waits (at most ``timeout`` seconds) until everything offered so far is in the file."""
    end = time.time() + timeout
    with _lock:
        while (_queue or _latest or _state["writing"]) and not _state["disabled"] and time.time() < end:
            _lock.wait(0.01)


def _number(v):
    try:
        return float(v)
    except Exception:
        return str(v)


def _log(kind, fmt, args, exc=None):
    try:
        message = (str(fmt) % args) if args else str(fmt)
    except Exception:
        message = "%s %r" % (fmt, args)
    if exc is not None:
        message += "\n" + "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    _offer("log", kind, {"message": message})


_disabled = [False]


def _offer(category, kind, fields):
    """Queues one record; `fields` is a dict, or a raw ("progress"|"update", name, value, text) tuple.
    When the writer is behind, raw records coalesce to the latest per task/key and others are counted."""
    if _disabled[0]:
        return
    try:
        record = (category, kind, fields, int(time.time() * 1000))
        with _lock:
            if not _state["started"]:
                _start()
                if _disabled[0]:
                    return
            raw = type(fields) is tuple
            if raw and kind == "update":
                _result[fields[1]] = record
            if len(_queue) < QUEUE_LIMIT:
                _queue.append(record)
                if len(_queue) == 1:
                    _lock.notify_all()
            elif raw:
                key = (kind, fields[1])
                _latest.pop(key, None)
                _latest[key] = record
                _state["dropped"] += 1
            else:
                _state["dropped"] += 1
    except Exception:  # never into the job
        pass


def _start():
    _state["started"] = True
    dirs = os.environ.get("LOG_DIRS")
    if not dirs:
        _state["disabled"] = _disabled[0] = True
        return
    path = os.path.join(dirs.split(",")[0], FILE)
    try:
        _state["out"] = open(path, "ab")
        _state["written"] = os.path.getsize(path)
    except Exception as e:
        _state["disabled"] = _disabled[0] = True
        sys.stderr.write("apx-channel: cannot write %s: %s\n" % (path, e))
        return
    sys.stderr.write("apx-channel: writing %s\n" % path)
    sys.stderr.flush()
    threading.Thread(target=_write_loop, name="apx-channel-writer", daemon=True).start()
    atexit.register(_at_exit)


def _fields(fields):
    """A raw progress/update tuple as the record's fields (done on the writer thread)."""
    if type(fields) is not tuple:
        return fields
    what, name, value, text = fields
    if what == "progress":
        out = {"task": str(name), "value": _number(value)}
        if text is not None:
            out["message"] = str(text)
        return out
    return {"key": str(name), "value": value if isinstance(value, (int, float)) and not isinstance(value, bool) else str(value)}


def _line(record):
    category, kind, fields, at = record
    out = {"seq": _state["seq"] + 1, "time": at, "category": category, "kind": kind}
    out.update(_fields(fields))
    text = json.dumps(out, ensure_ascii=False, allow_nan=False, default=str) + "\n"
    _state["seq"] += 1  # only once the line exists: sequence numbers stay contiguous
    return text


def _safe_line(record):
    try:
        return _line(record)
    except ValueError:  # NaN/inf: as text
        c, k, f, t = record
        f = _fields(f)
        return _line((c, k, dict(f, value=str(f.get("value"))), t))


def _add_line(parts, pending, record):
    """Adds one record's line unless it would take the file past the cap; at the cap one last record
    says so and the channel stops (sequence numbers stay contiguous: a dropped record takes none)."""
    if _state["capped"]:
        return False
    line = _safe_line(record)
    size = len(line.encode("utf-8"))
    if _state["written"] + pending[0] + size <= CAP_BYTES - 1024:
        parts.append(line)
        pending[0] += size
        return True
    _state["seq"] -= 1
    _state["capped"] = True
    parts.append(_line(("log", "coalesced", {"message": "the channel reached its cap of %d bytes: later messages are dropped; update values are written at exit" % CAP_BYTES}, int(time.time() * 1000))))
    return False


def _write_loop():
    while True:
        with _lock:
            while not _queue and not _latest:
                _lock.wait()
            batch = list(_queue) + list(_latest.values())
            _queue.clear()
            _latest.clear()
            lost, _state["dropped"] = _state["dropped"], 0
            _state["writing"] = True
            parts = []
            pending = [0]
            if lost:
                _add_line(parts, pending, ("log", "coalesced", {"value": lost}, int(time.time() * 1000)))
            for r in batch:
                if not _add_line(parts, pending, r):
                    break
            text = "".join(parts)
        if text:
            _append(text.encode("utf-8"), True)
        with _lock:
            _state["writing"] = False
            _lock.notify_all()


def _append(data, past_cap):
    try:
        if not past_cap and _state["written"] + len(data) > CAP_BYTES:
            return
        _state["out"].write(data)
        _state["out"].flush()
        _state["written"] += len(data)
    except Exception:  # a full disk must not stop the job
        pass


def _at_exit():
    flush(2.0)
    with _lock:
        if not _state["capped"]:
            return
        text = "".join(_line(r) for r in _result.values())
    _append(text.encode("utf-8"), True)


# ---- commands: <staging dir>/apx-commands/<seq>.json over WebHDFS ----

def _start_poller():
    with _lock:
        if _state["poller"] is not None:
            return
        _state["poller"] = threading.Thread(target=_poll_loop, name="apx-channel-commands", daemon=True)
    _state["poller"].start()


def _xml_value(path, name):
    try:
        with open(path, encoding="utf-8") as f:
            m = re.search(r"<name>\s*" + re.escape(name) + r"\s*</name>\s*<value>\s*([^<]*?)\s*</value>", f.read())
        return m.group(1) if m else None
    except OSError:
        return None


def _webhdfs_base():
    given = os.environ.get("APX_WEBHDFS")
    if given:
        return given.rstrip("/") + "/webhdfs/v1"
    # The app's shipped Hadoop conf first, then the node's; an explicit HTTP address beats a guess from fs.defaultFS.
    dirs = [d for d in ("__spark_conf__/__hadoop_conf__", os.environ.get("HADOOP_CONF_DIR")) if d]
    for d in dirs:
        addr = _xml_value(os.path.join(d, "hdfs-site.xml"), "dfs.namenode.http-address")
        if addr:
            return "http://" + addr.replace("0.0.0.0", "localhost") + "/webhdfs/v1"
    for d in dirs:
        fs = _xml_value(os.path.join(d, "core-site.xml"), "fs.defaultFS")
        if fs and fs.startswith("hdfs://"):
            return "http://" + re.sub(r"[:/].*$", "", fs[7:]) + ":9870/webhdfs/v1"
    return None


def _get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.read().decode("utf-8") if r.status == 200 else None
    except Exception:
        return None


def _poll_loop():
    staging = os.environ.get("SPARK_YARN_STAGING_DIR")
    base = _webhdfs_base()
    if not staging or not base:
        warn("apx channel: no staging dir or NameNode address, commands cannot arrive")
        return
    directory = re.sub(r"^[a-z]+://[^/]*", "", staging) + "/apx-commands"
    user = os.environ.get("SPARK_USER")
    auth = "&user.name=" + urllib.parse.quote(user) if user else ""
    interval = float(os.environ.get("APX_CHANNEL_POLL_SECONDS", "1"))
    handled = 0
    while True:
        time.sleep(interval)
        listing = _get(base + directory + "?op=LISTSTATUS" + auth)
        if listing is None:
            continue
        try:
            names = [f["pathSuffix"] for f in json.loads(listing)["FileStatuses"]["FileStatus"]]
        except Exception:
            continue
        pending = sorted(int(m.group(1)) for m in (re.match(r"^(\d+)\.json$", n) for n in names) if m and int(m.group(1)) > handled)
        for n in pending:
            body = _get("%s%s/%d.json?op=OPEN%s" % (base, directory, n, auth))
            if body is None:
                break
            handled = n
            try:
                command = json.loads(body)
            except ValueError:
                command = {}
            _run(n, str(command.get("name", "")), command.get("payload"))


def _run(n, name, payload):
    handler = _handlers.get(name)
    head = {"command": n, "name": name}
    if handler is None:
        _offer("app", "ack", dict(head, ok=False, message='no handler for "%s"' % name))
        return
    try:
        handler(payload)
        _offer("app", "ack", dict(head, ok=True))
    except Exception as e:
        _offer("app", "ack", dict(head, ok=False, message=repr(e)))
