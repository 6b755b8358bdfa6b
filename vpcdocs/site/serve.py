"""Live preview: regenerate and rebuild the site whenever the topology (or the user's MkDocs
project) changes, and serve it with MkDocs' livereload server.

The generated pages and the built site live in a private folder under the system temporary
directory (`.vpcdocs-tmp-serve-<pid>-…`), locked for as long as the preview runs (so a later
preview can tell it is alive; rebuilds inside one preview take turns) and removed on exit,
Ctrl-C, SIGTERM or SIGHUP; a preview killed outright leaves it, and the next preview removes it.
The user's docs_dir is watched but never written to (writing there would make the watcher
rebuild forever). A topology that fails to load leaves the last good site on screen and logs
why.

The address is bound before anything is built, so a bad or busy address fails at once
(`AddressError`), and the URL reported is the one really listening (with port 0, the port the
system chose).
"""

from __future__ import annotations

import contextlib
import ipaddress
import logging
import os
import shutil
import socket
import tempfile
import threading
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from mkdocs.livereload import LiveReloadServer

from vpcdocs.fs import temps
from vpcdocs.fs.oserror import describe, reason
from vpcdocs.site.build import SiteError, SiteOptions, build_into

log = logging.getLogger("vpcdocs.serve")

PageSource = Callable[[], Mapping[str, bytes]]
WORKSPACE_STEM = "serve-"


class AddressError(Exception):
    """The address cannot be served (bad host, port in use, not an address of this machine)."""


class _Server(LiveReloadServer):
    """MkDocs' server, bound when vpcdocs says so (before the first build) instead of in
    `serve()`, so that the real address is known and a bad one fails first."""

    _bound = False

    def bind_now(self) -> None:
        super().server_bind()
        super().server_activate()
        self._bound = True

    def server_bind(self) -> None:
        if not self._bound:
            super().server_bind()

    def server_activate(self) -> None:
        if not self._bound:
            super().server_activate()


def check_address(host: str, port: int) -> None:
    """Raise `AddressError` now if `host:port` cannot be listened on (unknown host, not an
    address of this machine, port in use), before minutes go into a first build. The preview
    binds again for real (and reports a port taken meanwhile the same way)."""
    family = socket.AF_INET6 if _ipv6_literal(host) else socket.AF_INET  # as MkDocs' server
    try:
        infos = socket.getaddrinfo(host, port, family=family, type=socket.SOCK_STREAM)
        family, kind, proto, _, address = infos[0]
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(address)
    except (OSError, OverflowError, IndexError) as exc:
        raise AddressError(f"{host}:{port}: cannot listen there: {reason(exc)}") from None


def _ipv6_literal(host: str) -> bool:
    try:
        return isinstance(ipaddress.ip_address(host), ipaddress.IPv6Address)
    except ValueError:
        return False


def url_for(host: str, port: int) -> str:
    return f"http://[{host}]:{port}/" if _ipv6_literal(host) else f"http://{host}:{port}/"


class Preview:
    """A live-reloading preview of the generated site, listening from construction on.
    `serve()` blocks until `stop()`, Ctrl-C or SIGTERM; `close()` removes the private folder."""

    def __init__(
        self,
        generate: PageSource,
        *,
        watch: Sequence[Path],
        options: SiteOptions,
        host: str = "127.0.0.1",
        port: int = 8000,
        polling_interval: float = 0.5,
    ) -> None:
        self.generate = generate
        self.watch_paths = tuple(Path(os.path.abspath(p)) for p in watch)
        self.options = options
        base = Path(tempfile.gettempdir())
        temps.remove_orphans(base, stem=WORKSPACE_STEM, kind="dir")
        try:
            self._fd, self.workspace = temps.create_dir(base, stem=WORKSPACE_STEM)
        except OSError as exc:
            raise SiteError(describe(base, "create a temporary folder", exc)) from None
        self.site = self.workspace / "site"
        self._stopped = False
        self._closed = False
        self._rebuilding = threading.Lock()
        try:
            try:
                self.site.mkdir()
            except OSError as exc:
                raise SiteError(describe(self.site, "create the folder", exc)) from None
            self.server = _Server(
                builder=self.rebuild,
                host=host,
                port=port,
                root=str(self.site),
                polling_interval=polling_interval,
            )
            try:
                self.server.bind_now()
            except (OSError, OverflowError) as exc:
                self.server.server_close()
                raise AddressError(f"{host}:{port}: cannot listen there: {reason(exc)}") from None
        except BaseException:
            self._stopped = True
            self._remove_workspace()
            raise
        self.port: int = self.server.server_address[1]
        self.url: str = url_for(host, self.port)
        self.server.url = self.url
        self.server.error_handler = self._error_page
        self.builds = 0  # successful builds so far

    def rebuild(self) -> None:
        """Regenerate the pages and rebuild; on a failure after the first build, log it and keep
        serving the previous site."""
        with self._rebuilding:
            try:
                pages = self.generate()
                warnings: list[str] = []
                try:
                    _, config = build_into(
                        pages, self.workspace, self.site, self.options, warnings,
                        serve_url=self.url,
                    )
                except OSError as exc:
                    raise SiteError(describe(self.workspace, "build the preview", exc)) from None
            except Exception as exc:
                if self.builds == 0:
                    raise
                if not isinstance(exc, SiteError):
                    log.debug("page generation failed", exc_info=True)
                log.error("vpcdocs: %s (still showing the last good site)", exc)
                return
            for line in warnings:
                log.warning("%s", line)
            if self.builds == 0:
                self._watch_user_project(config.docs_dir, config.config_file_path, config.watch)
            self.builds += 1

    def _watch_user_project(
        self, docs_dir: str, config_file: str | None, extra: Sequence[str]
    ) -> None:
        for path in self.watch_paths:
            self.server.watch(str(path), recursive=path.is_dir())
        if self.options.user_config is None:
            return  # our docs_dir is the private folder we write: never watch it
        self.server.watch(docs_dir)
        if config_file:
            self.server.watch(config_file, recursive=False)
        for item in extra:
            self.server.watch(item)

    def serve(self, *, open_in_browser: bool = False,
              on_ready: Callable[[str], None] | None = None) -> None:
        """Build once, call `on_ready(url)`, then serve until stopped."""
        try:
            self.rebuild()
            if self._stopped:
                return
            if on_ready is not None:
                on_ready(self.url)
            self.server.serve(open_in_browser=open_in_browser)  # type: ignore[no-untyped-call]
        except KeyboardInterrupt:
            log.info("Shutting down...")
        finally:
            self.stop()

    def stop(self) -> None:
        if not self._stopped:
            self._stopped = True
            self.server.shutdown()

    def close(self) -> None:
        self.stop()
        self._remove_workspace()

    def _remove_workspace(self) -> None:
        if self._closed:
            return
        self._closed = True
        shutil.rmtree(self.workspace, ignore_errors=True)
        with contextlib.suppress(OSError):
            os.close(self._fd)

    def _error_page(self, code: int) -> bytes | None:
        page = self.site / f"{code}.html"
        return page.read_bytes() if code in (404, 500) and page.is_file() else None


def serve_site(
    generate: PageSource,
    *,
    watch: Sequence[Path],
    options: SiteOptions,
    host: str = "127.0.0.1",
    port: int = 8000,
    open_in_browser: bool = False,
    on_ready: Callable[[str], None] | None = None,
) -> None:
    """Serve a live preview until Ctrl-C or SIGTERM. `generate` is called for every rebuild;
    `watch` lists the files (the topology) whose changes trigger one; `on_ready(url)` is called
    once the address is listening and the first build is done. Raises `AddressError` before
    building when the address cannot be served; errors from the first build propagate
    (`SiteError` or whatever `generate` raised). The private folder is removed in every case."""
    preview = Preview(generate, watch=watch, options=options, host=host, port=port)
    try:
        preview.serve(open_in_browser=open_in_browser, on_ready=on_ready)
    finally:
        preview.close()
