"""Camera reachability: RTSP DESCRIBE probes on a schedule, with transitions kept as history."""
