"""Response headers every dynamic answer carries: the Content-Security-Policy, `no-store` (pages
and API answers hold personal data, which must not stay in a browser's or proxy's cache), and
`Clear-Site-Data` on logout so a shared office computer keeps nothing of the session."""

from django.conf import settings
from django.urls import reverse
from django.utils.cache import add_never_cache_headers


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.logout_path = None

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.FAZHI_CSP)
        if "Cache-Control" not in response.headers or "no-store" not in response.headers["Cache-Control"]:
            add_never_cache_headers(response)
        if self.logout_path is None:
            self.logout_path = reverse("logout")
        if request.path == self.logout_path and request.method == "POST":
            response.headers["Clear-Site-Data"] = '"cache", "cookies", "storage"'
        return response
