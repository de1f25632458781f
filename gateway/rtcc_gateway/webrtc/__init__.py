"""Live view over WebRTC: one upstream RTSP session per camera, relayed to every viewer."""
