"""Where a camera's stream URL may point: never at the center's own services.

A camera URL is a place the registry's health probe, the recorder's ffmpeg, the live view and
the plate reader will connect to, so an unchecked one turns them into a scanner of the center's
own network (a database on 127.0.0.1:5432, the suite's gRPC ports). The policy allows the
schemes a camera speaks (RTSP; HTTP only where the operator says MJPEG-over-HTTP cameras need
it), refuses loopback, link-local, unspecified and multicast addresses and the networks the
operator names, and keeps public registrations off private ranges too. Literal addresses are
checked when a URL is stored; names are resolved and checked again before every connection,
so a name that later resolves inside is refused then.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from rtcc_common.errors import InvalidArgument

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

ALWAYS_DENIED = (
    "127.0.0.0/8", "::1/128", "0.0.0.0/8", "::/128", "169.254.0.0/16", "fe80::/10",
    "224.0.0.0/4", "ff00::/8", "255.255.255.255/32", "::ffff:127.0.0.0/104",
)  # fmt: skip
PRIVATE = ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7")
LOCAL_NAMES = ("localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback")


def networks(values: list[str] | tuple[str, ...]) -> tuple[IPNetwork, ...]:
    try:
        return tuple(ipaddress.ip_network(v.strip(), strict=False) for v in values if v.strip())
    except ValueError as exc:
        raise ValueError(f"not a network: {exc}") from exc


@dataclass(frozen=True)
class StreamAddressPolicy:
    schemes: frozenset[str]
    denied: tuple[IPNetwork, ...]
    allowed: tuple[IPNetwork, ...] = ()  # exceptions the operator made (the demo's cameras)

    @classmethod
    def build(
        cls, *, schemes: list[str], denied: list[str], allowed: list[str]
    ) -> StreamAddressPolicy:
        return cls(
            schemes=frozenset(s.lower() for s in schemes),
            denied=networks(ALWAYS_DENIED) + networks(denied),
            allowed=networks(allowed),
        )

    def refusal(self, address: IPAddress, *, public: bool) -> str | None:
        if any(address in net for net in self.allowed if net.version == address.version):
            return None
        denied = self.denied + (networks(PRIVATE) if public else ())
        for net in denied:
            if net.version == address.version and address in net:
                return f"{address} is in {net}, where cameras may not point"
        return None

    def check_url(self, name: str, url: str, *, public: bool = False) -> None:
        """At storage: scheme, and the host if it is an address or a local name."""
        if not url:
            return
        parts = urlsplit(url)
        if parts.scheme.lower() not in self.schemes:
            raise InvalidArgument(
                f"{name} must start with one of {', '.join(sorted(self.schemes))}://"
            )
        host = (parts.hostname or "").rstrip(".").lower()
        if host in LOCAL_NAMES or host.endswith(".localhost"):
            if not self.allowed_name(host):
                raise InvalidArgument(f"{name} may not point at this host ({host})")
            return
        try:
            address = ipaddress.ip_address(host)
        except ValueError:
            return  # a name: resolved and checked before each connection
        why = self.refusal(address, public=public)
        if why:
            raise InvalidArgument(f"{name}: {why}")

    def allowed_name(self, host: str) -> bool:
        loopback = ipaddress.ip_address("127.0.0.1")
        return any(loopback in net for net in self.allowed if net.version == 4)

    async def check_connect(self, url: str) -> str | None:
        """Before connecting: why every address the host resolves to is refused, or None."""
        parts = urlsplit(url)
        host = parts.hostname or ""
        try:
            infos = await asyncio.get_running_loop().getaddrinfo(
                host, parts.port or 554, type=socket.SOCK_STREAM
            )
        except OSError:
            return None  # nothing to connect to: the probe reports the failure itself
        for info in infos:
            why = self.refusal(ipaddress.ip_address(info[4][0]), public=False)
            if why:
                return why
        return None
