"""Request and response bodies of the public REST API."""
