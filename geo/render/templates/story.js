(function () {
  "use strict";
  var map = {{ map }};
  var places = {
{% for id, layer, group in layers %}
    {{ id|script_json }}: {layer: {{ layer }}, group: {{ group }}}{{ "," if not loop.last }}
{% endfor %}
  };
  var placeArticles = {{ place_articles|script_json }};
  var articleDates = {{ article_dates|script_json }};
  var names = {{ names|script_json }};
  var panel = document.getElementById("gs-panel");

  // Initial view: fit the places, without animation, so that a place asked
  // for in the URL is not overridden by the end of an animation.
{% if bounds %}
  map.fitBounds({{ bounds|script_json }}, {padding: [30, 30], maxZoom: 11, animate: false});
{% endif %}

  // A line's length label shows only when the line is long enough on screen
  // to be told apart from the markers at its ends.
  var labels = [
{% for label, a, b in labels %}
    {layer: {{ label }}, a: {{ a|script_json }}, b: {{ b|script_json }}}{{ "," if not loop.last }}
{% endfor %}
  ];
  function fitLabels() {
    labels.forEach(function (item) {
      var pixels = map.latLngToLayerPoint(item.a).distanceTo(map.latLngToLayerPoint(item.b));
      var tooltip = item.layer.getTooltip();
      if (!tooltip) { return; }
      if (pixels < 90 && item.layer.isTooltipOpen()) { item.layer.closeTooltip(); }
      else if (pixels >= 90 && !item.layer.isTooltipOpen() && map.hasLayer(item.layer)) { item.layer.openTooltip(); }
    });
  }
  map.on("zoomend", fitLabels);
  fitLabels();

  function each(selector, fn) { Array.prototype.forEach.call(document.querySelectorAll(selector), fn); }

  function show(id) {
    var entry = places[id];
    if (!entry) { return false; }
    var layer = entry.layer;
    if (!entry.group.hasLayer(layer)) { showAll(); }
    if (layer.getBounds) {
      map.fitBounds(layer.getBounds(), {maxZoom: 5, animate: false});
      layer.openPopup(layer.getBounds().getCenter());
    } else {
      map.setView(layer.getLatLng(), Math.max(map.getZoom(), 8), {animate: false});
      layer.openPopup();
    }
    return true;
  }

  function highlight(id) {
    var first = null;
    each(".gs-excerpt.gs-hl", function (el) { el.classList.remove("gs-hl"); });
    each("#gs-table tr.gs-hl", function (el) { el.classList.remove("gs-hl"); });
    each(".gs-excerpt", function (el) {
      if ((" " + el.getAttribute("data-places")).indexOf(" " + id + " ") >= 0 && !el.closest("[hidden]")) {
        el.classList.add("gs-hl");
        if (!first) { first = el; }
      }
    });
    each('#gs-table tr[data-place="' + id + '"]', function (el) { el.classList.add("gs-hl"); });
    if (first) { first.scrollIntoView({block: "center"}); }
    return first;
  }

  function remember(id) {
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, "", "#place=" + id);
    }
  }

  // Markers and countries: click, or Tab to them and press Enter.
  Object.keys(places).forEach(function (id) {
    var layer = places[id].layer;
    layer.on("click", function () { highlight(id); remember(id); });
    var elements = [];
    if (layer.getElement && layer.getElement()) { elements.push(layer.getElement()); }
    if (layer.eachLayer) { layer.eachLayer(function (l) { if (l.getElement && l.getElement()) { elements.push(l.getElement()); } }); }
    elements.forEach(function (el) {
      el.setAttribute("tabindex", "0");
      el.setAttribute("role", "button");
      el.setAttribute("aria-label", names[id] + ": show excerpts");
      el.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          show(id);
          highlight(id);
          remember(id);
        }
      });
    });
  });

  // Excerpts: a mention shows its place; a click elsewhere in the sentence,
  // the first place it names.
  each(".gs-excerpt", function (li) {
    li.addEventListener("click", function (event) {
      if (event.target.closest("a")) { return; }
      var target = event.target.closest("[data-place]");
      var id = target.getAttribute("data-place");
      if (show(id)) {
        each(".gs-excerpt.gs-hl", function (el) { el.classList.remove("gs-hl"); });
        li.classList.add("gs-hl");
        remember(id);
        if (window.matchMedia("(max-width: 700px)").matches && panel) { panel.classList.remove("gs-open"); syncToggle(); }
      }
    });
  });

  // Timeline: what had been reported up to a day, or one article only.
  function applyFilter(visible, pressed, status) {
    each(".gs-story-article", function (el) {
      var slug = el.getAttribute("data-article");
      if (visible === null || visible[slug]) { el.removeAttribute("hidden"); } else { el.setAttribute("hidden", ""); }
    });
    var shown = 0;
    Object.keys(places).forEach(function (id) {
      var entry = places[id];
      var on = visible === null || (placeArticles[id] || []).some(function (slug) { return visible[slug]; });
      if (on) { shown += 1; if (!entry.group.hasLayer(entry.layer)) { entry.group.addLayer(entry.layer); } }
      else if (entry.group.hasLayer(entry.layer)) { entry.layer.closePopup(); entry.group.removeLayer(entry.layer); }
    });
    each(".gs-timeline button", function (el) { el.setAttribute("aria-pressed", el === pressed ? "true" : "false"); });
    var line = document.querySelector(".gs-status");
    if (line) { line.textContent = status.replace("{n}", shown); }
    if (visible !== null) { fitShown(); }
  }
  // Choosing a day or an article zooms to the places it shows.
  function fitShown() {
    var box = L.latLngBounds([]);
    Object.keys(places).forEach(function (id) {
      var entry = places[id];
      if (!entry.group.hasLayer(entry.layer)) { return; }
      if (entry.layer.getBounds) { box.extend(entry.layer.getBounds()); }
      else if (entry.layer.getLatLng) { box.extend(entry.layer.getLatLng()); }
    });
    if (box.isValid()) { map.fitBounds(box, {padding: [30, 30], maxZoom: 11}); }
  }
  function showAll() {
    applyFilter(null, document.querySelector(".gs-all"), "Showing every article.");
{% if all_bounds %}
    map.fitBounds({{ all_bounds|script_json }}, {padding: [30, 30], maxZoom: 11});
{% endif %}
  }
  each(".gs-until", function (button) {
    button.addEventListener("click", function () {
      var until = button.getAttribute("data-until");
      var visible = {};
      var count = 0;
      Object.keys(articleDates).forEach(function (slug) {
        if (!articleDates[slug] || articleDates[slug] <= until) { visible[slug] = true; count += 1; }
      });
      applyFilter(visible, button, "Reported up to " + button.textContent + ": " + count + " article" + (count === 1 ? "" : "s") + ", {n} places.");
    });
  });
  each(".gs-only", function (button) {
    button.addEventListener("click", function () {
      var visible = {};
      visible[button.getAttribute("data-article")] = true;
      applyFilter(visible, button, "One article: {n} places.");
    });
  });
  each(".gs-all", function (button) { button.addEventListener("click", showAll); });

  // The panel is a bottom sheet on phones.
  var toggle = document.querySelector(".gs-sheet-toggle");
  function syncToggle() { if (toggle && panel) { toggle.setAttribute("aria-expanded", panel.classList.contains("gs-open") ? "true" : "false"); } }
  if (toggle) {
    toggle.addEventListener("click", function () { panel.classList.toggle("gs-open"); syncToggle(); map.invalidateSize(); });
  }

  // For the static picture: refit once the panel is hidden.
  window.geoStorymap = {
    show: show,
    fit: function () {
      map.invalidateSize({animate: false});
{% if bounds %}
      map.fitBounds({{ bounds|script_json }}, {padding: [40, 40], maxZoom: 11, animate: false});
{% endif %}
      fitLabels();
    }
  };

  function fromHash() {
    var match = /(?:^#|&)place=([a-z0-9-]+)/.exec(window.location.hash);
    if (match && show(match[1])) { highlight(match[1]); syncToggle(); }
  }
  window.addEventListener("hashchange", fromHash);
  fromHash();
})();
