"""``--embed-origin``: a wildcard may not cover a public suffix, and a host must be one a browser could send."""

from __future__ import annotations

import pytest

from widgets import embed


@pytest.mark.parametrize("given", [
    pytest.param("https://*.com", id="wildcard-over-com"),
    pytest.param("https://*.co.uk", id="wildcard-over-co-uk"),
    pytest.param("https://*.uk", id="wildcard-over-a-country"),
    pytest.param("https://*.github.io", id="wildcard-over-a-private-public-suffix"),
    pytest.param("https://*.localhost", id="wildcard-over-localhost"),
    pytest.param("https://*.1.2.3.4", id="wildcard-over-an-ip"),
    pytest.param("http://999.1.1.1", id="ipv4-octet-too-big"),
    pytest.param("http://1.2.3", id="ipv4-too-short"),
    pytest.param("https://example.123", id="numeric-top-level"),
    pytest.param("http://[1::2::3]", id="ipv6-malformed"),
    pytest.param("https://xn--zz.example", id="punycode-malformed"),
    pytest.param("https://" + "a" * 64 + ".org", id="label-over-63"),
    pytest.param("https://" + ".".join(["abcdefghi"] * 26) + ".org", id="name-over-253"),
])
def test_refused_even_with_wildcards_allowed(given):
    with pytest.raises(embed.OriginError):
        embed.origin(given, allow_wildcard=True)


@pytest.mark.parametrize(("given", "expected"), [
    pytest.param("https://*.example.org", "https://*.example.org", id="wildcard-over-a-registered-domain"),
    pytest.param("https://*.lms.example.co.uk", "https://*.lms.example.co.uk", id="wildcard-under-co-uk"),
    pytest.param("https://github.io", "https://github.io", id="a-suffix-itself-is-one-exact-origin"),
    pytest.param("http://10.0.0.7:8080", "http://10.0.0.7:8080", id="ipv4"),
    pytest.param("http://[2001:db8::1]", "http://[2001:db8::1]", id="ipv6"),
    pytest.param("https://xn--bcher-kva.example", "https://xn--bcher-kva.example", id="punycode"),
])
def test_accepted(given, expected):
    assert embed.origin(given, allow_wildcard=True) == expected


def test_the_refusal_names_the_public_suffix():
    with pytest.raises(embed.OriginError, match="public suffix 'co.uk'"):
        embed.origin("https://*.co.uk", allow_wildcard=True)
