"""Service messages to and from the gateway's JSON shapes.

One module per service's messages; `times` holds the one time format of the wire: ISO 8601 in
UTC with a `Z` (`2026-12-03T14:05:09.250000Z`), the form pydantic gives a UTC `datetime`, for
every time the API returns, whatever the service stores (protobuf `Timestamp` or seconds).
"""
