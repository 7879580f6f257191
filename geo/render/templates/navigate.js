(function () {
  var map = {{ map }};
  var places = {
{% for id, layer in layers %}
    {{ id|script_json }}: {{ layer }}{{ "," if not loop.last }}
{% endfor %}
  };
  // The initial view fits the places; it is not animated, so that a place
  // asked for in the URL is not overridden by the end of an animation.
{% if bounds %}
  map.fitBounds({{ bounds|script_json }}, {padding: [30, 30], animate: false});
{% endif %}
  function show(id) {
    var layer = places[id];
    if (!layer) { return false; }
    if (layer.getBounds) {
      map.fitBounds(layer.getBounds(), {maxZoom: 5, animate: false});
      layer.openPopup(layer.getBounds().getCenter());
    } else {
      map.setView(layer.getLatLng(), Math.max(map.getZoom(), 8), {animate: false});
      layer.openPopup();
    }
    return true;
  }
  function fromHash() {
    var match = /(?:^#|&)place=([a-z0-9-]+)/.exec(window.location.hash);
    if (match) { show(match[1]); }
  }
  window.addEventListener("hashchange", fromHash);
  fromHash();
})();
