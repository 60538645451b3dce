// Flakelens dashboard: filters submit on change, tables sort on a heading click, charts draw with uPlot.
(function () {
  document.querySelectorAll('form.filters select').forEach(function (s) {
    s.addEventListener('change', function () { s.form.submit(); });
  });

  document.querySelectorAll('table.sortable').forEach(function (table) {
    table.querySelectorAll('thead th').forEach(function (th, col) {
      th.addEventListener('click', function () {
        var num = th.dataset.type === 'num';
        var desc = !th.classList.contains('desc');
        table.querySelectorAll('thead th').forEach(function (h) { h.classList.remove('asc', 'desc'); });
        th.classList.add(desc ? 'desc' : 'asc');
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var key = function (r) {
          var c = r.cells[col];
          var v = c.dataset.sort !== undefined ? c.dataset.sort : c.textContent.trim();
          return num ? parseFloat(v.replace(/[^0-9.eE+-]/g, '')) || 0 : v.toLowerCase();
        };
        rows.sort(function (a, b) {
          var x = key(a), y = key(b);
          return (x < y ? -1 : x > y ? 1 : 0) * (desc ? -1 : 1);
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });

  var palette = ['#3b5bdb', '#e8590c', '#2f9e44', '#ae3ec9', '#1098ad', '#f59f00', '#e03131', '#495057'];
  var outcomeColors = { passed: '#2f9e44', failed: '#e03131', flaky: '#f08c00' };
  if (typeof uPlot === 'undefined') { return; }
  document.querySelectorAll('.chart[data-chart]').forEach(function (el) {
    var d = JSON.parse(el.dataset.chart);
    var unit = el.dataset.unit || '';
    var series = [{}];
    var data = [d.x];
    d.series.forEach(function (s, i) {
      var color = outcomeColors[s.label] && el.dataset.kind === 'outcomes' ? outcomeColors[s.label] : palette[i % palette.length];
      series.push({ label: s.label, stroke: color, width: 2, fill: el.dataset.kind === 'outcomes' ? color + '22' : undefined,
        spanGaps: false, points: { size: 5 }, value: function (u, v) { return v == null ? '–' : v + unit; } });
      data.push(s.values);
    });
    var opts = {
      width: Math.max(300, el.clientWidth), height: 240, series: series,
      scales: { x: { time: true } },
      axes: [{ stroke: '#6b7385', grid: { stroke: '#eef0f4' } },
             { stroke: '#6b7385', grid: { stroke: '#eef0f4' }, values: function (u, vals) { return vals.map(function (v) { return v + unit; }); } }]
    };
    var plot = new uPlot(opts, data, el);
    window.addEventListener('resize', function () { plot.setSize({ width: Math.max(300, el.clientWidth), height: 240 }); });
  });
})();
