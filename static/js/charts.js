// Draws every Plotly figure on the page: <div data-figure="id-of-a-json-script"> holds the
// chart, the JSON comes from the server (rollout/plan/charts.py), in the page or fetched from
// the div's data-figure-url. No inline script (CSP).
(function () {
  "use strict";
  if (typeof Plotly === "undefined") return;

  Plotly.register({
    moduleType: "locale",
    name: "nl-BE",
    dictionary: {
      "Download plot as a png": "Download als PNG",
      "Download plot as a PNG": "Download als PNG",
      "Download plot": "Download",
      "Zoom": "Inzoomen",
      "Pan": "Verschuiven",
      "Zoom in": "Inzoomen",
      "Zoom out": "Uitzoomen",
      "Autoscale": "Automatisch schalen",
      "Reset axes": "Assen herstellen",
      "Toggle Spike Lines": "Hulplijnen aan/uit",
      "Show closest data on hover": "Dichtstbijzijnde gegevens tonen",
      "Compare data on hover": "Gegevens vergelijken",
      "Box Select": "Rechthoekselectie",
      "Lasso Select": "Lassoselectie",
      "Double-click to zoom back out": "Dubbelklik om uit te zoomen",
    },
    format: {
      days: ["zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"],
      shortDays: ["zo", "ma", "di", "wo", "do", "vr", "za"],
      months: ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
               "september", "oktober", "november", "december"],
      shortMonths: ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"],
      date: "%d-%m-%Y",
      decimal: ",",
      thousands: ".",
    },
  });

  var svgIcon = {
    width: 1000,
    height: 1000,
    path: "M500 50 L950 500 L500 950 L50 500 Z M500 250 L750 500 L500 750 L250 500 Z",
  };

  // A row label that is wrapped or shortened shows the full name when hovered (an SVG title).
  function plain(label) {
    return label.replace(/<br>/g, "").replace(/<[^>]*>/g, "");
  }

  function titleRowLabels(element, names) {
    var full = {};
    Object.keys(names || {}).forEach(function (label) { full[plain(label)] = names[label]; });
    element.querySelectorAll(".ytick text").forEach(function (text) {
      var name = full[text.textContent];
      if (!name || text.querySelector("title")) return;
      var title = document.createElementNS("http://www.w3.org/2000/svg", "title");
      title.textContent = name;
      text.appendChild(title);
      text.style.pointerEvents = "all";
    });
  }

  function draw(element, figure) {
    var filename = element.dataset.filename || "tijdlijn";
    Plotly.newPlot(element, figure.data, figure.layout, {
      locale: "nl-BE",
      responsive: true,
      displaylogo: false,
      toImageButtonOptions: { format: "png", filename: filename, scale: 2 },
      modeBarButtonsToRemove: ["select2d", "lasso2d"],
      modeBarButtonsToAdd: [{
        name: "Download als SVG",
        icon: svgIcon,
        click: function (gd) { Plotly.downloadImage(gd, { format: "svg", filename: filename }); },
      }],
    }).then(function () {
      var names = (figure.layout.meta || {}).names;
      titleRowLabels(element, names);
      element.on("plotly_afterplot", function () { titleRowLabels(element, names); });
    });
  }

  // A figure is in the page (a JSON script) or at its own URL (versioned: the browser keeps it).
  // Without it the table below the figure says the same.
  document.querySelectorAll("[data-figure]").forEach(function (element) {
    var url = element.dataset.figureUrl;
    if (url) {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) throw new Error(url + ": " + response.status);
          return response.json();
        })
        .then(function (figure) { draw(element, figure); })
        .catch(function (error) { console.error(error); });
      return;
    }
    var source = document.getElementById(element.dataset.figure);
    if (source) draw(element, JSON.parse(source.textContent));
  });
})();
