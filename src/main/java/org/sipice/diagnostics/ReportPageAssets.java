package org.sipice.diagnostics;

/** The inline CSS and script of the report page (no network, no library). */
final class ReportPageAssets {
    private ReportPageAssets() {
    }

    static final String CSS = """
            body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #1d2630; background: #fff; }
            h1 { font-size: 22px; margin: 0 0 8px; } h2 { font-size: 17px; margin: 24px 0 8px; }
            h3 { font-size: 15px; margin: 8px 0; }
            dl.facts { display: grid; grid-template-columns: max-content auto; gap: 2px 16px; margin: 0; }
            dt { color: #5a6877; } dd { margin: 0; font-family: ui-monospace, monospace; }
            table { border-collapse: collapse; font-size: 12px; margin: 4px 0 12px; }
            th, td { border: 1px solid #d5dbe1; padding: 3px 6px; text-align: left; white-space: nowrap; }
            th { background: #eef2f6; cursor: pointer; user-select: none; }
            td.n { text-align: right; font-variant-numeric: tabular-nums; }
            tr.pair.selected td { background: #dff5e3; font-weight: 600; }
            tr.pair.failed td { color: #a33; }
            tr.highlight td { background: #fff3c4 !important; }
            .scroll { overflow-x: auto; }
            .two { display: flex; gap: 24px; flex-wrap: wrap; }
            .chart { overflow-x: auto; border: 1px solid #d5dbe1; background: #fbfcfd; }
            #timeline-chart .lane { stroke: #c9d1d9; stroke-width: 1; }
            #timeline-chart .axis, #timeline-chart .tick { stroke: #8895a2; }
            #timeline-chart text { font: 11px system-ui, sans-serif; fill: #33404d; }
            #timeline-chart .tick-label, #timeline-chart .event-label { text-anchor: middle; }
            #timeline-chart .lane-label { font-weight: 600; }
            #check-phase { fill: #e3f0ff; }
            #timeline-chart .event { stroke: #fff; stroke-width: 1.5; cursor: pointer; }
            .event.sip.sent, .key.sip.sent { fill: #1f6feb; background: #1f6feb; }
            .event.sip.received, .key.sip.received { fill: #8250df; background: #8250df; }
            .event.ice, .key.ice { fill: #1a7f37; background: #1a7f37; }
            .event.call, .key.call { fill: #bf3989; background: #bf3989; }
            #timeline-chart .event.highlight { stroke: #e3b341; stroke-width: 4; }
            .key { display: inline-block; width: 10px; height: 10px; border-radius: 50%; margin: 0 4px 0 12px; }
            .legend { font-size: 12px; color: #5a6877; }
            footer { margin-top: 24px; font-size: 12px; color: #5a6877; }
            """;

    /** Sorting on header click, and chart markers and timeline rows highlighting each other. */
    static final String SCRIPT = """
            (function () {
              'use strict';
              document.querySelectorAll('table.sortable').forEach(function (table) {
                table.querySelectorAll('th').forEach(function (th, column) {
                  th.addEventListener('click', function () {
                    var body = table.tBodies[0];
                    var rows = Array.prototype.slice.call(body.rows);
                    var ascending = th.dataset.order !== 'asc';
                    th.dataset.order = ascending ? 'asc' : 'desc';
                    rows.sort(function (a, b) {
                      var x = a.cells[column].textContent, y = b.cells[column].textContent;
                      var nx = parseFloat(x), ny = parseFloat(y);
                      var c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
                      return ascending ? c : -c;
                    });
                    rows.forEach(function (r) { body.appendChild(r); });
                  });
                });
              });
              function highlight(index, on) {
                document.querySelectorAll('[data-index="' + index + '"]').forEach(function (el) {
                  el.classList.toggle('highlight', on);
                });
              }
              document.querySelectorAll('#timeline-chart .event, #timeline tr.entry').forEach(function (el) {
                el.addEventListener('mouseenter', function () { highlight(el.dataset.index, true); });
                el.addEventListener('mouseleave', function () { highlight(el.dataset.index, false); });
              });
              var pairs = document.querySelectorAll('#pairs tr.pair').length;
              var selected = document.querySelectorAll('#pairs tr.pair.selected').length;
              document.title += ' (' + pairs + ' pairs, ' + selected + ' selected)';
              document.body.dataset.pairs = String(pairs);
              document.body.dataset.ready = 'true';
            })();
            """;
}
