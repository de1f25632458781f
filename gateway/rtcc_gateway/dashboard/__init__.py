"""The analyst dashboard's static files (see rtcc_gateway.routes.dashboard)."""
