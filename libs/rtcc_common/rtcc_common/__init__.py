"""Shared foundation of every Open RTCC process: settings, logging, gRPC, database."""
