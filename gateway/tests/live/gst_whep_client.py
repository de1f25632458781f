"""A WHEP viewer made of GStreamer's webrtcbin: run by Debian's /usr/bin/python3, not imported.

It posts webrtcbin's offer (all candidates gathered, no trickle) to a WHEP endpoint, applies the
answer, decodes the video it receives and counts the decoded frames at a fakesink. It prints one
JSON line per event on stdout ("answered", "state", "frames", "error") and a last "result" line,
then exits when `--frames` frames were decoded, when the connection failed, or at `--timeout`.

`--offer-setup` and `--wrong-fingerprint` change the offer as it is sent (webrtcbin keeps its
own), to make offers whose DTLS cannot complete. Only gi and the standard library are imported.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import threading
import time
import urllib.error
import urllib.request
from typing import Any

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstSdp", "1.0")
gi.require_version("GstWebRTC", "1.0")

from gi.repository import GLib, Gst, GstSdp, GstWebRTC  # noqa: E402

H264_CAPS = (
    "application/x-rtp,media=video,encoding-name=H264,payload=102,clock-rate=90000,"
    "packetization-mode=(string)1,profile-level-id=(string)42e01f,"
    "level-asymmetry-allowed=(string)1"
)


# GStreamer calls back from its streaming threads as well as the main loop.
_printing = threading.Lock()


def say(event: str, **fields: Any) -> None:
    with _printing:
        print(json.dumps({"event": event, **fields}), flush=True)


def rewrite_offer(sdp: str, setup: str | None, wrong_fingerprint: bool) -> str:
    if setup is not None:
        sdp = re.sub(r"a=setup:\w+", f"a=setup:{setup}", sdp)
    if wrong_fingerprint:
        # Another certificate's fingerprint: the DTLS handshake cannot be authenticated.
        def other(match: re.Match[str]) -> str:
            digits = match.group(2)
            flipped = "00" if digits[:2] != "00" else "FF"
            return f"{match.group(1)}{flipped}{digits[2:]}"

        sdp = re.sub(r"(a=fingerprint:\S+ )([0-9A-Fa-f:]+)", other, sdp)
    return sdp


class WhepViewer:
    def __init__(self, options: argparse.Namespace) -> None:
        self.options = options
        self.loop = GLib.MainLoop()
        self.frames = 0
        self.status: int | None = None
        self.location: str | None = None
        self.answer = ""
        self.error: str | None = None
        self.states: list[str] = []
        self.pipeline = Gst.Pipeline.new("viewer")
        self.webrtc = Gst.ElementFactory.make("webrtcbin", "webrtc")
        self.webrtc.set_property("bundle-policy", GstWebRTC.WebRTCBundlePolicy.MAX_BUNDLE)
        self.pipeline.add(self.webrtc)
        self.webrtc.connect("on-negotiation-needed", self.on_negotiation_needed)
        self.webrtc.connect("pad-added", self.on_pad_added)
        self.webrtc.connect("notify::ice-gathering-state", self.on_gathering)
        self.webrtc.connect("notify::connection-state", self.on_connection_state)
        self.webrtc.emit(
            "add-transceiver",
            GstWebRTC.WebRTCRTPTransceiverDirection.RECVONLY,
            Gst.Caps.from_string(H264_CAPS),
        )
        bus = self.pipeline.get_bus()
        bus.add_signal_watch()
        bus.connect("message::error", self.on_error)
        self.offer_sent = False
        self.offered_at = 0.0

    def run(self) -> int:
        self.pipeline.set_state(Gst.State.PLAYING)
        GLib.timeout_add(int(self.options.timeout * 1000), self.on_timeout)
        self.loop.run()
        self.pipeline.set_state(Gst.State.NULL)
        say(
            "result",
            status=self.status,
            location=self.location,
            frames=self.frames,
            states=self.states,
            error=self.error,
            answer=self.answer,
        )
        return 0

    def on_negotiation_needed(self, element: Gst.Element) -> None:
        promise = Gst.Promise.new_with_change_func(self.on_offer_created, element, None)
        element.emit("create-offer", None, promise)

    def on_offer_created(self, promise: Gst.Promise, element: Gst.Element, _: Any) -> None:
        reply = promise.get_reply()
        offer = reply.get_value("offer")
        element.emit("set-local-description", offer, Gst.Promise.new())

    def on_gathering(self, element: Gst.Element, _spec: Any) -> None:
        # The offer goes out with every candidate, as WHEP without trickle expects.
        state = element.get_property("ice-gathering-state")
        if state == GstWebRTC.WebRTCICEGatheringState.COMPLETE and not self.offer_sent:
            self.offer_sent = True
            GLib.idle_add(self.post_offer)

    def post_offer(self) -> bool:
        self.offered_at = time.monotonic()
        local = self.webrtc.get_property("local-description")
        sdp = rewrite_offer(
            local.sdp.as_text(), self.options.offer_setup, self.options.wrong_fingerprint
        )
        request = urllib.request.Request(
            self.options.url,
            data=sdp.encode(),
            method="POST",
            headers={
                "content-type": "application/sdp",
                "authorization": f"Bearer {self.options.token}",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as reply:
                self.status = reply.status
                self.location = reply.headers.get("location")
                self.answer = reply.read().decode()
        except urllib.error.HTTPError as exc:
            self.status = exc.code
            self.error = exc.read().decode(errors="replace")
            say("answered", status=self.status, error=self.error)
            self.loop.quit()
            return False
        say("answered", status=self.status, location=self.location)
        _, message = GstSdp.SDPMessage.new_from_text(self.answer)
        answer = GstWebRTC.WebRTCSessionDescription.new(GstWebRTC.WebRTCSDPType.ANSWER, message)
        self.webrtc.emit("set-remote-description", answer, Gst.Promise.new())
        return False

    def on_pad_added(self, _element: Gst.Element, pad: Gst.Pad) -> None:
        if pad.get_direction() != Gst.PadDirection.SRC:
            return
        decode = Gst.ElementFactory.make("decodebin")
        decode.connect("pad-added", self.on_decoded_pad)
        self.pipeline.add(decode)
        decode.sync_state_with_parent()
        pad.link(decode.get_static_pad("sink"))

    def on_decoded_pad(self, _decode: Gst.Element, pad: Gst.Pad) -> None:
        caps = pad.get_current_caps() or pad.query_caps(None)
        if not caps.to_string().startswith("video/x-raw"):
            return
        sink = Gst.ElementFactory.make("fakesink")
        sink.set_property("signal-handoffs", True)
        sink.set_property("sync", False)
        sink.connect("handoff", self.on_frame)
        self.pipeline.add(sink)
        sink.sync_state_with_parent()
        pad.link(sink.get_static_pad("sink"))

    def on_frame(self, _sink: Gst.Element, _buffer: Gst.Buffer, pad: Gst.Pad) -> None:
        self.frames += 1
        if self.frames == 1:
            structure = pad.get_current_caps().get_structure(0)
            say(
                "first_frame",
                width=structure.get_value("width"),
                height=structure.get_value("height"),
                ms_after_offer=round((time.monotonic() - self.offered_at) * 1000),
            )
        if self.frames >= self.options.frames:
            GLib.idle_add(self.loop.quit)

    def on_connection_state(self, element: Gst.Element, _spec: Any) -> None:
        state = element.get_property("connection-state").value_nick
        self.states.append(state)
        say("state", state=state)
        if state in ("failed", "closed") and not self.options.stay_after_failure:
            GLib.idle_add(self.loop.quit)

    def on_error(self, _bus: Gst.Bus, message: Gst.Message) -> None:
        error, debug = message.parse_error()
        self.error = f"{error.message} ({debug})"
        say("error", error=self.error)
        if not self.options.stay_after_failure:
            self.loop.quit()

    def on_timeout(self) -> bool:
        say("timeout", frames=self.frames)
        self.loop.quit()
        return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", required=True, help="the WHEP endpoint")
    parser.add_argument("--token", required=True, help="bearer token")
    parser.add_argument("--frames", type=int, default=30, help="decoded frames to wait for")
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--offer-setup", choices=("actpass", "active", "passive"))
    parser.add_argument("--wrong-fingerprint", action="store_true")
    parser.add_argument(
        "--stay-after-failure",
        action="store_true",
        help="keep running to the timeout after a failure (the server's side is watched)",
    )
    options = parser.parse_args()
    Gst.init(None)
    missing = [
        name for name in ("webrtcbin", "nicesrc", "dtlsdec") if not Gst.ElementFactory.find(name)
    ]
    if missing:
        # scripts/system-packages.txt lists what provides them (gstreamer1.0-nice, -plugins-bad).
        say(
            "result",
            status=None,
            frames=0,
            states=[],
            error=f"missing GStreamer elements: {missing}",
        )
        return 1
    return WhepViewer(options).run()


if __name__ == "__main__":
    sys.exit(main())
