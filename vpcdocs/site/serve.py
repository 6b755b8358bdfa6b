"""Live preview: regenerate and rebuild the site whenever the topology (or the user's MkDocs
project) changes, and serve it with MkDocs' livereload server.

The generated pages and the built site live in a private folder under the system temporary
directory, removed on exit; the user's docs_dir is watched but never written to (writing there
would make the watcher rebuild forever). A topology that fails to load leaves the last good
site on screen and logs why.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from mkdocs.livereload import LiveReloadServer

from vpcdocs.site.build import SiteError, SiteOptions, build_into

log = logging.getLogger("vpcdocs.serve")

PageSource = Callable[[], Mapping[str, bytes]]


class _BoundServer(LiveReloadServer):
    """MkDocs' live-reload server, bound as soon as it is made: with port 0 the system picks a
    free port and `url` names the one really bound (MkDocs binds only when serving starts, so its
    `url` would say port 0). Binding here also means a busy address fails before anything is
    built or printed."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._bound = self._active = False
        try:
            self.server_bind()
            self.server_activate()
        except BaseException:
            self.server_close()
            raise
        host, port = str(self.server_address[0]), int(self.server_address[1])
        shown = f"[{host}]" if ":" in host else host
        self.url = f"http://{shown}:{port}{self.mount_path}"

    def server_bind(self) -> None:
        if not self._bound:  # MkDocs' serve() binds again: once is enough
            super().server_bind()
            self._bound = True

    def server_activate(self) -> None:
        if not self._active:
            super().server_activate()
            self._active = True


class Preview:
    """A live-reloading preview of the generated site. `serve()` blocks until `stop()` or
    Ctrl-C; `close()` removes the private folder."""

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
        self.workspace = Path(tempfile.mkdtemp(prefix="vpcdocs-serve-"))
        self.site = self.workspace / "site"
        self.site.mkdir()
        try:
            self.server = _BoundServer(
                builder=self.rebuild,
                host=host,
                port=port,
                root=str(self.site),
                polling_interval=polling_interval,
            )
        except BaseException:
            shutil.rmtree(self.workspace, ignore_errors=True)
            raise
        self.server.error_handler = self._error_page
        self.url: str = self.server.url  # the address really bound (port 0: the one picked)
        self.builds = 0  # successful builds so far
        self._stopped = False

    def rebuild(self) -> None:
        """Regenerate the pages and rebuild; on a failure after the first build, log it and keep
        serving the previous site."""
        try:
            pages = self.generate()
            warnings: list[str] = []
            _, config = build_into(
                pages, self.workspace, self.site, self.options, warnings, serve_url=self.url
            )
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

    def serve(self, *, open_in_browser: bool = False) -> None:
        self.rebuild()
        try:
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
        shutil.rmtree(self.workspace, ignore_errors=True)

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
    on_bound: Callable[[str], None] | None = None,
) -> None:
    """Serve a live preview until Ctrl-C. `generate` is called for every rebuild; `watch` lists
    the files (the topology) whose changes trigger one; `on_bound` is told the URL really bound
    (port 0: the port the system picked) before the first build. Errors from the first build
    propagate (`SiteError` or whatever `generate` raised); an address that cannot be bound
    raises OSError."""
    preview = Preview(generate, watch=watch, options=options, host=host, port=port)
    if on_bound is not None:
        on_bound(preview.url)
    try:
        preview.serve(open_in_browser=open_in_browser)
    finally:
        preview.close()

