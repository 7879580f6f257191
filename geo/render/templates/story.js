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
  var mentionCounts = {{ mention_counts|script_json }};
  var labelled = {{ labelled|script_json }};

  // The main places carry their name beside their marker; the others show it on hover.
  map.createPane("gs-place-labels").style.zIndex = "645";
  map.getPane("gs-place-labels").style.pointerEvents = "none";
  map.createPane("gs-leaders").style.zIndex = "390";
  var leaders = L.layerGroup().addTo(map);
  var leaderRenderer = L.svg({pane: "gs-leaders"});
  Object.keys(places).forEach(function (id) {
    var entry = places[id];
    if (entry.layer.getLatLng) { entry.home = entry.layer.getLatLng(); }
    var element = entry.layer.getElement && entry.layer.getElement();
    if (element && element.classList.contains("gs-area-label")) {
      element.setAttribute("data-priority", String(1e12 + 1e3 * (mentionCounts[id] || 0)));
    }
  });
  // Between names of places named as often, the order of the list (the larger place first).
  labelled.forEach(function (id, rank) {
    var entry = places[id];
    if (!entry || !entry.home || !entry.layer.getRadius) { return; }
    entry.label = L.marker(entry.home, {pane: "gs-place-labels", interactive: false, keyboard: false,
      icon: L.divIcon({className: "gs-label gs-place-label", html: "", iconSize: null, iconAnchor: [-(entry.layer.getRadius() + 4), 0]})});
    entry.label.addTo(map);
    var span = document.createElement("span");
    span.textContent = names[id];
    entry.label.getElement().appendChild(span);
    var priority = 1e12 + 1e3 * (mentionCounts[id] || 0) + labelled.length - rank;
    entry.label.getElement().setAttribute("data-priority", String(priority));
  });

  // Markers that would overlap at a zoom are spread on a small ring around where they are,
  // each with a line to its true point; they come back when the zoom gives them room.
  function spread() {
    leaders.clearLayers();
    var ids = Object.keys(places).filter(function (id) {
      var entry = places[id];
      return entry.home && entry.layer.getRadius && entry.group.hasLayer(entry.layer);
    });
    var points = ids.map(function (id) { return map.latLngToLayerPoint(places[id].home); });
    var radii = ids.map(function (id) { return places[id].layer.getRadius(); });
    var parent = ids.map(function (_, i) { return i; });
    function root(i) { while (parent[i] !== i) { parent[i] = parent[parent[i]]; i = parent[i]; } return i; }
    for (var i = 0; i < ids.length; i += 1) {
      for (var j = i + 1; j < ids.length; j += 1) {
        if (points[i].distanceTo(points[j]) < radii[i] + radii[j] + 2) { parent[root(i)] = root(j); }
      }
    }
    var groups = {};
    ids.forEach(function (id, k) { (groups[root(k)] = groups[root(k)] || []).push(k); });
    Object.keys(groups).forEach(function (key) {
      var members = groups[key];
      if (members.length === 1) { place(ids[members[0]], places[ids[members[0]]].home); return; }
      var centre = L.point(0, 0), widest = 0;
      members.forEach(function (k) { centre = centre.add(points[k]); widest = Math.max(widest, radii[k]); });
      centre = centre.divideBy(members.length);
      var ring = Math.max(2 * widest + 4, members.length * (2 * widest + 4) / (2 * Math.PI));
      members.forEach(function (k, n) {
        var angle = -Math.PI / 2 + 2 * Math.PI * n / members.length;
        var spot = map.layerPointToLatLng(centre.add(L.point(Math.cos(angle) * ring, Math.sin(angle) * ring)));
        var home = places[ids[k]].home;
        place(ids[k], spot);
        leaders.addLayer(L.polyline([home, spot], {renderer: leaderRenderer, color: "#444", weight: 1, opacity: 0.8, interactive: false}));
        leaders.addLayer(L.circleMarker(home, {renderer: leaderRenderer, radius: 2, color: "#444", weight: 1, fillColor: "#444", fillOpacity: 1, interactive: false}));
      });
    });
    if (window.geoDeclutter) { window.geoDeclutter(); }
  }
  window.geoMarkerBoxes = function () {
    var frame = map.getContainer().getBoundingClientRect();
    return Object.keys(places).filter(function (id) {
      var entry = places[id];
      return entry.layer.getRadius && entry.group.hasLayer(entry.layer);
    }).map(function (id) {
      var layer = places[id].layer, r = layer.getRadius() + 1;
      var p = map.latLngToContainerPoint(layer.getLatLng());
      return {left: frame.left + p.x - r, right: frame.left + p.x + r, top: frame.top + p.y - r, bottom: frame.top + p.y + r};
    });
  };
  function place(id, latlng) {
    var entry = places[id];
    entry.layer.setLatLng(latlng);
    if (entry.label) { entry.label.setLatLng(latlng); }
  }
  map.on("zoomend", spread);

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
    // The name of the place asked for wins over its neighbours' (see geoDeclutter).
    each("[data-chosen]", function (el) { el.setAttribute("data-priority", el.getAttribute("data-chosen")); el.removeAttribute("data-chosen"); });
    [layer, entry.label].forEach(function (l) {
      var el = l && l.getElement && l.getElement();
      if (el && el.hasAttribute("data-priority")) {
        el.setAttribute("data-chosen", el.getAttribute("data-priority"));
        el.setAttribute("data-priority", "2e12");
      }
    });
    if (layer.getBounds) {
      map.fitBounds(layer.getBounds(), {maxZoom: 5, animate: false});
      layer.openPopup(layer.getBounds().getCenter());
    } else {
      // Its true point (a marker may stand aside at this zoom: see spread()).
      map.setView(entry.home || layer.getLatLng(), Math.max(map.getZoom(), 8), {animate: false});
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

  // The first view: the places that hold most of the story's mentions, above the sheet on a phone.
  var filtered = false;
  function fitView() {
{% if bounds %}
    var sheet = sheetHeight();
    map.fitBounds({{ bounds|script_json }}, {paddingTopLeft: [30, 30], paddingBottomRight: [30, 30 + sheet], maxZoom: 11});
{% endif %}
  }

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
      if (entry.label && on !== map.hasLayer(entry.label)) { if (on) { entry.label.addTo(map); } else { entry.label.remove(); } }
    });
    spread();
    each(".gs-timeline button", function (el) { el.setAttribute("aria-pressed", el === pressed ? "true" : "false"); });
    var line = document.querySelector(".gs-status");
    if (line) { line.textContent = status.replace("{n}", shown); }
    filtered = visible !== null;
    if (filtered) { fitShown(); }
  }
  // Choosing a day or an article zooms to the places it shows (above the sheet, on a phone).
  function fitShown() {
    var box = L.latLngBounds([]);
    Object.keys(places).forEach(function (id) {
      var entry = places[id];
      if (!entry.group.hasLayer(entry.layer)) { return; }
      if (entry.layer.getBounds) { box.extend(entry.layer.getBounds()); }
      else if (entry.layer.getLatLng) { box.extend(entry.layer.getLatLng()); }
    });
    var sheet = sheetHeight();
    if (box.isValid()) { map.fitBounds(box, {paddingTopLeft: [30, 30], paddingBottomRight: [30, 30 + sheet], maxZoom: 11}); }
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
  each(".gs-outlet", function (button) {
    button.addEventListener("click", function () {
      var visible = {};
      var slugs = button.getAttribute("data-articles").split(" ");
      slugs.forEach(function (slug) { visible[slug] = true; });
      applyFilter(visible, button, "One outlet: " + slugs.length + " article" + (slugs.length === 1 ? "" : "s") + ", {n} places.");
    });
  });
  each(".gs-all", function (button) { button.addEventListener("click", showAll); });

  // A claim in the panel shows its band, wedge and measured line. With more than a few claims,
  // only the chosen claim's band and wedge are drawn (all of them would hide the map).
  var claimBounds = {{ claim_bounds|script_json }};
  function chooseClaim(index) {
    var all = claimBounds.length <= 3;
    each("path.gs-claim-band, path.gs-claim-wedge", function (el) {
      var mine = el.classList.contains("gs-claim-band-" + index) || el.classList.contains("gs-claim-wedge-" + index);
      el.classList.toggle("gs-shown", all || mine);
    });
  }
  chooseClaim(-1);
  each("path.gs-claim, path.gs-claim-point", function (el) {
    var match = /gs-claim-(?:line|point)-(\d+)/.exec(el.getAttribute("class") || "");
    if (match) { el.addEventListener("click", function () { chooseClaim(Number(match[1])); }); }
  });
  each(".gs-claim-show", function (button) {
    button.addEventListener("click", function () {
      chooseClaim(Number(button.getAttribute("data-claim")));
      var box = claimBounds[Number(button.getAttribute("data-claim"))];
      if (box) { map.fitBounds(box, {padding: [30, 30], maxZoom: 11, animate: false}); }
      if (window.matchMedia("(max-width: 700px)").matches && panel) { panel.classList.remove("gs-open"); syncToggle(); }
    });
  });

  // The panel is a bottom sheet on phones: the map's own controls (scale, attribution,
  // legend) stay above it, and the strip of map above an open sheet shows the story's places.
  var toggle = document.querySelector(".gs-sheet-toggle");
  function sheetHeight() {
    return panel && window.matchMedia("(max-width: 700px)").matches ? panel.getBoundingClientRect().height : 0;
  }
  function placeControls() {
    var sheet = sheetHeight();
    each(".leaflet-bottom", function (el) { el.style.bottom = sheet ? (sheet + 4) + "px" : ""; });
  }
  function syncToggle() {
    if (toggle && panel) { toggle.setAttribute("aria-expanded", panel.classList.contains("gs-open") ? "true" : "false"); }
    placeControls();
  }
  if (toggle) {
    toggle.addEventListener("click", function () {
      panel.classList.toggle("gs-open");
      syncToggle();
      map.invalidateSize();
      if (panel.classList.contains("gs-open")) { if (filtered) { fitShown(); } else { fitView(); } }
    });
  }
  var legendToggle = document.querySelector(".gs-legend-toggle");
  if (legendToggle) {
    legendToggle.addEventListener("click", function () {
      var open = document.body.classList.toggle("gs-legend-open");
      legendToggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }
  window.addEventListener("resize", placeControls);
  placeControls();

  // For the static picture: refit once the panel is hidden.
  window.geoStorymap = {
    show: show,
    fit: function () {
      map.invalidateSize({animate: false});
{% if bounds %}
      map.fitBounds({{ bounds|script_json }}, {padding: [40, 40], maxZoom: 11, animate: false});
{% endif %}
      fitLabels();
      spread();
      if (window.geoDeclutterNow) { window.geoDeclutterNow(); }
    }
  };

  function fromHash() {
    var match = /(?:^#|&)place=([a-z0-9-]+)/.exec(window.location.hash);
    if (match && show(match[1])) { highlight(match[1]); syncToggle(); }
  }
  window.addEventListener("hashchange", fromHash);
  spread();
  fromHash();
})();
