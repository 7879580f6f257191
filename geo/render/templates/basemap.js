(function () {
  "use strict";
  // The offline basemap: Natural Earth's countries for the world, and around the story its
  // detail (coastlines, borders, state and province lines, lakes, rivers, US counties) with
  // the names of countries, capitals, states and counties, each shown from the zoom it helps.
  var map = {{ map }};
  var world = {{ world|script_json }};
  var detail = {{ detail|script_json }};
  var SEA = "#cfe0ea", LAND = "#f4f1ea";
  // From which zoom each layer and each kind of name is drawn (and, for names, up to which).
  var LINE_ZOOM = {land: 0, coast: 0, lakes: 0, borders: 0, rivers: 5, divisions: 4, counties: 7};
  // A state's name stands at its middle from zoom 5, and again among its towns from zoom 7.
  var LABEL_ZOOM = {country: [2, 6], capital: [4, 9], region: [5, 12], "region-repeat": [7, 12], county: [8, 18]};
  // A smaller country or capital is named from a closer zoom (by population).
  function firstZoom(kind, population) {
    if (kind === "country") { return population >= 2e7 ? 2 : population >= 2e6 ? 3 : population >= 2e5 ? 4 : 5; }
    if (kind === "capital") { return population >= 1e6 ? 4 : population >= 1e5 ? 5 : 6; }
    return LABEL_ZOOM[kind] ? LABEL_ZOOM[kind][0] : 99;
  }
  var STYLE = {
    land: {stroke: false, fill: true, fillColor: LAND, fillOpacity: 1},
    coast: {color: "#8fa9b8", weight: 0.9, fill: false},
    lakes: {stroke: true, color: "#9bb4c2", weight: 0.6, fill: true, fillColor: SEA, fillOpacity: 1},
    rivers: {color: "#8fb8d3", weight: 1.2, fill: false},
    counties: {color: "#cbbfa8", weight: 0.7, fill: false},
    divisions: {color: "#9a8c78", weight: 1.1, dashArray: "5 4", fill: false},
    borders: {color: "#6f6f6f", weight: 1.3, fill: false}
  };
  var POLYGONS = {land: true, lakes: true};

  // Each layer has its own pane and canvas, stacked in drawing order under the story's layers.
  var ORDER = ["world", "land", "coast", "lakes", "rivers", "counties", "divisions", "borders"];
  var renderers = {};
  ORDER.forEach(function (name, i) {
    var pane = map.createPane("gs-base-" + name);
    pane.style.zIndex = String(240 + i);
    pane.style.pointerEvents = "none";
    renderers[name] = L.canvas({pane: "gs-base-" + name, padding: 0.5});
  });
  map.createPane("gs-base-labels").style.zIndex = "450";
  map.getPane("gs-base-labels").style.pointerEvents = "none";
  var RANK = {country: 3, capital: 2, region: 1, "region-repeat": 1, county: 0};

  function decode(flat) {
    var points = [], x = 0, y = 0;
    for (var i = 0; i < flat.length; i += 2) {
      x += flat[i]; y += flat[i + 1];
      points.push([y / 1000, x / 1000]);
    }
    return points;
  }
  function shapes(name, geometries) {
    var style = Object.assign({renderer: renderers[name], interactive: false, pane: "gs-base-" + name}, STYLE[name]);
    var group = L.layerGroup();
    geometries.forEach(function (parts) {
      var rings = parts.map(decode);
      group.addLayer(POLYGONS[name] ? L.polygon(rings, style) : L.polyline(rings[0], style));
    });
    return group;
  }

  var base = L.layerGroup();
  // The world, then the sea over the box of detail, then the box's own coastlines.
  world.forEach(function (rings) {
    base.addLayer(L.polygon(rings.map(decode), {renderer: renderers.world, pane: "gs-base-world", interactive: false,
      color: "#a3a3a3", weight: 0.6, fillColor: LAND, fillOpacity: 1}));
  });
  var layers = [];
  if (detail.box) {
    var b = detail.box;
    base.addLayer(L.rectangle([[b[0], b[1]], [b[2], b[3]]], {renderer: renderers.land, pane: "gs-base-land",
      interactive: false, stroke: false, fillColor: SEA, fillOpacity: 1}));
    Object.keys(LINE_ZOOM).forEach(function (name) {
      if (detail.layers[name] && detail.layers[name].length) {
        layers.push({zoom: LINE_ZOOM[name], group: shapes(name, detail.layers[name])});
      }
    });
  }
  var names = detail.labels.map(function (row) {
    var kind = row[0];
    var marker = L.marker([row[2], row[3]], {
      pane: "gs-base-labels", interactive: false, keyboard: false,
      icon: L.divIcon({className: "gs-label gs-base-label gs-base-" + kind, html: "", iconSize: null, iconAnchor: [0, 0]})
    });
    marker.gsText = row[1];
    return {kind: kind, marker: marker, priority: (RANK[kind] || 0) * 1e10 + row[5], from: firstZoom(kind, row[5])};
  });

  var basemap = L.layerGroup([base]);
  function sync() {
    if (!map.hasLayer(basemap)) { return; }
    var zoom = map.getZoom();
    layers.forEach(function (layer) {
      var on = zoom >= layer.zoom;
      if (on && !basemap.hasLayer(layer.group)) { basemap.addLayer(layer.group); }
      else if (!on && basemap.hasLayer(layer.group)) { basemap.removeLayer(layer.group); }
    });
    names.forEach(function (item) {
      var range = LABEL_ZOOM[item.kind] || [99, 99];
      var on = zoom >= item.from && zoom <= range[1];
      if (on && !basemap.hasLayer(item.marker)) {
        basemap.addLayer(item.marker);
        var element = item.marker.getElement();
        var span = document.createElement("span");
        span.textContent = item.marker.gsText;
        element.appendChild(span);
        element.setAttribute("data-priority", String(item.priority));
      } else if (!on && basemap.hasLayer(item.marker)) { basemap.removeLayer(item.marker); }
    });
    if (window.geoDeclutter) { window.geoDeclutter(); }
  }
  map.on("zoomend", sync);

  // Names never overlap: the most important of two that would is shown, the other hidden
  // until a zoom or a move gives it room. A name of the story's own places goes first, and
  // the basemap's names keep clear of the story's markers too.
  function box(el) {
    var r = (el.firstElementChild || el).getBoundingClientRect();
    return {left: r.left - 2, right: r.right + 2, top: r.top - 1, bottom: r.bottom + 1, empty: r.width === 0};
  }
  var REPEAT_GAP = 320;  // pixels
  function overlaps(a, b) { return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom; }
  function declutter() {
    var frame = map.getContainer().getBoundingClientRect();
    var labels = Array.prototype.map.call(map.getContainer().querySelectorAll(".gs-label, .gs-area-label, .gs-distance-label"), function (el) {
      // A distance's length comes after the places' names, before the basemap's.
      var priority = el.classList.contains("gs-distance-label") ? 9e11 : Number(el.getAttribute("data-priority")) || 0;
      return {el: el, priority: priority, box: box(el)};
    });
    // The most important first; between equals, the same order on every run (text, then place).
    labels.sort(function (a, b) {
      return (b.priority - a.priority) || (a.el.textContent < b.el.textContent ? -1 : a.el.textContent > b.el.textContent ? 1 : 0) ||
        (a.box.left - b.box.left) || (a.box.top - b.box.top);
    });
    // The story's markers, from where they stand on the map (not from the drawing, which a
    // renderer may not have moved yet when this runs).
    var markers = window.geoMarkerBoxes ? window.geoMarkerBoxes() : [];
    var taken = [];
    labels.forEach(function (item) {
      var b = item.box;
      var inside = !b.empty && b.left >= frame.left && b.right <= frame.right && b.top >= frame.top && b.bottom <= frame.bottom;
      var base = item.el.classList.contains("gs-base-label");
      var text = item.el.textContent.toLowerCase();
      // A state's name written again stays well apart from where it is already written.
      var again = base && taken.some(function (t) {
        return t.text === text && Math.abs(t.left - b.left) < REPEAT_GAP && Math.abs(t.top - b.top) < REPEAT_GAP;
      });
      var clash = !inside || again || taken.some(function (t) { return overlaps(b, t); }) ||
        (base && markers.some(function (m) { return overlaps(b, m); }));
      item.hide = clash;
      if (!clash) { b.text = text; taken.push(b); }
    });
    labels.forEach(function (item) { item.el.classList.toggle("gs-hidden", item.hide); });
  }
  var pending = false;
  window.geoSettled = true;  // false while names wait to be laid out (the static picture waits)
  window.geoDeclutterNow = declutter;
  window.geoDeclutter = function () {
    if (pending) { return; }
    pending = true;
    window.geoSettled = false;
    window.requestAnimationFrame(function () { pending = false; declutter(); window.geoSettled = true; });
  };
  map.on("moveend", window.geoDeclutter);
  basemap.on("add", function () { setTimeout(sync, 0); });
  return basemap;
})()
