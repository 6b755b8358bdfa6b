"""A small fake page set (two pages and one SVG) for the site and browser tests, until the real
pages exist. Not a test module: imported by test_site_build.py and test_browser.py."""

from __future__ import annotations

OVERVIEW_SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="240" height="120" viewBox="0 0 240 120">\n'
    b'<rect x="4" y="4" width="232" height="112" rx="8" fill="#fff7e6" stroke="#ff9900"'
    b' stroke-width="3"/>\n'
    b'<text x="120" y="68" font-family="sans-serif" font-size="20" text-anchor="middle">'
    b"vpc-app</text>\n</svg>\n"
)

FAKE_PAGES: dict[str, bytes] = {
    "index.md": (
        b"# Network overview\n\n"
        b"One VPC, one flow: [web-to-s3](flows/web-to-s3.md).\n\n"
        b"![Overview diagram](diagrams/overview.svg)\n"
    ),
    "flows/web-to-s3.md": (
        b"# web-to-s3\n\n"
        b"Traffic from the web tier reaches Amazon S3 through the gateway endpoint "
        b"zanzibarflow and never leaves the AWS backbone.\n\n"
        b'<img src="../../diagrams/overview.svg" alt="Flow diagram">\n\n'
        b"!!! note\n    Gateway endpoints are free.\n\n"
        b"| Hop | Charge |\n| --- | --- |\n| gateway endpoint | $0.00 |\n"
    ),
    "diagrams/overview.svg": OVERVIEW_SVG,
}

# A word that appears only on the flow page, for the search test.
SEARCH_WORD = "zanzibarflow"
