"""What each mount serves and who may open it.

Runs inside the RTSP server process (gi and the standard library only). A mount's pipeline
payloads the encoder's access units (H.264 with parameter sets in-band or in the SDP only,
or H.265) and, for a camera with audio, a tone encoded as AAC (RFC 3640 mpeg4-generic) or
G.711 (PCMU, PCMA), as IP cameras send them. Cameras with a user name ask for it and its
password, by the simulator's method (digest or basic); the others are open to anyone.
"""

from __future__ import annotations

import gi

gi.require_version("GstRtsp", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GstRtsp, GstRtspServer  # noqa: E402

_VIDEO_PAYLOADERS = {
    ("h264", "in_band"): "rtph264pay name=pay0 pt=96 config-interval=-1",
    # Parameter sets from the caps go into sprop-parameter-sets and nowhere else.
    ("h264", "out_of_band"): "rtph264pay name=pay0 pt=96 config-interval=0",
    ("h265", "in_band"): "rtph265pay name=pay0 pt=96 config-interval=-1",
    ("mjpeg", "in_band"): "rtpjpegpay name=pay0 pt=26",
}
_TONE = "audiotestsrc is-live=true wave=sine freq=440 volume=0.1 ! audioconvert ! audioresample"
_AUDIO = {
    "none": "",
    "aac": f"{_TONE} ! audio/x-raw,format=S16LE,rate=16000,channels=1 "
    "! voaacenc bitrate=32000 ! aacparse ! rtpmp4gpay name=pay1 pt=97",
    "pcmu": f"{_TONE} ! audio/x-raw,rate=8000,channels=1 ! mulawenc ! rtppcmupay name=pay1 pt=0",
    "pcma": f"{_TONE} ! audio/x-raw,rate=8000,channels=1 ! alawenc ! rtppcmapay name=pay1 pt=8",
}
ANONYMOUS = "anonymous"
_METHODS = {"digest": GstRtsp.RTSPAuthMethod.DIGEST, "basic": GstRtsp.RTSPAuthMethod.BASIC}


def mount_pipeline(camera: dict) -> str:
    video = _VIDEO_PAYLOADERS[(camera["codec"], camera["parameter_sets"])]
    # The tone source makes the media seekable, so the server seeks it on PLAY (clients send
    # a Range): the pictures' appsrc must then take a seek (see accept_seeks), not fail it.
    seekable = " stream-type=seekable" if camera["audio"] != "none" else ""
    return f"( appsrc name=src{seekable} ! {video} {_AUDIO[camera['audio']]} )"


_TRANSPORTS = {
    # SETUP asking for the other is answered 461 Unsupported transport, as VLC's server does.
    "udp": GstRtsp.RTSPLowerTrans.UDP,
    "tcp": GstRtsp.RTSPLowerTrans.TCP,
}


def mount_transports(camera: dict) -> GstRtsp.RTSPLowerTrans | None:
    """The lower transports a mount offers; None: the server's default (UDP and TCP)."""
    return _TRANSPORTS.get(camera["transports"])


def accept_seeks(appsrc: object) -> None:
    """A seek of a live camera changes nothing: the pictures go on from the next keyframe."""
    appsrc.connect("seek-data", lambda _src, _offset: True)  # type: ignore[attr-defined]


def _role(username: str) -> str:
    return f"user:{username}"


def _token(role: str) -> GstRtspServer.RTSPToken:
    token = GstRtspServer.RTSPToken()
    token.set_string(GstRtspServer.RTSP_TOKEN_MEDIA_FACTORY_ROLE, role)
    return token


def build_auth(cameras: list[dict], method: str) -> GstRtspServer.RTSPAuth | None:
    """The server's authentication, or None when no camera has credentials (no checks)."""
    users = {c["username"]: c["password"] for c in cameras if c["username"]}
    if not users:
        return None
    auth = GstRtspServer.RTSPAuth()
    # Clients without credentials act as this role: they may open the cameras without any.
    auth.set_default_token(_token(ANONYMOUS))
    # The Python binding takes one method (the C flags are an enum to it).
    auth.set_supported_methods(_METHODS[method])
    for username, password in users.items():
        if method == "digest":
            auth.add_digest(username, password, _token(_role(username)))
        else:
            basic = GstRtspServer.RTSPAuth.make_basic(username, password)
            auth.add_basic(basic, _token(_role(username)))
    return auth


def mount_permissions(camera: dict) -> GstRtspServer.RTSPPermissions:
    """Anyone may ask for the mount; opening one with credentials asks for them (401, not
    the 404 that a refused 'access' gives, which would never make a client authenticate)."""
    permissions = GstRtspServer.RTSPPermissions()
    access, construct = "media.factory.access", "media.factory.construct"
    permissions.add_permission_for_role(ANONYMOUS, access, True)
    permissions.add_permission_for_role(ANONYMOUS, construct, not camera["username"])
    if camera["username"]:
        permissions.add_permission_for_role(_role(camera["username"]), access, True)
        permissions.add_permission_for_role(_role(camera["username"]), construct, True)
    return permissions
