/* newscoder: draw a record's text with its quotes, events, figures, actors and embeds marked, and the side
 * panels that list them. Used by the Analyze page and by /article/{key}.
 *
 * Safety: the article text is untrusted. Nothing here ever assigns HTML: every piece of text goes into the
 * page as a text node (textContent / createTextNode) or an attribute value, so "<script>" in an article is
 * shown as the characters "<script>".
 *
 * Offsets: the record's offsets are Python str indices (code points); JavaScript strings count UTF-16 code
 * units, so offsets are converted when the text holds characters outside the BMP (emoji in embedded posts).
 *
 * Overlaps: spans nest and overlap freely (a figure inside a quote, an event trigger inside both, quotes in
 * pieces). The text is cut at every span boundary and every line break; each segment is one element that
 * carries the classes and the hover text of every span covering it, and `data-i` lists their keys, so an
 * item is highlighted by selecting `[data-i~="q-3"]` whatever else overlaps it.
 */
(function () {
  "use strict";

  var QUAD = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"};
  var QUALIFIER = {exact: "", over: "over ", under: "under ", about: "about ", at_least: "at least ", up_to: "up to "};
  var SPEAKER_COLOURS = 10;

  function el(tag, props) {
    var node = document.createElement(tag);
    var key;
    props = props || {};
    for (key in props) {
      if (!Object.prototype.hasOwnProperty.call(props, key) || props[key] === null || props[key] === undefined) continue;
      if (key === "text") node.textContent = String(props[key]);
      else if (key === "cls") node.className = props[key];
      else if (key === "data") { for (var d in props[key]) node.setAttribute("data-" + d, String(props[key][d])); }
      else node.setAttribute(key, String(props[key]));
    }
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === null || child === undefined || child === false) continue;
      node.appendChild(typeof child === "string" || typeof child === "number" ? document.createTextNode(String(child)) : child);
    }
    return node;
  }

  function safeHref(url) {
    /* only http(s) links from a record become links */
    return typeof url === "string" && /^https?:\/\//i.test(url) ? url : null;
  }

  function offsetMapper(text) {
    /* code-point offset -> UTF-16 offset */
    if (!/[\uD800-\uDFFF]/.test(text)) {
      return function (i) { return i; };
    }
    var map = [0], u = 0;
    for (var k = 0; k < text.length; k++) {
      var c = text.charCodeAt(k);
      if (c >= 0xD800 && c <= 0xDBFF && k + 1 < text.length) {
        var d = text.charCodeAt(k + 1);
        if (d >= 0xDC00 && d <= 0xDFFF) { k++; u += 2; map.push(u); continue; }
      }
      u += 1;
      map.push(u);
    }
    return function (i) { return i >= map.length ? text.length : map[i]; };
  }

  function num(v) { return typeof v === "number" && isFinite(v) ? Math.floor(v) : null; }

  function describeActor(a) {
    if (!a) return "?";
    var bits = [a.kind, a.code].filter(Boolean).join(", ");
    return a.name + (bits ? " (" + bits + ")" : "");
  }

  function Model(record) {
    var self = this;
    this.record = record;
    this.text = typeof record.text === "string" ? record.text : "";
    this.actors = Array.isArray(record.actors) ? record.actors : [];
    this.byId = {};
    this.actors.forEach(function (a, i) { if (a && a.id) { self.byId[a.id] = a; a._i = i; } });
    this.speakerColour = {};
    var next = 0;
    (record.quotes || []).forEach(function (q) {
      var k = q && q.speaker ? q.speaker : null;
      if (k && !(k in self.speakerColour)) self.speakerColour[k] = (next++) % SPEAKER_COLOURS;
    });
  }

  Model.prototype.name = function (id) {
    if (id === null || id === undefined) return null;
    var a = this.byId[id];
    return a ? a.name : String(id);
  };
  Model.prototype.names = function (ids) {
    var self = this;
    var out = (Array.isArray(ids) ? ids : []).map(function (id) { return self.name(id); }).filter(Boolean);
    return out.length ? out.join(", ") : "?";
  };
  Model.prototype.speakerClass = function (q) {
    return q.speaker && q.speaker in this.speakerColour ? "spk-" + this.speakerColour[q.speaker] : "spk-x";
  };

  Model.prototype.quoteTitle = function (q) {
    var who = q.speaker ? this.name(q.speaker) : "unknown speaker" + (q.speaker_text ? " (\u201c" + q.speaker_text + "\u201d)" : "");
    var bits = ["Quote by " + who + " (" + (q.kind || "?") + ")"];
    if (q.speaker && q.speaker_text && q.speaker_text !== who) bits.push("named as \u201c" + q.speaker_text + "\u201d");
    if (q.cue) bits.push("cue \u201c" + q.cue + "\u201d");
    if (q.via) bits.push("via " + q.via);
    return bits.join(" \u00b7 ");
  };
  Model.prototype.eventLabel = function (e) {
    return this.names(e.source) + " \u2192 " + (e.type || "?") + " \u2192 " + this.names(e.target);
  };
  Model.prototype.eventTitle = function (e) {
    var bits = [(e.negated ? "NOT: " : "") + this.eventLabel(e)];
    var code = [e.mode, e.cameo ? "CAMEO " + e.cameo : null].filter(Boolean).join(", ");
    if (code) bits.push(code);
    if (e.quad_class) bits.push(QUAD[e.quad_class] || "quad " + e.quad_class);
    if (e.date) bits.push("date " + e.date);
    if (e.location && e.location.name) bits.push("in " + e.location.name + (e.location.country ? " (" + e.location.country + ")" : ""));
    if (e.claimed_by) bits.push("claimed by " + this.name(e.claimed_by));
    if (e.modality) bits.push(e.modality);
    if (e.historical) bits.push("background");
    return bits.join(" \u00b7 ");
  };
  Model.prototype.figureLabel = function (f) {
    var v = typeof f.value === "number" ? f.value.toLocaleString("en") : String(f.value);
    return (f.kind || "?") + ": " + (QUALIFIER[f.qualifier] || "") + v + (f.victims ? " " + f.victims : "");
  };
  Model.prototype.figureTitle = function (f) {
    var bits = [this.figureLabel(f)];
    if (f.location && f.location.name) bits.push("in " + f.location.name);
    if (f.according_to) bits.push("according to " + this.name(f.according_to));
    return bits.join(" \u00b7 ");
  };

  /* Every marked span of the record as {key, ranges, cls, title, anchor, badge, order}. */
  Model.prototype.items = function () {
    var self = this, items = [];
    var n = Array.from(this.text).length;
    function ranges(list) {
      var out = [];
      list.forEach(function (r) {
        var s = num(r && r[0]), e = num(r && r[1]);
        if (s === null || e === null || s < 0 || e < s || s > n) return;
        out.push([s, Math.min(e, n)]);
      });
      return out;
    }
    this.actors.forEach(function (a, i) {
      var rs = ranges(Array.isArray(a.mentions) ? a.mentions : []);
      if (rs.length) items.push({key: "a-" + i, ranges: rs, cls: ["men"], title: describeActor(a), anchor: true, order: 4});
    });
    (this.record.quotes || []).forEach(function (q, i) {
      var pieces = Array.isArray(q.parts) && q.parts.length ? q.parts : [[q.start, q.end]];
      var sc = self.speakerClass(q);
      items.push({key: "q-" + i, ranges: ranges(pieces), cls: ["q"], spk: sc, title: self.quoteTitle(q), anchor: true, order: 1});
      if (num(q.speaker_start) !== null && num(q.speaker_end) !== null) {
        items.push({key: "qs-" + i, ranges: ranges([[q.speaker_start, q.speaker_end]]), cls: ["spk", sc],
                    title: "Speaker: " + (q.speaker ? self.name(q.speaker) : q.speaker_text || "?"), order: 5});
      }
      if (num(q.cue_start) !== null && num(q.cue_end) !== null) {
        items.push({key: "qc-" + i, ranges: ranges([[q.cue_start, q.cue_end]]), cls: ["cue"], title: null, order: 6});
      }
    });
    (this.record.events || []).forEach(function (e, i) {
      items.push({key: "e-" + i, ranges: ranges([[e.start, e.end]]),
                  cls: ["ev", "quad" + (e.quad_class || 0)].concat(e.negated ? ["neg"] : []),
                  title: self.eventTitle(e), anchor: true, badge: (e.negated ? "not " : "") + (e.type || "?"), order: 2});
    });
    (this.record.figures || []).forEach(function (f, i) {
      items.push({key: "f-" + i, ranges: ranges([[f.start, f.end]]), cls: ["fig"], title: self.figureTitle(f), anchor: true, order: 3});
    });
    (this.record.embeds || []).forEach(function (b, i) {
      items.push({key: "b-" + i, ranges: ranges([[b.start, b.end]]), cls: ["emb"], title: "Embedded post" +
                  (b.author ? " by " + b.author : "") + (b.date ? ", " + b.date : ""), anchor: true, order: 7});
    });
    return items;
  };

  /* Cut the text at every boundary; returns [{start, end, items}] in UTF-16 offsets, plus the item list. */
  Model.prototype.segments = function () {
    var text = this.text, map = offsetMapper(text), items = this.items();
    var opens = {}, closes = {}, cuts = {0: true};
    cuts[text.length] = true;
    items.forEach(function (it) {
      it.ranges = it.ranges.map(function (r) { return [map(r[0]), map(r[1])]; });
      it.ranges.forEach(function (r, k) {
        cuts[r[0]] = true;
        cuts[r[1]] = true;
        (opens[r[0]] = opens[r[0]] || []).push({item: it, first: k === 0, empty: r[0] === r[1]});
        if (r[1] > r[0]) (closes[r[1]] = closes[r[1]] || []).push(it);
      });
    });
    for (var i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) === 10) { cuts[i] = true; cuts[i + 1] = true; }
    }
    var points = Object.keys(cuts).map(Number).sort(function (a, b) { return a - b; });
    var active = new Map(), out = [];
    for (var p = 0; p < points.length; p++) {
      var at = points[p];
      (closes[at] || []).forEach(function (it) {
        var c = (active.get(it) || 1) - 1;
        if (c <= 0) active.delete(it); else active.set(it, c);
      });
      var anchors = [];
      (opens[at] || []).forEach(function (o) {
        if (o.first && o.item.anchor) anchors.push(o.item.key);
        if (!o.empty) active.set(o.item, (active.get(o.item) || 0) + 1);
      });
      if (p + 1 < points.length) {
        out.push({start: at, end: points[p + 1], items: Array.from(active.keys()), anchors: anchors});
      } else if (anchors.length) {
        out.push({start: at, end: at, items: [], anchors: anchors});
      }
    }
    return {segments: out, items: items};
  };

  function segmentNode(text, seg) {
    var piece = text.slice(seg.start, seg.end);
    if (!seg.items.length) return document.createTextNode(piece);
    var items = seg.items.slice().sort(function (a, b) { return a.order - b.order; });
    var cls = ["seg"], keys = [], titles = [], badges = [], quote = null;
    items.forEach(function (it) {
      it.cls.forEach(function (c) { if (cls.indexOf(c) < 0) cls.push(c); });
      keys.push(it.key);
      if (it.title && titles.indexOf(it.title) < 0) titles.push(it.title);
      if (it.spk) {
        var len = it.ranges.reduce(function (m, r) { return Math.min(m, r[1] - r[0]); }, Infinity);
        if (!quote || len < quote.len) quote = {spk: it.spk, len: len};
      }
      if (it.badge && it.ranges.some(function (r) { return r[1] === seg.end; })) badges.push(it.badge);
    });
    if (quote) cls.push(quote.spk);
    var node = el("span", {cls: cls.join(" "), title: titles.join("\n") || null, "data-i": keys.join(" ")}, piece);
    if (badges.length) node.setAttribute("data-badge", badges.join(" \u00b7 "));
    return node;
  }

  function renderText(model, container) {
    var text = model.text, cut = model.segments(), segs = cut.segments;
    var embeds = cut.items.filter(function (it) { return it.key.indexOf("b-") === 0 && it.ranges.length; });
    var blocks = {};
    container.textContent = "";
    var para = el("p"), paraStart = 0;

    function flush() {
      if (!para.childNodes.length) return;
      var home = container;
      embeds.forEach(function (b) {
        var r = b.ranges[0];
        if (home === container && paraStart >= r[0] && paraStart < Math.max(r[1], r[0] + 1)) {
          if (!blocks[b.key]) {
            var i = Number(b.key.slice(2)), info = (model.record.embeds || [])[i] || {};
            var head = el("div", {cls: "embed-head"}, "Embedded post",
                          info.name ? " \u00b7 " + info.name : null, info.author ? " " + info.author : null,
                          info.date ? " \u00b7 " + info.date : null, info.url ? " \u00b7 " + info.url : null);
            blocks[b.key] = el("blockquote", {cls: "embed"}, head);
            container.appendChild(blocks[b.key]);
          }
          home = blocks[b.key];
        }
      });
      home.appendChild(para);
    }

    segs.forEach(function (seg) {
      seg.anchors.forEach(function (key) { para.appendChild(el("span", {cls: "anchor", id: key})); });
      if (seg.end - seg.start === 1 && text.charCodeAt(seg.start) === 10) {
        flush();
        para = el("p");
        paraStart = seg.end;
        return;
      }
      if (seg.end > seg.start) para.appendChild(segmentNode(text, seg));
    });
    flush();
  }

  var current = null;

  function focusItem(key, scroll) {
    if (!/^[a-z]{1,2}-\d+$/.test(key)) return false;
    var anchor = document.getElementById(key);
    if (!anchor) return false;
    document.querySelectorAll(".flash").forEach(function (n) { n.classList.remove("flash"); });
    document.querySelectorAll('[data-i~="' + key + '"]').forEach(function (n) { n.classList.add("flash"); });
    document.querySelectorAll('.panels a[data-key="' + key + '"]').forEach(function (n) { n.classList.add("flash"); });
    if (scroll !== false) {
      var target = document.querySelector('[data-i~="' + key + '"]') || anchor;
      target.scrollIntoView({block: "center", behavior: "smooth"});
    }
    current = key;
    return true;
  }

  function entry(key, children) {
    var a = el("a", {href: "#" + key, cls: "item", data: {key: key}});
    children.forEach(function (c) { if (c) a.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return el("li", {}, a);
  }

  function section(title, count, listItems, open) {
    var d = el("details", {cls: "panel-list"});
    if (open) d.setAttribute("open", "");
    d.appendChild(el("summary", {}, title + " ", el("span", {cls: "count"}, String(count))));
    var ul = el("ul");
    listItems.forEach(function (li) { ul.appendChild(li); });
    if (!listItems.length) ul.appendChild(el("li", {cls: "muted"}, "none"));
    d.appendChild(ul);
    return d;
  }

  function clip(s, n) {
    s = String(s || "").replace(/\s+/g, " ");
    return s.length > n ? s.slice(0, n - 1) + "\u2026" : s;
  }

  function renderPanels(model, aside) {
    var r = model.record;
    aside.textContent = "";
    var quotes = (r.quotes || []).map(function (q, i) {
      return entry("q-" + i, [el("span", {cls: "swatch " + model.speakerClass(q)}),
                              el("b", {}, q.speaker ? model.name(q.speaker) : (q.speaker_text || "unknown")),
                              el("span", {cls: "muted"}, " " + (q.kind || "")),
                              el("span", {cls: "block"}, "\u201c" + clip(q.text, 160) + "\u201d")]);
    });
    var events = (r.events || []).map(function (e, i) {
      var where = [e.date, e.location && e.location.name].filter(Boolean).join(" \u00b7 ");
      return entry("e-" + i, [el("span", {}, (e.negated ? "not: " : "") + model.names(e.source) + " \u2192 "),
                              el("span", {cls: "badge quad" + (e.quad_class || 0)}, e.type || "?"),
                              el("span", {}, " \u2192 " + model.names(e.target)),
                              el("span", {cls: "muted block"}, "\u201c" + (e.trigger || "") + "\u201d" + (where ? " \u00b7 " + where : "") +
                                 (e.claimed_by ? " \u00b7 claimed by " + model.name(e.claimed_by) : ""))]);
    });
    var figures = (r.figures || []).map(function (f, i) {
      var bits = [f.location && f.location.name, f.according_to ? "according to " + model.name(f.according_to) : null].filter(Boolean);
      return entry("f-" + i, [el("b", {}, model.figureLabel(f)), bits.length ? el("span", {cls: "muted block"}, bits.join(" \u00b7 ")) : null]);
    });
    var order = model.actors.map(function (a, i) { return i; }).filter(function (i) {
      return (model.actors[i].mentions || []).length;
    }).sort(function (x, y) { return (model.actors[y].mentions || []).length - (model.actors[x].mentions || []).length || x - y; });
    var actors = order.map(function (i) {
      var a = model.actors[i];
      return entry("a-" + i, [el("b", {}, a.name), el("span", {cls: "muted"}, " " + [a.kind, a.code].filter(Boolean).join(" \u00b7 ")),
                              el("span", {cls: "count"}, String((a.mentions || []).length))]);
    });
    var embeds = (r.embeds || []).map(function (b, i) {
      return entry("b-" + i, [el("b", {}, b.author || "post"), el("span", {cls: "muted"}, " " + [b.name, b.date].filter(Boolean).join(" \u00b7 "))]);
    });
    aside.appendChild(section("Quotes", quotes.length, quotes, true));
    aside.appendChild(section("Events", events.length, events, true));
    aside.appendChild(section("Figures", figures.length, figures, true));
    aside.appendChild(section("Actors", actors.length, actors, actors.length <= 30));
    if (embeds.length) aside.appendChild(section("Embedded posts", embeds.length, embeds, true));
    var credits = (r.credits || []).map(function (c) { return el("li", {}, c); });
    (r.removed || []).forEach(function (x) { credits.push(el("li", {cls: "muted"}, (x.kind || "removed") + ": " + clip(x.text, 120))); });
    if (credits.length) aside.appendChild(section("Credits and removed lines", credits.length, credits, false));
    aside.onclick = function (ev) {
      var a = ev.target.closest ? ev.target.closest("a.item") : null;
      if (!a) return;
      ev.preventDefault();
      var key = a.getAttribute("data-key");
      if (focusItem(key)) history.replaceState(null, "", "#" + key);
    };
  }

  function renderHead(model, head) {
    var r = model.record;
    head.textContent = "";
    head.appendChild(el("h1", {}, r.title || (r.id ? "Article " + r.id : "Article")));
    var meta = el("p", {cls: "meta"});
    function add(label, value) {
      if (value === null || value === undefined || value === "") return;
      meta.appendChild(el("span", {cls: "kv"}, el("span", {cls: "k"}, label + " "), typeof value === "string" ? value : value));
    }
    add("id", r.id);
    add("published", r.published ? r.published + (r.published_inferred ? " (inferred from the text)" : "") : "unknown");
    add("outlet", r.outlet);
    var href = safeHref(r.url);
    if (href) add("url", el("a", {href: href, rel: "noopener noreferrer nofollow", target: "_blank"}, clip(r.url, 70)));
    else add("url", r.url);
    add("language", r.language);
    add("dateline", r.dateline);
    if (r.credits && r.credits.length) add("credits", r.credits.join(", "));
    if (r.flags && r.flags.length) add("flags", r.flags.join(", "));
    head.appendChild(meta);
    if (r.error) head.appendChild(el("p", {cls: "error"}, "Not analysed: " + r.error));
    var legend = el("p", {cls: "legend"},
      el("span", {cls: "seg q spk-0"}, "quote"), " coloured by speaker \u00b7 ",
      el("span", {cls: "seg ev quad3", "data-badge": "TYPE"}, "event trigger"), " \u00b7 ",
      el("span", {cls: "seg fig"}, "figure"), " \u00b7 ",
      el("span", {cls: "seg men"}, "actor"), " \u00b7 hover a span for who and what; click a list entry to find it");
    head.appendChild(legend);
    if (Array.isArray(r.story) && r.story.length) {
      var p = el("p", {cls: "story"}, "Same story: ");
      r.story.forEach(function (s, i) {
        if (i) p.appendChild(document.createTextNode(" \u00b7 "));
        if (typeof s.key === "string" && /^[0-9a-f]{64}$/.test(s.key)) {
          p.appendChild(el("a", {href: "/article/" + s.key}, clip(s.title || s.id, 60)));
        }
        p.appendChild(el("span", {cls: "muted"}, " " + [s.outlet, s.published].filter(Boolean).join(", ")));
      });
      head.appendChild(p);
    }
  }

  function render(record, targets) {
    var model = new Model(record || {});
    if (targets.head) renderHead(model, targets.head);
    if (targets.article) renderText(model, targets.article);
    if (targets.panels) renderPanels(model, targets.panels);
    var key = decodeURIComponent((location.hash || "").slice(1));
    if (key) requestAnimationFrame(function () { focusItem(key); });
    return model;
  }

  window.addEventListener("hashchange", function () {
    var key = decodeURIComponent((location.hash || "").slice(1));
    if (key && key !== current) focusItem(key);
  });

  window.Newscoder = {render: render, focusItem: focusItem, Model: Model, el: el};
})();
