/* The corpus dashboard: a timeline of events by quad class, a heat map by type, the actor network (a small
 * force layout) and a map of event places (equirectangular). All drawn as inline SVG from /api/timeline,
 * /api/network and /api/places; names reach the page only as text nodes and attribute values. */
(function () {
  "use strict";
  var SVGNS = "http://www.w3.org/2000/svg";
  var QUAD = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict", 0: "unknown"};
  var QUAD_COLOUR = {1: "#3d9a62", 2: "#2c73b8", 3: "#e3a21a", 4: "#c8402f", 0: "#8a8f98"};

  function svg(tag, attrs, text) {
    var n = document.createElementNS(SVGNS, tag);
    for (var k in attrs || {}) {
      if (attrs[k] !== null && attrs[k] !== undefined) n.setAttribute(k, String(attrs[k]));
    }
    if (text !== undefined && text !== null) n.textContent = String(text);
    return n;
  }
  function tip(node, text) { node.appendChild(svg("title", {}, text)); return node; }
  function link(href) { return svg("a", {href: href}); }
  function fmt(n) { return Number(n).toLocaleString("en"); }
  function q(params) {
    var parts = [];
    for (var k in params) if (params[k]) parts.push(encodeURIComponent(k) + "=" + encodeURIComponent(params[k]));
    return parts.length ? "?" + parts.join("&") : "";
  }
  function getJSON(url) {
    return fetch(url).then(function (r) {
      return r.json().then(function (d) {
        if (!r.ok) throw new Error(d && d.error ? d.error : "HTTP " + r.status);
        return d;
      });
    });
  }
  function fail(box, err) {
    box.textContent = "";
    var p = document.createElement("p");
    p.className = "error";
    p.textContent = "cannot draw this: " + err.message;
    box.appendChild(p);
  }
  function empty(box, message) {
    box.textContent = "";
    var p = document.createElement("p");
    p.className = "muted empty";
    p.textContent = message;
    box.appendChild(p);
  }
  function widthOf(box, fallback) { return Math.max(320, Math.round(box.clientWidth || fallback)); }

  function addDays(iso, days) {
    var d = new Date(iso + "T00:00:00Z");
    d.setUTCDate(d.getUTCDate() + days);
    return d.toISOString().slice(0, 10);
  }
  function bucketEnd(buckets, i, unit, to) {
    if (i + 1 < buckets.length) return addDays(buckets[i + 1], -1);
    if (unit === "day") return buckets[i];
    return to;
  }

  /* -- timeline: stacked bars by quad class, then a type x time heat map ---------------------------- */
  function drawTimeline(data, type) {
    var box = document.getElementById("timeline"), heat = document.getElementById("heatmap");
    if (!data.rows.length) {
      empty(box, "No dated events" + (type ? " of type " + type : "") + ".");
      heat.textContent = "";
      return;
    }
    var buckets = data.buckets, index = {};
    buckets.forEach(function (b, i) { index[b] = i; });
    var stacks = buckets.map(function () { return {1: 0, 2: 0, 3: 0, 4: 0, 0: 0, total: 0}; });
    var byType = {}, typeQuad = {};
    data.rows.forEach(function (r) {
      var i = index[r[0]];
      if (i === undefined) return;
      stacks[i][r[1]] = (stacks[i][r[1]] || 0) + r[3];
      stacks[i].total += r[3];
      (byType[r[2]] = byType[r[2]] || {})[i] = ((byType[r[2]] || {})[i] || 0) + r[3];
      var tq = (typeQuad[r[2]] = typeQuad[r[2]] || {});
      tq[r[1]] = (tq[r[1]] || 0) + r[3];
    });
    var W = widthOf(box, 900), H = 210, ml = 84, mr = 12, mt = 14, mb = 34;
    var bw = (W - ml - mr) / buckets.length;
    var max = Math.max.apply(null, stacks.map(function (s) { return s.total; })) || 1;
    var y = function (v) { return mt + (H - mt - mb) * (1 - v / max); };
    var root = svg("svg", {viewBox: "0 0 " + W + " " + H, width: "100%", role: "img", "class": "timeline"});
    var ticks = niceTicks(max, 4);
    ticks.forEach(function (t) {
      root.appendChild(svg("line", {x1: ml, x2: W - mr, y1: y(t), y2: y(t), "class": "grid"}));
      root.appendChild(svg("text", {x: ml - 6, y: y(t) + 4, "text-anchor": "end", "class": "axis"}, fmt(t)));
    });
    var every = Math.max(1, Math.ceil(buckets.length / Math.max(2, Math.floor((W - ml) / 80))));
    buckets.forEach(function (b, i) {
      var x = ml + i * bw, s = stacks[i], acc = 0;
      var a = link("/events" + q({type: type, since: b, until: bucketEnd(buckets, i, data.bucket, data.to)}));
      var g = svg("g", {"class": "bar"});
      [4, 3, 2, 1, 0].forEach(function (quad) {
        var v = s[quad] || 0;
        if (!v) return;
        g.appendChild(svg("rect", {x: x + bw * 0.08, width: Math.max(1, bw * 0.84), y: y(acc + v), height: y(acc) - y(acc + v),
                                   fill: QUAD_COLOUR[quad]}));
        acc += v;
      });
      g.appendChild(svg("rect", {x: x, width: bw, y: mt, height: H - mt - mb, "class": "hit"}));
      var parts = [4, 3, 2, 1, 0].filter(function (k) { return s[k]; }).map(function (k) { return QUAD[k] + " " + fmt(s[k]); });
      tip(g, data.bucket + " of " + b + ": " + fmt(s.total) + " events" + (parts.length ? "\n" + parts.join("\n") : ""));
      a.appendChild(g);
      root.appendChild(a);
      if (i % every === 0) root.appendChild(svg("text", {x: x + bw / 2, y: H - mb + 16, "text-anchor": "middle", "class": "axis"},
                                                 label(b, data.bucket)));
    });
    root.appendChild(svg("line", {x1: ml, x2: W - mr, y1: y(0), y2: y(0), "class": "baseline"}));
    box.textContent = "";
    box.appendChild(root);
    box.appendChild(legend(data));

    /* heat map */
    var types = Object.keys(byType).sort(function (a, b) { return total(byType[b]) - total(byType[a]) || (a < b ? -1 : 1); }).slice(0, 16);
    var rowH = 16, hh = types.length * rowH + 8;
    var hm = svg("svg", {viewBox: "0 0 " + W + " " + hh, width: "100%", role: "img", "class": "heat"});
    var hmax = 1;
    types.forEach(function (t) { for (var i in byType[t]) hmax = Math.max(hmax, byType[t][i]); });
    types.forEach(function (t, r) {
      var quad = dominant(typeQuad[t]);
      hm.appendChild(svg("text", {x: ml - 6, y: 4 + r * rowH + rowH * 0.72, "text-anchor": "end", "class": "axis"}, t));
      hm.appendChild(svg("rect", {x: ml, width: W - ml - mr, y: 4 + r * rowH, height: rowH - 2, "class": "heat-bg"}));
      for (var k in byType[t]) {
        var i = Number(k), v = byType[t][k];
        var cell = svg("rect", {x: ml + i * bw + 0.5, width: Math.max(1, bw - 1), y: 4 + r * rowH, height: rowH - 2,
                                fill: QUAD_COLOUR[quad], "fill-opacity": (0.2 + 0.8 * Math.sqrt(v / hmax)).toFixed(2)});
        tip(cell, t + ", " + data.bucket + " of " + buckets[i] + ": " + fmt(v));
        var a = link("/events" + q({type: t, since: buckets[i], until: bucketEnd(buckets, i, data.bucket, data.to)}));
        a.appendChild(cell);
        hm.appendChild(a);
      }
    });
    heat.textContent = "";
    heat.appendChild(hm);
  }
  function total(o) { var s = 0; for (var k in o) s += o[k]; return s; }
  function dominant(o) {
    var best = 0, bn = -1;
    for (var k in o) if (o[k] > bn) { bn = o[k]; best = Number(k); }
    return best;
  }
  function label(iso, unit) {
    if (unit === "year") return iso.slice(0, 4);
    if (unit === "month") return iso.slice(0, 7);
    return iso;
  }
  function niceTicks(max, n) {
    var step = Math.pow(10, Math.floor(Math.log10(max / n || 1)));
    [1, 2, 5, 10].some(function (m) { if (max / (step * m) <= n) { step *= m; return true; } return false; });
    step = Math.max(1, step);
    var out = [];
    for (var t = 0; t <= max; t += step) out.push(t);
    return out;
  }
  function legend(data) {
    var p = document.createElement("p");
    p.className = "legend";
    [1, 2, 3, 4].forEach(function (k) {
      var s = document.createElement("span");
      s.className = "key quad" + k;
      s.textContent = QUAD[k];
      p.appendChild(s);
    });
    var note = document.createElement("span");
    note.className = "muted";
    note.textContent = " per " + data.bucket + ", " + data.from + " \u2013 " + data.to +
      (data.outside ? "; " + fmt(data.outside) + " outside this range" : "") +
      (data.undated ? "; " + fmt(data.undated) + " undated" : "") + ". Click a bar for its events.";
    p.appendChild(note);
    return p;
  }

  /* -- network: force layout, deterministic (no randomness: the same data draws the same picture) ------ */
  function drawNetwork(data, type) {
    var box = document.getElementById("network");
    if (!data.nodes.length) { empty(box, "No events with both a source and a target" + (type ? " of type " + type : "") + "."); return; }
    var W = widthOf(box, 900), H = Math.round(Math.min(620, Math.max(380, W * 0.5)));
    var heaviest = Math.max.apply(null, data.nodes.map(function (n) { return n.weight; }).concat([1]));
    var nodes = data.nodes.map(function (n, i) {
      var a = 2 * Math.PI * i / data.nodes.length;
      return {id: n.id, code: n.code, weight: n.weight, x: W / 2 + Math.cos(a) * W * 0.3, y: H / 2 + Math.sin(a) * H * 0.3,
              r: 3.5 + 10 * Math.sqrt(n.weight / heaviest)};
    });
    var at = {};
    nodes.forEach(function (n, i) { at[n.id] = i; });
    var edges = data.edges.filter(function (e) { return e.source in at && e.target in at; });
    layout(nodes, edges.map(function (e) { return [at[e.source], at[e.target], e.weight]; }), W, H);

    var root = svg("svg", {viewBox: "0 0 " + W + " " + H, width: "100%", role: "img", "class": "network"});
    var defs = svg("defs");
    [0, 1, 2, 3, 4].forEach(function (k) {
      var m = svg("marker", {id: "arrow" + k, viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 5, markerHeight: 5,
                             orient: "auto-start-reverse", markerUnits: "strokeWidth"});
      m.appendChild(svg("path", {d: "M0,1 L9,5 L0,9 z", fill: QUAD_COLOUR[k]}));
      defs.appendChild(m);
    });
    root.appendChild(defs);
    var maxW = Math.max.apply(null, edges.map(function (e) { return e.weight; }).concat([1]));
    edges.slice().sort(function (a, b) { return a.weight - b.weight; }).forEach(function (e) {
      var s = nodes[at[e.source]], t = nodes[at[e.target]];
      var dx = t.x - s.x, dy = t.y - s.y, d = Math.sqrt(dx * dx + dy * dy) || 1;
      var cx = (s.x + t.x) / 2 - dy * 0.15, cy = (s.y + t.y) / 2 + dx * 0.15;
      var sw = Math.min(7, 0.8 + 2.2 * Math.log2(1 + e.weight) * (maxW > 1 ? 1 : 0.8));
      var ex = t.x - cx, ey = t.y - cy, el = Math.sqrt(ex * ex + ey * ey) || 1;
      var back = (t.r + 2) + sw * 2;
      var tx = t.x - ex / el * back, ty = t.y - ey / el * back;
      var bx = s.x - (s.x - cx) / (Math.sqrt((s.x - cx) * (s.x - cx) + (s.y - cy) * (s.y - cy)) || 1) * (s.r + 1);
      var by = s.y - (s.y - cy) / (Math.sqrt((s.x - cx) * (s.x - cx) + (s.y - cy) * (s.y - cy)) || 1) * (s.r + 1);
      var quad = e.quad || 0;
      var path = svg("path", {d: "M" + bx.toFixed(1) + "," + by.toFixed(1) + " Q" + cx.toFixed(1) + "," + cy.toFixed(1) + " " +
                                 tx.toFixed(1) + "," + ty.toFixed(1),
                              stroke: QUAD_COLOUR[quad], "stroke-width": sw.toFixed(2), "class": "edge",
                              "marker-end": "url(#arrow" + quad + ")"});
      var kinds = Object.keys(e.types).map(function (k) { return k + " " + e.types[k]; }).join(", ");
      tip(path, e.source + " \u2192 " + e.target + ": " + kinds + " (event clusters); " + fmt(e.reports) + " reports");
      root.appendChild(path);
    });
    nodes.forEach(function (n) {
      var a = link("/events" + q({actor: n.id, type: type}));
      var g = svg("g", {"class": "node"});
      g.appendChild(svg("circle", {cx: n.x.toFixed(1), cy: n.y.toFixed(1), r: n.r.toFixed(1)}));
      var right = n.x < W * 0.8;
      g.appendChild(svg("text", {x: (n.x + (right ? n.r + 3 : -n.r - 3)).toFixed(1), y: (n.y + 4).toFixed(1),
                                 "text-anchor": right ? "start" : "end"}, n.id.length > 28 ? n.id.slice(0, 27) + "\u2026" : n.id));
      tip(g, n.id + (n.code ? " (" + n.code + ")" : "") + ": " + fmt(n.weight) + " event clusters as source or target");
      a.appendChild(g);
      root.appendChild(a);
    });
    box.textContent = "";
    box.appendChild(root);
  }

  function layout(nodes, links, W, H) {
    /* Fruchterman-Reingold with gravity toward the centre (so that separate groups stay near), then the
     * result is scaled to fill the drawing, leaving room for labels. */
    var n = nodes.length;
    var k = Math.sqrt(W * H / Math.max(n, 1)) * 0.55;
    var iters = 400;
    for (var it = 0; it < iters; it++) {
      var temp = (W / 6) * (1 - it / iters) + 0.5;
      var dx = new Float64Array(n), dy = new Float64Array(n);
      for (var i = 0; i < n; i++) {
        for (var j = i + 1; j < n; j++) {
          var x = nodes[i].x - nodes[j].x, y = nodes[i].y - nodes[j].y;
          var d2 = x * x + y * y;
          if (d2 < 0.01) { x = 0.1 * (i - j); y = 0.1; d2 = x * x + y * y; }
          var f = k * k / d2;
          dx[i] += x * f; dy[i] += y * f; dx[j] -= x * f; dy[j] -= y * f;
        }
      }
      links.forEach(function (l) {
        var a = nodes[l[0]], b = nodes[l[1]];
        var x = a.x - b.x, y = a.y - b.y, d = Math.sqrt(x * x + y * y) || 0.01;
        var f = d / k * 0.6 * (1 + Math.log(1 + l[2]) * 0.3);
        dx[l[0]] -= x * f; dy[l[0]] -= y * f; dx[l[1]] += x * f; dy[l[1]] += y * f;
      });
      for (i = 0; i < n; i++) {
        var gx = nodes[i].x - W / 2, gy = nodes[i].y - H / 2;
        var gd = Math.sqrt(gx * gx + gy * gy) || 1;
        dx[i] -= gx * gd / k * 0.2;
        dy[i] -= gy * gd / k * 0.2;
        var len = Math.sqrt(dx[i] * dx[i] + dy[i] * dy[i]) || 1;
        var step = Math.min(len, temp);
        nodes[i].x += dx[i] / len * step;
        nodes[i].y += dy[i] / len * step;
      }
    }
    /* fit the middle 90% of the nodes to the drawing; the odd far-flung pair is pinned to the edge */
    function spread(values) {
      var v = values.slice().sort(function (a, b) { return a - b; });
      var cut = n >= 12 ? Math.floor(n * 0.05) : 0;
      return [v[cut], v[n - 1 - cut]];
    }
    var xs = spread(nodes.map(function (p) { return p.x; })), ys = spread(nodes.map(function (p) { return p.y; }));
    var left = 24, right = Math.min(130, W * 0.2), top = 22, bottom = 22;
    var sx = xs[1] > xs[0] ? (W - left - right) / (xs[1] - xs[0]) : 0, sy = ys[1] > ys[0] ? (H - top - bottom) / (ys[1] - ys[0]) : 0;
    nodes.forEach(function (p) {
      p.x = sx ? Math.min(W - right, Math.max(left, left + (p.x - xs[0]) * sx)) : W / 2;
      p.y = sy ? Math.min(H - bottom, Math.max(top, top + (p.y - ys[0]) * sy)) : H / 2;
    });
  }

  /* -- map: equirectangular, x = lon, y = -lat; land as dots from static/land.json ------------------- */
  var land = null;
  function drawMap(data, type) {
    var box = document.getElementById("map");
    var W = 720, top = 84, bottom = -60;
    var X = function (lon) { return (Number(lon) + 180) * 2; }, Y = function (lat) { return (90 - Number(lat)) * 2; };
    var root = svg("svg", {viewBox: "0 " + Y(top) + " " + W + " " + (Y(bottom) - Y(top)), width: "100%", role: "img", "class": "map"});
    root.appendChild(svg("rect", {x: 0, y: Y(top), width: W, height: Y(bottom) - Y(top), "class": "sea"}));
    for (var lon = -150; lon <= 150; lon += 30) root.appendChild(svg("line", {x1: X(lon), x2: X(lon), y1: Y(top), y2: Y(bottom), "class": "graticule"}));
    for (var lat = -60; lat <= 80; lat += 30) root.appendChild(svg("line", {x1: 0, x2: W, y1: Y(lat), y2: Y(lat), "class": lat === 0 ? "graticule equator" : "graticule"}));
    if (land && land.cells) {
      /* one path of small dots (a circle is two arcs): thousands of cells, one element to draw */
      var step = land.step || 1, r = 0.85 * step, d = [];
      land.cells.forEach(function (c) {
        var cx = X(c[1] + step / 2), cy = Y(c[0] + step / 2);
        d.push("M" + (cx - r).toFixed(1) + "," + cy.toFixed(1) + "a" + r + "," + r + " 0 1,0 " + (2 * r).toFixed(2) +
               ",0a" + r + "," + r + " 0 1,0 " + (-2 * r).toFixed(2) + ",0");
      });
      root.appendChild(svg("path", {d: d.join(""), "class": "land"}));
    }
    var pts = data.places.slice().sort(function (a, b) { return b.reports - a.reports; });
    var maxR = Math.max.apply(null, pts.map(function (p) { return p.reports; }).concat([1]));
    pts.forEach(function (p) {
      if (p.lat === null || p.lon === null || Math.abs(p.lat) > 90 || Math.abs(p.lon) > 180) return;
      var a = link("/events" + q({place: p.name, type: type}));
      var c = svg("circle", {cx: X(p.lon).toFixed(1), cy: Y(p.lat).toFixed(1), r: (2.2 + 12 * Math.sqrt(p.reports / maxR)).toFixed(1),
                             fill: QUAD_COLOUR[p.quad || 0], "class": "place"});
      tip(c, p.name + (p.country ? " (" + p.country + ")" : "") + ": " + fmt(p.reports) + " reports, " + fmt(p.clusters) +
             " event clusters; mostly " + (p.type || "?"));
      a.appendChild(c);
      root.appendChild(a);
    });
    box.textContent = "";
    box.appendChild(root);
    if (!pts.length) {
      var note = document.createElement("p");
      note.className = "muted empty";
      note.textContent = "No event places with coordinates" + (type ? " for " + type : "") + ".";
      box.appendChild(note);
    }
  }

  /* -- wiring ---------------------------------------------------------------------------------------- */
  var draw = {
    timeline: function (type) { return getJSON("/api/timeline" + q({type: type})).then(function (d) { drawTimeline(d, type); return d; }); },
    network: function (type) { return getJSON("/api/network" + q({type: type, nodes: 40, edges: 120})).then(function (d) { drawNetwork(d, type); return d; }); },
    map: function (type) { return getJSON("/api/places" + q({type: type})).then(function (d) { drawMap(d, type); return d; }); }
  };
  var boxes = {timeline: "timeline", network: "network", map: "map"};

  function fillSelects(types) {
    document.querySelectorAll("select[data-chart]").forEach(function (sel) {
      if (sel.options.length > 1) return;
      types.forEach(function (t) {
        var o = document.createElement("option");
        o.value = t[0];
        o.textContent = t[0] + " (" + fmt(t[1]) + ")";
        sel.appendChild(o);
      });
      sel.addEventListener("change", function () {
        var chart = sel.getAttribute("data-chart");
        draw[chart](sel.value).catch(function (err) { fail(document.getElementById(boxes[chart]), err); });
      });
    });
  }

  var landReady = fetch("/static/land.json").then(function (r) { return r.ok ? r.json() : null; })
    .then(function (d) { land = d; }).catch(function () { land = null; });

  document.body.setAttribute("data-drawn", "0");
  Promise.all([
    draw.timeline("").then(function (d) { fillSelects(d.types || []); }).catch(function (e) { fail(document.getElementById("timeline"), e); }),
    draw.network("").catch(function (e) { fail(document.getElementById("network"), e); }),
    landReady.then(function () { return draw.map(""); }).catch(function (e) { fail(document.getElementById("map"), e); })
  ]).then(function () { document.body.setAttribute("data-drawn", "1"); });
})();
