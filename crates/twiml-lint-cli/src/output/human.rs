//! The human format: miette's code frames, colored on a terminal and plain otherwise.

use miette::{GraphicalReportHandler, GraphicalTheme};

use super::{FileReport, Style};

pub(super) fn render(report: &FileReport<'_>, style: Style) -> String {
    let theme =
        if style.color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let handler =
        GraphicalReportHandler::new_themed(theme).with_width(style.width).with_links(false);
    let mut out = String::new();
    for finding in report.findings {
        let diagnostic = finding.to_diagnostic(report.name, report.source);
        if handler.render_report(&mut out, &diagnostic).is_err() {
            out.push_str(&finding.message);
        }
        out.push('\n');
    }
    out
}
