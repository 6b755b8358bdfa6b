/* vpcdocs diagrams: each diagram on a page is shown whole (CSS fits it to the column); a click
 * on it, or Enter while it has the focus, opens it full screen, zoomable and pannable (Panzoom,
 * bundled beside this file), with the links inside the picture working. Escape, the close
 * button or a click beside the picture closes it and gives the focus back.
 *
 * Without this script the diagram is a plain link to its SVG file, which the browser shows on
 * its own (links working there too). The SVG is fetched and put into the page so that its links
 * are real links of the page; when it cannot be fetched (a site opened from the file system),
 * the zoom view shows it as an image instead.
 */
(function () {
  "use strict";
  var XLINK = "http://www.w3.org/1999/xlink";
  var open = null;

  function button(label, text, action) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "vpcdocs-zoom__button";
    b.setAttribute("aria-label", label);
    b.title = label;
    b.textContent = text;
    b.addEventListener("click", action);
    return b;
  }

  function absolute(svg, base) {
    var anchors = svg.querySelectorAll("a");
    for (var i = 0; i < anchors.length; i++) {
      var a = anchors[i];
      var href = a.getAttributeNS(XLINK, "href") || a.getAttribute("href");
      if (!href || href.charAt(0) === "#") continue;
      var url = new URL(href, base).href;
      a.setAttributeNS(XLINK, "xlink:href", url);
      a.setAttribute("href", url);
      a.removeAttribute("target");
    }
  }

  function natural(link) {
    var w = parseFloat((link.getAttribute("data-width") || "").replace(/,/g, "")) || 800;
    var h = parseFloat((link.getAttribute("data-height") || "").replace(/,/g, "")) || 600;
    return [w, h];
  }

  function close() {
    if (!open) return;
    var state = open;
    open = null;
    document.removeEventListener("keydown", state.keys, true);
    window.removeEventListener("resize", state.fit);
    if (state.panzoom) state.panzoom.destroy();
    state.overlay.remove();
    document.documentElement.classList.remove("vpcdocs-zoom-open");
    state.link.focus();
  }

  function show(link, picture) {
    var state = open;
    if (!state || state.link !== link) return;
    var size = natural(link);
    picture.classList.add("vpcdocs-zoom__picture");
    picture.style.width = size[0] + "px";
    picture.style.height = size[1] + "px";
    state.stage.textContent = "";
    state.stage.appendChild(picture);
    var panzoom = window.Panzoom
      ? window.Panzoom(picture, { maxScale: 8, minScale: 0.02, origin: "0 0", canvas: true })
      : null;
    state.panzoom = panzoom;
    state.fit = function () {
      if (!panzoom) return;
      var box = state.stage.getBoundingClientRect();
      var scale = Math.min(box.width / size[0], box.height / size[1], 2);
      panzoom.zoom(scale, { animate: false, force: true });
      // Panzoom applies a zoom and a pan given in one go out of order (its documentation).
      setTimeout(function () {
        panzoom.pan((box.width / scale - size[0]) / 2, (box.height / scale - size[1]) / 2,
          { animate: false, force: true });
      });
    };
    if (panzoom) {
      state.stage.addEventListener("wheel", panzoom.zoomWithWheel);
      window.addEventListener("resize", state.fit);
    }
    state.fit();
  }

  function step(factor) {
    return function () {
      if (open && open.panzoom) open.panzoom.zoom(open.panzoom.getScale() * factor, { animate: true });
    };
  }

  function start(link) {
    close();
    var title = link.getAttribute("aria-label") || "Diagram";
    var overlay = document.createElement("div");
    overlay.className = "vpcdocs-zoom";
    overlay.setAttribute("role", "dialog");
    overlay.setAttribute("aria-modal", "true");
    overlay.setAttribute("aria-label", title);
    var bar = document.createElement("div");
    bar.className = "vpcdocs-zoom__bar";
    var caption = document.createElement("span");
    caption.className = "vpcdocs-zoom__title";
    caption.textContent = title;
    var raw = document.createElement("a");
    raw.className = "vpcdocs-zoom__button";
    raw.href = link.href;
    raw.textContent = "SVG";
    raw.title = "Open the diagram on its own";
    var shut = button("Close (Escape)", "\u2715", close);
    shut.classList.add("vpcdocs-zoom__close");
    bar.append(caption, button("Zoom out", "\u2212", step(1 / 1.4)),
      button("Fit to screen", "\u2922", function () { if (open) open.fit(); }),
      button("Zoom in", "+", step(1.4)), raw, shut);
    var stage = document.createElement("div");
    stage.className = "vpcdocs-zoom__stage";
    stage.textContent = "Loading\u2026";
    overlay.append(bar, stage);
    stage.addEventListener("click", function (event) {
      if (event.target === stage) close();
    });
    var keys = function (event) {
      if (event.key === "Escape") {
        event.preventDefault();
        close();
      } else if (event.key === "Tab") {
        var items = overlay.querySelectorAll("button, a[href]");
        var first = items[0], last = items[items.length - 1];
        if (event.shiftKey && document.activeElement === first) {
          event.preventDefault();
          last.focus();
        } else if (!event.shiftKey && document.activeElement === last) {
          event.preventDefault();
          first.focus();
        }
      }
    };
    open = { link: link, overlay: overlay, stage: stage, keys: keys, panzoom: null,
      fit: function () {} };
    document.addEventListener("keydown", keys, true);
    document.documentElement.classList.add("vpcdocs-zoom-open");
    document.body.appendChild(overlay);
    shut.focus();
    var fallback = function () {
      var img = document.createElement("img");
      img.src = link.href;
      img.alt = title;
      show(link, img);
    };
    if (!window.fetch || location.protocol === "file:") {
      fallback();
      return;
    }
    fetch(link.href).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.text();
    }).then(function (text) {
      var doc = new DOMParser().parseFromString(text, "image/svg+xml");
      var svg = doc.documentElement;
      if (!svg || svg.nodeName !== "svg") throw new Error("not an SVG");
      svg = document.importNode(svg, true);
      absolute(svg, link.href);
      var holder = document.createElement("div");
      holder.appendChild(svg);
      svg.setAttribute("width", "100%");
      svg.setAttribute("height", "100%");
      show(link, holder);
    }).catch(fallback);
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.vpcdocs-diagram__open");
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey
      || event.altKey) return;
    event.preventDefault();
    start(link);
  });
})();
