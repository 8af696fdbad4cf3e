#!/usr/bin/env python3
"""Writes the seed corpus of every fuzz target into fuzz/corpus/<target>/seed-*.

Each corpus holds well-formed inputs of the target's format and the hostile kinds: deep
nesting (past the 64-level bound and 200,000 deep, which overflowed a recursive parser),
huge declared lengths, invalid UTF-8 and truncated input. Crash inputs found later are kept
beside the seeds as crash-* files (see fuzz/README.md); this script leaves them alone.
"""
import json
import os
import pathlib
import struct

HERE = pathlib.Path(__file__).resolve().parent
PROFILES = HERE.parent / "fixtures" / "profiles"
BAD_UTF8 = [b"\xff\xfe", b"\xc0\xaf", b"\xed\xa0\x80", b"\xe2\x82", b"\xf4\x90\x80\x80"]


def hostile_json(prefix=b"", suffix=b""):
    """Deep nesting of both kinds, invalid UTF-8 inside strings, huge numbers."""
    out = {
        "deep-array-200000": prefix + b"[" * 200000 + suffix,
        "deep-object-65": prefix + b'{"a":' * 65 + b"1" + b"}" * 65 + suffix,
        "deep-mixed-64": prefix + b'[{"a":' * 32 + b"0" + b"}]" * 32 + suffix,
        "huge-number": prefix + b"1" + b"0" * 5000 + suffix,
        "huge-string": prefix + b'"' + b"x" * 70000 + b'"' + suffix,
    }
    for i, bad in enumerate(BAD_UTF8):
        out["bad-utf8-%d" % i] = prefix + b'{"type":"message","text":"' + bad + b'"}' + suffix
    return out


def truncations(name, data):
    return {"%s-cut-%d" % (name, n): data[:n] for n in sorted({1, len(data) // 2, len(data) - 1}) if n > 0}


def reference_frames():
    frames = {
        "connected": {"type": "connected", "session_id": "s1"},
        "match-found": {"type": "match_found", "match_id": "m1", "partner_id": "s2", "resume_token": "t1"},
        "chat-started": {"type": "chat_started", "match_id": "m1"},
        "message": {"type": "message", "text": "1700000000000001 42 7 padding"},
        "typing": {"type": "typing"},
        "resumed": {"type": "resumed", "match_id": "m1", "history": ["1 2 3 a", "4 5 6 b"]},
        "resumed-objects": {"type": "resumed", "match_id": "m1", "history": [{"text": "x"}, 5, None]},
        "signal": {"type": "signal", "kind": "offer", "data": "v=0"},
        "incoming-call": {"type": "incoming_call", "call_id": "c1", "visitor_id": "s3"},
        "error": {"type": "error", "code": "rate_limited"},
        "partner-left": {"type": "partner_left"},
    }
    out = {k: json.dumps(v).encode() for k, v in frames.items()}
    out.update(truncations("resumed", out["resumed"]))
    out.update(hostile_json())
    out["resumed-deep-history"] = b'{"type":"resumed","match_id":"m","history":' + b"[" * 200000
    return out


def socketio_packets():
    out = {
        "open": b'0{"sid":"abc","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}',
        "ping": b"2",
        "connect": b'40{"sid":"n1"}',
        "connect-ns": b'40/chat,{"sid":"n1"}',
        "event": b'42["partnerFound",{"partner":"p"}]',
        "room-id": b'42["receiveID","_ab12"]',
        "message": b'42["new_message",{"text":"1 2 3 hello"}]',
        "ack-request": b'42123["matched",{"room":"r"}]',
        "ack-ns": b'43/chat,7[{}]',
        "disconnect": b"41",
        "error": b'44{"message":"nope"}',
        "binary-event": b'451-["x",{"_placeholder":true,"num":0}]',
        "huge-ack-id": b"42" + b"9" * 40 + b'["x"]',
    }
    out.update(truncations("message", out["message"]))
    out.update(hostile_json(b'42["new_message",', b"]"))
    out["deep-bare"] = b"42" + b"[" * 200000
    out["bad-utf8-event-name"] = b'42["\xff\xfe",1]'
    return out


def poll_answers():
    out = {
        "batch": b'{"messages":[{"type":"matched","room":"r1","partner":"p"},{"type":"message","text":"1 2 3 x"}]}',
        "empty": b'{"messages":[]}',
        "not-array": b'{"messages":{}}',
        "no-type": b'{"messages":[{"text":"x"},7,null]}',
    }
    out.update(truncations("batch", out["batch"]))
    out.update(hostile_json(b'{"messages":', b"}"))
    return out


def profiles():
    out = {p.stem: p.read_bytes() for p in sorted(PROFILES.glob("*.json"))}
    ref = (PROFILES / "reference.json").read_text()
    deep = '{"a":' * 100000 + "1" + "}" * 100000
    out["deep-fields-100000"] = ref.replace('"fields": {"fingerprint": "{user.name}"}',
                                            '"fields": {"fingerprint": "{user.name}", "x": ' + deep + "}", 1).encode()
    out["deep-array-1000000"] = b"[" * 1000000
    out.update(truncations("reference", out["reference"]))
    out["bad-utf8"] = ref.replace('"set_fingerprint"', '"set_\udcff"', 1).encode("utf-8", "surrogateescape")
    out["huge-placeholder"] = ref.replace("{user.name}", "{" + "u" * 70000 + "}", 1).encode()
    return out


def plans():
    example = (HERE.parent / "plans" / "example.json").read_bytes()
    out = {"example": example}
    out.update(truncations("example", example))
    for family in ["saturate", "match", "chat", "signaling", "calls", "reconnect", "http",
                   "breaking-point", "soak"]:
        out["family-" + family] = json.dumps({"rows": [{"name": "R", "family": family}]}).encode()
    out["every-form"] = json.dumps({"rows": [{
        "name": "Forms", "family": "calls", "agents": 5, "users": 25, "rate": "120/m",
        "accept-share": "70%", "reject-share": 0.2, "answer-delay-min": "200ms",
        "answer-delay-max": "1s", "ramp": "1s", "thresholds": ["calls_lost count == 0"]}]}).encode()
    out["bad-values"] = json.dumps({"rows": [{
        "name": "Bad", "family": "chat", "pairs": -1, "ramp": "1e999s", "msg-size": 1e30,
        "interests": ["", ","], "typing": "maybe", "alongside": [{"name": "S", "family": "x"}]}]}).encode()
    out["nested-alongside"] = json.dumps({"rows": [{"name": "A", "family": "chat", "alongside": [
        {"name": "B", "family": "match", "alongside": [{"name": "C", "family": "chat"}]}]}]}).encode()
    out.update(hostile_json(b'{"rows": [', b"]}"))
    return out


def slos():
    example = (HERE.parent / "plans" / "slo-example.json").read_bytes()
    out = {"example": example}
    out.update(truncations("example", example))
    out["unknown"] = b'{"families": {"gossip": ["x"]}, "rows": {"a": [1, "message_latency p95 < 1"]}}'
    out.update(hostile_json(b'{"families": {"chat": [', b"]}}"))
    return out


def prometheus_texts():
    good = (b"# HELP process_resident_memory_bytes Resident memory size in bytes.\n"
            b"# TYPE process_resident_memory_bytes gauge\n"
            b"process_resident_memory_bytes 2.5e+07\n"
            b'process_cpu_seconds_total{job="chat"} 12.5 1700000000000\n'
            b"chat_active_users NaN\n")
    out = {"exposition": good, "no-newline": b"process_cpu_seconds_total 1", "labels-only": b'chat_active_users{a="}"}'}
    out.update(truncations("exposition", good))
    out["huge-value"] = b"process_resident_memory_bytes " + b"9" * 70000 + b"\n"
    out["huge-label"] = b'process_cpu_seconds_total{a="' + b"{" * 70000 + b'"} 1\n'
    for i, bad in enumerate(BAD_UTF8):
        out["bad-utf8-%d" % i] = b"process_resident_memory_bytes" + bad + b" 1\n"
    return out


def thresholds():
    texts = ["pairing_time p95 < 1s", "message_latency p99 <= 250ms", "connect_failures rate < 1%",
             "protocol_errors count == 0", "server_rss growth < 64MiB/h", "message_latency drift < 1.5",
             "match_success rate >= 99.5%", "server_cpu mean < 50%", "client_rss max < 2GiB"]
    out = {"t%d" % i: t.encode() for i, t in enumerate(texts)}
    out.update(truncations("pairing", texts[0].encode()))
    out["huge-number"] = b"pairing_time p95 < " + b"9" * 5000 + b"s"
    out["huge-percentile"] = b"pairing_time p" + b"9" * 400 + b" < 1s"
    out["tiny-number"] = b"pairing_time p95 < 1e-400s"
    for i, bad in enumerate(BAD_UTF8):
        out["bad-utf8-%d" % i] = b"pairing_time" + bad + b" p95 < 1s"
    return out


def urls():
    texts = [b"ws://127.0.0.1:18080/ws", b"ws://[::1]:9000/chat?x=1", b"http://localhost:8080/metrics",
             b"ws://chat.test/", b"ws://127.0.0.1:80:80/", b"ws://[zz]:80/", b"ws://user@127.0.0.1/",
             b"wss://127.0.0.1/", b"ws://2130706433/", b"ws://[::ffff:127.0.0.1]:1/"]
    out = {"u%d" % i: t for i, t in enumerate(texts)}
    out.update(truncations("ipv6", texts[1]))
    out["huge-url"] = b"ws://127.0.0.1:1/" + b"a" * 100000
    out["huge-port"] = b"ws://127.0.0.1:" + b"9" * 400 + b"/"
    out["huge-host"] = b"ws://" + b"a." * 40000 + b"test/"
    for i, bad in enumerate(BAD_UTF8):
        out["bad-utf8-%d" % i] = b"ws://" + bad + b":1/"
    return out


def ws_frame(opcode, payload, length=None, fin=True, rsv=0):
    first = (0x80 if fin else 0) | rsv | opcode
    n = len(payload) if length is None else length
    if n < 126:
        head = bytes([first, n])
    elif n < 65536:
        head = bytes([first, 126]) + struct.pack(">H", n)
    else:
        head = bytes([first, 127]) + struct.pack(">Q", n)
    return head + payload


def ws_streams():
    upgrade = (b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
               b"Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n")
    text = ws_frame(1, b'{"type":"ping"}')
    out = {
        "upgrade-and-frames": upgrade + text + ws_frame(9, b"hi") + ws_frame(8, b"\x03\xe8bye"),
        "fragments": ws_frame(1, b"ab", fin=False) + ws_frame(0, b"cd"),
        "medium": ws_frame(2, b"x" * 300),
        "huge-length-64bit": bytes([0x81, 127]) + b"\x7f\xff\xff\xff\xff\xff\xff\xff",
        "huge-length-top-bit": bytes([0x81, 127]) + b"\xff" * 8,
        "control-too-long": ws_frame(9, b"p" * 200),
        "reserved-bits": ws_frame(1, b"x", rsv=0x70),
        "masked-from-server": bytes([0x81, 0x81, 1, 2, 3, 4, 0x55]),
        "bad-utf8-text": ws_frame(1, b"\xff\xfe\xed\xa0\x80"),
        "deep-json-frame": ws_frame(1, b"[" * 200000),
    }
    out.update(truncations("upgrade-and-frames", out["upgrade-and-frames"]))
    return out


def http_responses():
    body = b'{"messages":[]}'
    chunked = (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
               b"5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\nX-Trailer: 1\r\n\r\n")
    out = {
        "length": b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(body) + body,
        "chunked": chunked,
        "close": b"HTTP/1.0 204 No Content\r\nConnection: close\r\n\r\n",
        "huge-content-length": b"HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999999\r\n\r\n",
        "negative-content-length": b"HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
        "huge-chunk-size": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffff\r\nx",
        "huge-head": b"HTTP/1.1 200 OK\r\nX-A: " + b"a" * 20000 + b"\r\n\r\n",
        "bare-lf": b"HTTP/1.1 200 OK\nContent-Length: 0\n\n",
        "bad-utf8-reason": b"HTTP/1.1 500 \xff\xfe\xed\xa0\x80\r\nContent-Length: 0\r\n\r\n",
        "status-huge": b"HTTP/1.1 99999999999 X\r\n\r\n",
    }
    out.update(truncations("chunked", chunked))
    return out


TARGETS = {
    "frame_json_fuzzer": reference_frames,
    "socketio_packet_fuzzer": socketio_packets,
    "poll_answer_fuzzer": poll_answers,
    "profile_fuzzer": profiles,
    "prometheus_text_fuzzer": prometheus_texts,
    "threshold_fuzzer": thresholds,
    "url_fuzzer": urls,
    "ws_frame_fuzzer": ws_streams,
    "http_response_fuzzer": http_responses,
    "plan_fuzzer": plans,
    "slo_fuzzer": slos,
}

if __name__ == "__main__":
    for target, make in TARGETS.items():
        folder = HERE / "corpus" / target
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("seed-*"):
            old.unlink()
        seeds = make()
        for name, data in seeds.items():
            (folder / ("seed-" + name)).write_bytes(data)
        print("%s: %d seeds, %d bytes" % (target, len(seeds), sum(map(len, seeds.values()))))
