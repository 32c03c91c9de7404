/// A self-contained HTML dossier for a QA office: one file with no network and no external
/// assets. It holds the totals, a course × pack verdict matrix, and each course's findings with
/// their citations as links, fix hints and waivers. Filters by severity, pack and verdict work
/// from a local file (a URL fragment such as `#severity=error&pack=es` preselects them), and a
/// print stylesheet lays it out for paper. Course sections are spilled while the run goes on;
/// only one small row per course is kept for the matrix.
public struct HTMLReporter: Reporter {
  public static let identifier = "html"
  public static let summary = "self-contained HTML dossier (matrix, findings, filters, print layout)"

  let output: ReportOutput
  let spill: ReportOutput
  var rows: [(anchor: String, course: String, verdicts: [(String, Verdict)])] = []
  var problems: [Diagnostic] = []
  var skipped: [(String, String)] = []

  public init(output: ReportOutput) throws(ReportError) {
    self.output = output
    self.spill = try ReportOutput(spill: ())
  }

  /// HTML text: escaped as XML, with line breaks shown as `<br>` (a multi-line outcome quoted in
  /// a message keeps its lines).
  static func e(_ s: String) -> String {
    ASCIIEscaping.escape(s) { $0 == UInt8(ascii: "\n") ? "<br>" : XMLText.replacement($0) }
  }

  public mutating func file(_ result: FileResult) throws(ReportError) {
    problems += result.problems
    if let reason = result.skipped { skipped.append((result.file, reason)) }
    for course in result.courses {
      let name = course.id ?? course.file
      let anchor = "c\(rows.count + 1)"
      rows.append((anchor, name, course.verdicts.map { ($0.pack, $0.verdict) }))
      let verdictData = course.verdicts.map { "\($0.pack):\($0.verdict.rawValue)" }.joined(separator: " ")
      var h = "<section class=\"course\" id=\"\(anchor)\" data-verdicts=\"\(Self.e(verdictData))\">\n"
      h += "<h3>\(Self.e(name))</h3>\n<p class=\"meta\">\(course.title.map { "<strong>\(Self.e($0))</strong> · " } ?? "")<code>\(Self.e(course.file))</code>"
      if let d = result.digest { h += " · digest <code>\(d)</code>" }
      h += "</p>\n<p class=\"verdicts\">" + course.verdicts.map { "<span class=\"verdict \($0.verdict.rawValue)\" data-pack=\"\(Self.e($0.pack))\">\(Self.e($0.pack)): \(Self.label($0.verdict))</span>" }.joined(separator: " ") + "</p>\n"
      if !course.unavailable.isEmpty { h += "<p class=\"meta\">No pack available for: \(Self.e(course.unavailable.joined(separator: ", ")))</p>\n" }
      if course.findings.isEmpty {
        h += "<p class=\"none\">No findings.</p>\n"
      } else {
        h += "<table class=\"findings\"><thead><tr><th>severity</th><th>rule</th><th>field</th><th>message</th><th>source</th><th>fix</th></tr></thead><tbody>\n"
        for f in course.findings {
          let severity = f.waiver == nil ? f.severity.rawValue : "waived"
          let source = f.citation.url.map { "<a href=\"\(Self.e($0))\">\(Self.e(f.citation.text))</a>" } ?? Self.e(f.citation.text)
          var message = Self.e(f.message)
          if let w = f.waiver { message += "<div class=\"waiver\">waived: \(Self.e(w.reason)) — approved by \(Self.e(w.approvedBy)), until \(w.expires)</div>" }
          if let x = f.explanation {
            message += "<div class=\"explain\">read: \(Self.e(x.read.map { "\($0.path) = \($0.value)" }.joined(separator: "; ")))\(x.failed.map { "<br>failed: <code>\(Self.e($0))</code>" } ?? "")</div>"
          }
          h += "<tr class=\"finding \(severity)\" data-severity=\"\(severity)\" data-pack=\"\(Self.e(f.pack))\"><td><span class=\"sev \(severity)\">\(severity)</span></td>"
          h += "<td><code>\(Self.e(f.rule))</code></td><td><code>\(Self.e(f.path.isEmpty ? "—" : f.path))</code><br><small>\(f.location.line):\(f.location.column)</small></td>"
          h += "<td>\(message)</td><td>\(source)</td><td>\(Self.e(f.fix ?? ""))</td></tr>\n"
        }
        h += "</tbody></table>\n"
      }
      spill.write(h + "</section>\n")
    }
  }

  public mutating func finish(_ run: RunContext) throws(ReportError) {
    let s = run.summary
    let all = (run.problems + run.waiverDiagnostics).filter { $0.severity == .error } + problems
    let packs = run.packs.map(\.id)
    var h = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    h += "<title>mcaudit report — \(run.asOf)</title>\n<style>\n\(Self.css)</style>\n</head>\n<body>\n"
    h += "<header><h1>Micro-credential compliance report</h1>\n<p class=\"meta\">As of <strong>\(run.asOf)</strong> · mcaudit \(Self.e(run.toolVersion))"
    if let w = run.waivers { h += " · waivers <code>\(Self.e(w.file))</code> (<code>\(w.digest)</code>)" }
    h += "</p>\n<p class=\"meta\">Packs: " + run.packs.map { "<code>\(Self.e($0.id))</code> \(Self.e($0.version)) <small>(\($0.digest))</small>" }.joined(separator: ", ") + "</p></header>\n"
    h += "<section id=\"summary\"><h2>Summary</h2><table class=\"totals\"><tr><th>courses</th><th>errors</th><th>warnings</th><th>infos</th><th>waived</th><th>problems</th><th>skipped files</th></tr>"
    h += "<tr><td>\(s.courses)</td><td class=\"error\">\(s.errors)</td><td class=\"warning\">\(s.warnings)</td><td class=\"info\">\(s.infos)</td><td>\(s.waived)</td><td>\(all.count)</td><td>\(s.skipped)</td></tr></table>"
    if let b = run.baseline { h += "<p class=\"meta\">Baseline: \(b.suppressed) known finding(s) held back, \(b.fixed) fixed.</p>" }
    h += "</section>\n"
    h += "<form id=\"filters\" onsubmit=\"return false\"><fieldset><legend>Show</legend>"
    for sev in ["error", "warning", "info", "waived"] {
      h += "<label><input type=\"checkbox\" name=\"severity\" value=\"\(sev)\" checked> \(sev)</label> "
    }
    h += "<label>pack <select name=\"pack\"><option value=\"\">all</option>" + packs.map { "<option value=\"\(Self.e($0))\">\(Self.e($0))</option>" }.joined() + "</select></label> "
    h += "<label>verdict <select name=\"verdict\"><option value=\"\">all</option>" + ["compliant", "compliant_with_warnings", "non_compliant", "not_applicable"].map { "<option value=\"\($0)\">\($0.replacingAll("_", with: " "))</option>" }.joined() + "</select></label>"
    h += " <span id=\"shown\"></span></fieldset></form>\n"
    h += "<section id=\"matrix\"><h2>Verdicts</h2><div class=\"scroll\"><table class=\"matrix\"><thead><tr><th>course</th>" + packs.map { "<th>\(Self.e($0))</th>" }.joined() + "</tr></thead><tbody>\n"
    for row in rows {
      let data = row.verdicts.map { "\($0.0):\($0.1.rawValue)" }.joined(separator: " ")
      h += "<tr data-verdicts=\"\(Self.e(data))\"><th><a href=\"#\(row.anchor)\">\(Self.e(row.course))</a></th>"
      for id in packs {
        if let v = row.verdicts.first(where: { $0.0 == id })?.1 {
          h += "<td class=\"verdict \(v.rawValue)\" data-pack=\"\(Self.e(id))\">\(Self.label(v))</td>"
        } else {
          h += "<td class=\"absent\">—</td>"
        }
      }
      h += "</tr>\n"
    }
    h += "</tbody></table></div></section>\n"
    if !all.isEmpty {
      h += "<section id=\"problems\"><h2>Problems</h2><ul>" + all.map { "<li><code>\(Self.e($0.location.description))</code>: \(Self.e($0.message))</li>" }.joined() + "</ul></section>\n"
    }
    let stale = run.waiverDiagnostics.filter { $0.severity == .warning }
    if !stale.isEmpty {
      h += "<section id=\"stale\"><h2>Stale waivers</h2><ul>" + stale.map { "<li><code>\(Self.e($0.location.description))</code>: \(Self.e($0.message))</li>" }.joined() + "</ul></section>\n"
    }
    if !skipped.isEmpty {
      h += "<section id=\"skipped\"><h2>Skipped files</h2><ul>" + skipped.map { "<li><code>\(Self.e($0.0))</code>: \(Self.e($0.1))</li>" }.joined() + "</ul></section>\n"
    }
    h += "<section id=\"courses\"><h2>Courses</h2>\n"
    output.write(h)
    output.append(contentsOf: spill)
    output.write("</section>\n<footer class=\"meta\">Generated by mcaudit \(Self.e(run.toolVersion)). Each finding cites its source; the rules are in the packs' reference.</footer>\n<script>\n\(Self.script)</script>\n</body>\n</html>\n")
  }

  static func label(_ v: Verdict) -> String {
    switch v {
    case .compliant: "compliant"
    case .compliant_with_warnings: "with warnings"
    case .non_compliant: "non-compliant"
    case .not_applicable: "not applicable"
    }
  }

  static let css = """
    body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 auto; max-width: 1200px; padding: 1rem 1.5rem; color: #1d2330; }
    h1 { font-size: 1.6rem; margin: .2rem 0; } h2 { font-size: 1.25rem; border-bottom: 2px solid #dde3ec; padding-bottom: .2rem; margin-top: 2rem; }
    h3 { font-size: 1.05rem; margin: 0 0 .2rem; } .meta { color: #5a6475; margin: .2rem 0; } code { font-size: .9em; }
    table { border-collapse: collapse; width: 100%; margin: .5rem 0; } th, td { border: 1px solid #dde3ec; padding: .3rem .45rem; vertical-align: top; text-align: left; }
    thead th { background: #f3f5f9; } table.totals td { font-size: 1.2rem; font-weight: 600; text-align: center; } table.totals th { text-align: center; }
    td.error, .sev.error { color: #a4161a; } td.warning, .sev.warning { color: #8a5a00; } td.info, .sev.info { color: #23579c; } .sev.waived { color: #5a6475; }
    .sev { font-weight: 600; text-transform: uppercase; font-size: .75rem; letter-spacing: .03em; }
    .verdict { border-radius: 4px; padding: .1rem .4rem; font-size: .85rem; white-space: nowrap; }
    .verdict.compliant { background: #e3f4e8; color: #17612f; } .verdict.compliant_with_warnings { background: #fff1d6; color: #7a4d00; }
    .verdict.non_compliant { background: #fde2e1; color: #a4161a; } .verdict.not_applicable { background: #eef0f4; color: #5a6475; }
    td.absent { color: #aab2bf; text-align: center; } table.matrix td { text-align: center; }
    .scroll { overflow-x: auto; } table.matrix { font-size: .85rem; } table.matrix th, table.matrix td { padding: .25rem .35rem; }
    table.matrix tbody th { white-space: nowrap; font-weight: 500; }
    section.course { border: 1px solid #dde3ec; border-radius: 6px; padding: .8rem 1rem; margin: 1rem 0; page-break-inside: avoid; }
    tr.finding.waived { opacity: .7; } .waiver { color: #5a6475; font-style: italic; margin-top: .2rem; } .explain { color: #23579c; font-size: .85rem; margin-top: .2rem; }
    #filters fieldset { border: 1px solid #dde3ec; border-radius: 6px; position: sticky; top: 0; background: #fff; }
    #filters label { margin-right: .8rem; } .hidden { display: none !important; } footer { margin: 2rem 0 1rem; font-size: .85rem; }
    @media print { #filters { display: none; } .scroll { overflow: visible; } body { max-width: none; font-size: 11px; } a { color: inherit; text-decoration: none; }
      section.course { border: none; border-top: 1px solid #999; border-radius: 0; } h2 { page-break-after: avoid; } }

    """

  /// Filtering without a server. Script errors are recorded on `body` (`data-script-error`), and
  /// `data-ready` is set when the page is set up, so a headless browser can check both. A pack
  /// filter keeps the schema findings, which count towards every pack's verdict.
  static let script = """
    (function () {
      window.addEventListener('error', function (e) { document.body.dataset.scriptError = String(e.message); });
      var form = document.getElementById('filters');
      function selected() {
        var severities = Array.prototype.filter.call(form.elements.severity, function (c) { return c.checked; }).map(function (c) { return c.value; });
        return { severities: severities, pack: form.elements.pack.value, verdict: form.elements.verdict.value };
      }
      function verdictMatches(el, f) {
        if (!f.verdict) return true;
        return (el.dataset.verdicts || '').split(' ').some(function (pv) {
          var i = pv.lastIndexOf(':');
          return pv.slice(i + 1) === f.verdict && (!f.pack || pv.slice(0, i) === f.pack);
        });
      }
      function packMatches(el, f) {
        return !f.pack || (el.dataset.verdicts || '').split(' ').some(function (pv) { return pv.slice(0, pv.lastIndexOf(':')) === f.pack; });
      }
      function apply() {
        var f = selected(), shownCourses = 0, shownFindings = 0;
        document.querySelectorAll('section.course').forEach(function (s) {
          var show = verdictMatches(s, f) && packMatches(s, f);
          s.classList.toggle('hidden', !show);
          if (show) shownCourses++;
          s.querySelectorAll('tr.finding').forEach(function (row) {
            var visible = f.severities.indexOf(row.dataset.severity) >= 0 && (!f.pack || row.dataset.pack === f.pack || row.dataset.pack === '\(CourseReader.packID)');
            row.classList.toggle('hidden', !visible);
            if (show && visible) shownFindings++;
          });
        });
        document.querySelectorAll('table.matrix tbody tr').forEach(function (r) {
          r.classList.toggle('hidden', !(verdictMatches(r, f) && packMatches(r, f)));
        });
        document.getElementById('shown').textContent = shownCourses + ' course(s), ' + shownFindings + ' finding(s) shown';
      }
      // A fragment such as #severity=error,warning&pack=es&verdict=non_compliant preselects the filters.
      location.hash.slice(1).split('&').forEach(function (kv) {
        var p = kv.split('='), key = decodeURIComponent(p[0] || ''), value = decodeURIComponent(p[1] || '');
        if (key === 'severity') {
          var wanted = value.split(',');
          Array.prototype.forEach.call(form.elements.severity, function (c) { c.checked = wanted.indexOf(c.value) >= 0; });
        } else if ((key === 'pack' || key === 'verdict') && form.elements[key]) {
          form.elements[key].value = value;
        }
      });
      form.addEventListener('change', apply);
      apply();
      document.body.dataset.ready = 'yes';
    })();

    """
}
