"""Simulated cameras on a real RTSP server, for demos, tests and benchmarks.

    from rtcc_cli.camsim import CameraSimulator, CameraSpec

    spec = CameraSpec(name="cam1", width=640, height=360, fps=15, bitrate_kbps=800,
                      keyframe_interval=30, plates=["7ABC123"])
    with CameraSimulator([spec], host="127.0.0.1", port=0) as sim:
        sim.url("cam1")        # rtsp://127.0.0.1:<port>/cam1 (RTSP over TCP and UDP)
        sim.sessions("cam1")   # RTSP client sessions the server holds for cam1 right now
        sim.stop(); sim.start()  # same port again: a gap in the stream, same URL
        sim.resize("cam1", 1920, 1080)  # a new picture size mid-session (new SPS, keyframe)
        sim.jump_clock("cam1", 3600)    # clients' RTP timestamps leap (or step back if < 0)
        spec.stopped_plate_at(time.time())  # "7ABC123" while a vehicle stands mid-picture

Each camera is a mount, rtsp://HOST:PORT/<name>, serving H.264 (constrained baseline,
x264 with zerolatency, constant bitrate padded with filler data so a 2 Mbit/s camera
sends 2 Mbit/s, SPS/PPS in-band before every keyframe, a keyframe exactly every
`keyframe_interval` frames, evenly spaced timestamps) of a road where a vehicle drives
in every 8 seconds, stands still for 3 seconds with its US-style plate (320x160 pixels at
1280x720) facing the camera, and drives away (schedule in traffic.py). The plates come
from the spec, or from generate_plates(name), in order. A header shows the camera name
and the wall clock (UTC, to the second). Like a real camera, a mount has one encoder and
sends each client an RTP stream of its own; a new client starts at the next keyframe.

Real IP cameras vary, and so can a simulated one (CameraSpec fields, `rtcc camsim` flags):
- `parameter_sets="out_of_band"`: H.264 SPS/PPS only in the SDP's sprop-parameter-sets,
  never in the stream (many IP cameras do this);
- `audio="aac" | "pcmu" | "pcma"`: a tone beside the pictures, as AAC (RFC 3640
  mpeg4-generic) or G.711;
- `codec="h265"`: H.265 (x265, main profile) instead of H.264;
- `b_frames=N` (1-4): B-frames, H.264 in High profile or H.265, pictures sent in decoding
  order with presentation times that go back and forth (many cameras send this);
- `codec="mjpeg"`: Motion JPEG (RFC 2435), every picture a keyframe (sides multiples of 8);
- `transports="udp"` (or "tcp"): RTSP over that lower transport only; SETUP asking for the
  other is answered `461 Unsupported transport`, as VLC's RTSP server answers TCP;
- `username=..., password=...`: the camera asks RTSP clients for them, by the simulator's
  `rtsp_auth` method ("digest" or "basic"); `url(name)` carries them, percent-encoded.

Two ways to encode:
- per camera (default): one x264 encoder per camera, the name in the picture is its own.
- shared (`shared_encoding=True`, `rtcc camsim --shared-encoding`): cameras with the same
  size, rate, bitrate and keyframe interval share one encoder, and so show the picture
  (name label and plates) of the first of them; every mount still gets its own RTP
  stream with its own timestamps. This is what makes ~100 cameras affordable.

Session counts: the server process answers GET http://HOST:STATUS_PORT/status with
{"mounts": {"cam1": {"sessions": 1}, ...}}, counted from gst-rtsp-server's session pool at
the moment of the request (`CameraSimulator.status_url`, `.sessions(name)`). A session
ends with the client's TEARDOWN or, for a client that vanished, after the RTSP session
timeout (60 s).

The server runs in a child process of Debian's /usr/bin/python3 (rtsp_server.py with
encoder.py, mounts.py, controls.py, scene.py, status.py and traffic.py: gi, cairo and the standard
library), because only that interpreter can import gst-rtsp-server's bindings.
"""

from rtcc_cli.camsim.simulator import CameraSimulator
from rtcc_cli.camsim.spec import CameraSpec, generate_plates

__all__ = ["CameraSimulator", "CameraSpec", "generate_plates"]
