"""Plates from cameras that are not dedicated readers.

The registry flags a camera for plate reading (`permissions.plate_reading`); while that flag
holds and the camera is active, a reader samples its stream (keyframes, or a few frames a
second), recognises plates, and feeds each car's read into the same ingest path as the
readers: hotlist matching and alerts included.
"""
