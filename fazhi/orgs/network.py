"""Client addresses and the administrator networks. Pure functions plus one middleware.

Behind a reverse proxy every request comes from the proxy's address; the real client is in
X-Forwarded-For, which anyone can also send. Only the proxies listed in FAZHI_TRUSTED_PROXIES are
believed: the header is read from the right, skipping trusted proxies, and the first address that
is not one of them is the client. Without trusted proxies the header is ignored."""

from ipaddress import IPv4Network, IPv6Network, ip_address, ip_network

from django.conf import settings

from fazhi.lib.env import ConfigError

Network = IPv4Network | IPv6Network

DEFAULT_ADMIN_NETWORKS = [
    "127.0.0.0/8",
    "::1/128",
    "10.0.0.0/8",
    "172.16.0.0/12",
    "192.168.0.0/16",
    "fc00::/7",
]


def parse_networks(name: str, values: list[str]) -> list[Network]:
    networks = []
    for value in values:
        try:
            networks.append(ip_network(value, strict=False))
        except ValueError as exc:
            raise ConfigError(f"{name}: {value!r} is not an IP network ({exc})") from exc
    return networks


def _in(address: str | None, networks: list[Network]) -> bool:
    if not address:
        return False
    try:
        ip = ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in networks)


def in_networks(address: str | None, networks: list[Network]) -> bool:
    """Whether an address (as text) lies in one of the networks; False for a missing or bad one."""
    return _in(address, networks)


def client_address(remote_addr: str | None, forwarded_for: str | None, trusted: list[Network]) -> str | None:
    if not forwarded_for or not _in(remote_addr, trusted):
        return remote_addr
    hops = [h.strip() for h in forwarded_for.split(",") if h.strip()]
    for hop in reversed(hops):
        if not _in(hop, trusted):
            try:
                return str(ip_address(hop))
            except ValueError:
                return remote_addr  # a forged or broken header: keep the proxy's address
    return hops[0] if hops else remote_addr


def in_admin_networks(address: str | None) -> bool:
    return _in(address, settings.FAZHI_ADMIN_NETWORKS)


class ClientAddressMiddleware:
    """Puts the real client address into REMOTE_ADDR, so the audit log, the login lockout and
    the admin network check all see the same address."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        meta = request.META
        meta["REMOTE_ADDR"] = client_address(
            meta.get("REMOTE_ADDR"), meta.get("HTTP_X_FORWARDED_FOR"), settings.FAZHI_TRUSTED_PROXIES
        )
        return self.get_response(request)


def remote_addr(request) -> str | None:
    """For django-axes (AXES_CLIENT_IP_CALLABLE): the address ClientAddressMiddleware settled."""
    return request.META.get("REMOTE_ADDR")
