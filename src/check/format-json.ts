import type { CheckReportJson } from './run.js';

/**
 * `appeal check --format json`: the stable contract of DESIGN.md, nothing more. Fields are
 * copied by name so that an extra property on the report can never leak into scripts' input.
 */
export function formatJson(report: CheckReportJson): string {
  const contract: CheckReportJson = {
    path: report.path,
    ok: report.ok,
    errorCount: report.errorCount,
    warningCount: report.warningCount,
    files: report.files.map((f) => ({
      file: f.file,
      kind: f.kind,
      format: f.format,
      bytes: f.bytes,
      width: f.width,
      height: f.height,
      durationSec: f.durationSec,
      asins: f.asins,
      businessName: f.businessName
        ? { found: f.businessName.found, text: f.businessName.text, box: f.businessName.box }
        : null,
    })),
    messages: report.messages.map((m) => ({
      ruleId: m.ruleId,
      severity: m.severity,
      message: m.message,
      file: m.file,
      fixable: m.fixable,
      hint: m.hint,
    })),
    email: { estimatedBytes: report.email.estimatedBytes, limitBytes: report.email.limitBytes },
  };
  return `${JSON.stringify(contract, null, 2)}\n`;
}
