//! The human format: miette's code frames, colored on a terminal and plain otherwise.

use miette::{GraphicalReportHandler, GraphicalTheme};
use twiml_lint::FrameSource;

use super::{FileReport, Style};

/// The widest column a code frame is drawn at. Past it the frame would be a wall of text, and
/// miette panics on columns past 65,535, the largest width a Rust format string takes. Such a
/// finding is shown with its line and column and no frame.
const MAX_FRAME_COLUMN: usize = 2_000;

pub(super) fn render(report: &FileReport<'_>, style: Style) -> String {
    let theme =
        if style.color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let handler =
        GraphicalReportHandler::new_themed(theme).with_width(style.width).with_links(false);
    // Each frame reads only the lines around its spans, so the cost of a file's frames grows
    // with the number of findings, not with findings times the file's length.
    let source = FrameSource::new(report.name, report.source, report.lines);
    let mut out = String::new();
    for finding in report.findings {
        let spans =
            std::iter::once(finding.span).chain(finding.related.iter().map(|related| related.span));
        let widest = spans
            .flat_map(|span| [span.start, span.end])
            .map(|offset| report.lines.line_column(report.source, offset).column)
            .max()
            .unwrap_or(0);
        let diagnostic = if widest > MAX_FRAME_COLUMN {
            let start = report.lines.line_column(report.source, finding.span.start);
            finding.to_diagnostic_without_frame(report.name, start.line, start.column)
        } else {
            finding.to_diagnostic(&source)
        };
        if handler.render_report(&mut out, &diagnostic).is_err() {
            out.push_str(&finding.message);
        }
        out.push('\n');
    }
    out
}
