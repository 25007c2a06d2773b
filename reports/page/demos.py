"""The book's two interactive demos, offline: the single neuron and the softmax sliders.

One small inline script, allowed by the page's Content-Security-Policy through its SHA-256 hash
(:func:`script_hash`), no network. The page reads fully without it: the demo controls are
``hidden`` until the script shows them.

The neuron demo mirrors :mod:`experiments.neuron` step for step so its trajectory equals the
engine's to rounding: z = w + b (x = 1, y = 0); a = sigma(z) computed as 1/(1+e^{-|z|}) or
e^{-|z|}/(1+e^{-|z|}) (``engine.activations.sigmoid``); quadratic cost a^2/2 with
dC/dw = dC/db = a sigma(z) sigma(-z) (eq. (55)-(56)); cross-entropy cost softplus(z) =
-ln(1 - a) with dC/dw = dC/db = a (eq. (61)-(62)); then w <- w - eta dC/dw, b <- b - eta dC/db.
The trajectory (epochs + 1 states) is kept in ``window.nnclaimsNeuronTrajectory``.

The softmax demo draws a_j = e^{z_j} / sum_k e^{z_k} (eq. (78)) for four sliders, computed with
the largest z subtracted first as ``engine.activations.softmax`` does, and prints the sum.
"""

from __future__ import annotations

import base64
import hashlib

DEMO_SCRIPT = r"""
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  function sigmoid(z) { var d = Math.exp(-Math.abs(z)); var u = 1 / (1 + d); return z >= 0 ? u : d * u; }
  function softplus(z) { return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z)); }
  function trajectory(w, b, eta, cost, epochs) {
    var out = {epoch: [], a: [], cost: [], w: [], b: []};
    for (var t = 0; t <= epochs; t++) {
      var z = w + b, a = sigmoid(z), g, c;
      if (cost === "quadratic") { c = 0.5 * (a * a); g = a * (sigmoid(z) * sigmoid(-z)); }
      else { c = softplus(z); g = a; }
      out.epoch.push(t); out.a.push(a); out.cost.push(c); out.w.push(w); out.b.push(b);
      w = w - eta * g; b = b - eta * g;
    }
    return out;
  }
  function el(name, attrs, text) {
    var e = document.createElementNS(SVG, name);
    for (var k in attrs) { e.setAttribute(k, attrs[k]); }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }
  function plot(svg, xs, ys, label) {
    while (svg.firstChild) { svg.removeChild(svg.firstChild); }
    var W = 320, H = 180, L = 44, R = 10, T = 14, B = 30;
    var ymax = Math.max.apply(null, ys.concat([1e-12])), xmax = Math.max(1, xs[xs.length - 1]);
    function X(x) { return L + (W - L - R) * x / xmax; }
    function Y(y) { return T + (H - T - B) * (1 - y / ymax); }
    svg.appendChild(el("line", {x1: L, y1: H - B, x2: W - R, y2: H - B, stroke: "#555"}));
    svg.appendChild(el("line", {x1: L, y1: T, x2: L, y2: H - B, stroke: "#555"}));
    var pts = xs.map(function (x, i) { return X(x).toFixed(2) + "," + Y(ys[i]).toFixed(2); }).join(" ");
    svg.appendChild(el("polyline", {points: pts, fill: "none", stroke: "#2454a6", "stroke-width": 2}));
    svg.appendChild(el("text", {x: L, y: H - 8, "font-size": 12}, "0"));
    svg.appendChild(el("text", {x: W - R, y: H - 8, "font-size": 12, "text-anchor": "end"}, "epoch " + xmax));
    svg.appendChild(el("text", {x: L - 4, y: T + 4, "font-size": 12, "text-anchor": "end"}, ymax.toPrecision(2)));
    svg.appendChild(el("text", {x: L + 6, y: T + 4, "font-size": 13}, label));
  }
  function number(form, name) { return parseFloat(form.elements[name].value); }
  function runNeuron(form) {
    var epochs = Math.max(0, Math.min(5000, Math.round(number(form, "epochs"))));
    var cost = form.elements.cost.value;
    var result = trajectory(number(form, "w0"), number(form, "b0"), number(form, "eta"), cost, epochs);
    window.nnclaimsNeuronTrajectory = result;
    plot(form.querySelector("svg.demo-a"), result.epoch, result.a, "a");
    plot(form.querySelector("svg.demo-cost"), result.epoch, result.cost, "C");
    form.querySelector(".demo-result").textContent =
      "a: " + result.a[0].toFixed(3) + " \u2192 " + result.a[epochs].toFixed(3) +
      "   C: " + result.cost[0].toFixed(3) + " \u2192 " + result.cost[epochs].toFixed(3);
  }
  function drawSoftmax(form) {
    var zs = [1, 2, 3, 4].map(function (j) { return number(form, "z" + j); });
    var top = Math.max.apply(null, zs);
    var e = zs.map(function (z) { return Math.exp(z - top); });
    var total = e.reduce(function (s, v) { return s + v; }, 0);
    var a = e.map(function (v) { return v / total; });
    var svg = form.querySelector("svg.demo-softmax");
    while (svg.firstChild) { svg.removeChild(svg.firstChild); }
    a.forEach(function (v, j) {
      var h = 130 * v, x = 20 + j * 75, base = 20 + 130;  // bars up to 130 high below a 20 margin
      svg.appendChild(el("rect", {x: x, y: base - h, width: 50, height: h, fill: "#2454a6"}));
      svg.appendChild(el("text", {x: x + 25, y: 145 - h, "font-size": 13, "text-anchor": "middle"}, v.toFixed(3)));
      svg.appendChild(el("text", {x: x + 25, y: 170, "font-size": 13, "text-anchor": "middle"}, "a" + (j + 1)));
      form.querySelector(".z" + (j + 1)).textContent = zs[j].toFixed(1);
    });
    window.nnclaimsSoftmax = a;
    form.querySelector(".demo-sum").textContent =
      a.map(function (v) { return v.toFixed(3); }).join(" + ") + " = " + a.reduce(function (s, v) { return s + v; }, 0).toFixed(3);
  }
  function start() {
    var neuron = document.getElementById("demo-neuron-form");
    var softmax = document.getElementById("demo-softmax-form");
    if (neuron) {
      neuron.hidden = false;
      neuron.addEventListener("submit", function (event) { event.preventDefault(); runNeuron(neuron); });
      runNeuron(neuron);
    }
    if (softmax) {
      softmax.hidden = false;
      softmax.addEventListener("input", function () { drawSoftmax(softmax); });
      drawSoftmax(softmax);
    }
    Array.prototype.forEach.call(document.querySelectorAll(".demo-static"), function (p) { p.hidden = true; });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
"""


def script_hash(script: str = DEMO_SCRIPT) -> str:
    """The CSP source expression that allows exactly ``script``: ``'sha256-<base64>'``."""
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"
