// vpcdocs: sortable, filterable tables on the group pages of a large design.
// Every table inside <div class="vpcdocs-table"> gets a filter box (rows whose text does not
// contain what is typed are hidden) and sortable columns (click a heading; again to reverse).
// Numbers ("1,234", "$5.60") sort as numbers. No network access, no dependencies.
(function () {
  "use strict";

  function cellValue(row, index) {
    var cell = row.cells[index];
    return cell ? cell.textContent.trim() : "";
  }

  function asNumber(text) {
    var plain = text.replace(/[$,\s]/g, "");
    return /^-?\d+(\.\d+)?$/.test(plain) ? parseFloat(plain) : null;
  }

  function compare(a, b) {
    var x = asNumber(a), y = asNumber(b);
    if (x !== null && y !== null) return x - y;
    return a.localeCompare(b, undefined, { numeric: true, sensitivity: "base" });
  }

  function enhance(table) {
    if (table.dataset.vpcdocsTable) return;
    table.dataset.vpcdocsTable = "1";
    var body = table.tBodies[0];
    if (!body || !table.tHead) return;
    var rows = Array.prototype.slice.call(body.rows);
    var filter = document.createElement("input");
    filter.type = "search";
    filter.placeholder = "Filter " + rows.length + " rows";
    filter.setAttribute("aria-label", "Filter the table");
    filter.className = "vpcdocs-table-filter";
    filter.style.cssText = "display:block;margin:0 0 .5em;padding:.3em .5em;width:min(100%,24em);" +
      "border:1px solid rgba(127,127,127,.5);border-radius:4px;background:transparent;color:inherit";
    filter.addEventListener("input", function () {
      var wanted = filter.value.trim().toLowerCase();
      rows.forEach(function (row) {
        row.style.display = !wanted || row.textContent.toLowerCase().indexOf(wanted) >= 0 ? "" : "none";
      });
    });
    var wrapper = table.closest(".md-typeset__table") || table;
    wrapper.parentNode.insertBefore(filter, wrapper);
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (heading, index) {
      heading.style.cursor = "pointer";
      heading.title = "Sort by this column";
      heading.setAttribute("aria-sort", "none");
      heading.addEventListener("click", function () {
        var up = heading.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(table.tHead.rows[0].cells, function (h) {
          h.setAttribute("aria-sort", "none");
        });
        heading.setAttribute("aria-sort", up ? "ascending" : "descending");
        rows.sort(function (a, b) {
          var order = compare(cellValue(a, index), cellValue(b, index));
          return up ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }

  function enhanceAll() {
    document.querySelectorAll(".vpcdocs-table table").forEach(enhance);
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(enhanceAll);  // Material's instant navigation
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhanceAll);
  } else {
    enhanceAll();
  }
})();
