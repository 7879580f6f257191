/* The archive map: clustered places, excerpts loaded when a popup opens, a paged list of articles.
   Every text from the articles is put in the page with textContent, never as HTML. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("gs-data").textContent);
  var P = {ID: 0, NAME: 1, KIND: 2, LAT: 3, LON: 4, MENTIONS: 5, ARTICLES: 6, FOCUS_KM: 7, COMPASS: 8};
  var A = {SLUG: 0, TITLE: 1, DATE: 2, OUTLET: 3, URL: 4, PLACES: 5};
  var PAGE = data.page_size;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    if (attrs) { for (var k in attrs) { node.setAttribute(k, attrs[k]); } }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  function fmt(n) { return Number(n).toLocaleString("en-US"); }
  function plural(n, word) { return fmt(n) + " " + word + (n === 1 ? "" : "s"); }
  function page(slug) { return "articles/" + encodeURIComponent(slug) + ".html"; }

  var map = L.map("gs-map", {worldCopyJump: true, minZoom: 1, maxZoom: 18}).setView([20, 10], 2);
  L.control.scale().addTo(map);
  var bases = {"Natural Earth countries (offline)":
    L.geoJSON(data.basemap, {interactive: false, style: function () { return data.basemap_style; }}).addTo(map)};
  if (data.online_tiles) {
    bases["OpenStreetMap (online)"] = L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
      maxZoom: 19, attribution: "&copy; OpenStreetMap contributors"});
  }

  var byId = {};
  var markers = new Array(data.places.length);
  var cluster = L.markerClusterGroup({chunkedLoading: true, showCoverageOnHover: false, maxClusterRadius: 50});
  data.places.forEach(function (p, i) {
    byId[p[P.ID]] = i;
    var style = data.kinds[p[P.KIND]] || data.kinds.other;
    var marker = L.circleMarker([p[P.LAT], p[P.LON]], {
      radius: style[2], color: "#222", weight: 1, fillColor: style[1], fillOpacity: 0.9, className: "gs-place"});
    marker.gsIndex = i;
    // Leaflet puts a string tooltip in as HTML: give it an element holding text.
    marker.bindTooltip(function () { return el("span", null, p[P.NAME] + " · " + plural(p[P.ARTICLES], "article")); });
    marker.bindPopup(function () { return popup(i); }, {maxWidth: 360, minWidth: 240});
    markers[i] = marker;
  });
  cluster.addLayers(markers);
  cluster.addTo(map);

  var lines = L.layerGroup();
  data.lines.forEach(function (line) {
    line[1].forEach(function (part) {
      L.polyline(part, {color: "#6a4c93", weight: 2.5, dashArray: "6 6"}).bindTooltip(el("span", null, line[0])).addTo(lines);
    });
  });
  lines.addTo(map);
  var chosen = L.layerGroup().addTo(map);
  var controlOverlays = {"Places": cluster, "Distances": lines, "Places of the chosen article": chosen};
  L.control.layers(bases, controlOverlays, {collapsed: true}).addTo(map);

  /* Excerpts: one script file per group of places, loaded once, when needed. */
  var shards = {};
  window.gsExcerpts = function (k, places) {
    if (shards[k] && shards[k].resolve) { shards[k].resolve(places); }
  };
  function shard(k) {
    if (!shards[k]) {
      var entry = {};
      entry.promise = new Promise(function (resolve, reject) {
        entry.resolve = resolve;
        var script = el("script", {src: "excerpts/" + String(k).padStart(4, "0") + ".js"});
        script.onerror = function () { reject(new Error("not loaded")); };
        document.head.appendChild(script);
      });
      shards[k] = entry;
    }
    return shards[k].promise;
  }
  function excerptsOf(i) {
    var k = Math.floor(i / data.shard_size);
    return shard(k).then(function (places) { return places[i - k * data.shard_size]; });
  }

  function excerptItem(e) {
    var a = data.articles[e[0]];
    var li = el("li");
    var link = el("a", {href: page(a[A.SLUG]) + "#" + e[4]}, a[A.TITLE] || a[A.SLUG]);
    li.appendChild(link);
    if (a[A.DATE]) { li.appendChild(el("span", {"class": "gs-meta"}, " · " + a[A.DATE])); }
    var quote = el("blockquote");
    quote.appendChild(document.createTextNode(e[1]));
    quote.appendChild(el("mark", null, e[2]));
    quote.appendChild(document.createTextNode(e[3]));
    li.appendChild(quote);
    return li;
  }

  function popup(i) {
    var p = data.places[i];
    var style = data.kinds[p[P.KIND]] || data.kinds.other;
    var box = el("div", {"class": "gs-popup", "data-place": p[P.ID]});
    box.appendChild(el("h3", null, p[P.NAME]));
    box.appendChild(el("p", {"class": "gs-meta"}, style[0] + " · " + p[P.LAT].toFixed(4) + ", " + p[P.LON].toFixed(4)));
    if (p[P.FOCUS_KM] !== null) {
      box.appendChild(el("p", {"class": "gs-meta"}, fmt(p[P.FOCUS_KM].toFixed(1)) + " km " + p[P.COMPASS] + " of " + data.focus_name));
    }
    box.appendChild(el("p", {"class": "gs-count"}, plural(p[P.MENTIONS], "mention") + " in " + plural(p[P.ARTICLES], "article")));
    var list = el("ol", {"class": "gs-excerpt-list"});
    var status = el("p", {"class": "gs-meta", role: "status"}, "Loading the excerpts…");
    box.appendChild(status);
    box.appendChild(list);
    excerptsOf(i).then(function (excerpts) {
      var shown = 0;
      var more = el("button", {type: "button", "class": "gs-more"});
      function next() {
        excerpts.slice(shown, shown + data.popup_page).forEach(function (e) { list.appendChild(excerptItem(e)); });
        shown = Math.min(excerpts.length, shown + data.popup_page);
        status.textContent = "Excerpts 1–" + fmt(shown) + " of " + fmt(excerpts.length) +
          (excerpts.length < p[P.MENTIONS] ? " (the first of " + fmt(p[P.MENTIONS]) + " mentions, by date; all are in mentions.csv)" : "");
        more.hidden = shown >= excerpts.length;
        more.textContent = "Show " + Math.min(data.popup_page, excerpts.length - shown) + " more";
      }
      more.addEventListener("click", next);
      box.appendChild(more);
      next();
    }, function () {
      status.textContent = "The excerpts could not be loaded (is the excerpts/ folder beside index.html?).";
    });
    return box;
  }

  var focusPopup = L.popup({maxWidth: 360, minWidth: 240});
  function focusPlace(i) {
    // Markercluster's zoomToShowLayer waits for marker icons, which circle
    // markers have not: show the place's popup at its point instead, on its
    // marker when the marker stands alone there.
    var marker = markers[i];
    var at = marker.getLatLng();
    map.stop();
    if (!(cluster.getVisibleParent(marker) === marker && map.getBounds().contains(at))) {
      map.setView(at, Math.max(map.getZoom(), 6), {animate: false});
    }
    if (cluster.getVisibleParent(marker) === marker) {
      marker.openPopup();
    } else {
      focusPopup.setLatLng(at).setContent(popup(i)).openOn(map);
    }
  }

  /* The panel: most mentioned places, the chosen article, the paged list. */
  var top = document.getElementById("gs-top");
  data.top.forEach(function (i) {
    var p = data.places[i];
    var li = el("li");
    var button = el("button", {type: "button", "class": "gs-link", "data-place": p[P.ID]}, p[P.NAME]);
    button.addEventListener("click", function () { focusPlace(i); });
    li.appendChild(button);
    li.appendChild(document.createTextNode(" · " + plural(p[P.ARTICLES], "article")));
    top.appendChild(li);
  });

  var selected = document.getElementById("gs-selected");
  function chooseArticle(j) {
    var a = data.articles[j];
    selected.replaceChildren();
    selected.hidden = false;
    selected.appendChild(el("h2", null, "Chosen article"));
    var h = el("h3");
    h.appendChild(el("a", {href: page(a[A.SLUG])}, a[A.TITLE] || a[A.SLUG]));
    selected.appendChild(h);
    selected.appendChild(el("p", {"class": "gs-meta"}, [a[A.OUTLET], a[A.DATE] || "undated"].filter(Boolean).join(" · ")));
    if (a[A.URL]) {
      var original = el("a", {href: a[A.URL], rel: "noopener noreferrer", target: "_blank"}, "original");
      selected.appendChild(original);
    }
    selected.appendChild(el("p", {"class": "gs-meta"}, plural(a[A.PLACES].length, "place") + ", most mentioned first:"));
    var chips = el("ul", {"class": "gs-chips"});
    chosen.clearLayers();
    var bounds = [];
    a[A.PLACES].forEach(function (i) {
      var p = data.places[i];
      var li = el("li");
      var button = el("button", {type: "button", "data-place": p[P.ID]}, p[P.NAME]);
      button.addEventListener("click", function () { focusPlace(i); });
      li.appendChild(button);
      chips.appendChild(li);
      L.circleMarker([p[P.LAT], p[P.LON]], {radius: 11, color: "#e0a800", weight: 3, fill: false, interactive: false}).addTo(chosen);
      bounds.push([p[P.LAT], p[P.LON]]);
    });
    selected.appendChild(chips);
    if (bounds.length) { map.fitBounds(bounds, {padding: [30, 30], maxZoom: 7}); }
  }

  var list = document.getElementById("gs-list");
  var filter = document.getElementById("gs-filter");
  var count = document.getElementById("gs-count");
  var pageLabel = document.getElementById("gs-page");
  var prev = document.getElementById("gs-prev");
  var next = document.getElementById("gs-next");
  var newestFirst = data.articles.map(function (_, j) { return j; }).reverse();
  var rows = newestFirst;
  var current = 0;
  function haystack(a) { return (a[A.TITLE] + " " + a[A.OUTLET] + " " + a[A.DATE]).toLowerCase(); }
  function show(pageIndex) {
    var pages = Math.max(1, Math.ceil(rows.length / PAGE));
    current = Math.min(Math.max(0, pageIndex), pages - 1);
    list.replaceChildren();
    rows.slice(current * PAGE, current * PAGE + PAGE).forEach(function (j) {
      var a = data.articles[j];
      var li = el("li", {"data-article": a[A.SLUG]});
      var button = el("button", {type: "button", "class": "gs-link"}, a[A.TITLE] || a[A.SLUG]);
      button.addEventListener("click", function () { chooseArticle(j); });
      li.appendChild(button);
      li.appendChild(el("p", {"class": "gs-meta"},
        [a[A.OUTLET], a[A.DATE] || "undated", plural(a[A.PLACES].length, "place")].filter(Boolean).join(" · ")));
      list.appendChild(li);
    });
    pageLabel.textContent = "Page " + fmt(current + 1) + " of " + fmt(pages);
    prev.disabled = current === 0;
    next.disabled = current >= pages - 1;
    count.textContent = rows.length === data.articles.length ? plural(rows.length, "article") + ", newest first"
      : plural(rows.length, "article") + " match";
  }
  prev.addEventListener("click", function () { show(current - 1); });
  next.addEventListener("click", function () { show(current + 1); });
  filter.addEventListener("input", function () {
    var q = filter.value.trim().toLowerCase();
    rows = q ? newestFirst.filter(function (j) { return haystack(data.articles[j]).indexOf(q) >= 0; }) : newestFirst;
    show(0);
  });
  show(0);

  var panel = document.getElementById("gs-panel");
  var toggle = document.querySelector(".gs-sheet-toggle");
  toggle.addEventListener("click", function () {
    var open = panel.classList.toggle("gs-open");
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    setTimeout(function () { map.invalidateSize(); }, 50);
  });

  function fromHash() {
    var m = /^#place=(.+)$/.exec(location.hash);
    if (m) {
      var i = byId[decodeURIComponent(m[1])];
      if (i !== undefined) { focusPlace(i); }
    }
  }
  window.addEventListener("hashchange", fromHash);
  function fitAll() {
    map.invalidateSize();
    if (data.places.length) {
      map.fitBounds(data.places.map(function (p) { return [p[P.LAT], p[P.LON]]; }), {padding: [20, 20], maxZoom: 6});
    }
  }
  window.geoStorymap = {fit: fitAll, focusPlace: function (id) { if (byId[id] !== undefined) { focusPlace(byId[id]); } }};
  fitAll();
  fromHash();
  document.body.setAttribute("data-ready", "true");
})();
